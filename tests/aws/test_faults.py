"""Faults: AccessDenied under moto's IAM enforcement, throttling, unreachable endpoint or region,
expired or missing credentials, roles that cannot be assumed. Never a traceback, never a silent pass."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from baomi.catalog import load_catalog
from baomi.model import SOURCE_ERROR_CHECK, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource
from baomi.sources.interface import SourceError
from tests.support.moto_server import _free_port
from tests.support.recording import Recorder

from .conftest import scan
from .faults import Inject

pytestmark = pytest.mark.aws
ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "docs" / "aws-permissions.json"


def _checks(*ids):
    return tuple(c for c in load_catalog().checks_for("aws") if c.id in ids)


#: moto authorises GetBucketEncryption and GetPublicAccessBlock as s3:ListBucket, and the account-level
#: S3 Control call as s3:GetPublicAccessBlock, where AWS uses s3:GetEncryptionConfiguration,
#: s3:GetBucketPublicAccessBlock and s3:GetAccountPublicAccessBlock (all in the shipped policy)
MOTO_ACTION_ALIASES = ["s3:ListBucket", "s3:GetPublicAccessBlock"]
#: moto's IAM enforcement answers 403 to every request of these services, even under Action "*" (to EFS,
#: OpenSearch, API Gateway (REST and v2) and Backup: SignatureDoesNotMatch; to CloudFront an error without a code);
#: to Lambda's ListFunctions and Macie's GetMacieSession it answers a bare 403 although the shipped policy grants
#: them; it has no Access Analyzer at all (HTTP 500, test_access_analyzer.py), and the Backup plan check lists EFS
#: and Backup
MOTO_UNENFORCEABLE = ("AWS_GUARDDUTY_ENABLED", "AWS_SECURITYHUB_ENABLED", "AWS_LAMBDA_ENV_SECRETS", "AWS_EFS_ENCRYPTED",
                      "AWS_OPENSEARCH_AT_REST", "AWS_OPENSEARCH_NODE_TO_NODE", "AWS_OPENSEARCH_HTTPS",
                      "AWS_CLOUDFRONT_VIEWER_HTTPS", "AWS_CLOUDFRONT_MIN_TLS", "AWS_APIGATEWAY_ACCESS_LOGGING",
                      "AWS_APIGATEWAYV2_ACCESS_LOGGING", "AWS_APIGATEWAY_DOMAIN_TLS",
                      "AWS_BACKUP_VAULT_CMK", "AWS_BACKUP_VAULT_LOCKED", "AWS_MACIE_ENABLED",
                      "AWS_BACKUP_PLAN_COVERAGE", "AWS_ACCESSANALYZER_ENABLED", "AWS_ACCESSANALYZER_PUBLIC_FINDINGS")


@pytest.fixture
def restricted_user(moto, monkeypatch):
    """An IAM user of the base account holding the shipped read-only policy minus s3:GetBucketPolicy,
    with moto enforcing IAM on every request while the test runs."""
    iam = boto3.client("iam", region_name="us-east-1", endpoint_url=moto.url)
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=moto.url)
    s3.create_bucket(Bucket="base-account-reports")
    iam.create_user(UserName="auditor")
    policy = json.loads(POLICY.read_text())
    policy["Statement"] += [{"Effect": "Allow", "Action": MOTO_ACTION_ALIASES, "Resource": "*"},
                            {"Effect": "Deny", "Action": "s3:GetBucketPolicy", "Resource": "*"}]
    iam.put_user_policy(UserName="auditor", PolicyName="baomi", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    moto.enforce_iam(True)
    try:
        yield key
    finally:
        moto.enforce_iam(False)


def test_access_denied_on_one_call_errors_only_the_checks_needing_it(moto, restricted_user):
    options = AwsOptions(regions=("us-east-1",), endpoint_url=moto.url)
    checks = tuple(c for c in load_catalog().checks_for("aws") if c.id not in MOTO_UNENFORCEABLE)
    findings = list(judge(AwsSource(options), checks, Settings()))
    errors = {(f.check_id, f.resource, f.message) for f in findings if f.status == Status.ERROR}
    # the residency check lists the stores of services moto refuses too (above): one error per listing
    refused = {("efs", "elasticfilesystem:DescribeFileSystems"), ("opensearch", "es:ListDomainNames"),
               ("backup", "backup:ListBackupVaults")}
    assert errors == {
        *((check, "arn:aws:s3:::base-account-reports", "not evaluated: AccessDenied on s3:GetBucketPolicy")
          for check in ("AWS_S3_TLS_ONLY", "AWS_S3_POLICY_PUBLIC", "AWS_S3_CROSS_ACCOUNT")),
        *(("AWS_DATA_RESIDENCY", f"arn:aws:{service}:us-east-1:123456789012:*", f"not evaluated: 403 on {action}")
          for service, action in refused)}
    # everything else was readable with exactly the shipped policy, as moto evaluates it
    assert {f.check_id for f in findings if f.resource == "arn:aws:s3:::base-account-reports"} >= {
        "AWS_S3_DEFAULT_ENCRYPTION", "AWS_S3_VERSIONING", "AWS_S3_ACCESS_LOGGING", "AWS_S3_TLS_ONLY"}


def test_access_denied_on_a_listing_errors_the_check_once(moto, insecure):
    deny = Inject("rds", "DescribeDBInstances", 403, "AccessDenied", times=None)
    findings = scan(insecure, moto, _checks("AWS_RDS_NOT_PUBLIC"), recorder=Recorder(extra=[deny]))
    assert {(f.region, f.status, f.message) for f in findings} == {
        (region, Status.ERROR, "not evaluated: AccessDenied on rds:DescribeDBInstances")
        for region in insecure.regions}
    assert {f.resource for f in findings} == {f"arn:aws:rds:{r}:{insecure.account}:*" for r in insecure.regions}


def test_throttled_call_is_retried_and_then_succeeds(moto, insecure):
    throttle = Inject("s3", "GetBucketVersioning", 400, "ThrottlingException", times=1)
    recorder = Recorder(extra=[throttle])
    findings = scan(insecure, moto, _checks("AWS_S3_VERSIONING"), recorder=recorder)
    assert throttle.attempts == 5  # 4 buckets, one of them throttled once and retried
    assert [c.operation for c in recorder.calls].count("GetBucketVersioning") == 4
    assert {f.status for f in findings} == {Status.FAIL} and len(findings) == 4


def test_unreachable_endpoint_is_one_line_source_error(fake_credentials):
    """Credentials must be found before the endpoint is tried: the fake ones, not the machine's."""
    port = _free_port()  # nothing listens there
    source = AwsSource(AwsOptions(regions=("us-east-1",), endpoint_url=f"http://127.0.0.1:{port}"))
    with pytest.raises(SourceError) as caught:
        judge(source, load_catalog().checks_for("aws"), Settings())
    message = str(caught.value)
    assert "\n" not in message
    assert message == (f"AWS: cannot verify credentials at http://127.0.0.1:{port}: "
                       "endpoint unreachable on sts:GetCallerIdentity (EndpointConnectionError)")


@pytest.mark.parametrize(("endpoint", "shown"), [
    ("notaurl", "notaurl"),
    ("ftp://127.0.0.1:21", "ftp://127.0.0.1:21"),
    ("https://auditor:hunter2-secret@[::1", "https://[::1"),  # an unclosed IPv6 bracket; the password is hidden
])
def test_invalid_endpoint_url_is_one_line_source_error(moto, endpoint, shown):
    source = AwsSource(AwsOptions(regions=("us-east-1",), endpoint_url=endpoint))
    with pytest.raises(SourceError) as caught:
        judge(source, load_catalog().checks_for("aws"), Settings())
    assert str(caught.value) == (f"AWS: endpoint URL {shown!r} (--endpoint-url / AWS_ENDPOINT_URL) is not valid; "
                                 "expected http(s)://host[:port]")


def test_invalid_endpoint_url_on_the_command_line_exits_2_without_traceback(moto, tmp_path):
    command = [sys.executable, "-m", "baomi", "scan", "--aws", "--region", "us-east-1", "--endpoint-url", "notaurl",
               "--format", f"json:{tmp_path / 'report.json'}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "baomi: error: AWS: endpoint URL 'notaurl' (--endpoint-url / AWS_ENDPOINT_URL) is not valid; "
        "expected http(s)://host[:port]"]
    assert "Traceback" not in result.stdout + result.stderr


def test_expired_credentials_at_start_are_one_line_source_error(moto):
    expired = Inject("sts", "GetCallerIdentity", 403, "ExpiredToken")
    source = AwsSource(AwsOptions(regions=("us-east-1",), endpoint_url=moto.url), on_client=expired)
    with pytest.raises(SourceError, match=r"^AWS: cannot verify credentials at http://127\.0\.0\.1:\d+: "
                                          r"credentials expired \(ExpiredToken\) on sts:GetCallerIdentity$"):
        judge(source, load_catalog().checks_for("aws"), Settings())


def test_credentials_expiring_mid_scan_become_errors(moto, insecure):
    expired = Inject("iam", "GetAccountSummary", 403, "ExpiredToken", times=None)
    findings = scan(insecure, moto, _checks("AWS_IAM_ROOT_MFA", "AWS_IAM_ROOT_ACCESS_KEYS"),
                    recorder=Recorder(extra=[expired]))
    assert {(f.check_id, f.status, f.message) for f in findings} == {
        (c, Status.ERROR, "not evaluated: credentials expired (ExpiredToken) on iam:GetAccountSummary")
        for c in ("AWS_IAM_ROOT_MFA", "AWS_IAM_ROOT_ACCESS_KEYS")}
    assert expired.attempts == 1, "both checks share one GetAccountSummary call"


def test_disabled_region_is_reported_once_and_skipped(moto, insecure):
    opt_in = Inject("ec2", "DescribeAvailabilityZones", 401, "AuthFailure", region="ap-east-1", times=None)
    findings = scan(insecure, moto, _checks("AWS_GUARDDUTY_ENABLED", "AWS_RDS_NOT_PUBLIC", "AWS_IAM_ROOT_MFA"),
                    recorder=Recorder(extra=[opt_in]))
    skipped = [f for f in findings if f.region == "ap-east-1"]
    assert [(f.check_id, f.status, f.resource, f.message) for f in skipped] == [
        (SOURCE_ERROR_CHECK, Status.ERROR, f"arn:aws:ec2:ap-east-1:{insecure.account}:region",
         "region ap-east-1 skipped: AuthFailure on ec2:DescribeAvailabilityZones")]
    assert {(f.check_id, f.region) for f in findings if f.region != "ap-east-1"} == {
        ("AWS_GUARDDUTY_ENABLED", "us-east-1"), ("AWS_RDS_NOT_PUBLIC", "us-east-1"), ("AWS_IAM_ROOT_MFA", None)}


def test_missing_credentials_are_one_line_source_error(moto, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    source = AwsSource(AwsOptions(regions=("us-east-1",), endpoint_url=moto.url))
    with pytest.raises(SourceError, match=r"^AWS: no credentials found \(set a profile, environment variables "
                                          r"or an instance role\)$"):
        judge(source, load_catalog().checks_for("aws"), Settings())


def test_unknown_profile_is_one_line_source_error(moto):
    source = AwsSource(AwsOptions(profile="nobody", endpoint_url=moto.url))
    with pytest.raises(SourceError, match=r"^AWS profile 'nobody' not found in the AWS config files$"):
        judge(source, load_catalog().checks_for("aws"), Settings())


def test_role_that_cannot_be_assumed_is_reported_and_the_rest_scanned(moto, insecure):
    refuse = Inject("sts", "AssumeRole", 403, "AccessDenied",
                    when=lambda request: "333333333333" in str(request.body))
    role = "arn:aws:iam::333333333333:role/baomi-audit"
    findings = scan(insecure, moto, _checks("AWS_IAM_ROOT_MFA"), recorder=Recorder(extra=[refuse]),
                    role_arns=(role, insecure.role_arn))
    assert {(f.check_id, f.account, f.status) for f in findings} == {
        (SOURCE_ERROR_CHECK, "333333333333", Status.ERROR), ("AWS_IAM_ROOT_MFA", insecure.account, Status.FAIL)}
    error = next(f for f in findings if f.check_id == SOURCE_ERROR_CHECK)
    assert (error.resource, error.message) == (role, "cannot assume role: AccessDenied on sts:AssumeRole")


def test_no_account_readable_is_one_line_source_error(moto):
    source = AwsSource(AwsOptions(regions=("us-east-1",), role_arns=("arn:aws:iam::1:user/not-a-role",),
                                  endpoint_url=moto.url))
    with pytest.raises(SourceError, match=r"^AWS: no account could be scanned; first failure: "
                                          r"arn:aws:iam::1:user/not-a-role: not an IAM role ARN"):
        judge(source, load_catalog().checks_for("aws"), Settings())
