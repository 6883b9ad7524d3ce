"""The quarterly compliance report's content (``baomi report quarterly``, docs/quarterly.md), from the history.

A report is about one *series*: the runs that scanned the same targets as the quarter's last run (one tree, one
account, one database; a series starts when the targets change; an attestations file does not count). For the
quarter and the one before it, the series' last run in each gives the score, grade and clause compliance "now"
and "before"; the last run of each of up to ``WINDOW`` quarters gives the clause trends; every run of the series
up to the quarter's end gives the remediation figures (``timeline.py``). Rendering is
``baomi/reports/quarterly.py``'s; this module only reads and computes, and returns plain data (also JSON).
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baomi.history import series, store, timeline
from baomi.history.location import HistoryError, Location, locate
from baomi.settings import Settings

if TYPE_CHECKING:
    from baomi.catalog.specs import Catalog

#: quarters of history the clause trends show, this one included
WINDOW = 8
#: open findings listed as top risks
TOP_RISKS = 10
COMPLIANCE = ("compliant", "partially_compliant", "non_compliant", "not_assessed", "not_applicable")
_SEVERITIES = ("critical", "high", "medium", "low")
_FRAMEWORK_STATE = ("score", "grade", "evidence", "compliance")


@dataclass(frozen=True)
class Deadlines:
    """Days within which an open finding of each severity is to be remediated (past them it is *overdue*), and
    days after the as-of date within which a waiver is *expiring* and an attestation *due*. Settings give them
    (``remediation_days_*``, ``expiry_notice_days``; the defaults and their sources are in baomi.settings)."""

    remediation_days: Mapping[str, int]
    notice_days: int

    @classmethod
    def of(cls, settings: Settings) -> Deadlines:
        return cls({s: getattr(settings, f"remediation_days_{s}") for s in _SEVERITIES}, settings.expiry_notice_days)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026Q4`` (or ``2026-Q4``, any case); ValueError naming the expected form."""
        match = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a quarter: expected YEAR then Q1-Q4, e.g. 2026Q4")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: _dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def name(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def start(self) -> _dt.date:
        return _dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> _dt.date:
        return self.next().start - _dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def contains(self, when: _dt.datetime) -> bool:
        return self.start <= when.date() <= self.last_day


def quarterly(where: store.Where, quarter: Quarter, framework: str | None = None, catalog: Catalog | None = None,
              as_of: _dt.date | None = None, deadlines: Deadlines | None = None) -> dict[str, Any]:
    """The quarterly report of ``quarter`` from the history ``where``: see docs/quarterly.md for every field.
    ``framework`` limits it to one framework; ``catalog`` gives titles and the clauses a finding's check serves;
    ``as_of`` is the day waivers and attestations are judged on (default: the quarter's last day, or today while
    the quarter runs); ``deadlines`` default to the settings' defaults.
    HistoryError (one line) when the history cannot be read, has no run in the quarter, or the quarter's run
    did not assess ``framework``."""
    location = where if isinstance(where, Location) else locate(None if where is None else os.fspath(where))
    deadlines = deadlines or Deadlines.of(Settings())
    as_of = as_of or min(quarter.last_day, _dt.datetime.now(_dt.timezone.utc).date())
    everything = [{**r, "scanned": _when(r["scanned_at"])} for r in store.runs(location)]
    everything.sort(key=lambda r: (r["scanned"], r["id"]))
    in_quarter = [r for r in everything if quarter.contains(r["scanned"])]
    if not in_quarter:
        raise HistoryError(f"{location.shown}: no run recorded in {quarter.name} (see baomi history list)")
    targets = _targets(in_quarter[-1])
    chain = [r for r in everything if _targets(r) == targets and r["scanned"].date() <= quarter.last_day]
    last_of = _last_runs(chain)
    now = store.run(location, last_of[quarter.name]["id"])
    if framework is not None and not any(fw["id"] == framework for fw in now["frameworks"]):
        raise HistoryError(f"{framework}: not assessed by run {now['run']['id']}, the last of {quarter.name} "
                           f"(see baomi history show {now['run']['id']})")
    before_run = last_of.get(quarter.previous().name)
    before = None if before_run is None else store.run(location, before_run["id"])
    window = _window(quarter, last_of)
    trends = {name: (now if r["id"] == now["run"]["id"] else
                     before if before is not None and r["id"] == before["run"]["id"] else store.run(location, r["id"]))
              for name, r in window.items() if r is not None}
    periods = timeline.periods(chain, series.statuses(location, [r["id"] for r in chain]))
    return {
        "quarter": quarter.name, "previous": quarter.previous().name,
        "period": {"start": quarter.start.isoformat(), "end": quarter.last_day.isoformat()},
        "as_of": as_of.isoformat(), "horizon_days": deadlines.notice_days, "history": location.shown,
        "framework": framework,
        "series": {"targets": [{"source": s, "target": t} for s, t in targets],
                   "runs_in_quarter": len([r for r in chain if quarter.contains(r["scanned"])]),
                   "first_scanned_at": chain[0]["scanned_at"]},
        "now": _state(now, framework),
        "before": None if before is None else _state(before, framework),
        "frameworks": _frameworks(now, before, framework, catalog),
        "quarters": list(window),
        "clauses": _clauses(now, before, framework, catalog, window, trends),
        "top_risks": _top_risks(now, periods, framework, catalog, deadlines),
        "remediation": _remediation(quarter, now, periods, deadlines),
        "waivers": _waivers(location, chain, quarter, before, as_of, deadlines),
        "attestations": _attestations(now, as_of, deadlines),
        "coverage": _coverage(now),
    }


def _when(stamp: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).replace(tzinfo=None)


def _targets(r: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """What identifies a run's series: what it scanned, but its attestations file (evidence about the same
    estate, given to some of its scans and not others)."""
    return tuple(sorted((t["source"], t["target"]) for t in r["targets"] if t["source"] != "attestations"))


def _last_runs(chain: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The last run of each quarter of the series (runs oldest first)."""
    return {Quarter.of(r["scanned"].date()).name: r for r in chain}


def _window(quarter: Quarter, last_of: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any] | None]:
    """The ``WINDOW`` quarters up to ``quarter``, from the series' first one on, each with its last run."""
    names = []
    at = quarter
    for _ in range(WINDOW):
        names.append(at.name)
        at = at.previous()
    first = min(last_of)
    return {name: last_of.get(name) for name in reversed(names) if name >= first}


def _state(document: Mapping[str, Any], framework: str | None) -> dict[str, Any]:
    """Score, grade, clauses evidenced and compliance counts of a run, overall or of one framework."""
    frameworks = [fw for fw in document["frameworks"] if framework is None or fw["id"] == framework]
    subject = frameworks[0] if framework is not None else document
    compliance = dict.fromkeys(COMPLIANCE, 0)
    for fw in frameworks:
        for state, count in fw["compliance"].items():
            compliance[state] = compliance.get(state, 0) + count
    return {"run": document["run"]["id"], "scanned_at": document["scanned_at"], "score": subject["score"],
            "grade": subject["grade"], "evidence": subject["evidence"], "compliance": compliance}


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 1)


def _frameworks(now: Mapping[str, Any], before: Mapping[str, Any] | None, framework: str | None,
                catalog: Catalog | None) -> list[dict[str, Any]]:
    out = []
    for fw in now["frameworks"]:
        if framework is not None and fw["id"] != framework:
            continue
        old = None if before is None else next((f for f in before["frameworks"] if f["id"] == fw["id"]), None)
        out.append({"id": fw["id"], "title": _framework_title(catalog, fw["id"]),
                    "now": {k: fw[k] for k in _FRAMEWORK_STATE},
                    "before": None if old is None else {k: old[k] for k in _FRAMEWORK_STATE},
                    "delta": None if old is None else _delta(old["score"], fw["score"])})
    return out


def _framework_title(catalog: Catalog | None, framework_id: str) -> dict[str, str] | None:
    spec = None if catalog is None else catalog.framework.get(framework_id)
    return None if spec is None else spec.title.as_dict()


def _clause_title(catalog: Catalog | None, framework_id: str, clause_id: str) -> dict[str, str] | None:
    spec = None if catalog is None else catalog.framework.get(framework_id)
    clause = None if spec is None else spec.clause(clause_id)
    return None if clause is None else clause.title.as_dict()


def _clauses(now: Mapping[str, Any], before: Mapping[str, Any] | None, framework: str | None,
             catalog: Catalog | None, window: Mapping[str, Mapping[str, Any] | None],
             trends: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each clause of the quarter's run (of ``framework``): compliance and score now and before, and its score
    in each quarter of the window (null: no run, or the clause was not in it)."""
    def clauses_of(document: Mapping[str, Any] | None) -> dict[tuple[str, str], Mapping[str, Any]]:
        if document is None:
            return {}
        return {(fw["id"], cl["id"]): cl for fw in document["frameworks"] for cl in fw["clauses"]}

    old = clauses_of(before)
    per_quarter = {name: clauses_of(trends.get(name)) for name in window}
    out = []
    for fw in now["frameworks"]:
        if framework is not None and fw["id"] != framework:
            continue
        for cl in fw["clauses"]:
            key = (fw["id"], cl["id"])
            prior = old.get(key)
            out.append({
                "framework": fw["id"], "id": cl["id"], "title": _clause_title(catalog, fw["id"], cl["id"]),
                "compliance": cl["compliance"], "score": cl["score"],
                "compliance_before": None if prior is None else prior["compliance"],
                "score_before": None if prior is None else prior["score"],
                "changed": prior is not None and prior["compliance"] != cl["compliance"],
                "risk_accepted": cl["risk_accepted"] or 0,
                "trend": [None if key not in per_quarter[name] else per_quarter[name][key]["score"]
                          for name in window]})
    return out


def _clauses_of_check(catalog: Catalog | None, check_id: str, frameworks: Iterable[str]) -> list[str]:
    """``framework clause`` of every clause the check's controls serve, in the frameworks given."""
    check = None if catalog is None else catalog.check.get(check_id)
    if catalog is None or check is None:
        return []
    return [f"{fw} {clause.id}" for fw in frameworks if fw in catalog.framework
            for clause in catalog.framework[fw].clauses if set(clause.controls) & set(check.controls)]


def _top_risks(now: Mapping[str, Any], periods: Sequence[timeline.Period], framework: str | None,
               catalog: Catalog | None, deadlines: Deadlines) -> list[dict[str, Any]]:
    """The failed findings of the quarter's run, most severe first, then the longest open."""
    scanned = _when(now["scanned_at"])
    opened = {p.fingerprint: p.opened for p in periods if p.ended is None}
    frameworks = [fw["id"] for fw in now["frameworks"] if framework is None or fw["id"] == framework]
    failed = [f for f in now["findings"] if f["status"] == "fail"]
    rank = {s: i for i, s in enumerate(_SEVERITIES)}
    failed.sort(key=lambda f: (rank.get(f["severity"], len(rank)), opened.get(f["fingerprint"], scanned),
                               f["check_id"], f["resource"]))
    out = []
    for f in failed[:TOP_RISKS]:
        since = opened.get(f["fingerprint"], scanned)
        age = (scanned - since).days
        check = None if catalog is None else catalog.check.get(f["check_id"])
        out.append({"fingerprint": f["fingerprint"], "check_id": f["check_id"], "severity": f["severity"],
                    "title": None if check is None else check.title.as_dict(), "resource": f["resource"],
                    "location": f["location"], "account": f["account"], "region": f["region"],
                    "message": f["message"], "open_since": _stamp(since), "age_days": age,
                    "overdue": age > deadlines.remediation_days.get(f["severity"], age),
                    "clauses": _clauses_of_check(catalog, f["check_id"], frameworks)})
    return out


def _stamp(when: _dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _remediation(quarter: Quarter, now: Mapping[str, Any], periods: Sequence[timeline.Period],
                 deadlines: Deadlines) -> dict[str, Any]:
    """Findings opened, closed and waived in the quarter, the mean time to remediate those closed, and the
    findings open at the quarter's run, by severity and overdue by severity."""
    scanned = _when(now["scanned_at"])
    closed = [p for p in periods if p.outcome == "closed" and p.ended is not None and quarter.contains(p.ended)]
    still_open = [p for p in periods if p.ended is None]
    by_severity = {s: [p for p in still_open if p.severity == s] for s in _SEVERITIES}
    return {
        "opened": sum(1 for p in periods if quarter.contains(p.opened)),
        "closed": len(closed),
        "waived": sum(1 for p in periods if p.outcome == "waived" and p.ended is not None
                      and quarter.contains(p.ended)),
        "mean_days_to_remediate": None if not closed else round(sum(p.days(scanned) for p in closed) / len(closed), 1),
        "open": len(still_open),
        "open_by_severity": {s: len(found) for s, found in by_severity.items()},
        "overdue_by_severity": {s: sum(1 for p in found if p.days(scanned) > deadlines.remediation_days[s])
                                for s, found in by_severity.items()},
        "sla_days": dict(deadlines.remediation_days),
    }


def _waivers(location: Location, chain: Sequence[Mapping[str, Any]], quarter: Quarter,
             before: Mapping[str, Any] | None, as_of: _dt.date, deadlines: Deadlines) -> list[dict[str, Any]]:
    """Every waiver in force in a run of the quarter, once (as the latest of them has it), with its state as of
    ``as_of``: lapsed (expired), expiring (within the notice days), new (not in force at the quarter before's
    run) or in force; and ``new`` whatever its state."""
    earlier = {(w["check"], w["resource"]) for w in (before or {}).get("waivers", ())}
    in_quarter = [r["id"] for r in chain if quarter.contains(r["scanned"])]
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for found in series.waivers(location, in_quarter).values():
        seen.update(((w["check"], w["resource"]), w) for w in found)
    out = []
    for key, w in seen.items():
        expires = _dt.date.fromisoformat(w["expires"])
        state = ("lapsed" if expires < as_of else
                 "expiring" if expires <= as_of + _dt.timedelta(days=deadlines.notice_days) else
                 "new" if key not in earlier else "in_force")
        out.append({**w, "state": state, "new": key not in earlier})
    order = ("lapsed", "expiring", "new", "in_force")
    return sorted(out, key=lambda w: (order.index(w["state"]), w["expires"], w["check"], w["resource"]))


def _attestations(now: Mapping[str, Any], as_of: _dt.date, deadlines: Deadlines) -> list[dict[str, Any]]:
    """The attestations of the quarter's run: expired, due (expiring within the notice days) or valid."""
    out = []
    for a in now["attestations"]:
        expires = None if a["expires"] is None else _dt.date.fromisoformat(a["expires"])
        state = ("expired" if expires is not None and expires < as_of else
                 "due" if expires is not None and expires <= as_of + _dt.timedelta(days=deadlines.notice_days) else
                 "valid" if a["status"] == "pass" else "failed")
        out.append({**a, "state": state})
    order = ("expired", "failed", "due", "valid")
    return sorted(out, key=lambda a: (order.index(a["state"]), a["expires"] or "", a["check_id"]))


def _coverage(now: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per source of the quarter's run: its targets and its findings by status."""
    statuses = ("pass", "fail", "error", "suppressed", "not_applicable")
    sources: dict[str, dict[str, Any]] = {}
    for t in now["targets"]:
        sources.setdefault(t["source"], {"source": t["source"], "targets": [], "counts": dict.fromkeys(statuses, 0)})
        sources[t["source"]]["targets"].append(t["target"])
    for f in now["findings"]:
        entry = sources.setdefault(f["source"], {"source": f["source"], "targets": [],
                                                 "counts": dict.fromkeys(statuses, 0)})
        entry["counts"][f["status"]] = entry["counts"].get(f["status"], 0) + 1
    return list(sources.values())
