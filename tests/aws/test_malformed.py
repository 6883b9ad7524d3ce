"""Malformed API answers (keys missing, wrong types, bodies that do not parse) are ERROR findings naming
the call: never a traceback, never a pass, never a silently empty listing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from baomi.catalog import load_catalog
from baomi.model import SOURCE_ERROR_CHECK, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource
from baomi.sources.interface import SourceError
from tests.support.recording import Recorder

from .conftest import scan
from .estate import INSECURE_ROLE
from .faults import Reply
from .proxy import Proxy, sts_only

pytestmark = pytest.mark.aws
ROOT = Path(__file__).resolve().parents[2]
JSON = "application/x-amz-json-1.1"


def _checks(*ids):
    return tuple(c for c in load_catalog().checks_for("aws") if c.id in ids)


def _errors(findings, region="us-east-1"):
    return {(f.check_id, f.message) for f in findings if f.region in (region, None)}


@pytest.mark.parametrize(("reply", "message"), [
    (Reply("kms", "ListKeys", b'{"Keys": "not-a-list"}', JSON),  # botocore's paginator chokes on it
     "not evaluated: malformed answer on kms:ListKeys (AttributeError)"),
    (Reply("kms", "DescribeKey", b'{"KeyMetadata": {"KeyId": "x", "Enabled": "true"}}', JSON),
     "not evaluated: malformed answer on kms:DescribeKey: KeyMetadata.Enabled is str, expected boolean"),
    (Reply("kms", "ListKeys", b"<html>502 Bad Gateway</html>", JSON),  # botocore would read "no keys"
     "not evaluated: malformed answer on kms:ListKeys: the body is not JSON"),
    (Reply("kms", "ListKeys", b'{"Keys": [{"KeyArn": "arn:aws:kms:us-east-1:222222222222:key/x"}]}', JSON),
     "not evaluated: malformed answer on kms:ListKeys: no KeyId"),
    (Reply("kms", "GetKeyRotationStatus", b'{"KeyRotationEnabled": "yes"}', JSON),  # bool("yes") would pass
     "not evaluated: malformed answer on kms:GetKeyRotationStatus: KeyRotationEnabled is str, expected boolean"),
])
def test_malformed_json_answer_is_an_error_naming_the_call(moto, insecure, reply, message):
    findings = scan(insecure, moto, _checks("AWS_KMS_KEY_ROTATION"), recorder=Recorder(extra=[reply]))
    assert reply.answers >= 1
    assert findings and {(f.status, f.message) for f in findings} == {(Status.ERROR, message)}


@pytest.mark.parametrize(("reply", "check", "message"), [
    (Reply("rds", "DescribeDBInstances",
           b"<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances><DBInstance>"
           b"<DBInstanceIdentifier>x</DBInstanceIdentifier></DBInstance></DBInstances>"
           b"</DescribeDBInstancesResult></DescribeDBInstancesResponse>"),
     "AWS_RDS_NOT_PUBLIC", "not evaluated: malformed answer on rds:DescribeDBInstances: no DBInstanceArn"),
    (Reply("rds", "DescribeDBInstances", b"<DescribeDBInstancesResponse><unclosed"),
     "AWS_RDS_NOT_PUBLIC", "not evaluated: malformed answer on rds:DescribeDBInstances (ResponseParserError)"),
    (Reply("s3", "GetBucketPolicy", b"{ not a policy"),  # the body is the policy document itself
     "AWS_S3_TLS_ONLY", "not evaluated: malformed answer on s3:GetBucketPolicy (JSONDecodeError)"),
])
def test_malformed_xml_answer_is_an_error_naming_the_call(moto, insecure, reply, check, message):
    findings = scan(insecure, moto, _checks(check), recorder=Recorder(extra=[reply]))
    assert reply.answers >= 1
    assert findings and {(f.status, f.message) for f in findings} == {(Status.ERROR, message)}


def test_malformed_identity_answer_is_one_line(moto):
    reply = Reply("sts", "GetCallerIdentity",
                  b"<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Arn></GetCallerIdentityResult>"
                  b"</GetCallerIdentityResponse>")
    source = AwsSource(AwsOptions(regions=("us-east-1",), endpoint_url=moto.url), on_client=reply)
    with pytest.raises(SourceError) as caught:
        judge(source, _checks("AWS_IAM_ROOT_MFA"), Settings())
    assert str(caught.value) == (f"AWS: cannot verify credentials at {moto.url}: "
                                 "malformed answer on sts:GetCallerIdentity: no account ID and ARN")


def test_malformed_assume_role_answer_is_one_line(moto, insecure):
    """The only role cannot be assumed: no account can be read, which is one line (exit 2 on the CLI)."""
    reply = Reply("sts", "AssumeRole", b"<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>")
    with pytest.raises(SourceError) as caught:
        scan(insecure, moto, _checks("AWS_IAM_ROOT_MFA"), recorder=Recorder(extra=[reply]))
    assert str(caught.value) == (f"AWS: no account could be scanned; first failure: {insecure.role_arn}: "
                                 "cannot assume role: malformed answer on sts:AssumeRole: no Credentials")


def test_endpoint_answering_garbage_after_the_identity_call_exits_without_traceback(moto, fake_credentials, tmp_path):
    """Through the command line: STS answers, every other call gets a 200 that is not the API's answer."""
    with Proxy(moto.url, answer=sts_only, then="reply", reply=b"<html><body>captive portal</body></html>") as proxy:
        command = [sys.executable, "-m", "baomi", "scan", "--aws", "--region", "us-east-1", "--role-arn",
                   INSECURE_ROLE, "--endpoint-url", proxy.url, "--format", f"json:{tmp_path / 'r.json'}"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT, env=dict(os.environ))
    assert "Traceback" not in result.stdout + result.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    statuses = {f["status"] for f in report["findings"]}
    assert statuses == {"error"}, "nothing read from a garbage answer may pass or fail"
    # exit 1 is the gate's verdict on the errors, recorded in the report, not a crash
    assert result.returncode == 1 and report["gate"]["passed"] is False
    reasons = report["gate"]["reasons"]
    assert any("could not be evaluated" in r or "not evaluated" in r or "无法" in r for r in reasons), reasons
    probe = [f for f in report["findings"] if f["check_id"] == SOURCE_ERROR_CHECK]
    assert [f["message"] for f in probe] == [] or all("malformed answer on" in f["message"] for f in probe)
    assert all("malformed answer on" in f["message"] or "not evaluated" in f["message"] for f in report["findings"])
