"""The files of a recorded run (migration 0002, docs/evidence.md): its results document in parts, what it was made
with, and the evidence the scan read, each file a content-addressed blob stored once however many runs have it.

- ``results/rest.json``, ``results/frameworks.json``, ``results/controls.json``, ``results/findings.json``: the
  results document split where a day's scan of an unchanged tree repeats the day before (only ``scanned_at``, in
  the rest, differs), so that such a run adds one small blob; read back in the document's own key order;
- ``run/versions.json``: baomi, checkov and Python as the scan ran;
- ``inputs/…``, ``facts/…``, ``attestations/…``: the evidence (``Assessment.evidence``).

``store.record`` writes them in the run's transaction (``store_files``); ``recorded(where, run)`` reads a run back
with its files, for ``baomi evidence`` (``bundle.py``).
"""
from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baomi.history import schema
from baomi.history.database import guarded, insert_new, open_database

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from baomi.history.store import Where

#: the results document's keys stored each as a blob of its own; the rest is one more
PARTS = ("frameworks", "controls", "findings")
RESULTS = "results/"
REST = f"{RESULTS}rest.json"
VERSIONS = "run/versions.json"
#: how hard blobs are compressed (zlib's level): level 1 shrinks the JSON of 10,000 findings to a sixth in 0.04 s,
#: where level 6 takes 0.11 s for a fifth; a daily scan of an unchanged tree stores no new blob either way
COMPRESSION = 1
#: SQLite's limit of bound parameters is far above this
_CHUNK = 500


def document_files(document: Mapping[str, Any]) -> list[tuple[str, bytes]]:
    """The results document as files: the rest (the split keys there as null, holding their places in the
    document's key order) first, then each part present."""
    rest = {key: None if key in PARTS else value for key, value in document.items()}
    return [(REST, _compact(rest)), *((f"{RESULTS}{key}.json", _compact(document[key]))
                                      for key in PARTS if key in document)]


def reassemble(files: Mapping[str, bytes]) -> dict[str, Any] | None:
    """The results document from its files; None when the run has none (recorded before migration 0002)."""
    if REST not in files:
        return None
    document: dict[str, Any] = json.loads(files[REST])
    for key in PARTS:
        name = f"{RESULTS}{key}.json"
        if name in files:
            document[key] = json.loads(files[name])
    return document


def _compact(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def store_files(connection: Connection, run_id: int, files: Iterable[tuple[str, bytes]]) -> None:
    """The run's files, in order, each on its blob; a blob already stored (by an earlier run, or by another writer
    meanwhile) is not stored again. Blobs are inserted in digest order, so two writers storing some of the same
    new blobs never wait for each other in a cycle (PostgreSQL)."""
    rows, contents = [], {}
    for position, (path, content) in enumerate(files):
        digest = sha256(content)
        contents[digest] = content
        rows.append({"run_id": run_id, "position": position, "path": path, "sha256": digest})
    if not rows:
        return
    missing = sorted(set(contents) - _stored(connection, set(contents)))
    if missing:
        connection.execute(insert_new(connection, schema.blobs, "sha256"),
                           [{"sha256": digest, "size": len(contents[digest]),
                             "content": zlib.compress(contents[digest], COMPRESSION)} for digest in missing])
    connection.execute(schema.run_files.insert(), rows)


def _stored(connection: Connection, wanted: set[str]) -> set[str]:
    from sqlalchemy import select

    ordered, found = sorted(wanted), set[str]()
    for start in range(0, len(ordered), _CHUNK):
        query = select(schema.blobs.c.sha256).where(schema.blobs.c.sha256.in_(ordered[start:start + _CHUNK]))
        found.update(connection.execute(query).scalars())
    return found


class CorruptBlob(Exception):
    """A stored file whose content no longer has its digest: the database was changed behind baomi's back."""


def read_files(connection: Connection, run_id: int) -> list[tuple[str, bytes]]:
    """The run's files in order, each checked against its digest (CorruptBlob when one does not match)."""
    from sqlalchemy import select

    f, b = schema.run_files, schema.blobs
    query = (select(f.c.path, f.c.sha256, b.c.content).join(b, f.c.sha256 == b.c.sha256)
             .where(f.c.run_id == run_id).order_by(f.c.position))
    out = []
    for path, digest, stored in connection.execute(query):
        content = zlib.decompress(stored)
        if sha256(content) != digest:
            raise CorruptBlob(f"the stored content of {path} does not have its SHA-256 {digest}")
        out.append((path, content))
    return out


@dataclass(frozen=True)
class Recorded:
    """A recorded run with its files: ``run`` as ``store.run`` reads it, the results document as the scan built
    it (None for a run recorded before migration 0002), what it was made with, and its evidence files."""

    run: dict[str, Any]
    document: dict[str, Any] | None
    versions: dict[str, Any] | None
    evidence: tuple[tuple[str, bytes], ...]

    @property
    def has_files(self) -> bool:
        """False for a run recorded before baomi kept runs' files (migration 0002)."""
        return self.document is not None


def recorded(where: Where, run_id: int) -> Recorded:
    """Run ``run_id`` with its files; HistoryError (one line) when there is no such run or the database cannot be
    read, or a stored file was changed."""
    from baomi.history import store
    from baomi.history.location import HistoryError

    run = store.run(where, run_id)
    location = store.location_of(where)
    engine = open_database(location, create=False)
    try:
        with guarded(location, "cannot read the history"), engine.connect() as connection:
            files = read_files(connection, run_id)
    except CorruptBlob as exc:
        raise HistoryError(f"{location.shown}: run {run_id}: {exc}") from None
    finally:
        engine.dispose()
    by_path = dict(files)
    versions = json.loads(by_path[VERSIONS]) if VERSIONS in by_path else None
    evidence = tuple((path, content) for path, content in files
                     if not path.startswith(RESULTS) and path != VERSIONS)
    return Recorded(run, reassemble(by_path), versions, evidence)


def run_files(document: Mapping[str, Any], versions: Mapping[str, Any] | None,
              evidence: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """What ``store.record`` keeps of a run beside its rows: the document's files, the versions, the evidence."""
    reserved = [path for path, _ in evidence if path.startswith((RESULTS, "run/"))]
    if reserved:
        raise ValueError(f"evidence file(s) at a path the history keeps for itself: {', '.join(reserved)}")
    files = document_files(document)
    if versions:
        files.append((VERSIONS, json.dumps(dict(versions), ensure_ascii=False, sort_keys=True).encode("utf-8")))
    return [*files, *evidence]
