"""The evidence bundle of a recorded run for examiners (``baomi evidence``, docs/evidence.md), and its verification.

A bundle is a zip file:

- ``run.json``: who ran the scan, where and when, with which versions (baomi, checkov, Python, the catalog's
  digest, the settings' digest), its targets and the waivers in force;
- ``results.json``: the results document as the scan wrote it (``--format json``);
- ``inputs/…``, ``facts/…``, ``attestations/…``: what the scan read (``Assessment.evidence``);
- ``MANIFEST.sha256``: the SHA-256 of every other file, in ``sha256sum`` format (``sha256sum -c`` checks it too).

A run recorded before baomi kept runs' files has only ``run.json`` (the recorded run, ``store.run``), and says so
in it and in the manifest. ``verify(path)`` compares a bundle with its manifest and names every file changed,
missing or not listed; the manifest itself is vouched for by its own SHA-256, which ``baomi evidence`` prints when
it makes the bundle (to be kept apart from it).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baomi import __version__
from baomi.history.evidence import Recorded

MANIFEST = "MANIFEST.sha256"
RUN = "run.json"
RESULTS = "results.json"
#: the version of the bundle's layout, in run.json
BUNDLE_FORMAT = 1
#: said in run.json and the manifest of a run recorded before baomi kept its files
NOT_RECORDED = ("inputs and facts were not recorded for this run (recorded before baomi kept them, history "
                "migration 0002): run.json holds the recorded run only")
NO_EVIDENCE = ("no input or fact was recorded with this run: a run recorded by baomi merge keeps the merged "
               "results only; the inputs and facts are in the bundles of the scans' own runs")
_LINE = re.compile(r"^(?P<digest>[0-9a-f]{64}) [ *](?P<path>.+)$")


class BundleError(Exception):
    """Not a bundle: not a zip file, no manifest, or a manifest line that is not ``SHA256  PATH``."""


@dataclass(frozen=True)
class Built:
    """A bundle written: its files (besides the manifest), the manifest's SHA-256, what it lacks (None: nothing)."""

    path: Path
    files: tuple[str, ...]
    manifest_sha256: str
    missing: str | None


def members(recorded: Recorded) -> list[tuple[str, bytes]]:
    """The bundle's files in order, the manifest last. Nothing in them depends on when the bundle is made: the
    bundle of one run, made twice by one baomi, is the same, byte for byte."""
    note = _missing(recorded)
    about = {"format": BUNDLE_FORMAT, "made_by": f"baomi {__version__}", "evidence_recorded": note is None,
             **({"note": note} if note else {})}
    files: list[tuple[str, bytes]] = []
    if recorded.document is None:
        files.append((RUN, _json({"bundle": about, **recorded.run})))
    else:
        files.append((RUN, _json({"bundle": about, **_context(recorded)})))
        files.append((RESULTS, _results(recorded.document)))
        files += list(recorded.evidence)
    return [*files, (MANIFEST, manifest(files, note))]


def _missing(recorded: Recorded) -> str | None:
    """What the bundle of ``recorded`` lacks, said in run.json and the manifest; None when nothing."""
    if not recorded.has_files:
        return NOT_RECORDED
    return None if recorded.evidence else NO_EVIDENCE


def _context(recorded: Recorded) -> dict[str, Any]:
    run, found = recorded.run["run"], recorded.run
    versions = dict(recorded.versions or {})
    versions.setdefault("baomi", found["tool"]["version"])
    return {
        "run": run["id"], "scanned_at": found["scanned_at"], "recorded_at": run["recorded_at"],
        "user": run["user"], "host": run["host"], "ci_job": run["ci_job"],
        "versions": {"baomi": versions.get("baomi"), "checkov": versions.get("checkov"),
                     "python": versions.get("python"), "catalog": run["catalog_version"],
                     "settings_digest": run["settings_digest"], "results_format": found["schema_version"],
                     "fingerprint": run["fingerprint_version"]},
        "targets": found["targets"], "score": found["score"], "grade": found["grade"], "gate": found["gate"],
        "waivers": found["waivers"],
    }


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _results(document: dict[str, Any]) -> bytes:
    """As ``baomi scan --format json`` writes it (reports/json.py's rendering, repeated here: the history layer
    does not import the reports)."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def manifest(files: Sequence[tuple[str, bytes]], note: str | None = None) -> bytes:
    """``sha256sum`` lines for ``files`` (a ``#`` line first for a note, which ``sha256sum -c`` skips)."""
    lines = [f"# {note}"] if note else []
    lines += [f"{hashlib.sha256(content).hexdigest()}  {name}" for name, content in files]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build(recorded: Recorded, out: Path) -> Built:
    """Write the bundle of ``recorded`` to ``out`` (replaced if it exists; written whole, then moved there)."""
    files = members(recorded)
    stamp = _zip_time(recorded.run["scanned_at"])
    partial = out.with_name(f".{out.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in files:
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, content)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return Built(out, tuple(name for name, _ in files[:-1]), hashlib.sha256(files[-1][1]).hexdigest(),
                 _missing(recorded))


def _zip_time(scanned_at: str | None) -> tuple[int, int, int, int, int, int]:
    """The members' time: when the run was scanned (UTC), so that one run's bundle has the same members."""
    try:
        when = _dt.datetime.strptime(scanned_at or "", "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        when = _dt.datetime(1980, 1, 1)
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


@dataclass(frozen=True)
class Verification:
    """A bundle compared with its manifest."""

    listed: int
    manifest_sha256: str
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    unlisted: tuple[str, ...] = ()
    #: names the zip holds more than once (a file appended under a name already there)
    duplicated: tuple[str, ...] = ()
    note: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.unlisted or self.duplicated)


def verify(path: Path) -> Verification:
    """Compare every file of the bundle at ``path`` with ``MANIFEST.sha256``; BundleError when it is not a
    bundle (not a zip file, no manifest, a manifest line that is not ``SHA256  PATH``)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BundleError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BundleError(f"{path}: not a zip file") from None
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        if MANIFEST not in names:
            raise BundleError(f"{path}: no {MANIFEST} in it (not an evidence bundle)")
        raw = archive.read(MANIFEST)
        listed, note = _parse(path, raw)
        counts: dict[str, int] = {}
        for name in names:
            counts[name] = counts.get(name, 0) + 1
        changed, missing = [], []
        for name, digest in listed.items():
            if name not in counts:
                missing.append(name)
                continue
            try:
                content = archive.read(name)
            except (zipfile.BadZipFile, OSError, ValueError):  # a damaged member: its CRC or data
                changed.append(name)
                continue
            if hashlib.sha256(content).hexdigest() != digest:
                changed.append(name)
    unlisted = [name for name in counts if name != MANIFEST and name not in listed]
    duplicated = [name for name, count in counts.items() if count > 1]
    return Verification(len(listed), hashlib.sha256(raw).hexdigest(), tuple(changed), tuple(missing),
                        tuple(unlisted), tuple(duplicated), note)


def _parse(path: Path, raw: bytes) -> tuple[dict[str, str], str | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError(f"{path}: {MANIFEST} is not UTF-8 text") from None
    listed: dict[str, str] = {}
    notes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            notes.append(line[1:].strip())
            continue
        match = _LINE.match(line)
        if match is None:
            raise BundleError(f"{path}: {MANIFEST} line {number} is not 'SHA256  PATH'")
        listed[match.group("path")] = match.group("digest")
    return listed, "; ".join(notes) or None
