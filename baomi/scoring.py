"""Turn findings into check, control, clause and framework scores (the rules are in docs/scoring.md).

Pure functions over immutable inputs: the same findings always give the same scores.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from baomi.catalog import Catalog, CheckSpec, ClauseSpec, ControlSpec, FrameworkSpec
from baomi.model import Finding, Status

#: statuses that count in a pass rate; errors count as failures (what could not be read is not compliant)
_EVALUATED = (Status.PASS, Status.FAIL, Status.ERROR)


class AggregateStatus:
    """Status of an aggregate (check, control, clause, framework)."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    NOT_ASSESSED = "not_assessed"
    MANUAL = "manual"


@dataclass(frozen=True)
class Counts:
    passed: int = 0
    failed: int = 0
    errors: int = 0
    suppressed: int = 0
    not_applicable: int = 0

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> Counts:
        c = Counter(statuses)
        return cls(c[Status.PASS], c[Status.FAIL], c[Status.ERROR], c[Status.SUPPRESSED], c[Status.NOT_APPLICABLE])

    @property
    def evaluated(self) -> int:
        return self.passed + self.failed + self.errors

    def as_dict(self) -> dict[str, int]:
        return {"pass": self.passed, "fail": self.failed, "error": self.errors, "suppressed": self.suppressed,
                "not_applicable": self.not_applicable}


@dataclass(frozen=True)
class CheckScore:
    check: CheckSpec
    counts: Counts
    score: float | None  # None: nothing evaluated

    @property
    def status(self) -> str:
        return _verdict_of_counts(self.counts)


@dataclass(frozen=True)
class ControlScore:
    control: ControlSpec
    checks: tuple[CheckScore, ...]
    score: float | None
    status: str


@dataclass(frozen=True)
class ClauseScore:
    clause: ClauseSpec
    score: float | None
    status: str
    #: weight of the clause in its framework: the summed weight of its assessed controls
    weight: float


@dataclass(frozen=True)
class Coverage:
    assessed: int
    mapped: int


@dataclass(frozen=True)
class FrameworkScore:
    framework: FrameworkSpec
    clauses: tuple[ClauseScore, ...]
    score: float | None
    status: str
    coverage: Coverage


@dataclass(frozen=True)
class Scorecard:
    frameworks: tuple[FrameworkScore, ...]
    controls: tuple[ControlScore, ...]  # the controls mapped by the scored frameworks, catalog order
    score: float | None
    coverage: Coverage


def _verdict_of_counts(counts: Counts) -> str:
    if counts.evaluated == 0:
        return AggregateStatus.NOT_ASSESSED
    if counts.failed:
        return AggregateStatus.FAIL
    if counts.errors:
        return AggregateStatus.ERROR
    return AggregateStatus.PASS


def _aggregate_verdict(parts: Sequence[str]) -> str:
    """Worst of the parts' verdicts; manual only when every part is manual."""
    if parts and all(p == AggregateStatus.MANUAL for p in parts):
        return AggregateStatus.MANUAL
    assessed = [p for p in parts if p in (AggregateStatus.PASS, AggregateStatus.FAIL, AggregateStatus.ERROR)]
    if not assessed:
        return AggregateStatus.NOT_ASSESSED
    for verdict in (AggregateStatus.FAIL, AggregateStatus.ERROR):
        if verdict in assessed:
            return verdict
    return AggregateStatus.PASS


def _weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    scored = [(s, w) for s, w in pairs if s is not None and w > 0]
    total = sum(w for _, w in scored)
    if not total:
        return None
    return sum(s * w for s, w in scored) / total


def score_check(check: CheckSpec, findings: Sequence[Finding]) -> CheckScore:
    counts = Counts.of(f.status for f in findings)
    rate = 100.0 * counts.passed / counts.evaluated if counts.evaluated else None
    return CheckScore(check, counts, rate)


def score_control(control: ControlSpec, checks: Sequence[CheckScore]) -> ControlScore:
    if control.manual:
        return ControlScore(control, tuple(checks), None, AggregateStatus.MANUAL)
    value = _weighted_mean((c.score, c.check.severity.weight) for c in checks)
    return ControlScore(control, tuple(checks), value, _aggregate_verdict([c.status for c in checks]))


def score_clause(clause: ClauseSpec, controls: dict[str, ControlScore]) -> ClauseScore:
    parts = [controls[c] for c in clause.controls]
    assessed = [p for p in parts if p.score is not None]
    value = _weighted_mean((p.score, 1.0) for p in assessed)
    weight = sum(p.control.weight for p in assessed)
    return ClauseScore(clause, value, _aggregate_verdict([p.status for p in parts]), weight)


def score(catalog: Catalog, findings: Iterable[Finding], framework_ids: Sequence[str] | None = None) -> Scorecard:
    """Score ``findings`` against the frameworks named (all of the catalog's when None)."""
    frameworks = [catalog.framework[i] for i in framework_ids] if framework_ids else list(catalog.frameworks)
    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        if f.check_id in catalog.check:
            by_check.setdefault(f.check_id, []).append(f)

    mapped = {cid for fw in frameworks for cid in fw.control_ids}
    controls: dict[str, ControlScore] = {}
    for control in catalog.controls:
        if control.id in mapped:
            checks = [score_check(c, by_check.get(c.id, [])) for c in catalog.checks_of_control(control.id)]
            controls[control.id] = score_control(control, checks)

    framework_scores = []
    for fw in frameworks:
        clauses = tuple(score_clause(cl, controls) for cl in fw.clauses)
        fw_controls = [controls[c] for c in fw.control_ids]
        framework_scores.append(FrameworkScore(
            framework=fw,
            clauses=clauses,
            score=_weighted_mean((c.score, c.weight) for c in clauses),
            status=_aggregate_verdict([c.status for c in clauses]),
            coverage=_coverage(fw_controls),
        ))
    all_controls = tuple(controls.values())
    return Scorecard(
        frameworks=tuple(framework_scores),
        controls=all_controls,
        score=_weighted_mean((f.score, 1.0) for f in framework_scores),
        coverage=_coverage(all_controls),
    )


def _coverage(controls: Sequence[ControlScore]) -> Coverage:
    """Assessed / mapped automatable controls; manual controls are reported apart, not as a gap."""
    automatable = [c for c in controls if not c.control.manual]
    return Coverage(assessed=sum(1 for c in automatable if c.score is not None), mapped=len(automatable))


def grade(value: float | None) -> str:
    """Letter grade of a score, for management summaries."""
    if value is None:
        return "N/A"
    for letter, floor in (("A", 90), ("B", 80), ("C", 70), ("D", 60)):
        if value >= floor:
            return letter
    return "F"
