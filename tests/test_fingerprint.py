"""Fingerprints and the baseline comparison on findings that share an identity: two findings alike are two
findings, and a scan numbers them as its results document does (docs/history.md#fingerprints)."""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from baomi import pipeline
from baomi.baseline import Baseline
from baomi.catalog.loading import load_catalog
from baomi.checks.postgresql import REGISTRY as PG
from baomi.document import Target, findings_of
from baomi.engines.database import run_checks
from baomi.fingerprint import fingerprint, fingerprint_all, roots
from baomi.history import store
from baomi.model import Finding, Location, Status
from baomi.reports import rendering
from baomi.settings import Settings
from baomi.sources.database.snapshot import Facts, PgRole

ROOT = "/ci/build-1/infra"
TARGETS = (Target("iac", ROOT),)


def _finding(status: Status, message: str, line: int) -> Finding:
    return Finding("CKV_AWS_16", status, "terraform", "aws_db_instance.customer_records", message,
                   Location(f"{ROOT}/database.tf", line))


def _conclude(findings: list[Finding], baseline: Baseline | None = None) -> pipeline.Assessment:
    request = pipeline.AssessmentRequest(sources=(), catalog=load_catalog(), gate=None, baseline=baseline)
    return pipeline.conclude(request, findings, TARGETS)


def _baseline_of(findings: list[Finding]) -> Baseline:
    return Baseline.of(_conclude(findings).document, "baseline.json")


def test_a_finding_reported_twice_is_one_unchanged_and_one_new_never_a_fixed_one() -> None:
    """The baseline has the finding once, the scan twice alike: the first is the baseline's, the second new."""
    failing = _finding(Status.FAIL, "storage_encrypted is false", 12)
    baseline = _baseline_of([failing])
    assessment = _conclude([failing, failing], baseline)
    document = assessment.document
    assert document["baseline"]["counts"] == {"new": 1, "fixed": 0, "waived": 0, "unchanged": 1}
    assert document["baseline"]["fixed"] == []
    assert sorted(f["new"] for f in document["findings"]) == [False, True]
    comparison = pipeline.baselines.compare(baseline, [failing, failing], [{"source": "iac", "target": ROOT}])
    assert comparison.new() == [failing]  # one of the two, not both
    assert len(set(comparison.prints)) == 2


def test_a_scan_compared_with_its_own_results_document_has_nothing_new_and_nothing_fixed() -> None:
    """A pass and a fail of one identity: the pipeline lists the pass first, the document the fail first."""
    findings = [_finding(Status.PASS, "storage_encrypted is true", 40),
                _finding(Status.FAIL, "storage_encrypted is false", 12)]
    baseline = _baseline_of(findings)
    document = _conclude(findings, baseline).document
    assert [f["status"] for f in document["findings"]] == ["fail", "pass"]  # the document's own order
    assert document["baseline"]["counts"] == {"new": 0, "fixed": 0, "waived": 0, "unchanged": 1}
    assert [f["new"] for f in document["findings"]] == [False, False]


def test_findings_of_one_identity_get_the_same_fingerprints_in_any_order() -> None:
    base: dict[str, Any] = {"check_id": "PG_HBA_HOSTSSL_ONLY", "source": "postgresql", "resource": "pg:5432",
                            "account": None, "region": None, "suppression": None}
    findings = [{**base, "status": "pass", "message": "every rule requires TLS", "location": None},
                {**base, "status": "fail", "message": "host rule without TLS", "location": {"file": "a", "line": 3}},
                {**base, "status": "error", "message": "cannot read", "location": None},
                {**base, "status": "fail", "message": "host rule without TLS", "location": {"file": "a", "line": 9}}]
    scanned = roots([])
    expected = dict(zip((id(f) for f in findings), fingerprint_all(findings, scanned), strict=True))
    assert len(set(expected.values())) == 4
    for order in itertools.permutations(findings):
        assert [expected[id(f)] for f in order] == fingerprint_all(list(order), scanned)


# ------------------------------------------------------------------------------------ items of a live database

ENDPOINT = "postgresql://scanner@db.internal:5432/app"


def _superuser_findings(*superusers: str) -> list[Finding]:
    """PG_SUPERUSERS_LIMITED, the real check, on a live server's roles: these superusers besides the bootstrap."""
    roles = (PgRole("postgres", superuser=True, can_login=True, bootstrap=True),
             *(PgRole(name, superuser=True, can_login=True, bootstrap=False) for name in superusers),
             PgRole("reporting", superuser=False, can_login=True, bootstrap=False))
    facts = Facts(ENDPOINT, {}, live=True, tables={"roles": roles})
    specs = [s for s in load_catalog().checks_for("postgresql") if s.id == "PG_SUPERUSERS_LIMITED"]
    return list(run_checks(PG, specs, facts, Settings(), "postgresql"))


def _live(findings: list[Finding], baseline: Baseline | None = None) -> pipeline.Assessment:
    request = pipeline.AssessmentRequest(sources=(), catalog=load_catalog(), gate=None, baseline=baseline)
    return pipeline.conclude(request, findings, (Target("database", ENDPOINT),))


def test_a_role_fixed_and_another_failing_is_one_fixed_and_one_new_never_unchanged() -> None:
    before, after = _superuser_findings("app", "batch"), _superuser_findings("batch", "intruder")
    assert [f.item for f in before] == ["role 'app'", "role 'batch'"]
    baseline = Baseline.of(_live(before).document, "baseline.json")
    document = _live(after, baseline).document
    assert document["baseline"]["counts"] == {"new": 1, "fixed": 1, "waived": 0, "unchanged": 1}
    assert [f["item"] for f in document["findings"] if f["new"]] == ["role 'intruder'"]
    assert [(e["check_id"], e["status"]) for e in document["baseline"]["fixed"]] == [("PG_SUPERUSERS_LIMITED", None)]


def test_a_recorded_run_compares_as_its_results_document(tmp_path: Path) -> None:
    """The history keeps the fingerprints, not the items: a run read back is matched by what was recorded."""
    findings = _superuser_findings("app", "batch")
    document = _live(findings).document
    url = str(tmp_path / "history.db")
    recorded = store.run(url, store.record(document, url))
    assert all("item" not in f for f in recorded["findings"])
    for label, source in (("file", document), ("history:1", recorded)):
        result = _live(findings, Baseline.of(source, label)).document["baseline"]["counts"]
        assert result == {"new": 0, "fixed": 0, "waived": 0, "unchanged": 2}, label


def test_a_document_without_items_still_loads_and_a_new_one_keeps_them() -> None:
    document = _live(_superuser_findings("app")).document
    rendering.validate(document)
    assert [f.item for f in findings_of(document)] == ["role 'app'"] == [f["item"] for f in document["findings"]]
    old = {**document, "findings": [{k: v for k, v in f.items() if k != "item"} for f in document["findings"]]}
    rendering.validate(old)
    assert [f.item for f in findings_of(old)] == [None]


def test_a_setting_in_an_included_file_keeps_its_fingerprint_when_its_line_moves() -> None:
    """The origin a message names (``conf.d/ssl.conf:12``) is where, not what: not in the fingerprint."""
    scanned = roots([{"source": "database-config", "target": "/srv/pg/postgresql.conf"}])

    def ssl_off(line: int) -> dict[str, Any]:
        return {"check_id": "PG_SSL_ON", "source": "postgresql", "resource": "/srv/pg/postgresql.conf",
                "status": "fail", "message": f"ssl is off (conf.d/ssl.conf:{line})",
                "location": {"file": "/srv/pg/conf.d/ssl.conf", "line": line}, "account": None, "region": None}

    assert fingerprint(ssl_off(12), scanned) == fingerprint(ssl_off(30), scanned)
