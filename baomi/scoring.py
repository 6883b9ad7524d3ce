"""Turn findings into check, control, clause and framework scores (the rules are in docs/scoring.md).

Pure functions over immutable inputs: the same findings always give the same scores.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from baomi import applicability
from baomi.catalog import Catalog, CheckSpec, ClauseSpec, ControlSpec, FrameworkSpec, Text
from baomi.model import Finding, Status
from baomi.settings import Profile

#: nothing stated about the institution: every clause applies
_NO_PROFILE = Profile()

#: statuses that count in a pass rate; errors count as failures (what could not be read is not compliant)
_EVALUATED = (Status.PASS, Status.FAIL, Status.ERROR)


class Compliance:
    """A clause's verdict as an examiner states it (符合 / 部分符合 / 不符合 / 未评估 / 不适用)."""

    COMPLIANT = "compliant"
    PARTIAL = "partially_compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"


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
    compliance: str = Compliance.NOT_ASSESSED
    #: controls with evidence (a check or an attestation that evaluated something), of all its controls
    evidenced: int = 0
    applies: bool = True
    #: why it does not apply, or that the profile did not say
    applicability_note: Text | None = None
    #: findings accepted as a risk (waived or skipped with a reason) among its checks'
    risk_accepted: int = 0

    @property
    def fully_evidenced(self) -> bool:
        return self.evidenced == len(self.clause.controls)


@dataclass(frozen=True)
class Coverage:
    assessed: int
    mapped: int


@dataclass(frozen=True)
class Evidence:
    """Applicable clauses with evidence for every control, of all applicable clauses."""

    evidenced: int
    applicable: int

    @property
    def complete(self) -> bool:
        return self.evidenced == self.applicable


@dataclass(frozen=True)
class FrameworkScore:
    framework: FrameworkSpec
    clauses: tuple[ClauseScore, ...]
    score: float | None
    status: str
    coverage: Coverage
    evidence: Evidence = Evidence(0, 0)

    @property
    def grade(self) -> str:
        return capped_grade(self.score, self.evidence)


@dataclass(frozen=True)
class Scorecard:
    frameworks: tuple[FrameworkScore, ...]
    controls: tuple[ControlScore, ...]  # the controls mapped by the scored frameworks, catalog order
    score: float | None
    coverage: Coverage
    evidence: Evidence = Evidence(0, 0)

    @property
    def grade(self) -> str:
        return capped_grade(self.score, self.evidence)


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
    """A procedural control is manual until an attestation check evaluated something for it."""
    if control.manual and not any(c.counts.evaluated for c in checks):
        return ControlScore(control, tuple(checks), None, AggregateStatus.MANUAL)
    value = _weighted_mean((c.score, c.check.severity.weight) for c in checks)
    return ControlScore(control, tuple(checks), value, _aggregate_verdict([c.status for c in checks]))


def score_clause(clause: ClauseSpec, controls: dict[str, ControlScore], profile: Profile = _NO_PROFILE) -> ClauseScore:
    parts = [controls[c] for c in clause.controls]
    assessed = [p for p in parts if p.score is not None]
    value = _weighted_mean((p.score, 1.0) for p in assessed)
    weight = sum(p.control.weight for p in assessed)
    accepted = sum(c.counts.suppressed for p in parts for c in p.checks)
    verdict = applicability.judge(clause.applies_when, profile)
    if not verdict.applies:
        return ClauseScore(clause, None, AggregateStatus.NOT_ASSESSED, 0.0, Compliance.NOT_APPLICABLE, len(assessed),
                           False, verdict.reason, accepted)
    return ClauseScore(clause, value, _aggregate_verdict([p.status for p in parts]), weight,
                       _compliance(parts, assessed, accepted), len(assessed), True, verdict.reason, accepted)


def _compliance(parts: Sequence[ControlScore], assessed: Sequence[ControlScore], accepted: int) -> str:
    """Non-compliant on any failure or error among the evidenced controls; compliant only when every control
    is evidenced and no risk was accepted in it; partly when some are; not assessed when none is."""
    if any(p.status in (AggregateStatus.FAIL, AggregateStatus.ERROR) for p in assessed):
        return Compliance.NON_COMPLIANT
    if not assessed:
        return Compliance.NOT_ASSESSED
    if len(assessed) == len(parts) and not accepted:
        return Compliance.COMPLIANT
    return Compliance.PARTIAL


def score(catalog: Catalog, findings: Iterable[Finding], framework_ids: Sequence[str] | None = None,
          profile: Profile = _NO_PROFILE) -> Scorecard:
    """Score ``findings`` against the frameworks named (all of the catalog's when None), for the institution
    the profile describes (clauses that do not bind it are not applicable)."""
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
        clauses = tuple(score_clause(cl, controls, profile) for cl in fw.clauses)
        applicable = [c for c in clauses if c.applies]
        fw_controls = [controls[c] for c in fw.control_ids]
        framework_scores.append(FrameworkScore(
            framework=fw,
            clauses=clauses,
            score=_weighted_mean((c.score, c.weight) for c in applicable),
            status=_aggregate_verdict([c.status for c in applicable]),
            coverage=_coverage(fw_controls),
            evidence=Evidence(sum(1 for c in applicable if c.fully_evidenced), len(applicable)),
        ))
    all_controls = tuple(controls.values())
    return Scorecard(
        frameworks=tuple(framework_scores),
        controls=all_controls,
        score=_weighted_mean((f.score, 1.0) for f in framework_scores),
        coverage=_coverage(all_controls),
        evidence=Evidence(sum(f.evidence.evidenced for f in framework_scores),
                          sum(f.evidence.applicable for f in framework_scores)),
    )


def _coverage(controls: Sequence[ControlScore]) -> Coverage:
    """Assessed / mapped automatable controls; manual controls are reported apart, not as a gap."""
    automatable = [c for c in controls if not c.control.manual]
    return Coverage(assessed=sum(1 for c in automatable if c.score is not None), mapped=len(automatable))


#: the best grade a score may show while only this share of the applicable clauses is evidenced
_GRADE_CAPS = ((1.0, "A"), (0.75, "B"), (0.5, "C"), (0.0, "D"))


def capped_grade(value: float | None, evidence: Evidence) -> str:
    """The grade of the score, never better than the evidence allows: A only when every applicable clause
    has evidence for every control (docs/scoring.md#grades)."""
    letter = grade(value)
    if letter in ("N/A", "F") or evidence.complete:
        return letter
    share = evidence.evidenced / evidence.applicable
    cap = next(cap for floor, cap in _GRADE_CAPS if share >= floor)
    return max(letter, cap)  # letters sort worst last: "D" > "C" > "B" > "A"


def grade(value: float | None) -> str:
    """Letter grade of a score, for management summaries."""
    if value is None:
        return "N/A"
    for letter, floor in (("A", 90), ("B", 80), ("C", 70), ("D", 60)):
        if value >= floor:
            return letter
    return "F"
