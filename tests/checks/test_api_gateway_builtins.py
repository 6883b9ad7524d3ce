"""checkov's built-in API Gateway checks the catalog maps as the IaC twins of AWS_APIGATEWAY_DOMAIN_TLS (CKV_AWS_206,
Terraform's REST API domain names) and AWS_APIGATEWAYV2_ACCESS_LOGGING (CKV_AWS_76 on aws_apigatewayv2_stage,
CKV_AWS_95 on CloudFormation's AWS::ApiGatewayV2::Stage), run by the real CLI on tests/fixtures/iac/api_gateway:
each passes and fails where the fixture says, and a value known only at deploy time is not evaluated, never a
pass."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "tests/fixtures/iac/api_gateway"
CHECKS = {"CKV_AWS_206", "CKV_AWS_76", "CKV_AWS_95"}

EXPECTED = {
    ("CKV_AWS_206", "aws_api_gateway_domain_name.pass_tls12", "pass"),
    ("CKV_AWS_206", "aws_api_gateway_domain_name.fail_tls10", "fail"),
    ("CKV_AWS_206", "aws_api_gateway_domain_name.fail_unset", "fail"),
    ("CKV_AWS_206", "aws_api_gateway_domain_name.open_policy", "error"),
    ("CKV_AWS_76", "aws_apigatewayv2_stage.pass_logged", "pass"),
    ("CKV_AWS_76", "aws_apigatewayv2_stage.fail_unlogged", "fail"),
    ("CKV_AWS_95", "AWS::ApiGatewayV2::Stage.PassLoggedStage", "pass"),
    ("CKV_AWS_95", "AWS::ApiGatewayV2::Stage.FailUnloggedStage", "fail"),
    ("CKV_AWS_95", "AWS::ApiGatewayV2::Stage.OpenLogStage", "error"),
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    report = tmp_path_factory.mktemp("api_gateway") / "report.json"
    process = subprocess.run([sys.executable, "-m", "baomi", "scan", FIXTURE, "--format", f"json:{report}",
                              "--lang", "en"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert process.returncode == 1, process.stderr  # the fixture plants failures: the gate fails
    found: list[dict[str, object]] = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return found


def test_each_builtin_passes_fails_and_never_passes_an_open_value(findings: list[dict[str, object]]) -> None:
    assert {(f["check_id"], f["resource"], f["status"]) for f in findings if f["check_id"] in CHECKS} == EXPECTED


def test_open_values_are_named(findings: list[dict[str, object]]) -> None:
    messages = {f["resource"]: f["message"] for f in findings if f["status"] == "error"}
    assert messages == {
        "aws_api_gateway_domain_name.open_policy": "not evaluated: could not resolve security_policy = "
                                                   "var.security_policy",
        "AWS::ApiGatewayV2::Stage.OpenLogStage": "not evaluated: could not resolve Properties/AccessLogSettings/"
                                                 "DestinationArn = {'Ref': 'LogDestination'}"}
