"""AWS_MACIE_CUSTOMER_DATA_FINDINGS: Macie's unarchived findings on the buckets tagged as customer data, read once
per region where Macie is enabled.

moto 5.2.5 has no Macie ``ListFindings`` or ``GetFindings`` (HTTP 404), so those two operations, and only they,
are answered here from the request (``stubs.respond``: each answer validated against botocore's model of the
operation, the calls still recorded). Macie itself (EnableMacie, GetMacieSession) and the buckets and their tags
are moto's. Account 616161616161: in eu-west-1, where Macie is enabled, two buckets tagged as customer data ("3",
"L4") and one untagged; in eu-central-1, where Macie is not enabled, one more tagged "3"."""
from __future__ import annotations

import json
from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.engines.aws import AwsEngine
from baomi.model import Status
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource
from tests.support.recording import Recorder

from . import stubs
from .conftest import scan
from .estate import Estate, role_clients
from .faults import Inject

pytestmark = pytest.mark.aws
CHECKS = tuple(c for c in load_catalog().checks_for("aws") if c.id == "AWS_MACIE_CUSTOMER_DATA_FINDINGS")
ACCOUNT = "616161616161"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/baomi-audit"
CUSTOMERS, STATEMENTS, WEBSITE, ARCHIVE = "mf-customers-eu", "mf-statements-eu", "mf-website-eu", "mf-archive-fra"
#: what a finding says about the object it found data in: never in a message, nor in the evidence
OBJECT_KEY = "customers/zhang-san-110101199003071234.csv"
DETECTION = "CHINA_IDENTIFICATION_NUMBER_DO_NOT_PRINT"
PASSING = (Status.PASS, "Macie has no unarchived sensitive-data or policy finding on the bucket")


@pytest.fixture(scope="module")
def estate(moto) -> Estate:
    client = role_clients(moto.url, ROLE)
    for bucket, region, level in ((CUSTOMERS, "eu-west-1", "3"), (STATEMENTS, "eu-west-1", "L4"),
                                  (WEBSITE, "eu-west-1", None), (ARCHIVE, "eu-central-1", "3")):
        s3 = client("s3", region)
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        if level:
            s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "DataClassification", "Value": level}]})
    client("macie2", "eu-west-1").enable_macie(status="ENABLED")
    client("macie2", "eu-central-1").disable_macie()  # moto starts every region with a session
    return Estate(ACCOUNT, ROLE, ("eu-west-1",), "aws")


def _finding(finding_id: str, bucket: str | None, kind: str, severity: str | None = "High") -> dict[str, Any]:
    """A finding as GetFindings gives it, with an object key and a detection the check must not repeat."""
    finding: dict[str, Any] = {
        "id": finding_id, "type": kind, "category": "POLICY" if kind.startswith("Policy:") else "CLASSIFICATION",
        "archived": False, "count": 1, "accountId": ACCOUNT, "region": "eu-west-1", "partition": "aws",
        "schemaVersion": "1.0", "title": "planted", "description": "planted by the test", "sample": False,
        "createdAt": "2025-03-01T08:00:00Z", "updatedAt": "2025-03-01T08:00:00Z",
        "resourcesAffected": {"s3Object": {"key": OBJECT_KEY, "bucketArn": f"arn:aws:s3:::{bucket}"}}}
    if bucket is not None:
        finding["resourcesAffected"]["s3Bucket"] = {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"}
    if severity is not None:
        finding["severity"] = {"description": severity, "score": {"Low": 1, "Medium": 2, "High": 3}.get(severity, 3)}
    if finding["category"] == "CLASSIFICATION":
        finding["classificationDetails"] = {"result": {"sensitiveData": [{"category": "PERSONAL_INFORMATION",
                                                                          "totalCount": 2, "detections": [{
                                                                              "type": DETECTION, "count": 2,
                                                                              "occurrences": {"lineRanges": [
                                                                                  {"start": 3, "end": 3,
                                                                                   "startColumn": 12}]}}]}]}}
    return finding


def _macie(findings: list[dict[str, Any]], page: int = 50, get: bool = True) -> Any:
    """A client hook: ListFindings pages the IDs of ``findings`` ``page`` at a time, GetFindings answers them
    (unless not ``get``: the call then goes on, to a fault injected or to moto)."""
    ids = [f["id"] for f in findings]
    by_id = {f["id"]: f for f in findings}

    def list_findings(request: dict[str, Any]) -> dict[str, Any]:
        start = int(request.get("nextToken") or 0)
        more = {"nextToken": str(start + page)} if start + page < len(ids) else {}
        return {"findingIds": ids[start:start + page], **more}

    def hook(account: str | None, region: str, service: str, client: Any) -> None:
        if service == "macie2":
            stubs.respond(client, "ListFindings", list_findings)
            if get:
                stubs.respond(client, "GetFindings",
                              lambda request: {"findings": [by_id[i] for i in request["findingIds"]]})

    return hook


def _judged(findings: list[Any]) -> dict[str, tuple[Status, str]]:
    return {f.resource.rpartition(":")[2]: (f.status, f.message) for f in findings}


def _bodies(recorder: Recorder, operation: str) -> list[dict[str, Any]]:
    return [json.loads(c.params["body"]) for c in recorder.calls if (c.service, c.operation) == ("macie2", operation)]


def test_no_unarchived_finding_passes_and_one_query_serves_the_region(moto, estate):
    recorder = Recorder(extra=[_macie([])])
    # the untagged bucket, and the one where Macie is off, are not judged
    assert _judged(scan(estate, moto, CHECKS, recorder=recorder)) == dict.fromkeys((CUSTOMERS, STATEMENTS), PASSING)
    assert _bodies(recorder, "ListFindings") == [{"findingCriteria": {"criterion": {
        "resourcesAffected.s3Bucket.name": {"eq": [CUSTOMERS, STATEMENTS]}, "archived": {"eq": ["false"]}}}}]
    assert _bodies(recorder, "GetFindings") == []
    assert {(c.region, c.operation) for c in recorder.calls if c.service == "macie2"} == {
        ("eu-west-1", "GetMacieSession"), ("eu-west-1", "ListFindings"), ("eu-central-1", "GetMacieSession")}


def test_findings_fail_naming_types_and_severities_never_what_they_found(moto, estate):
    planted = [_finding("f1", CUSTOMERS, "SensitiveData:S3Object/Personal", "High"),
               _finding("f2", CUSTOMERS, "SensitiveData:S3Object/Personal", "Medium"),
               _finding("f3", CUSTOMERS, "Policy:IAMUser/S3BucketSharedExternally", "High"),
               _finding("f4", WEBSITE, "Policy:IAMUser/S3BucketPublic", "High")]  # not asked for: ignored
    recorder = Recorder(extra=[_macie(planted)])
    source = AwsSource(AwsOptions(regions=estate.regions, role_arns=(ROLE,), endpoint_url=moto.url),
                       on_client=recorder)
    collected = source.collect(CHECKS, Settings())
    findings = AwsEngine().judge(collected.facts[0].facts, CHECKS, Settings())
    assert _judged(findings) == {
        CUSTOMERS: (Status.FAIL, "Macie has 3 unarchived finding(s) on the bucket: "
                                 "Policy:IAMUser/S3BucketSharedExternally (1 High); "
                                 "SensitiveData:S3Object/Personal (1 High, 1 Medium)"),
        STATEMENTS: PASSING}
    assert _bodies(recorder, "GetFindings") == [{"findingIds": ["f1", "f2", "f3", "f4"]}]
    evidence = b"".join(file.content for file in source.evidence(collected))
    assert b"macie2.bucket_findings" in evidence and b"SensitiveData:S3Object/Personal" in evidence
    for text in (OBJECT_KEY, DETECTION, "110101199003071234"):
        assert not [f for f in findings if text in f.message]
        assert text.encode() not in evidence


def test_list_findings_is_paged_and_get_findings_takes_50_ids_a_call(moto, estate):
    planted = ([_finding(f"p{i:02}", CUSTOMERS, "SensitiveData:S3Object/Personal", "High" if i < 30 else "Low")
                for i in range(50)]
               + [_finding(f"q{i}", STATEMENTS, "Policy:IAMUser/S3BlockPublicAccessDisabled", "Medium")
                  for i in range(5)])
    recorder = Recorder(extra=[_macie(planted, page=20)])
    assert _judged(scan(estate, moto, CHECKS, recorder=recorder)) == {
        CUSTOMERS: (Status.FAIL, "Macie has 50 unarchived finding(s) on the bucket: "
                                 "SensitiveData:S3Object/Personal (30 High, 20 Low)"),
        STATEMENTS: (Status.FAIL, "Macie has 5 unarchived finding(s) on the bucket: "
                                  "Policy:IAMUser/S3BlockPublicAccessDisabled (5 Medium)")}
    assert [body.get("nextToken") for body in _bodies(recorder, "ListFindings")] == [None, "20", "40"]
    assert [len(body["findingIds"]) for body in _bodies(recorder, "GetFindings")] == [50, 5]


@pytest.mark.parametrize(("finding", "expected"), [
    (_finding("n1", CUSTOMERS, "Policy:IAMUser/S3BucketTakenOver"),
     {CUSTOMERS: (Status.ERROR, "not evaluated: Macie finding type 'Policy:IAMUser/S3BucketTakenOver': not a finding "
                                "type or severity this check knows")}),
    (_finding("n2", CUSTOMERS, "SensitiveData:S3Object/Financial", severity=None),
     {CUSTOMERS: (Status.ERROR, "not evaluated: Macie finding severity absent: not a finding type or severity this "
                                "check knows")}),
    (_finding("n3", CUSTOMERS, "SensitiveData:S3Object/Financial", severity="Critical"),
     {CUSTOMERS: (Status.ERROR, "not evaluated: Macie finding severity 'Critical': not a finding type or severity "
                                "this check knows")}),
    # a finding that names no bucket may be any bucket's that was asked about
    (_finding("n4", None, "SensitiveData:S3Object/Credentials"),
     {CUSTOMERS: (Status.ERROR, "not evaluated: Macie finding(s) n4 name no affected bucket"),
      STATEMENTS: (Status.ERROR, "not evaluated: Macie finding(s) n4 name no affected bucket")}),
], ids=["type", "no-severity", "severity", "no-bucket"])
def test_a_finding_not_understood_is_an_error_never_a_pass(moto, estate, finding, expected):
    judged = _judged(scan(estate, moto, CHECKS, recorder=Recorder(extra=[_macie([finding])])))
    assert judged == {CUSTOMERS: PASSING, STATEMENTS: PASSING, **expected}


@pytest.mark.parametrize("operation", ["ListFindings", "GetFindings"])
def test_access_denied_is_an_error(moto, estate, operation):
    refusal = Inject("macie2", operation, 403, "AccessDeniedException", times=None,
                     message=f"User: {ROLE} is not authorized to perform: macie2:{operation}")
    planted = [_finding("d1", CUSTOMERS, "SensitiveData:S3Object/Personal")]
    hooks = [_macie(planted, get=False)] if operation == "GetFindings" else []
    judged = _judged(scan(estate, moto, CHECKS, recorder=Recorder(extra=[*hooks, refusal])))
    assert judged == dict.fromkeys((CUSTOMERS, STATEMENTS),
                                   (Status.ERROR, f"not evaluated: AccessDeniedException on macie2:{operation}"))


def test_china_regions_are_neither_judged_nor_called(moto, hardened):
    """The hardened estate's buckets are tagged as customer data, in regions where AWS offers no Macie."""
    recorder = Recorder()
    assert scan(hardened, moto, CHECKS, recorder=recorder) == []
    assert [c for c in recorder.calls if c.service == "macie2"] == []


def test_no_finding_is_read_where_macie_is_paused(moto, insecure):
    """The insecure estate's customer buckets are in ap-east-1, where Macie is paused: AWS_MACIE_ENABLED fails it."""
    recorder = Recorder()
    assert scan(insecure, moto, CHECKS, recorder=recorder) == []
    assert {(c.region, c.operation) for c in recorder.calls if c.service == "macie2"} == {
        ("ap-east-1", "GetMacieSession")}
