"""AWS_MACIE_ENABLED beyond the estates: a region where Macie runs passes, the China regions (AWS offers no
Macie there) are neither judged nor called, and AWS's "Macie is not enabled" refusal is told from a missing
permission."""
from __future__ import annotations

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from tests.support.recording import Recorder

from .conftest import scan
from .estate import role_clients
from .faults import Inject

pytestmark = pytest.mark.aws
CHECKS = tuple(c for c in load_catalog().checks_for("aws") if c.id == "AWS_MACIE_ENABLED")


def _judged(findings):
    return [(f.region, f.status, f.message) for f in findings]


def test_enabled_session_passes(moto, insecure):
    role_clients(moto.url, insecure.role_arn)("macie2", "eu-west-1").enable_macie(status="ENABLED")
    findings = scan(insecure, moto, CHECKS, regions=("eu-west-1",))
    assert _judged(findings) == [("eu-west-1", Status.PASS, "Macie is enabled")]
    assert findings[0].resource == f"arn:aws:macie2:eu-west-1:{insecure.account}:account"


def test_china_regions_are_neither_judged_nor_called(moto, hardened):
    recorder = Recorder()
    assert scan(hardened, moto, CHECKS, recorder=recorder) == []
    assert hardened.regions == ("cn-north-1", "cn-northwest-1")
    assert [c for c in recorder.calls if c.service == "macie2"] == []


@pytest.mark.parametrize(("message", "expected"), [
    ("Macie is not enabled.", (Status.FAIL, "Macie is not enabled in us-east-1")),
    ("User: arn:aws:sts::111122223333:assumed-role/audit/x is not authorized to perform: macie2:GetMacieSession",
     (Status.ERROR, "not evaluated: AccessDeniedException on macie2:GetMacieSession")),
])
def test_access_denied_is_not_enabled_only_when_aws_says_so(moto, insecure, message, expected):
    refusal = Inject("macie2", "GetMacieSession", 403, "AccessDeniedException", times=None, message=message)
    findings = scan(insecure, moto, CHECKS, regions=("us-east-1",), recorder=Recorder(extra=[refusal]))
    assert _judged(findings) == [("us-east-1", *expected)]


def test_paused_session_fails(moto, insecure):
    findings = scan(insecure, moto, CHECKS, regions=("ap-east-1",))
    assert _judged(findings) == [
        ("ap-east-1", Status.FAIL, "Macie is paused in ap-east-1: it runs no discovery job and publishes no finding")]
