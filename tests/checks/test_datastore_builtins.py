"""checkov's built-in data-store and edge checks the catalog maps (the IaC twins of AWS_SQS_ENCRYPTED,
AWS_SNS_ENCRYPTED, AWS_KINESIS_ENCRYPTED, AWS_EFS_ENCRYPTED, AWS_DMS_NOT_PUBLIC, the OpenSearch checks, the CloudFront
checks, AWS_APIGATEWAY_ACCESS_LOGGING and AWS_BACKUP_VAULT_CMK), run by the real CLI on
tests/fixtures/iac/datastores: each passes and fails where the fixture says, and a value known only at deploy
time is not evaluated, never a pass."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "tests/fixtures/iac/datastores"
CHECKS = {"CKV_AWS_27", "CKV_AWS_26", "CKV_AWS_43", "CKV_AWS_42", "CKV_AWS_89", "CKV_AWS_5", "CKV_AWS_6",
          "CKV_AWS_83", "CKV_AWS_34", "CKV_AWS_174", "CKV_AWS_76", "CKV_AWS_166"}

EXPECTED = {
    ("CKV_AWS_27", "aws_sqs_queue.pass_kms", "pass"),
    ("CKV_AWS_27", "aws_sqs_queue.pass_sqs_managed", "pass"),
    ("CKV_AWS_27", "aws_sqs_queue.fail_unencrypted", "fail"),
    ("CKV_AWS_26", "aws_sns_topic.pass_kms", "pass"),
    ("CKV_AWS_26", "aws_sns_topic.fail_unencrypted", "fail"),
    ("CKV_AWS_43", "aws_kinesis_stream.pass_kms", "pass"),
    ("CKV_AWS_43", "aws_kinesis_stream.fail_unencrypted", "fail"),
    ("CKV_AWS_42", "aws_efs_file_system.pass_encrypted", "pass"),
    ("CKV_AWS_42", "aws_efs_file_system.fail_unencrypted", "fail"),
    ("CKV_AWS_89", "aws_dms_replication_instance.pass_private", "pass"),
    ("CKV_AWS_89", "aws_dms_replication_instance.fail_public", "fail"),
    ("CKV_AWS_89", "aws_dms_replication_instance.open_public", "error"),
    ("CKV_AWS_5", "aws_opensearch_domain.pass_encrypted", "pass"),
    ("CKV_AWS_5", "aws_opensearch_domain.fail_unencrypted", "fail"),
    ("CKV_AWS_6", "aws_opensearch_domain.pass_encrypted", "pass"),
    ("CKV_AWS_6", "aws_opensearch_domain.fail_unencrypted", "fail"),
    # the AWS provider enforces HTTPS when domain_endpoint_options is left out
    ("CKV_AWS_83", "aws_opensearch_domain.pass_encrypted", "pass"),
    ("CKV_AWS_83", "aws_opensearch_domain.fail_unencrypted", "pass"),
    ("CKV_AWS_34", "aws_cloudfront_distribution.pass_tls12", "pass"),
    ("CKV_AWS_34", "aws_cloudfront_distribution.fail_default_certificate", "fail"),
    ("CKV_AWS_174", "aws_cloudfront_distribution.pass_tls12", "pass"),
    ("CKV_AWS_174", "aws_cloudfront_distribution.fail_default_certificate", "fail"),
    ("CKV_AWS_76", "aws_api_gateway_stage.pass_logged", "pass"),
    ("CKV_AWS_76", "aws_api_gateway_stage.fail_unlogged", "fail"),
    ("CKV_AWS_166", "aws_backup_vault.pass_customer_key", "pass"),
    ("CKV_AWS_166", "aws_backup_vault.fail_default_key", "fail"),
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    report = tmp_path_factory.mktemp("datastores") / "report.json"
    process = subprocess.run([sys.executable, "-m", "baomi", "scan", FIXTURE, "--format", f"json:{report}",
                              "--lang", "en"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert process.returncode == 1, process.stderr  # the fixture plants failures: the gate fails
    found: list[dict[str, object]] = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return found


def test_each_builtin_passes_fails_and_never_passes_an_open_value(findings: list[dict[str, object]]) -> None:
    assert {(f["check_id"], f["resource"], f["status"]) for f in findings if f["check_id"] in CHECKS} == EXPECTED


def test_open_value_is_named(findings: list[dict[str, object]]) -> None:
    [open_public] = [f for f in findings if f["resource"] == "aws_dms_replication_instance.open_public"]
    assert open_public["message"] == "not evaluated: could not resolve publicly_accessible = var.public"
