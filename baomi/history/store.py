"""Recording runs in the history database and reading them back (docs/history.md).

``record(document, url)`` writes one results document (docs/results-format.md), with its fingerprints and the
run's context, in one transaction; ``runs(url)`` lists the runs and ``run(url, id)`` reads one back as a
*recorded run*: the results document's fields the history keeps, plus ``run`` (who, where, with what) and
``waivers``. A recorded run can stand wherever ``baomi diff`` takes a results document.
"""
from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from baomi.history import schema
from baomi.history.context import RunContext
from baomi.history.database import guarded, insert_new, open_database
from baomi.history.fingerprint import FINGERPRINT_VERSION, fingerprints
from baomi.history.location import HistoryError, Location, locate

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine, RowMapping

    from baomi.model import EvidenceFile

__all__ = ["HistoryError", "Location", "RunContext", "locate", "location_of", "record", "run", "runs"]

_COUNTS = ("pass", "fail", "error", "suppressed", "not_applicable")
_COMPLIANCE = ("compliant", "partially_compliant", "non_compliant", "not_assessed", "not_applicable")


#: a history database: a Location, a URL or path, or None for the default file
Where = Location | str | os.PathLike[str] | None


def location_of(where: Where) -> Location:
    """The database ``where`` names."""
    if isinstance(where, Location):
        return where
    return locate(None if where is None else os.fspath(where))


def record(document: Mapping[str, Any], where: Where = None,
           context: RunContext | None = None, evidence: Sequence[EvidenceFile] = ()) -> int:
    """Record a scan's results document in the history database ``where`` (a Location, a URL or path, or None
    for ``.baomi/history.db``), migrating it first if need be, with the evidence the scan read
    (``Assessment.evidence``, for ``baomi evidence``); the new run's ID. HistoryError (one line, no password)
    when the database cannot be reached or written."""
    from baomi.history.evidence import run_files, store_files

    location = location_of(where)
    context = context or RunContext()
    files = run_files(document, context.versions, [(e.path, e.content) for e in evidence])
    engine = open_database(location)
    try:
        with guarded(location, "cannot record the run"), engine.begin() as connection:
            run_id = _insert(connection, document, context)
            store_files(connection, run_id, files)
            return run_id
    finally:
        engine.dispose()


def _utc(text: str) -> _dt.datetime:
    when = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when.astimezone(_dt.timezone.utc).replace(tzinfo=None) if when.tzinfo else when


def _date(text: str | None) -> _dt.date | None:
    try:
        return None if not text else _dt.date.fromisoformat(text)
    except ValueError:
        return None


def _insert(connection: Connection, document: Mapping[str, Any], context: RunContext) -> int:
    coverage, evidence = document["coverage"], document.get("evidence") or {}
    counts, gate = document["counts"], document.get("gate")
    result = connection.execute(schema.runs.insert().values(
        scanned_at=_utc(document["scanned_at"]),
        recorded_at=_dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0),
        user_name=context.user, host=context.host, ci_job=context.ci_job,
        tool_version=document["tool"]["version"], catalog_version=context.catalog_version,
        document_version=document["schema_version"], fingerprint_version=FINGERPRINT_VERSION,
        settings_digest=context.settings_digest,
        score=document["score"], grade=document["grade"],
        controls_assessed=coverage["assessed"], controls_mapped=coverage["mapped"],
        clauses_evidenced=evidence.get("clauses_evidenced"), clauses_applicable=evidence.get("clauses_applicable"),
        **{f"count_{name}": counts.get(name, 0) for name in _COUNTS},
        gate_passed=None if gate is None else gate["passed"],
        gate_reasons=None if gate is None else list(gate["reasons"]),
        gate_details=None if gate is None or "details" not in gate else list(gate["details"]),
        profile=document.get("profile"),
    ))
    run_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    rows: dict[Any, list[dict[str, Any]]] = {
        schema.run_targets: [{"run_id": run_id, "position": i, "source": t["source"], "target": t["target"],
                              "root": t.get("root")}
                             for i, t in enumerate(document.get("targets", ()))],
        schema.framework_scores: [_framework_row(run_id, i, fw) for i, fw in enumerate(document["frameworks"])],
        schema.clause_scores: [_clause_row(run_id, fw["id"], i, cl) for fw in document["frameworks"]
                               for i, cl in enumerate(fw["clauses"])],
        schema.control_scores: [{"run_id": run_id, "control_id": c["id"], "position": i, "score": c["score"],
                                 "status": c["status"]} for i, c in enumerate(document.get("controls", ()))],
        schema.findings: _finding_rows(connection, run_id, document),
        schema.attestations: [_attestation_row(run_id, i, a) for i, a in enumerate(document.get("attestations", ()))],
        schema.waivers: [{"run_id": run_id, "position": i, "check_id": w.check, "resource": w.resource,
                          "reason": w.reason, "expires": w.expires, "approved_by": w.approved_by}
                         for i, w in enumerate(context.waivers)],
    }
    for table, values in rows.items():
        if values:
            connection.execute(table.insert(), values)
    return run_id


def _framework_row(run_id: int, position: int, fw: Mapping[str, Any]) -> dict[str, Any]:
    evidence, citation = fw.get("evidence") or {}, fw.get("citation") or {}
    return {"run_id": run_id, "framework_id": fw["id"], "position": position,
            "kind": fw.get("kind"),
            "version": citation.get("version"), "score": fw["score"], "grade": fw.get("grade"),
            "status": fw["status"], "controls_assessed": fw["coverage"]["assessed"],
            "controls_mapped": fw["coverage"]["mapped"], "clauses_evidenced": evidence.get("clauses_evidenced"),
            "clauses_applicable": evidence.get("clauses_applicable")}


def _clause_row(run_id: int, framework_id: str, position: int, cl: Mapping[str, Any]) -> dict[str, Any]:
    evidenced = cl.get("evidenced") or {}
    return {"run_id": run_id, "framework_id": framework_id, "clause_id": cl["id"], "position": position,
            "score": cl["score"], "status": cl["status"], "compliance": cl.get("compliance"),
            "controls_evidenced": evidenced.get("controls"), "controls_mapped": evidenced.get("of"),
            "risk_accepted": cl.get("risk_accepted")}


def _finding_rows(connection: Connection, run_id: int, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The run's findings, each on its key (created for a fingerprint not yet recorded), with the texts that
    differ from the key's."""
    found = list(zip(fingerprints(document), document["findings"], strict=True))
    keys = _keys(connection, {fp for fp, _ in found})
    missing = {fp: f for fp, f in found if fp not in keys}
    if missing:
        # a key another writer inserts meanwhile is left out here, and read back below; keys are inserted in
        # fingerprint order, so two writers inserting some of the same keys never wait for each other in a cycle
        connection.execute(insert_new(connection, schema.finding_keys, "fingerprint"),
                           [{"fingerprint": fp, **_texts(f), "check_id": f["check_id"], "source": f["source"],
                             "account": f.get("account"), "region": f.get("region")}
                            for fp, f in sorted(missing.items(), key=lambda item: item[0])])
        keys.update(_keys(connection, set(missing)))
    rows = []
    for position, (fp, f) in enumerate(found):
        key = keys[fp]
        location = f.get("location") or {}
        rows.append({"run_id": run_id, "position": position, "key_id": key["id"], "status": f["status"],
                     "severity": f.get("severity"), "line": location.get("line"), "end_line": location.get("end_line"),
                     **{name: None if key[name] == value else (value or "") for name, value in _texts(f).items()}})
    return rows


def _texts(f: Mapping[str, Any]) -> dict[str, Any]:
    return {"resource": f["resource"], "file": (f.get("location") or {}).get("file"), "message": f["message"],
            "suppression": f.get("suppression")}


_KEY_COLUMNS = ("id", "fingerprint", "resource", "file", "message", "suppression")
#: fingerprints looked up per query on SQLite (bound parameters stay well under its limit)
_CHUNK = 500


def _keys(connection: Connection, wanted: set[str]) -> dict[str, RowMapping]:
    """The keys of these fingerprints that are recorded. PostgreSQL gets one query with one array: a query run
    five times on a connection is prepared, and the generic plan of ``IN ($1 … $500)``, made while the table was
    small, compares every row with every value once it has grown (seconds for 10,000 findings)."""
    from sqlalchemy import String, bindparam, func, select

    k = schema.finding_keys
    columns = [k.c[name] for name in _KEY_COLUMNS]
    ordered = sorted(wanted)
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        queries = [(select(*columns).where(k.c.fingerprint == func.any(bindparam("wanted", type_=ARRAY(String)))),
                    {"wanted": ordered})]
    else:
        queries = [(select(*columns).where(k.c.fingerprint.in_(ordered[start:start + _CHUNK])), {})
                   for start in range(0, len(ordered), _CHUNK)]
    out: dict[str, RowMapping] = {}
    for query, parameters in queries:
        out.update((row["fingerprint"], row) for row in connection.execute(query, parameters).mappings())
    return out


def _attestation_row(run_id: int, position: int, a: Mapping[str, Any]) -> dict[str, Any]:
    return {"run_id": run_id, "position": position, "check_id": a["check_id"], "status": a["status"],
            "owner": a.get("owner"), "role": a.get("role"), "statement": a.get("statement"),
            "done": _date(a.get("done")), "expires": _date(a.get("expires")), "evidence": a.get("evidence")}


# ------------------------------------------------------------------------------------------------ reading


def _reading(where: Where) -> tuple[Location, Engine]:
    location = location_of(where)
    return location, open_database(location, create=False)


def _stamp(when: _dt.datetime | None) -> str | None:
    return None if when is None else when.strftime("%Y-%m-%dT%H:%M:%SZ")


def runs(where: Where = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The recorded runs, oldest first (the newest ``limit`` with a limit): ID, when, targets, score, grade,
    who and where from."""
    from sqlalchemy import select

    location, engine = _reading(where)
    try:
        with guarded(location, "cannot read the history"), engine.connect() as connection:
            query = select(schema.runs).order_by(schema.runs.c.id.desc())
            if limit is not None:
                query = query.limit(limit)
            found = list(connection.execute(query).mappings())
            ids = [r["id"] for r in found]
            targets: dict[int, list[dict[str, Any]]] = {}
            if ids:
                t = schema.run_targets
                for row in connection.execute(select(t).where(t.c.run_id.in_(ids)).order_by(t.c.run_id, t.c.position)
                                              ).mappings():
                    targets.setdefault(row["run_id"], []).append(_target(row))
    finally:
        engine.dispose()
    return [{"id": r["id"], "scanned_at": _stamp(r["scanned_at"]), "recorded_at": _stamp(r["recorded_at"]),
             "targets": targets.get(r["id"], []), "score": r["score"], "grade": r["grade"],
             "user": r["user_name"], "host": r["host"], "ci_job": r["ci_job"], "tool_version": r["tool_version"]}
            for r in reversed(found)]


def run(where: Where, run_id: int) -> dict[str, Any]:
    """One recorded run read back (see the module's docstring); HistoryError when there is no such run."""
    location, engine = _reading(where)
    try:
        with guarded(location, "cannot read the history"), engine.connect() as connection:
            found = _read(connection, run_id)
    finally:
        engine.dispose()
    if found is None:
        raise HistoryError(f"{location.shown}: no run {run_id} (see baomi history list)")
    return found


def _rows(connection: Connection, table: Any, run_id: int, *order: Any) -> list[RowMapping]:
    from sqlalchemy import select

    return list(connection.execute(select(table).where(table.c.run_id == run_id).order_by(*order)).mappings())


def _read(connection: Connection, run_id: int) -> dict[str, Any] | None:
    from sqlalchemy import select

    r = connection.execute(select(schema.runs).where(schema.runs.c.id == run_id)).mappings().first()
    if r is None:
        return None
    clauses: dict[str, list[dict[str, Any]]] = {}
    for c in _rows(connection, schema.clause_scores, run_id, schema.clause_scores.c.framework_id,
                   schema.clause_scores.c.position):
        clauses.setdefault(c["framework_id"], []).append({
            "id": c["clause_id"], "score": c["score"], "status": c["status"], "compliance": c["compliance"],
            "evidenced": {"controls": c["controls_evidenced"], "of": c["controls_mapped"]},
            "risk_accepted": c["risk_accepted"]})
    scanned_at = _stamp(r["scanned_at"])
    return {
        "run": {"id": r["id"], "recorded_at": _stamp(r["recorded_at"]), "user": r["user_name"], "host": r["host"],
                "ci_job": r["ci_job"], "catalog_version": r["catalog_version"],
                "settings_digest": r["settings_digest"], "fingerprint_version": r["fingerprint_version"]},
        "schema_version": r["document_version"],
        "tool": {"name": "baomi", "version": r["tool_version"]},
        "scanned_at": scanned_at,
        "targets": [_target(t) for t in _rows(connection, schema.run_targets, run_id, schema.run_targets.c.position)],
        "score": r["score"], "grade": r["grade"],
        "coverage": {"assessed": r["controls_assessed"], "mapped": r["controls_mapped"]},
        "evidence": {"clauses_evidenced": r["clauses_evidenced"], "clauses_applicable": r["clauses_applicable"]},
        "counts": {name: r[f"count_{name}"] for name in _COUNTS},
        "profile": r["profile"],
        "gate": _gate(r),
        "frameworks": [_framework(fw, clauses.get(fw["framework_id"], []))
                       for fw in _rows(connection, schema.framework_scores, run_id,
                                       schema.framework_scores.c.position)],
        "controls": [{"id": c["control_id"], "score": c["score"], "status": c["status"]}
                     for c in _rows(connection, schema.control_scores, run_id, schema.control_scores.c.position)],
        "findings": _findings(connection, run_id),
        "attestations": [_attestation(a) for a in _rows(connection, schema.attestations, run_id,
                                                        schema.attestations.c.position)],
        "waivers": [{"check": w["check_id"], "resource": w["resource"], "reason": w["reason"],
                     "expires": w["expires"].isoformat(), "approved_by": w["approved_by"]}
                    for w in _rows(connection, schema.waivers, run_id, schema.waivers.c.position)],
    }


def _target(t: RowMapping) -> dict[str, Any]:
    target = {"source": t["source"], "target": t["target"]}
    return target if t["root"] is None else {**target, "root": t["root"]}


def _gate(r: RowMapping) -> dict[str, Any] | None:
    if r["gate_passed"] is None:
        return None
    gate = {"passed": r["gate_passed"], "reasons": list(r["gate_reasons"] or ())}
    return gate if r["gate_details"] is None else {**gate, "details": list(r["gate_details"])}


def _framework(fw: RowMapping, clauses: Sequence[dict[str, Any]]) -> dict[str, Any]:
    compliance = dict.fromkeys(_COMPLIANCE, 0)
    for clause in clauses:
        if clause["compliance"] in compliance:
            compliance[clause["compliance"]] += 1
    return {"id": fw["framework_id"], "kind": fw["kind"],
            "version": fw["version"], "score": fw["score"], "grade": fw["grade"], "status": fw["status"],
            "coverage": {"assessed": fw["controls_assessed"], "mapped": fw["controls_mapped"]},
            "evidence": {"clauses_evidenced": fw["clauses_evidenced"], "clauses_applicable": fw["clauses_applicable"]},
            "compliance": compliance, "clauses": list(clauses)}


def _findings(connection: Connection, run_id: int) -> list[dict[str, Any]]:
    from sqlalchemy import select

    f, k = schema.findings, schema.finding_keys
    query = (select(f, k.c.fingerprint, k.c.check_id, k.c.source, k.c.account, k.c.region,
                    *(k.c[name].label(f"key_{name}") for name in ("resource", "file", "message", "suppression")))
             .join(k, f.c.key_id == k.c.id).where(f.c.run_id == run_id).order_by(f.c.position))
    out = []
    for row in connection.execute(query).mappings():
        texts = {name: row[f"key_{name}"] if row[name] is None else (row[name] or None)
                 for name in ("resource", "file", "message", "suppression")}
        location = None if texts["file"] is None else {"file": texts["file"], "line": row["line"],
                                                        "end_line": row["end_line"]}
        out.append({"check_id": row["check_id"], "status": row["status"], "severity": row["severity"],
                    "source": row["source"], "resource": texts["resource"] or "", "location": location,
                    "account": row["account"], "region": row["region"], "message": texts["message"] or "",
                    "suppression": texts["suppression"], "fingerprint": row["fingerprint"]})
    return out


def _attestation(a: RowMapping) -> dict[str, Any]:
    return {"check_id": a["check_id"], "status": a["status"], "owner": a["owner"], "role": a["role"],
            "statement": a["statement"], "done": None if a["done"] is None else a["done"].isoformat(),
            "expires": None if a["expires"] is None else a["expires"].isoformat(), "evidence": a["evidence"]}
