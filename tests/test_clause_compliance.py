"""Clause verdicts, evidence, grade caps and applicability (docs/scoring.md), on a small hand-made catalog."""
from __future__ import annotations

import pytest

from baomi.applicability import judge
from baomi.catalog import (
    Applicability,
    Catalog,
    CheckSpec,
    ClauseSpec,
    ControlSpec,
    FrameworkSpec,
    Remediation,
    Text,
)
from baomi.model import Finding, Severity, Status
from baomi.scoring import Evidence, capped_grade, score
from baomi.settings import Profile

T = Text("中", "en")
CII_ONLY = Applicability(ciio=True, reason=Text("仅关键信息基础设施", "CII operators only"))
CATALOG = Catalog(
    frameworks=(FrameworkSpec("fw", T, "law", (
        ClauseSpec("tech", T, T, ("ENC-REST",)),
        ClauseSpec("mixed", T, T, ("ENC-REST", "GOV-TRAINING")),
        ClauseSpec("procedural", T, T, ("GOV-TRAINING",)),
        ClauseSpec("cii", T, T, ("ENC-REST",), applies_when=CII_ONLY),
    )),),
    controls=(ControlSpec("ENC-REST", "encryption", 5, T, T), ControlSpec("GOV-TRAINING", "governance", 1, T, T, True)),
    checks=(
        CheckSpec("ENC", "checkov", ("terraform",), T, Severity.HIGH, ("ENC-REST",), ("x",), Remediation(T)),
        CheckSpec("ATTEST_TRAINING", "attestation", ("attestation",), T, Severity.HIGH, ("GOV-TRAINING",),
                  ("attestation",), Remediation(T)),
    ),
)


def _verdicts(*findings: Finding, profile: Profile | None = None) -> dict[str, str]:
    card = score(CATALOG, findings, profile=profile or Profile())
    return {c.clause.id: c.compliance for c in card.frameworks[0].clauses}


def f(check: str, status: Status) -> Finding:
    return Finding(check, status, "terraform", "r", "m")


def test_technical_evidence_alone_leaves_a_mixed_clause_partial() -> None:
    assert _verdicts(f("ENC", Status.PASS)) == {
        "tech": "compliant", "mixed": "partially_compliant", "procedural": "not_assessed", "cii": "compliant"}


def test_an_attestation_completes_the_mixed_clause() -> None:
    assert _verdicts(f("ENC", Status.PASS), f("ATTEST_TRAINING", Status.PASS)) == {
        "tech": "compliant", "mixed": "compliant", "procedural": "compliant", "cii": "compliant"}


def test_a_failed_attestation_makes_its_clauses_non_compliant() -> None:
    verdicts = _verdicts(f("ENC", Status.PASS), f("ATTEST_TRAINING", Status.FAIL))
    assert (verdicts["mixed"], verdicts["procedural"]) == ("non_compliant", "non_compliant")


def test_an_error_is_never_compliant() -> None:
    assert _verdicts(f("ENC", Status.ERROR))["tech"] == "non_compliant"


def test_accepted_risk_is_not_compliance() -> None:
    verdicts = _verdicts(f("ENC", Status.PASS), f("ENC", Status.SUPPRESSED), f("ATTEST_TRAINING", Status.PASS))
    assert verdicts["tech"] == "partially_compliant"
    card = score(CATALOG, [f("ENC", Status.PASS), f("ENC", Status.SUPPRESSED)])
    assert card.frameworks[0].clauses[0].risk_accepted == 1


def test_the_profile_makes_a_clause_not_applicable_and_leaves_it_out_of_the_evidence() -> None:
    findings = (f("ENC", Status.PASS), f("ATTEST_TRAINING", Status.PASS))
    assert _verdicts(*findings, profile=Profile(ciio=False))["cii"] == "not_applicable"
    card = score(CATALOG, findings, profile=Profile(ciio=False))
    assert card.frameworks[0].evidence == Evidence(3, 3)
    assert score(CATALOG, findings).frameworks[0].evidence == Evidence(4, 4)


@pytest.mark.parametrize(("condition", "profile", "applies", "noted"), [
    (CII_ONLY, Profile(ciio=True), True, False),
    (CII_ONLY, Profile(ciio=False), False, True),
    (CII_ONLY, Profile(), True, True),  # unknown: applies, and says the profile did not say
    (Applicability(ciio=True, pi_subjects_at_least=1_000_000), Profile(ciio=False, pi_subjects=2_000_000), True, False),
    (Applicability(ciio=True, pi_subjects_at_least=1_000_000), Profile(ciio=False, pi_subjects=10), False, True),
    (Applicability(institution_types=("commercial_bank",)), Profile(institution_type="advisory"), False, True),
    (None, Profile(ciio=False), True, False),
])
def test_applicability(condition: Applicability | None, profile: Profile, applies: bool, noted: bool) -> None:
    verdict = judge(condition, profile)
    assert (verdict.applies, verdict.reason is not None) == (applies, noted)


@pytest.mark.parametrize(("value", "evidenced", "applicable", "expected"), [
    (100.0, 10, 10, "A"),
    (100.0, 8, 10, "B"),
    (100.0, 5, 10, "C"),
    (100.0, 4, 10, "D"),
    (85.0, 10, 10, "B"),
    (72.0, 8, 10, "C"),  # the score's own letter when it is worse than the cap
    (40.0, 1, 10, "F"),
    (None, 0, 10, "N/A"),
])
def test_grades_are_capped_by_evidence(value: float | None, evidenced: int, applicable: int, expected: str) -> None:
    assert capped_grade(value, Evidence(evidenced, applicable)) == expected
