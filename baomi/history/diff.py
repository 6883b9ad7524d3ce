"""``baomi diff A B``: what changed from one scan to another (docs/history.md#diff).

A and B are results documents or recorded runs (store.run); findings are matched by fingerprint
(``baomi/fingerprint.py``; ``baomi/baseline.py`` matches a scan against its baseline the same way), so a line
moved or a checkout in another directory changes nothing. Pure functions.

- **new**: open in B (failed, or could not be evaluated), not open in A (absent, passed, not applicable or
  waived there);
- **fixed**: open in A, and in B passed, not applicable, or gone (the resource no longer scanned);
- **waived**: open in A, suppressed in B (a risk accepted is not a fix);
- **unchanged**: open in both.

Clauses whose compliance changed, and score deltas per framework, come with them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from baomi.baseline import CATEGORIES, OPEN, SEVERITY_RANK, by_fingerprint
from baomi.fingerprint import roots


def _by_fingerprint(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return by_fingerprint(document["findings"], roots(document.get("targets", ())))


def _entry(key: str, shown: Mapping[str, Any], before: Mapping[str, Any] | None,
           after: Mapping[str, Any] | None) -> dict[str, Any]:
    location = shown.get("location") or None
    return {"fingerprint": key, "check_id": shown["check_id"], "severity": shown.get("severity"),
            "source": shown["source"], "resource": shown["resource"],
            "location": None if location is None else {"file": location["file"], "line": location.get("line")},
            "account": shown.get("account"), "region": shown.get("region"), "message": shown["message"],
            "status_a": None if before is None else before["status"],
            "status_b": None if after is None else after["status"],
            "suppression": None if after is None else after.get("suppression")}


def _order(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    return (SEVERITY_RANK.get(entry["severity"] or "", 4), entry["check_id"], entry["resource"],
            entry["fingerprint"])


def findings(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The findings of A and B by category (new, fixed, waived, unchanged), most severe first."""
    before, after = _by_fingerprint(a), _by_fingerprint(b)
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in CATEGORIES}
    for key, old in before.items():
        if old["status"] not in OPEN:
            continue
        now = after.get(key)
        if now is None or now["status"] not in OPEN:
            category = "waived" if now is not None and now["status"] == "suppressed" else "fixed"
            out[category].append(_entry(key, now or old, old, now))
        else:
            out["unchanged"].append(_entry(key, now, old, now))
    for key, new in after.items():
        was = before.get(key)
        if new["status"] in OPEN and (was is None or was["status"] not in OPEN):
            out["new"].append(_entry(key, new, was, new))
    return {name: sorted(entries, key=_order) for name, entries in out.items()}


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 1)


def frameworks(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Score and grade of every framework of A or B, with the change (None where either is not assessed)."""
    old = {fw["id"]: fw for fw in a["frameworks"]}
    new = {fw["id"]: fw for fw in b["frameworks"]}
    out = []
    for fid in [*new, *(f for f in old if f not in new)]:
        fa, fb = old.get(fid), new.get(fid)
        score_a, score_b = (None if fa is None else fa["score"]), (None if fb is None else fb["score"])
        out.append({"id": fid, "score_a": score_a, "score_b": score_b, "delta": _delta(score_a, score_b),
                    "grade_a": None if fa is None else fa.get("grade"),
                    "grade_b": None if fb is None else fb.get("grade")})
    return out


def clauses(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Clauses whose compliance differs between A and B (including clauses only one of them scored)."""
    def compliance(document: Mapping[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
        return {(fw["id"], cl["id"]): cl for fw in document["frameworks"] for cl in fw["clauses"]}

    old, new = compliance(a), compliance(b)
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        ca, cb = old.get(key), new.get(key)
        state_a = None if ca is None else ca.get("compliance")
        state_b = None if cb is None else cb.get("compliance")
        if state_a != state_b:
            out.append({"framework": key[0], "clause": key[1], "compliance_a": state_a, "compliance_b": state_b,
                        "score_a": None if ca is None else ca["score"], "score_b": None if cb is None else cb["score"]})
    return out


def _side(label: str, document: Mapping[str, Any]) -> dict[str, Any]:
    run = document.get("run")
    return {"label": label, "run": None if run is None else run["id"], "scanned_at": document["scanned_at"],
            "targets": list(document.get("targets", ())), "score": document["score"], "grade": document["grade"]}


def diff(a: Mapping[str, Any], b: Mapping[str, Any], labels: Sequence[str] = ("A", "B")) -> dict[str, Any]:
    """The whole comparison of A and B, as ``baomi diff --json`` prints it."""
    found = findings(a, b)
    return {
        "a": _side(labels[0], a), "b": _side(labels[1], b),
        "score": {"a": a["score"], "b": b["score"], "delta": _delta(a["score"], b["score"]),
                  "grade_a": a["grade"], "grade_b": b["grade"]},
        "counts": {name: len(entries) for name, entries in found.items()},
        "frameworks": frameworks(a, b),
        "clauses": clauses(a, b),
        "findings": found,
    }
