"""Reading many runs of a series at once (the quarterly report, docs/quarterly.md): their findings' statuses and
the waivers in force, one query each, rather than every run read back whole."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from baomi.baseline import OPEN
from baomi.history import schema
from baomi.history.database import guarded, open_database
from baomi.history.location import Location

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

#: run ID -> fingerprint -> (status, check, severity)
States: TypeAlias = Mapping[int, Mapping[str, tuple[str, str, str | None]]]
#: run IDs per query (bound parameters stay well under SQLite's limit)
_CHUNK = 500


def _chunks(run_ids: Sequence[int]) -> list[list[int]]:
    return [list(run_ids[start:start + _CHUNK]) for start in range(0, len(run_ids), _CHUNK)]


def _reading(location: Location, read: Any) -> Any:
    engine = open_database(location, create=False)
    try:
        with guarded(location, "cannot read the history"), engine.connect() as connection:
            return read(connection)
    finally:
        engine.dispose()


def statuses(location: Location, run_ids: Sequence[int]) -> States:
    """For each run of ``run_ids``: fingerprint -> (status, check, severity) of each of its findings. No two
    findings of a run share a fingerprint since ``baomi.fingerprint.fingerprint_all``; in a run recorded before
    (fingerprint recipe 1), where two do, an open one wins over a pass, whichever row comes last."""
    from sqlalchemy import select

    f, k = schema.findings, schema.finding_keys

    def read(connection: Connection) -> States:
        out: dict[int, dict[str, tuple[str, str, str | None]]] = {run_id: {} for run_id in run_ids}
        for chunk in _chunks(run_ids):
            query = (select(f.c.run_id, k.c.fingerprint, f.c.status, k.c.check_id, f.c.severity)
                     .join(k, f.c.key_id == k.c.id).where(f.c.run_id.in_(chunk)))
            for row in connection.execute(query):
                known = out[row.run_id].get(row.fingerprint)
                if known is None or (known[0] not in OPEN and row.status in OPEN):
                    out[row.run_id][row.fingerprint] = (row.status, row.check_id, row.severity)
        return out

    result: States = _reading(location, read)
    return result


def waivers(location: Location, run_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The waivers in force in each run of ``run_ids``, in the order recorded (as ``store.run`` gives them)."""
    from sqlalchemy import select

    w = schema.waivers

    def read(connection: Connection) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {run_id: [] for run_id in run_ids}
        for chunk in _chunks(run_ids):
            query = select(w).where(w.c.run_id.in_(chunk)).order_by(w.c.run_id, w.c.position)
            for row in connection.execute(query).mappings():
                out[row["run_id"]].append({"check": row["check_id"], "resource": row["resource"],
                                           "reason": row["reason"], "expires": row["expires"].isoformat(),
                                           "approved_by": row["approved_by"]})
        return out

    result: dict[int, list[dict[str, Any]]] = _reading(location, read)
    return result
