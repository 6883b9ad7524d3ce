"""checkov's built-in DocumentDB, Neptune and Redshift checks the catalog maps (the IaC twins of
AWS_DOCDB_ENCRYPTED, AWS_NEPTUNE_ENCRYPTED, AWS_DOCDB_TLS and AWS_REDSHIFT_REQUIRE_SSL), run by the real CLI on
tests/fixtures/iac/document_stores (Terraform and CloudFormation): each passes and fails where the fixture says,
and a value known only at deploy time is not evaluated, never a pass."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "tests/fixtures/iac/document_stores"
CHECKS = {"CKV_AWS_74", "CKV_AWS_44", "CKV_AWS_90", "CKV_AWS_105"}

EXPECTED = {
    ("CKV_AWS_74", "aws_docdb_cluster.pass_encrypted", "pass"),
    ("CKV_AWS_74", "aws_docdb_cluster.fail_unencrypted", "fail"),
    ("CKV_AWS_74", "aws_docdb_cluster.open_encrypted", "error"),
    ("CKV_AWS_74", "AWS::DocDB::DBCluster.PassDocumentsEncrypted", "pass"),
    ("CKV_AWS_74", "AWS::DocDB::DBCluster.FailDocumentsPlain", "fail"),
    ("CKV_AWS_44", "aws_neptune_cluster.pass_encrypted", "pass"),
    ("CKV_AWS_44", "aws_neptune_cluster.fail_unencrypted", "fail"),
    ("CKV_AWS_44", "AWS::Neptune::DBCluster.PassGraphEncrypted", "pass"),
    ("CKV_AWS_44", "AWS::Neptune::DBCluster.FailGraphPlain", "fail"),
    ("CKV_AWS_90", "aws_docdb_cluster_parameter_group.pass_tls_enabled", "pass"),
    ("CKV_AWS_90", "aws_docdb_cluster_parameter_group.pass_tls13", "pass"),
    # a group that leaves tls out keeps the family's default, enabled
    ("CKV_AWS_90", "aws_docdb_cluster_parameter_group.pass_tls_default", "pass"),
    ("CKV_AWS_90", "aws_docdb_cluster_parameter_group.fail_tls_disabled", "fail"),
    ("CKV_AWS_90", "aws_docdb_cluster_parameter_group.open_tls", "error"),
    ("CKV_AWS_90", "AWS::DocDB::DBClusterParameterGroup.PassTlsEnabled", "pass"),
    ("CKV_AWS_90", "AWS::DocDB::DBClusterParameterGroup.FailTlsDisabled", "fail"),
    ("CKV_AWS_90", "AWS::DocDB::DBClusterParameterGroup.OpenTls", "error"),
    ("CKV_AWS_105", "aws_redshift_parameter_group.pass_require_ssl", "pass"),
    ("CKV_AWS_105", "aws_redshift_parameter_group.fail_ssl_optional", "fail"),
    ("CKV_AWS_105", "aws_redshift_parameter_group.fail_not_set", "fail"),
    ("CKV_AWS_105", "aws_redshift_parameter_group.fail_require_ssl_var", "fail"),
    ("CKV_AWS_105", "AWS::Redshift::ClusterParameterGroup.PassRequireSsl", "pass"),
    ("CKV_AWS_105", "AWS::Redshift::ClusterParameterGroup.FailSslOptional", "fail"),
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    report = tmp_path_factory.mktemp("document_stores") / "report.json"
    process = subprocess.run([sys.executable, "-m", "baomi", "scan", FIXTURE, "--format", f"json:{report}",
                              "--lang", "en"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert process.returncode == 1, process.stderr  # the fixture plants failures: the gate fails
    found: list[dict[str, object]] = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return found


def test_each_builtin_passes_fails_and_never_passes_an_open_value(findings: list[dict[str, object]]) -> None:
    assert {(f["check_id"], f["resource"], f["status"]) for f in findings if f["check_id"] in CHECKS} == EXPECTED


def test_open_values_are_named(findings: list[dict[str, object]]) -> None:
    messages = {f["resource"]: f["message"] for f in findings if f["status"] == "error" and f["check_id"] in CHECKS}
    assert messages == {
        "aws_docdb_cluster.open_encrypted": "not evaluated: could not resolve storage_encrypted = var.encrypted",
        "aws_docdb_cluster_parameter_group.open_tls": "not evaluated: could not resolve parameter/[*]/value = var.tls",
        "AWS::DocDB::DBClusterParameterGroup.OpenTls":
            "not evaluated: could not resolve Properties/Parameters/tls = {'Ref': 'TlsMode'}"}
