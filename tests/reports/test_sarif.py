"""SARIF 2.1.0 for GitHub code scanning: valid against the official schema, exactly the failures and errors, each
where it is (a file, else its resource), with its fingerprint. The real scans: test_consumer_schemas.py."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from baomi.fingerprint import fingerprints
from baomi.reports import get_format, sarif
from baomi.reports.sarif import artifact_uri

from .sample_data import finding

SARIF_SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "sarif-schema-2.1.0.json").read_text(
    encoding="utf-8"))
#: the official OASIS schema (draft-04), vendored: tests/schemas/README.md
SARIF = Draft4Validator(SARIF_SCHEMA)


def _render(document: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    return json.loads(get_format("sarif").render(document, lang))


def test_valid_sarif_2_1_0(sample: dict[str, Any]) -> None:
    log = _render(sample)
    assert sorted(SARIF.iter_errors(log), key=str) == []
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("baomi", "0.1.0")
    assert "informationUri" not in driver  # the package declares no home page: no URL baomi cannot vouch for


def test_the_schema_catches_a_missing_required_field(sample: dict[str, Any]) -> None:
    log = _render(sample)
    del log["runs"][0]["results"][0]["message"]
    assert [error.message for error in SARIF.iter_errors(log)] == ["'message' is a required property"]


def test_results_are_exactly_the_failures_and_errors_each_where_it_is(sample: dict[str, Any]) -> None:
    [run] = _render(sample)["runs"]
    reported = [(r["ruleId"], r["locations"][0].get("physicalLocation"), r["locations"][0]["logicalLocations"])
                for r in run["results"]]

    def file(path: str, start: int, end: int | None = None) -> dict[str, Any]:
        region = {"startLine": start, **({"endLine": end} if end else {})}
        return {"artifactLocation": {"uri": path}, "region": region}

    assert reported == [
        ("CKV_AWS_16", file("examples/terraform/aws-insecure/rds.tf", 12, 30),
         [{"fullyQualifiedName": "aws_db_instance.customers", "kind": "resource"}]),
        ("CKV_AWS_20", file("examples/terraform/aws-insecure/s3.tf", 7, 11),
         [{"fullyQualifiedName": 'aws_s3_bucket_acl.statements<script>alert("pwned")</script>', "kind": "resource"}]),
        # a live finding has no file: it is located by its resource
        ("BAOMI_AWS_ROOT_MFA", None, [{"fullyQualifiedName": "arn:aws:iam::123456789012:root", "kind": "resource"}]),
        ("CKV_AWS_7", file("examples/cloudformation/kms.yaml", 5, 14),
         [{"fullyQualifiedName": "AWS::KMS::Key.CustomerDataKey", "kind": "resource"}]),
        ("CKV_AWS_338", file("examples/terraform/aws-insecure/logs.tf", 1, 4),
         [{"fullyQualifiedName": "aws_cloudwatch_log_group.app", "kind": "resource"}]),
        ("BAOMI_PG_LOG_CONNECTIONS", None,
         [{"fullyQualifiedName": "postgresql://127.0.0.1:5432/core", "kind": "resource"}]),
        ("BAOMI_SOURCE_ERROR", file("examples/terraform/aws-insecure/broken.tf", 3),
         [{"fullyQualifiedName": "examples/terraform/aws-insecure/broken.tf", "kind": "resource"}]),
    ]
    # a 1.0 document records no roots: files stay as recorded, with no base
    assert "originalUriBaseIds" not in run


def test_every_result_carries_the_findings_fingerprint(sample: dict[str, Any]) -> None:
    [run] = _render(sample)["runs"]
    expected = [fp for f, fp in zip(sample["findings"], fingerprints(sample), strict=True)
                if f["status"] in ("fail", "error")]
    assert [r["partialFingerprints"] for r in run["results"]] == [{"baomiFingerprint/v2": fp} for fp in expected]
    assert len(set(expected)) == 7


def test_levels_follow_severity(sample: dict[str, Any]) -> None:
    [run] = _render(sample)["runs"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"CKV_AWS_20": "error", "CKV_AWS_16": "error", "CKV_AWS_7": "warning", "CKV_AWS_338": "note",
                      "BAOMI_SOURCE_ERROR": "error", "BAOMI_AWS_ROOT_MFA": "error",
                      "BAOMI_PG_LOG_CONNECTIONS": "warning"}


def test_one_rule_per_reported_check_with_severity_tags_and_help(sample: dict[str, Any]) -> None:
    [run] = _render(sample)["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {r["ruleId"] for r in run["results"]}
    assert [rules[r["ruleId"]] for r in run["results"]] == [run["tool"]["driver"]["rules"][r["ruleIndex"]]
                                                            for r in run["results"]]
    severities = {check: rule["properties"].get("security-severity") for check, rule in rules.items()}
    assert severities == {"CKV_AWS_20": "9.5", "CKV_AWS_16": "8.0", "CKV_AWS_7": "5.5", "CKV_AWS_338": "3.0",
                          "BAOMI_SOURCE_ERROR": None, "BAOMI_AWS_ROOT_MFA": "9.5", "BAOMI_PG_LOG_CONNECTIONS": "5.5"}
    assert "NET-PUBLIC" in rules["CKV_AWS_20"]["properties"]["tags"]
    rds = rules["CKV_AWS_16"]
    assert rds["shortDescription"]["text"] == "RDS instance storage is encrypted"
    assert "ENC-REST" in rds["fullDescription"]["text"]
    assert rds["help"]["text"].startswith("Turn on storage encryption")
    assert "```hcl\nresource \"aws_db_instance\" \"customers\" {\n  storage_encrypted = true" in rds["help"]["markdown"]
    assert "fix the input" in rules["BAOMI_SOURCE_ERROR"]["help"]["text"]


def test_rule_texts_in_chinese(sample: dict[str, Any]) -> None:
    [run] = _render(sample, "zh")["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["CKV_AWS_16"]["shortDescription"]["text"] == "RDS 实例存储已加密"
    assert rules["CKV_AWS_16"]["help"]["text"].startswith("为 RDS 实例开启存储加密")


def test_message_names_the_resource_and_marks_errors(sample: dict[str, Any]) -> None:
    [run] = _render(sample)["runs"]
    messages = {r["ruleId"]: r["message"]["text"] for r in run["results"]}
    assert messages["CKV_AWS_16"] == "aws_db_instance.customers: RDS instance storage is not encrypted"
    assert messages["BAOMI_AWS_ROOT_MFA"] == ("arn:aws:iam::123456789012:root: 根账户未启用 MFA "
                                              "(AccountMFAEnabled = 0) (Account / region: 123456789012 / cn-north-1)")
    assert messages["BAOMI_SOURCE_ERROR"].startswith("error: examples/terraform/aws-insecure/broken.tf: HCL parse")


def test_missing_line_becomes_line_one_and_bad_end_line_is_dropped(sample: dict[str, Any]) -> None:
    rds = finding(sample, "CKV_AWS_16", "fail")
    rds["location"] = {"file": "rds.tf", "line": None, "end_line": None}
    [run] = _render(sample)["runs"]
    result = next(r for r in run["results"] if r["ruleId"] == "CKV_AWS_16")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1}


def test_no_results_is_still_a_valid_log(sample: dict[str, Any]) -> None:
    sample["findings"] = [f for f in sample["findings"] if f["status"] == "pass"]
    log = _render(sample)
    assert SARIF.is_valid(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


@pytest.mark.parametrize(("path", "uri"), [
    ("examples/terraform/main.tf", "examples/terraform/main.tf"),
    ("./examples/main.tf", "examples/main.tf"),
    ("examples\\windows\\main.tf", "examples/windows/main.tf"),
    ("my modules/数据库.tf", "my%20modules/%E6%95%B0%E6%8D%AE%E5%BA%93.tf"),
    ("/abs/path/main.tf", "file:///abs/path/main.tf"),
    ("C:\\work\\main.tf", "file:///C:/work/main.tf"),
])
def test_artifact_uris_are_relative_with_forward_slashes(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


@pytest.mark.parametrize(("variable", "declared", "uri"), [
    ("https://git.example.cn/sec/baomi/-/blob/v0.2.0/docs", None,
     "https://git.example.cn/sec/baomi/-/blob/v0.2.0/docs/checks.md#terraform"),
    ("", "https://baomi.example.org/docs/", "https://baomi.example.org/docs/checks.md#terraform"),
    ("", None, None),
])
def test_help_uri_from_the_variable_else_the_documentation_url_else_none(
        sample: dict[str, Any], monkeypatch: pytest.MonkeyPatch, variable: str, declared: str | None,
        uri: str | None) -> None:
    monkeypatch.setenv("BAOMI_DOCS_URL", variable)
    monkeypatch.setattr(sarif, "project_url", lambda *labels: declared if labels == ("Documentation",) else None)
    rules = {rule["id"]: rule for rule in _render(sample)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["CKV_AWS_16"].get("helpUri") == uri
    assert rules["BAOMI_AWS_ROOT_MFA"].get("helpUri") == (uri and uri.replace("#terraform", "#aws"))
    assert "helpUri" not in rules["BAOMI_SOURCE_ERROR"]  # an input to fix, not a check to read about
