"""The GitLab SAST report of the sample document: live findings kept without a file, severities, errors as
"Unknown", valid against GitLab's schema (tests/schemas/gitlab/sast-report-format.json)."""
from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

from baomi.fingerprint import fingerprints
from baomi.reports import get_format

SCHEMA = Draft7Validator(json.loads((Path(__file__).resolve().parents[1] / "schemas" / "gitlab"
                                     / "sast-report-format.json").read_text(encoding="utf-8")))


def _render(document: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    return json.loads(get_format("gitlab-sast").render(document, lang))


def test_every_failure_and_error_where_it_is_with_its_severity(sample: dict[str, Any]) -> None:
    report = _render(sample)
    assert sorted(SCHEMA.iter_errors(report), key=str) == []
    listed = [(v["identifiers"][0]["value"], v["severity"], v["location"]) for v in report["vulnerabilities"]]
    assert listed == [
        ("CKV_AWS_16", "High", {"file": "examples/terraform/aws-insecure/rds.tf", "start_line": 12, "end_line": 30}),
        ("CKV_AWS_20", "Critical", {"file": "examples/terraform/aws-insecure/s3.tf", "start_line": 7, "end_line": 11}),
        ("BAOMI_AWS_ROOT_MFA", "Critical", {}),  # a live account: no file
        ("CKV_AWS_7", "Medium", {"file": "examples/cloudformation/kms.yaml", "start_line": 5, "end_line": 14}),
        ("CKV_AWS_338", "Low", {"file": "examples/terraform/aws-insecure/logs.tf", "start_line": 1, "end_line": 4}),
        ("BAOMI_PG_LOG_CONNECTIONS", "Unknown", {}),  # could not be evaluated: what it would find is unknown
        ("BAOMI_SOURCE_ERROR", "Unknown", {"file": "examples/terraform/aws-insecure/broken.tf", "start_line": 3}),
    ]
    opened = [fp for f, fp in zip(sample["findings"], fingerprints(sample), strict=True)
              if f["status"] in ("fail", "error")]
    assert [v["id"] for v in report["vulnerabilities"]] == [str(uuid.UUID(hex=fp[:32])) for fp in opened]


def test_a_live_finding_names_its_resource_account_and_region(sample: dict[str, Any]) -> None:
    root = next(v for v in _render(sample)["vulnerabilities"] if v["identifiers"][0]["value"] == "BAOMI_AWS_ROOT_MFA")
    assert root["description"] == ("根账户未启用 MFA (AccountMFAEnabled = 0)\n\n"
                                   "Resource: arn:aws:iam::123456789012:root\n\n"
                                   "Account / region: 123456789012 / cn-north-1\n\nControls: IAM-MFA")
    errored = next(v for v in _render(sample, "zh")["vulnerabilities"]
                   if v["identifiers"][0]["value"] == "BAOMI_PG_LOG_CONNECTIONS")
    assert errored["description"].startswith("无法评估: permission denied to read setting log_connections")


def test_long_texts_are_clipped_to_the_schemas_limits(sample: dict[str, Any]) -> None:
    rds = next(f for f in sample["findings"] if f["check_id"] == "CKV_AWS_16" and f["status"] == "fail")
    rds["title"] = {"zh": "长" * 300, "en": "long " * 100}
    rds["remediation"] = {**rds["remediation"], "en": "fix " * 3000}
    report = _render(sample)
    assert sorted(SCHEMA.iter_errors(report), key=str) == []
    vulnerability = report["vulnerabilities"][0]
    assert (len(vulnerability["name"]), len(vulnerability["solution"])) == (255, 7000)
    assert vulnerability["name"].endswith("…") and vulnerability["solution"].endswith("…")


def test_no_findings_to_deal_with_is_an_empty_valid_report(sample: dict[str, Any]) -> None:
    sample["findings"] = [f for f in sample["findings"] if f["status"] == "pass"]
    report = _render(sample)
    assert SCHEMA.is_valid(report) and report["vulnerabilities"] == []
