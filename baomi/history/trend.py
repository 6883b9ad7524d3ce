"""Scores per quarter (``baomi trend``, docs/history.md): for each calendar quarter (UTC) with recorded runs, the
last run scanned in it, overall and per framework; with one framework, each clause's compliance per quarter.

Read through the store (``store.runs``, ``store.run``): the runs are listed, and only the last run of each
quarter is read back; where it did not assess a framework that another quarter's last run did (a scan with
``--framework``), the quarter's earlier runs are read, newest first, until one did.
"""
from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from typing import Any

from baomi.history import store
from baomi.history.location import Location, locate


def quarter(scanned_at: str) -> str:
    """The calendar quarter (UTC) of a run's ``scanned_at`` stamp: ``2026Q4``."""
    when = _dt.datetime.fromisoformat(scanned_at.replace("Z", "+00:00"))
    if when.tzinfo is not None:
        when = when.astimezone(_dt.timezone.utc)
    return f"{when.year}Q{(when.month - 1) // 3 + 1}"


def trend(where: store.Where, framework: str | None = None, since: _dt.date | None = None) -> dict[str, Any]:
    """The trend of the history ``where`` (runs scanned on or after ``since``, UTC): ``quarters``, oldest first,
    each with its last run's score and grade and, per framework (only ``framework`` when given), the score,
    grade, clauses evidenced and compliance counts of the quarter's last run that assessed it; with
    ``framework``, ``clauses``: each clause's compliance and score per quarter, and whether its compliance
    changed. HistoryError when the history cannot be read."""
    location = where if isinstance(where, Location) else locate(None if where is None else os.fspath(where))
    by_quarter: dict[str, list[dict[str, Any]]] = {}
    for r in store.runs(location):
        if r["scanned_at"] is None or (since is not None and r["scanned_at"][:10] < since.isoformat()):
            continue
        by_quarter.setdefault(quarter(r["scanned_at"]), []).append(r)
    quarters = []
    for name in sorted(by_quarter):
        newest_first = sorted(by_quarter[name], key=lambda r: (r["scanned_at"], r["id"]), reverse=True)
        quarters.append(_quarter(location, name, newest_first, framework))
    wanted = _union(q["frameworks"] for q in quarters)
    for q, name in zip(quarters, sorted(by_quarter), strict=True):  # a framework the last run did not assess
        missing = [fw for fw in wanted if fw not in {f["id"] for f in q["frameworks"]}]
        if missing:
            q["frameworks"] = _earlier(location, by_quarter[name], q, missing, wanted)
    result: dict[str, Any] = {"history": location.shown, "since": None if since is None else since.isoformat(),
                              "framework": framework, "quarters": quarters}
    if framework is not None:
        result["clauses"] = _clauses(quarters, framework)
    for q in quarters:
        for fw in q["frameworks"]:
            del fw["clauses"]
    return result


def _quarter(location: Location, name: str, newest_first: Sequence[Mapping[str, Any]],
             framework: str | None) -> dict[str, Any]:
    last = newest_first[0]
    found = store.run(location, last["id"])
    return {"quarter": name, "run": last["id"], "scanned_at": last["scanned_at"], "runs": len(newest_first),
            "score": found["score"], "grade": found["grade"], "evidence": found["evidence"],
            "frameworks": [_framework(fw, last) for fw in found["frameworks"]
                           if framework is None or fw["id"] == framework]}


def _earlier(location: Location, runs: Sequence[Mapping[str, Any]], q: Mapping[str, Any],
             missing: Sequence[str], wanted: Sequence[str]) -> list[dict[str, Any]]:
    """The quarter's frameworks, with those its last run did not assess taken from its latest run that did."""
    found = {f["id"]: f for f in q["frameworks"]}
    rest = set(missing)
    for r in sorted(runs, key=lambda r: (r["scanned_at"], r["id"]), reverse=True)[1:]:
        if not rest:
            break
        for fw in store.run(location, r["id"])["frameworks"]:
            if fw["id"] in rest:
                found[fw["id"]] = _framework(fw, r)
                rest.discard(fw["id"])
    return [found[fw] for fw in wanted if fw in found]


def _framework(fw: Mapping[str, Any], run: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": fw["id"], "run": run["id"], "scanned_at": run["scanned_at"], "score": fw["score"],
            "grade": fw["grade"], "evidence": fw["evidence"], "compliance": fw["compliance"],
            "clauses": {cl["id"]: {"compliance": cl["compliance"], "score": cl["score"]} for cl in fw["clauses"]}}


def _union(groups: Any) -> list[str]:
    out: list[str] = []
    for frameworks in groups:
        out += [fw["id"] for fw in frameworks if fw["id"] not in out]
    return out


def _clauses(quarters: Sequence[Mapping[str, Any]], framework: str) -> list[dict[str, Any]]:
    """Each clause of ``framework`` (in the newest quarter's order, then any older ones): its compliance and
    score per quarter (null: not in that quarter's run), and whether its compliance changed."""
    per_quarter = {q["quarter"]: next((fw["clauses"] for fw in q["frameworks"] if fw["id"] == framework), None)
                   for q in quarters}
    order: list[str] = []
    for clauses in reversed(list(per_quarter.values())):
        order += [c for c in clauses or () if c not in order]
    out = []
    for clause in order:
        states = {name: (clauses or {}).get(clause) for name, clauses in per_quarter.items()}
        compliance = {name: None if s is None else s["compliance"] for name, s in states.items()}
        seen = [c for name, c in compliance.items() if per_quarter[name] is not None]
        out.append({"id": clause, "compliance": compliance,
                    "score": {name: None if s is None else s["score"] for name, s in states.items()},
                    "changed": len(set(seen)) > 1})
    return out

