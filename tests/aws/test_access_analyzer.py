"""AWS_ACCESSANALYZER_ENABLED and AWS_ACCESSANALYZER_PUBLIC_FINDINGS beyond the estates: which analyzers count,
which statuses fail and which are not understood, how public findings are named, paging, the server-side
filter, a refused ListAnalyzers, and the China regions (AWS offers Access Analyzer there).

moto 5.2.5 has no IAM Access Analyzer: every operation answers HTTP 500 (ListAnalyzers, ListFindings and
ListFindingsV2 alike), so nothing can be seeded. As in tests/aws/stubs.py, ListAnalyzers and ListFindings are
answered on the scanner's own Access Analyzer clients with responses validated against botocore's service model;
STS and the region probe still go to the moto server, and a refusal is injected before the request is sent
(tests/aws/faults.py), so botocore parses a real error answer."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from tests.support.recording import Recorder

from . import stubs
from .conftest import scan
from .estate import Estate
from .faults import Inject

pytestmark = pytest.mark.aws
IDS = ("AWS_ACCESSANALYZER_ENABLED", "AWS_ACCESSANALYZER_PUBLIC_FINDINGS")
CHECKS = tuple(c for c in load_catalog().checks_for("aws") if c.id in IDS)
ACCOUNT = "777700000014"
ESTATE = Estate(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:role/baomi-audit", ("us-east-1",), "aws")
REGION = f"arn:aws:access-analyzer:us-east-1:{ACCOUNT}:account"
PREFIX = f"arn:aws:access-analyzer:us-east-1:{ACCOUNT}"
ANALYZER = f"{PREFIX}:analyzer/account"


def _answers(analyzers: list[tuple[str, str, str, str | None]],
             findings: list[dict[str, Any]] | None = None, asked: list[Mapping[str, Any]] | None = None,
             page: int = 100) -> Any:
    """A client hook: ListAnalyzers answers ``analyzers`` ((name, type, status, reason) each) and ListFindings
    ``findings`` ``page`` at a time; each ListFindings request's parameters are appended to ``asked``."""
    def list_findings(params: Mapping[str, Any]) -> dict[str, Any]:
        (asked if asked is not None else []).append(params)
        start = int(params.get("nextToken") or 0)
        more = {"nextToken": str(start + page)} if start + page < len(findings or []) else {}
        return {"findings": (findings or [])[start:start + page], **more}

    def install(account: str | None, region: str, service: str, client: Any) -> None:
        if service == "accessanalyzer":
            prefix = f"arn:{'aws-cn' if region.startswith('cn-') else 'aws'}:access-analyzer:{region}:{account}"
            stubs.answer_for(client, "ListAnalyzers", {None: {"analyzers": [
                stubs.analyzer(prefix, name, kind, status, reason) for name, kind, status, reason in analyzers]}})
            stubs.answer_calls(client, "ListFindings", list_findings)

    return install


def _judged(moto, hook, estate: Estate = ESTATE, recorder: Recorder | None = None):
    recorder = recorder or Recorder(extra=[hook])
    return sorted((f.check_id, f.resource, f.status, f.message) for f in scan(estate, moto, CHECKS, recorder=recorder))


@pytest.mark.parametrize(("analyzers", "status", "message"), [
    ([], Status.FAIL, "no IAM Access Analyzer analyzer in us-east-1"),
    ([("account", "ACCOUNT", "ACTIVE", None)], Status.PASS, "external-access analyzer account (ACCOUNT) is active"),
    ([("broken", "ACCOUNT", "FAILED", "SERVICE_LINKED_ROLE_CREATION_FAILED"), ("org", "ORGANIZATION", "ACTIVE", None)],
     Status.PASS, "external-access analyzer org (ORGANIZATION) is active"),
    ([("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE", None)], Status.FAIL,
     "no external-access analyzer in us-east-1: unused only report(s) unused access"),
    ([("org", "ORGANIZATION", "DISABLED", "AWS_SERVICE_ACCESS_DISABLED"),
      ("broken", "ACCOUNT", "FAILED", "SERVICE_LINKED_ROLE_CREATION_FAILED"), ("new", "ACCOUNT", "CREATING", None)],
     Status.FAIL, "no external-access analyzer is active in us-east-1: org is DISABLED (AWS_SERVICE_ACCESS_DISABLED), "
                  "broken is FAILED (SERVICE_LINKED_ROLE_CREATION_FAILED), new is CREATING"),
    ([("odd", "ACCOUNT", "PAUSED", None)], Status.ERROR,
     "not evaluated: analyzer odd's status 'PAUSED' is not ACTIVE, CREATING, DISABLED or FAILED"),
    ([("internal", "ACCOUNT_INTERNAL_ACCESS", "ACTIVE", None)], Status.ERROR,
     "not evaluated: analyzer internal's type 'ACCOUNT_INTERNAL_ACCESS' is not one this check knows (ACCOUNT, "
     "ORGANIZATION, or their unused-access kinds)"),
])
def test_only_an_active_external_access_analyzer_passes(moto, analyzers, status, message):
    judged = _judged(moto, _answers(analyzers))
    assert [j for j in judged if j[0] == "AWS_ACCESSANALYZER_ENABLED"] == [
        ("AWS_ACCESSANALYZER_ENABLED", REGION, status, message)]
    # only an active external-access analyzer's findings are judged (the one that passes above)
    active = [f"{PREFIX}:analyzer/{name}" for name, kind, state, _ in analyzers
              if kind in ("ACCOUNT", "ORGANIZATION") and state == "ACTIVE"]
    assert [j[1] for j in judged if j[0] == "AWS_ACCESSANALYZER_PUBLIC_FINDINGS"] == active


def _finding(resource: str, kind: str, public: bool | None, number: int, **more: Any) -> dict[str, Any]:
    return {**stubs.finding(resource, kind, public, ACCOUNT, number), **more}


PUBLIC = [_finding("arn:aws:s3:::open-1", "AWS::S3::Bucket", True, 1),
          _finding(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k-1", "AWS::KMS::Key", True, 2),
          _finding("arn:aws:s3:::open-2", "AWS::S3::Bucket", True, 3),
          _finding(f"arn:aws:sqs:us-east-1:{ACCOUNT}:open", "AWS::SQS::Queue", True, 4),
          _finding(f"arn:aws:rds:us-east-1:{ACCOUNT}:snapshot:open", "AWS::RDS::DBSnapshot", True, 5)]
SHARED = [_finding("arn:aws:s3:::partner", "AWS::S3::Bucket", False, 6)]


@pytest.mark.parametrize(("findings", "status", "message"), [
    ([], Status.PASS, "no active public finding"),
    (SHARED, Status.PASS, "no active public finding; 1 active finding(s) of access from other accounts, not public"),
    (PUBLIC[:1], Status.FAIL, "1 active public finding(s) on AWS::S3::Bucket: arn:aws:s3:::open-1"),
    (PUBLIC + SHARED, Status.FAIL,
     "5 active public finding(s) on AWS::KMS::Key, AWS::RDS::DBSnapshot, AWS::S3::Bucket, AWS::SQS::Queue: "
     f"arn:aws:s3:::open-1, arn:aws:kms:us-east-1:{ACCOUNT}:key/k-1, arn:aws:s3:::open-2 and 2 more; "
     "1 active finding(s) of access from other accounts, not public"),
    # a finding AWS could not analyse says nothing of who can reach the resource
    ([*SHARED, _finding("arn:aws:s3:::unread", "AWS::S3::Bucket", None, 7, error="ACCESS_DENIED")], Status.ERROR,
     "not evaluated: active finding on arn:aws:s3:::unread (AWS::S3::Bucket) (error ACCESS_DENIED): isPublic is "
     "absent"),
    # a public finding fails whatever else is unclear
    ([PUBLIC[0], _finding("arn:aws:s3:::unread", "AWS::S3::Bucket", None, 7)], Status.FAIL,
     "1 active public finding(s) on AWS::S3::Bucket: arn:aws:s3:::open-1"),
])
def test_active_public_findings_fail_and_are_named(moto, findings, status, message):
    judged = _judged(moto, _answers([("account", "ACCOUNT", "ACTIVE", None)], findings))
    assert [j for j in judged if j[0] == "AWS_ACCESSANALYZER_PUBLIC_FINDINGS"] == [
        ("AWS_ACCESSANALYZER_PUBLIC_FINDINGS", ANALYZER, status, message)]


def test_findings_are_filtered_by_aws_and_read_across_pages(moto):
    asked: list[Mapping[str, Any]] = []
    recorder = Recorder(extra=[_answers([("account", "ACCOUNT", "ACTIVE", None)], SHARED * 3 + PUBLIC[:1], asked,
                                        page=2)])
    judged = _judged(moto, None, recorder=recorder)
    assert ("AWS_ACCESSANALYZER_PUBLIC_FINDINGS", ANALYZER, Status.FAIL,
            "1 active public finding(s) on AWS::S3::Bucket: arn:aws:s3:::open-1; 3 active finding(s) of access from "
            "other accounts, not public") in judged
    assert [(p["analyzerArn"], p["filter"], p.get("nextToken")) for p in asked] == [
        (ANALYZER, {"status": {"eq": ["ACTIVE"]}}, None), (ANALYZER, {"status": {"eq": ["ACTIVE"]}}, "2")]
    calls = [(c.service, c.operation) for c in recorder.calls if c.service == "accessanalyzer"]
    assert sorted(calls) == [("accessanalyzer", "ListAnalyzers"), ("accessanalyzer", "ListFindings"),
                             ("accessanalyzer", "ListFindings")], "one listing for both checks, one call per page"


@pytest.mark.parametrize(("findings", "status", "message"), [
    # the filter on ACTIVE ignored: the listing is not what was asked for, so nothing passes on it
    ([SHARED[0], _finding("arn:aws:s3:::old", "AWS::S3::Bucket", True, 8, status="ARCHIVED")], Status.ERROR,
     "not evaluated: ListFindings, filtered on status ACTIVE, answered a finding on arn:aws:s3:::old with status "
     "'ARCHIVED'"),
    ([_finding("arn:aws:s3:::odd", "AWS::S3::Bucket", False, 9, status="UNDER_REVIEW")], Status.ERROR,
     "not evaluated: ListFindings, filtered on status ACTIVE, answered a finding on arn:aws:s3:::odd with status "
     "'UNDER_REVIEW'"),
    # an active public finding fails whatever else the answer holds, and only the active ones are counted
    ([PUBLIC[0], _finding("arn:aws:s3:::old", "AWS::S3::Bucket", True, 8, status="RESOLVED")], Status.FAIL,
     "1 active public finding(s) on AWS::S3::Bucket: arn:aws:s3:::open-1"),
])
def test_findings_not_active_in_the_filtered_answer_are_not_understood(moto, findings, status, message):
    judged = _judged(moto, _answers([("account", "ACCOUNT", "ACTIVE", None)], findings))
    assert [j for j in judged if j[0] == "AWS_ACCESSANALYZER_PUBLIC_FINDINGS"] == [
        ("AWS_ACCESSANALYZER_PUBLIC_FINDINGS", ANALYZER, status, message)]


def test_refused_listing_is_an_error_for_both_checks(moto):
    refusal = Inject("accessanalyzer", "ListAnalyzers", 403, "AccessDeniedException", times=None)
    judged = _judged(moto, None, recorder=Recorder(extra=[refusal]))
    reason = "not evaluated: AccessDeniedException on access-analyzer:ListAnalyzers"
    assert judged == [
        ("AWS_ACCESSANALYZER_ENABLED", REGION, Status.ERROR, reason),
        ("AWS_ACCESSANALYZER_PUBLIC_FINDINGS", f"arn:aws:accessanalyzer:us-east-1:{ACCOUNT}:*", Status.ERROR, reason)]


def test_china_regions_are_judged(moto):
    """Access Analyzer is offered in the aws-cn partition (botocore lists cn-north-1 and cn-northwest-1)."""
    china = Estate("777700000015", "arn:aws-cn:iam::777700000015:role/baomi-audit", ("cn-north-1",), "aws-cn")
    recorder = Recorder(extra=[_answers([("account", "ACCOUNT", "ACTIVE", None)])])
    judged = _judged(moto, None, china, recorder)
    prefix = "arn:aws-cn:access-analyzer:cn-north-1:777700000015"
    assert judged == [
        ("AWS_ACCESSANALYZER_ENABLED", f"{prefix}:account", Status.PASS,
         "external-access analyzer account (ACCOUNT) is active"),
        ("AWS_ACCESSANALYZER_PUBLIC_FINDINGS", f"{prefix}:analyzer/account", Status.PASS, "no active public finding")]
    assert {(c.region, c.operation) for c in recorder.calls if c.service == "accessanalyzer"} == {
        ("cn-north-1", "ListAnalyzers"), ("cn-north-1", "ListFindings")}
