"""Exposure and credentials out of place on the seeded estates (tests/aws/estate.py), beyond the statuses that
test_estates.py pins: what each finding says, trusted_accounts turning a share into a pass, and the planted
credentials never appearing in a finding nor in the evidence bundle."""
from __future__ import annotations

import functools
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from baomi.catalog import load_catalog
from baomi.cli import cli
from baomi.model import Status
from baomi.settings import Settings
from baomi.sources.aws import AwsSource

from . import stubs
from .conftest import scan
from .estate import ECS_SECRET, LAMBDA_SECRET, PLANTED_KEY_ID, STRANGER, USER_DATA_SECRET

pytestmark = pytest.mark.aws

EXPOSURE = ("AWS_S3_POLICY_PUBLIC", "AWS_S3_ACL_PUBLIC", "AWS_S3_CROSS_ACCOUNT", "AWS_KMS_KEY_POLICY_EXPOSURE",
            "AWS_RDS_SNAPSHOT_SHARED", "AWS_RDS_SNAPSHOT_ENCRYPTED", "AWS_EC2_EBS_SNAPSHOT_SHARED")
CREDENTIALS = ("AWS_LAMBDA_ENV_SECRETS", "AWS_EC2_USER_DATA_SECRETS", "AWS_ECS_TASK_SECRETS")
PLANTED = (LAMBDA_SECRET, USER_DATA_SECRET, ECS_SECRET, PLANTED_KEY_ID)


def _checks(ids: tuple[str, ...]):
    return tuple(c for c in load_catalog().checks_for("aws") if c.id in ids)


def _failures(findings, estate) -> dict[tuple[str, str], str]:
    """(check, label of the resource in the estate) -> message, for the failed findings."""
    labels = {arn: label for label, arn in estate.arn.items()}
    return {(f.check_id, labels.get(f.resource, f.resource)): f.message for f in findings if f.status == Status.FAIL}


def test_exposure_findings_name_what_is_exposed_and_to_whom(moto, insecure):
    failures = _failures(scan(insecure, moto, _checks(EXPOSURE)), insecure)
    assert failures == {
        ("AWS_S3_POLICY_PUBLIC", "bucket:trail"):
            'allows everyone (Principal "*") without a condition that pins the caller: AnyoneReads',
        ("AWS_S3_CROSS_ACCOUNT", "bucket:trail"): f"shared with accounts not in trusted_accounts: {STRANGER}",
        ("AWS_S3_ACL_PUBLIC", "bucket:open"): "the bucket ACL grants everyone (AllUsers): READ",
        ("AWS_KMS_KEY_POLICY_EXPOSURE", "key:public"):
            'key policy allows everyone (Principal "*") without a condition that pins the caller: Decrypt',
        ("AWS_KMS_KEY_POLICY_EXPOSURE", "key:shared"):
            f"key policy grants accounts not in trusted_accounts: {STRANGER}",
        ("AWS_RDS_SNAPSHOT_SHARED", "snapshot:partner"): f"snapshot shared with accounts not in trusted_accounts: "
                                                          f"{STRANGER}",
        ("AWS_RDS_SNAPSHOT_ENCRYPTED", "snapshot:public"): "snapshot is not encrypted",
        ("AWS_EC2_EBS_SNAPSHOT_SHARED", "ebs-snapshot:public"): "snapshot can be restored by any AWS account (public)",
        ("AWS_EC2_EBS_SNAPSHOT_SHARED", "ebs-snapshot:shared"): f"snapshot shared with accounts not in "
                                                                 f"trusted_accounts: {STRANGER}",
    }


def test_trusted_accounts_may_be_granted_access_but_public_stays_public(moto, insecure):
    findings = scan(insecure, moto, _checks(EXPOSURE), Settings(trusted_accounts=(STRANGER,)))
    assert set(_failures(findings, insecure)) == {
        ("AWS_S3_POLICY_PUBLIC", "bucket:trail"), ("AWS_S3_ACL_PUBLIC", "bucket:open"),
        ("AWS_KMS_KEY_POLICY_EXPOSURE", "key:public"), ("AWS_RDS_SNAPSHOT_ENCRYPTED", "snapshot:public"),
        ("AWS_EC2_EBS_SNAPSHOT_SHARED", "ebs-snapshot:public")}
    passed = {(f.check_id, f.resource): f.message for f in findings if f.status == Status.PASS}
    assert passed["AWS_RDS_SNAPSHOT_SHARED", insecure.arn["snapshot:partner"]] == (
        "snapshot shared with 1 trusted account(s)")
    assert passed["AWS_KMS_KEY_POLICY_EXPOSURE", insecure.arn["key:shared"]] == (
        "key policy grants only this account and trusted accounts")


def test_public_rds_snapshot_fails_once_the_shared_check_judges_the_named_accounts(moto, insecure):
    """A public RDS snapshot is AWS_RDS_NO_PUBLIC_SNAPSHOTS' failure; AWS_RDS_SNAPSHOT_SHARED does not fail it too
    (an EBS snapshot, which has no such twin, still fails AWS_EC2_EBS_SNAPSHOT_SHARED when public)."""
    ids = ("AWS_RDS_NO_PUBLIC_SNAPSHOTS", "AWS_RDS_SNAPSHOT_SHARED")
    public = {(f.check_id, f.status, f.message) for f in scan(insecure, moto, _checks(ids))
              if f.resource == insecure.arn["snapshot:public"]}
    assert public == {
        ("AWS_RDS_NO_PUBLIC_SNAPSHOTS", Status.FAIL, "snapshot can be restored by any AWS account"),
        ("AWS_RDS_SNAPSHOT_SHARED", Status.PASS,
         "snapshot shared with no named account (it is public: AWS_RDS_NO_PUBLIC_SNAPSHOTS judges that)")}


def test_credential_findings_name_variables_and_lines_never_values(moto, hardened, insecure):
    failures = _failures(scan(insecure, moto, _checks(CREDENTIALS)), insecure)
    assert failures == {
        ("AWS_LAMBDA_ENV_SECRETS", "function"): "the function's environment holds credentials in: DB_PASSWORD, "
                                                "UPSTREAM_KEY",
        ("AWS_EC2_USER_DATA_SECRETS", "instance"): "user data holds credentials at line 2: DB_PASSWORD, "
                                                   "line 3: an AWS access key ID",
        ("AWS_ECS_TASK_SECRETS", "task"): "the containers' environment holds credentials in: app.API_TOKEN",
    }
    passes = {f.check_id: f.message for f in scan(hardened, moto, _checks(CREDENTIALS))
              if f.resource in (hardened.arn["function:cn-north-1"], hardened.arn["task:cn-north-1"])}
    assert passes == {"AWS_LAMBDA_ENV_SECRETS": "no credential in the function's environment (2 variable(s))",
                      "AWS_ECS_TASK_SECRETS": "no credential in the containers' environment (1 variable(s))"}


def test_planted_credentials_reach_neither_findings_nor_the_evidence_bundle(moto, insecure, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    # moto has no Access Analyzer: answered as tests/aws/stubs.py does, not retried for a minute on HTTP 500
    monkeypatch.setattr("baomi.sources.aws.plugin.AwsSource",
                        functools.partial(AwsSource, on_client=stubs.analyzers_and_backup_selections))
    db, out = tmp_path / "history.db", tmp_path / "bundle.zip"
    runner = CliRunner()
    scanned = runner.invoke(cli, ["scan", "--aws", "--role-arn", insecure.role_arn, "--region", "us-east-1",
                                  "--endpoint-url", moto.url, "--no-gate", "--history", str(db), "--lang", "en",
                                  "--format", f"json:{tmp_path / 'results.json'}"])
    assert scanned.exit_code == 0, scanned.stderr
    built = runner.invoke(cli, ["evidence", "1", "-o", str(out), "--history", str(db)])
    assert built.exit_code == 0, built.stderr
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["results.json (report)"] = (tmp_path / "results.json").read_bytes()
    files["stdout"] = scanned.stdout.encode()
    for secret in PLANTED:
        assert [name for name, content in files.items() if secret.encode() in content] == [], secret
    facts = json.loads(files[f"facts/1-aws-{insecure.account}.json"])["facts"]
    functions = next(f["value"] for f in facts if f["fact"] == "lambda.functions")
    assert {name: value for fn in functions for name, value in fn["data"]["Environment"]["Variables"].items()} == {
        "LOG_LEVEL": "<redacted>", "DB_PASSWORD": "<redacted>", "UPSTREAM_KEY": "<redacted>"}
    user_data = [f["value"] for f in facts if f["fact"] == "ec2.user_data"]
    assert user_data == [{"UserData": "<redacted>"}]
    tasks = next(f["value"] for f in facts if f["fact"] == "ecs.task_definitions")
    assert [c["environment"] for t in tasks for c in t["data"]["containerDefinitions"]] == [
        [{"name": "API_TOKEN", "value": "<redacted>"}, {"name": "PORT", "value": "<redacted>"}]]
