"""The bundled examples' ground truth: the real CLI on each example reports exactly what
examples/README.md says, and the README's tables say exactly what is listed here.

Each example is scanned once per session by ``python -m baomi scan`` in a subprocess (real exit codes,
real report file); the six scans run side by side.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "examples" / "README.md"

#: every fail finding of each insecure example, as (check id, resource)
EXPECTED_FAILURES: dict[str, set[tuple[str, str]]] = {
    "terraform/aws-insecure": {
        ("CKV_AWS_16", "aws_db_instance.customer_records"),
        ("CKV2_AWS_69", "aws_db_instance.customer_records"),
        ("BAOMI_AWS_S3_TLS_ONLY", "aws_s3_bucket_policy.documents"),
        ("CKV_AWS_7", "aws_kms_key.customer_data"),
        ("BAOMI_AWS_CONSOLE_USER_WITHOUT_MFA_POLICY", "aws_iam_user_login_profile.li_wei"),
        ("CKV_AWS_9", "aws_iam_account_password_policy.strict"),
        ("CKV_AWS_10", "aws_iam_account_password_policy.strict"),
        ("CKV_AWS_13", "aws_iam_account_password_policy.strict"),
        ("CKV_AWS_14", "aws_iam_account_password_policy.strict"),
        ("BAOMI_AWS_ADMIN_POLICY_ATTACHED", "aws_iam_user_policy_attachment.chen_jie_admin"),
        ("CKV_AWS_40", "aws_iam_user_policy_attachment.chen_jie_admin"),
        ("CKV_AWS_161", "aws_db_instance.customer_records"),
        ("CKV_AWS_67", "aws_cloudtrail.audit"),
        ("CKV_AWS_36", "aws_cloudtrail.audit"),
        ("BAOMI_AWS_LOG_GROUP_RETENTION", "aws_cloudwatch_log_group.app"),
        ("CKV2_AWS_11", "aws_vpc.main"),
        ("CKV_AWS_17", "aws_db_instance.customer_records"),
        ("BAOMI_AWS_SG_DB_PORTS_OPEN", "aws_vpc_security_group_ingress_rule.db_from_anywhere"),
        ("BAOMI_AWS_SG_ADMIN_PORTS_OPEN", "aws_vpc_security_group_ingress_rule.app_ssh_from_anywhere"),
        ("CKV2_AWS_12", "aws_vpc.main"),
        ("BAOMI_AWS_DB_SUBNETS_PRIVATE", "aws_db_subnet_group.customer_records"),
        ("CKV_AWS_28", "aws_dynamodb_table.consent_records"),
        ("CKV_AWS_157", "aws_db_instance.customer_records"),
        ("BAOMI_AWS_DATA_CLASSIFICATION_TAG", "aws_s3_bucket.documents"),
        ("CKV2_AWS_61", "aws_s3_bucket.documents"),
        ("BAOMI_AWS_PROVIDER_REGION", "aws.default"),
        ("CKV_AWS_226", "aws_db_instance.customer_records"),
    },
    "terraform/alicloud-insecure": {
        ("CKV_ALI_22", "alicloud_db_instance.customer_records"),
        ("CKV_ALI_6", "alicloud_oss_bucket.documents"),
        ("CKV_ALI_20", "alicloud_db_instance.customer_records"),
        ("CKV_ALI_27", "alicloud_kms_key.customer_data"),
        ("CKV_ALI_24", "alicloud_ram_security_preference.account"),
        ("BAOMI_ALI_RAM_LOGIN_MFA", "alicloud_ram_login_profile.li_wei"),
        ("CKV_ALI_13", "alicloud_ram_account_password_policy.strict"),
        ("CKV_ALI_15", "alicloud_ram_account_password_policy.strict"),
        ("CKV_ALI_23", "alicloud_ram_account_password_policy.strict"),
        ("BAOMI_ALI_RAM_ADMIN_POLICY_ATTACHED", "alicloud_ram_user_policy_attachment.li_wei_admin"),
        ("CKV_ALI_5", "alicloud_actiontrail_trail.audit"),
        ("CKV_ALI_10", "alicloud_oss_bucket.logs"),
        ("BAOMI_ALI_LOG_STORE_RETENTION", "alicloud_log_store.app"),
        ("BAOMI_ALI_RDS_SECURITY_IPS_OPEN", "alicloud_db_instance.customer_records"),
        ("CKV_ALI_1", "alicloud_oss_bucket.documents"),
        ("BAOMI_ALI_SG_ADMIN_PORTS_OPEN", "alicloud_security_group_rule.app_ssh_from_anywhere"),
        ("BAOMI_ALI_RDS_BACKUP_RETENTION", "alicloud_db_backup_policy.customer_records"),
        ("BAOMI_ALI_OSS_ZONE_REDUNDANT", "alicloud_oss_bucket.documents"),
        ("BAOMI_ALI_DATA_CLASSIFICATION_TAG", "alicloud_db_instance.customer_records"),
        ("BAOMI_ALI_OSS_LIFECYCLE", "alicloud_oss_bucket.documents"),
        ("BAOMI_ALI_PROVIDER_REGION", "alicloud.default"),
    },
    "cloudformation/customer-data-insecure.yaml": {
        ("CKV_AWS_16", "AWS::RDS::DBInstance.CustomerRecordsDatabase"),
        ("BAOMI_AWS_S3_TLS_ONLY", "AWS::S3::BucketPolicy.DocumentsBucketPolicy"),
        ("BAOMI_AWS_S3_POLICY_PUBLIC", "AWS::S3::BucketPolicy.DocumentsBucketPolicy"),
        ("CKV_AWS_7", "AWS::KMS::Key.CustomerDataKey"),
        ("CKV_AWS_158", "AWS::Logs::LogGroup.DatabaseLogGroup"),
        ("CKV_AWS_161", "AWS::RDS::DBInstance.CustomerRecordsDatabase"),
        ("BAOMI_AWS_LOG_GROUP_RETENTION", "AWS::Logs::LogGroup.DatabaseLogGroup"),
        ("CKV_AWS_17", "AWS::RDS::DBInstance.CustomerRecordsDatabase"),
        ("BAOMI_AWS_SG_DB_PORTS_OPEN", "AWS::EC2::SecurityGroup.DatabaseSecurityGroup"),
        ("CKV_AWS_53", "AWS::S3::Bucket.DocumentsBucket"),
        ("CKV_AWS_54", "AWS::S3::Bucket.DocumentsBucket"),
        ("CKV_AWS_55", "AWS::S3::Bucket.DocumentsBucket"),
        ("CKV_AWS_56", "AWS::S3::Bucket.DocumentsBucket"),
        ("BAOMI_AWS_RDS_BACKUP_RETENTION", "AWS::RDS::DBInstance.CustomerRecordsDatabase"),
        ("CKV_AWS_157", "AWS::RDS::DBInstance.CustomerRecordsDatabase"),
        ("BAOMI_AWS_DATA_CLASSIFICATION_TAG", "AWS::S3::Bucket.DocumentsBucket"),
    },
}

_LOG_TARGET = "this bucket is the access-log target; logging it into itself would loop"
#: suppressed findings of each insecure example with their reasons; each hardened twin has the same
EXPECTED_SUPPRESSED: dict[str, dict[tuple[str, str], str]] = {
    "terraform/aws-insecure": {
        ("CKV_AWS_18", "aws_s3_bucket.access_logs"): _LOG_TARGET,
        ("CKV_AWS_145", "aws_s3_bucket.access_logs"):
            "S3 server access log delivery only supports SSE-S3 on the target bucket",
    },
    "terraform/alicloud-insecure": {
        ("CKV_ALI_12", "alicloud_oss_bucket.logs"): _LOG_TARGET,
    },
    "cloudformation/customer-data-insecure.yaml": {
        ("CKV_AWS_18", "AWS::S3::Bucket.AccessLogsBucket"): _LOG_TARGET,
    },
}

HARDENED_TWIN = {
    "terraform/aws-hardened": "terraform/aws-insecure",
    "terraform/alicloud-hardened": "terraform/alicloud-insecure",
    "cloudformation/customer-data-hardened.yaml": "cloudformation/customer-data-insecure.yaml",
}
INSECURE = tuple(EXPECTED_FAILURES)
HARDENED = tuple(HARDENED_TWIN)


@dataclass(frozen=True)
class Scan:
    exit_code: int
    stderr: str
    results: dict[str, Any]

    def findings(self, status: str) -> list[dict[str, Any]]:
        return [f for f in self.results["findings"] if f["status"] == status]

    def pairs(self, status: str) -> set[tuple[str, str]]:
        return {(f["check_id"], f["resource"]) for f in self.findings(status)}


def _gate_options(example: str) -> list[str]:
    return ["--fail-on", "high"] if example in INSECURE else ["--fail-under", "90", "--fail-on", "high"]


@pytest.fixture(scope="session")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scan]:
    """One real CLI scan per example, run concurrently."""
    out = tmp_path_factory.mktemp("examples")
    running = {}
    for example in (*INSECURE, *HARDENED):
        report = out / f"{example.replace('/', '_')}.json"
        command = [sys.executable, "-m", "baomi", "scan", f"examples/{example}", "--format", f"json:{report}",
                   "--lang", "en", *_gate_options(example)]
        running[example] = (report, subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                                     stderr=subprocess.PIPE, text=True))
    done = {}
    for example, (report, process) in running.items():
        _, stderr = process.communicate(timeout=600)
        assert report.exists(), f"{example}: no report written; stderr: {stderr}"
        done[example] = Scan(process.returncode, stderr, json.loads(report.read_text(encoding="utf-8")))
    return done


@pytest.mark.parametrize("example", INSECURE)
def test_insecure_example_fails_exactly_the_planted_violations(example: str, scans: dict[str, Scan]) -> None:
    scan = scans[example]
    assert scan.pairs("fail") == EXPECTED_FAILURES[example]
    assert scan.findings("error") == []


@pytest.mark.parametrize("example", HARDENED)
def test_hardened_example_fails_nothing(example: str, scans: dict[str, Scan]) -> None:
    scan = scans[example]
    assert scan.findings("fail") == []
    assert scan.findings("error") == []
    assert scan.findings("pass"), "a hardened example must be judged, not skipped"


@pytest.mark.parametrize("example", (*INSECURE, *HARDENED))
def test_suppressions_carry_their_reasons(example: str, scans: dict[str, Scan]) -> None:
    expected = EXPECTED_SUPPRESSED[HARDENED_TWIN.get(example, example)]
    found = {(f["check_id"], f["resource"]): f["suppression"] for f in scans[example].findings("suppressed")}
    assert found == expected


def test_every_technical_control_fails_in_the_aws_insecure_example(scans: dict[str, Scan]) -> None:
    """The AWS example demonstrates every technical control: each can be expressed in Terraform."""
    from baomi.catalog import load_catalog

    technical = {c.id for c in load_catalog().controls if not c.manual}
    failed = {control for f in scans["terraform/aws-insecure"].findings("fail") for control in f["controls"]}
    assert technical <= failed, f"no planted violation for {sorted(technical - failed)}"


@pytest.mark.parametrize("example", INSECURE)
def test_insecure_example_fails_the_gate_on_high(example: str, scans: dict[str, Scan]) -> None:
    scan = scans[example]
    assert scan.exit_code == 1, scan.stderr
    assert scan.results["gate"]["passed"] is False
    assert any("at or above high" in reason for reason in scan.results["gate"]["reasons"])


@pytest.mark.parametrize("example", HARDENED)
def test_hardened_example_passes_the_gate(example: str, scans: dict[str, Scan]) -> None:
    scan = scans[example]
    assert scan.exit_code == 0, scan.stderr
    assert scan.results["gate"] == {"passed": True, "reasons": [], "details": []}
    assert scan.results["score"] >= 90
    severe = [f for f in scan.findings("fail") if f["severity"] in ("critical", "high")]
    assert severe == []


# ---------------------------------------------------------------- examples/README.md says the same


@dataclass(frozen=True)
class ReadmeRow:
    """One planted violation of a README table: the controls it lists and its (check, resource) pairs."""

    number: str
    controls: frozenset[str]
    reported: frozenset[tuple[str, str]]


def _section(text: str, example: str) -> str:
    heading = f"### `{example}{'/' if not example.endswith('.yaml') else ''}`"
    start = text.index(heading) + len(heading)
    following = re.search(r"^##", text[start:], re.MULTILINE)
    return text[start:start + following.start()] if following else text[start:]


def _tables(section: str) -> Iterator[list[dict[str, str]]]:
    """Each markdown table of the section as rows of {header: cell}."""
    for block in re.findall(r"(?:^\|.*\|\n)+", section, re.MULTILINE):
        lines = [[cell.strip() for cell in line.strip().strip("|").split(" | ")] for line in block.splitlines()]
        yield [dict(zip(lines[0], cells)) for cells in lines[2:]]


def _backticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def readme_rows(example: str) -> list[ReadmeRow]:
    violations = next(t for t in _tables(_section(README.read_text(encoding="utf-8"), example))
                      if t and "reported by" in t[0])
    rows = []
    for row in violations:
        resource = _backticked(row["resource"])[0]
        reported = frozenset((check, on or resource)
                             for check, on in re.findall(r"`([A-Z0-9_]+)`(?: on `([^`]+)`)?", row["reported by"]))
        controls = frozenset(c.strip() for c in row["control"].split(","))
        rows.append(ReadmeRow(row["#"], controls, reported))
    return rows


def readme_suppressions(example: str) -> dict[tuple[str, str], str]:
    table = next(t for t in _tables(_section(README.read_text(encoding="utf-8"), example)) if t and "reason" in t[0])
    return {(_backticked(r["check"])[0], _backticked(r["resource"])[0]): r["reason"] for r in table}


@pytest.mark.parametrize("example", INSECURE)
def test_readme_lists_every_failure_once(example: str) -> None:
    rows = readme_rows(example)
    listed = [pair for row in rows for pair in row.reported]
    assert len(listed) == len(set(listed)), "a finding is listed twice"
    assert set(listed) == EXPECTED_FAILURES[example]
    assert [row.number for row in rows] == [str(n) for n in range(1, len(rows) + 1)]


@pytest.mark.parametrize("example", INSECURE)
def test_readme_controls_are_those_of_the_reporting_checks(example: str, scans: dict[str, Scan]) -> None:
    controls = {(f["check_id"], f["resource"]): set(f["controls"]) for f in scans[example].findings("fail")}
    for row in readme_rows(example):
        served = set().union(*(controls[pair] for pair in row.reported))
        assert row.controls == served, f"{example} row {row.number}"


@pytest.mark.parametrize("example", INSECURE)
def test_readme_lists_the_suppressions(example: str) -> None:
    assert readme_suppressions(example) == EXPECTED_SUPPRESSED[example]
