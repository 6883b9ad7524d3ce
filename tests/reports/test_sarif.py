"""SARIF 2.1.0 for GitHub code scanning: valid structure, exactly the located failures and errors."""
from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from baomi.reports import get_format
from baomi.reports.sarif import artifact_uri

from .sample_data import finding

_LEVELS = {"enum": ["none", "note", "warning", "error"]}


def _object(required: list[str], properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    """An object as the SARIF 2.1.0 schema defines it: these required fields and no others but these."""
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False, **more}


#: The parts of the OASIS SARIF 2.1.0 schema (sarif-schema-2.1.0.json) for the objects baomi writes: their
#: required fields, value constraints, and additionalProperties false as the official schema has them.
SARIF_2_1_0_SUBSET = _object(
    ["version", "runs"],
    {"$schema": {"type": "string", "format": "uri"}, "version": {"const": "2.1.0"},
     "runs": {"type": "array", "items": {"$ref": "#/$defs/run"}}},
    **{"$defs": {
        "run": _object(["tool"], {"tool": {"$ref": "#/$defs/tool"},
                                  "results": {"type": "array", "items": {"$ref": "#/$defs/result"}}}),
        "tool": _object(["driver"], {"driver": {"$ref": "#/$defs/toolComponent"}}),
        "toolComponent": _object(["name"], {
            "name": {"type": "string"}, "version": {"type": "string"},
            "informationUri": {"type": "string", "format": "uri"},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/reportingDescriptor"}}}),
        "reportingDescriptor": _object(["id"], {
            "id": {"type": "string"}, "name": {"type": "string"},
            "shortDescription": {"$ref": "#/$defs/multiformatMessageString"},
            "fullDescription": {"$ref": "#/$defs/multiformatMessageString"},
            "help": {"$ref": "#/$defs/multiformatMessageString"},
            "helpUri": {"type": "string", "format": "uri"},
            "defaultConfiguration": _object([], {"level": _LEVELS}),
            "properties": {"$ref": "#/$defs/propertyBag"}}),
        "multiformatMessageString": _object(["text"], {"text": {"type": "string"}, "markdown": {"type": "string"}}),
        "message": _object([], {"text": {"type": "string"}, "id": {"type": "string"}},
                           anyOf=[{"required": ["text"]}, {"required": ["id"]}]),
        "result": _object(["message"], {
            "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1}, "level": _LEVELS,
            "message": {"$ref": "#/$defs/message"},
            "locations": {"type": "array", "items": {"$ref": "#/$defs/location"}}}),
        "location": _object([], {"physicalLocation": {"$ref": "#/$defs/physicalLocation"}}),
        "physicalLocation": _object([], {"artifactLocation": {"$ref": "#/$defs/artifactLocation"},
                                         "region": {"$ref": "#/$defs/region"}},
                                    anyOf=[{"required": ["address"]}, {"required": ["artifactLocation"]}]),
        "artifactLocation": _object([], {"uri": {"type": "string", "format": "uri-reference"}}),
        "region": _object([], {"startLine": {"type": "integer", "minimum": 1},
                               "endLine": {"type": "integer", "minimum": 1}}),
        "propertyBag": {"type": "object", "properties": {
            "tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}}}},
    }},
)


def _render(document: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    return json.loads(get_format("sarif").render(document, lang))


def test_valid_sarif_2_1_0(sample: dict[str, Any]) -> None:
    log = _render(sample)
    errors = sorted(Draft202012Validator(SARIF_2_1_0_SUBSET).iter_errors(log), key=str)
    assert errors == []
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("baomi", "0.1.0")
    assert driver["informationUri"].startswith("https://")


def test_the_subset_schema_catches_a_missing_required_field(sample: dict[str, Any]) -> None:
    log = _render(sample)
    del log["runs"][0]["results"][0]["message"]
    assert not Draft202012Validator(SARIF_2_1_0_SUBSET).is_valid(log)


def test_results_are_exactly_the_located_failures_and_errors(sample: dict[str, Any]) -> None:
    [run] = _render(sample)["runs"]
    reported = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                 r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
    assert sorted(reported) == sorted([
        ("CKV_AWS_16", "examples/terraform/aws-insecure/rds.tf", 12),
        ("CKV_AWS_20", "examples/terraform/aws-insecure/s3.tf", 7),
        ("CKV_AWS_7", "examples/cloudformation/kms.yaml", 5),
        ("CKV_AWS_338", "examples/terraform/aws-insecure/logs.tf", 1),
        ("BAOMI_SOURCE_ERROR", "examples/terraform/aws-insecure/broken.tf", 3),
    ])
    # live findings (root MFA on AWS, the PostgreSQL error) have no file; passes and suppressions are no alerts
    assert {"BAOMI_AWS_ROOT_MFA", "BAOMI_PG_LOG_CONNECTIONS", "CKV_AWS_144"}.isdisjoint(r for r, _, _ in reported)


def test_levels_follow_severity(sample: dict[str, Any]) -> None:
    [run] = _render(sample)["runs"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"CKV_AWS_20": "error", "CKV_AWS_16": "error", "CKV_AWS_7": "warning", "CKV_AWS_338": "note",
                      "BAOMI_SOURCE_ERROR": "error"}


def test_one_rule_per_reported_check_with_severity_tags_and_help(sample: dict[str, Any]) -> None:
    [run] = _render(sample)["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {r["ruleId"] for r in run["results"]}
    assert [rules[r["ruleId"]] for r in run["results"]] == [run["tool"]["driver"]["rules"][r["ruleIndex"]]
                                                            for r in run["results"]]
    severities = {check: rule["properties"].get("security-severity") for check, rule in rules.items()}
    assert severities == {"CKV_AWS_20": "9.5", "CKV_AWS_16": "8.0", "CKV_AWS_7": "5.5", "CKV_AWS_338": "3.0",
                          "BAOMI_SOURCE_ERROR": None}
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
    assert Draft202012Validator(SARIF_2_1_0_SUBSET).is_valid(log)
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
