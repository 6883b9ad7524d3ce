"""The documents the real pipeline builds (baomi.document.build) pass the schema and render in every format."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from baomi import document as document_builder
from baomi import scoring
from baomi.catalog import load_catalog
from baomi.gate import GatePolicy, evaluate
from baomi.model import SOURCE_ERROR_CHECK, Finding, Location, Severity, Status
from baomi.reports import FORMATS, get_format
from baomi.reports import rendering as results


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    catalog = load_catalog()
    file_check, live_check = list(catalog.check.values())[:2]  # which checks does not matter here
    tf = "terraform"
    findings = [
        Finding(file_check.id, Status.FAIL, tf, "aws_s3_bucket.a<b>", "failed", Location("main.tf", 3, 9)),
        Finding(file_check.id, Status.PASS, tf, "aws_s3_bucket.b", "passed", Location("main.tf", 11, 15)),
        Finding(file_check.id, Status.SUPPRESSED, tf, "aws_s3_bucket.c", "skipped", Location("main.tf", 17),
                suppression="accepted risk RISK-7"),
        Finding(live_check.id, Status.ERROR, "aws", "arn:aws:iam::123456789012:root", "AccessDenied",
                account="123456789012", region="cn-north-1"),
        Finding(live_check.id, Status.NOT_APPLICABLE, "aws", "arn:aws:iam::210987654321:root", "no such thing"),
        Finding(SOURCE_ERROR_CHECK, Status.ERROR, tf, "broken.tf", "does not parse", Location("broken.tf", 1)),
    ]
    scorecard = scoring.score(catalog, findings)
    gate = evaluate(GatePolicy(fail_under=80, fail_on=Severity.HIGH), catalog, findings, scorecard.score)
    return document_builder.build(catalog, scorecard, findings, [document_builder.Target(tf, ".")], gate,
                                  dt.datetime(2026, 11, 22, 6, 0, tzinfo=dt.timezone.utc))


def test_built_document_is_valid(built: dict[str, Any]) -> None:
    results.validate(built, origin="built document")
    assert {f["status"] for f in built["findings"]} == {"pass", "fail", "error", "suppressed", "not_applicable"}


@pytest.mark.parametrize("name", sorted(set(FORMATS) - {"clauses-csv"}))  # it lists clauses, not findings
def test_built_document_renders(name: str, built: dict[str, Any]) -> None:
    for lang in ("zh", "en"):
        text = get_format(name).render(built, lang)
        assert "broken.tf" in text
