"""Scoring rules (docs/scoring.md): exact values on a small catalog, and properties on arbitrary findings."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.catalog import Catalog, CheckSpec, ClauseSpec, ControlSpec, FrameworkSpec, Remediation, Text
from baomi.model import Finding, Severity, Status
from baomi.scoring import AggregateStatus, grade, score

T = Text("中", "en")


def _control(cid: str, weight: float = 1, manual: bool = False) -> ControlSpec:
    return ControlSpec(cid, "governance" if manual else "encryption", weight, T, T, manual)


def _check(cid: str, severity: Severity, *controls: str) -> CheckSpec:
    return CheckSpec(cid, "checkov", ("terraform",), T, severity, controls, ("aws_s3_bucket",), Remediation(T))


CATALOG = Catalog(
    frameworks=(
        FrameworkSpec("fw", T, "guidance", (
            ClauseSpec("1", T, T, ("ENC-REST", "ENC-TRANSIT")),
            ClauseSpec("2", T, T, ("LOG-AUDIT",)),
            ClauseSpec("3", T, T, ("GOV-TRAINING",)),
        )),
        FrameworkSpec("other", T, "law", (ClauseSpec("A", T, T, ("ENC-REST",)),)),
    ),
    controls=(_control("ENC-REST", 5), _control("ENC-TRANSIT", 3), _control("LOG-AUDIT", 2),
              _control("GOV-TRAINING", 1, manual=True)),
    checks=(
        _check("C_CRIT", Severity.CRITICAL, "ENC-REST"),
        _check("C_LOW", Severity.LOW, "ENC-REST"),
        _check("C_HIGH", Severity.HIGH, "ENC-TRANSIT", "LOG-AUDIT"),
        _check("C_MED", Severity.MEDIUM, "LOG-AUDIT"),
    ),
)
CHECK_IDS = [c.id for c in CATALOG.checks]


def f(check: str, status: Status, resource: str = "r1") -> Finding:
    return Finding(check, status, "terraform", resource, "msg")


def test_exact_scores_follow_the_documented_rule() -> None:
    findings = [
        f("C_CRIT", Status.PASS, "a"), f("C_CRIT", Status.FAIL, "b"),  # 50
        f("C_LOW", Status.PASS),  # 100
        f("C_HIGH", Status.ERROR),  # errors count as failures: 0
        f("C_MED", Status.SUPPRESSED),  # excluded: C_MED not assessed
    ]
    card = score(CATALOG, findings)
    controls = {c.control.id: c for c in card.controls}
    # severity-weighted mean: (50*10 + 100*1) / 11
    assert controls["ENC-REST"].score == pytest.approx(600 / 11)
    assert controls["ENC-REST"].status == AggregateStatus.FAIL
    assert controls["ENC-TRANSIT"].score == 0 and controls["ENC-TRANSIT"].status == AggregateStatus.ERROR
    assert controls["LOG-AUDIT"].score == 0  # C_HIGH error; C_MED suppressed only
    assert controls["GOV-TRAINING"].score is None and controls["GOV-TRAINING"].status == AggregateStatus.MANUAL
    fw = card.frameworks[0]
    clause1, clause2, clause3 = fw.clauses
    assert clause1.score == pytest.approx((600 / 11 + 0) / 2)
    assert clause1.weight == 8  # ENC-REST 5 + ENC-TRANSIT 3
    assert clause2.score == 0 and clause2.weight == 2
    assert clause3.score is None and clause3.status == AggregateStatus.MANUAL
    assert fw.score == pytest.approx(clause1.score * 8 / 10)
    assert fw.coverage.assessed == 3 and fw.coverage.mapped == 3  # manual controls are not a coverage gap
    other = card.frameworks[1]
    assert other.score == pytest.approx(600 / 11)
    assert card.score == pytest.approx((fw.score + other.score) / 2)


def test_nothing_evaluated_is_not_assessed_never_100() -> None:
    card = score(CATALOG, [f("C_CRIT", Status.NOT_APPLICABLE), f("C_LOW", Status.SUPPRESSED)])
    assert card.score is None
    assert all(c.status in (AggregateStatus.NOT_ASSESSED, AggregateStatus.MANUAL) for c in card.controls)
    assert card.coverage.assessed == 0 and card.coverage.mapped == 3
    assert grade(card.score) == "N/A"


def test_framework_selection_and_unknown_checks_are_ignored_in_scores() -> None:
    card = score(CATALOG, [f("C_CRIT", Status.PASS), f("BAOMI_SOURCE_ERROR", Status.ERROR)], ["other"])
    assert [fw.framework.id for fw in card.frameworks] == ["other"]
    assert [c.control.id for c in card.controls] == ["ENC-REST"]
    assert card.score == 100


@pytest.mark.parametrize("value,letter", [(95, "A"), (90, "A"), (89.9, "B"), (75, "C"), (60, "D"), (10, "F")])
def test_grades(value: float, letter: str) -> None:
    assert grade(value) == letter


_STATUSES = st.sampled_from(list(Status))
_FINDINGS = st.lists(
    st.builds(f, st.sampled_from(CHECK_IDS), _STATUSES, st.sampled_from(["r1", "r2", "r3", "r4"])),
    max_size=25,
)


def _all_scores(findings: list[Finding]) -> list[float | None]:
    card = score(CATALOG, findings)
    values: list[float | None] = [card.score]
    for fw in card.frameworks:
        values.append(fw.score)
        values.extend(c.score for c in fw.clauses)
    for control in card.controls:
        values.append(control.score)
        values.extend(ch.score for ch in control.checks)
    return values


def _not_lower(before: list[float | None], after: list[float | None]) -> None:
    for old, new in zip(before, after):
        if old is not None:
            assert new is not None and new >= old - 1e-9


@settings(max_examples=300, deadline=None)
@given(_FINDINGS, st.data())
def test_fixing_a_failing_resource_never_lowers_any_score(findings: list[Finding], data: st.DataObject) -> None:
    failing = [i for i, x in enumerate(findings) if x.status in (Status.FAIL, Status.ERROR)]
    if not failing:
        return
    i = data.draw(st.sampled_from(failing))
    fixed = list(findings)
    fixed[i] = f(findings[i].check_id, Status.PASS, findings[i].resource)
    _not_lower(_all_scores(findings), _all_scores(fixed))


@settings(max_examples=300, deadline=None)
@given(_FINDINGS, st.data())
def test_adding_a_passing_resource_to_a_failing_check_never_lowers_it(findings: list[Finding],
                                                                       data: st.DataObject) -> None:
    failing_checks = sorted({x.check_id for x in findings if x.status is Status.FAIL})
    if not failing_checks:
        return
    check = data.draw(st.sampled_from(failing_checks))
    _not_lower(_all_scores(findings), _all_scores([*findings, f(check, Status.PASS, "new-resource")]))


@settings(max_examples=300, deadline=None)
@given(_FINDINGS)
def test_scores_are_within_0_and_100_and_deterministic(findings: list[Finding]) -> None:
    values = _all_scores(findings)
    assert all(v is None or 0 <= v <= 100 for v in values)
    assert values == _all_scores(list(reversed(findings)))
