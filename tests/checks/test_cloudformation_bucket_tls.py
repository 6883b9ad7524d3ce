"""BAOMI_AWS_S3_TLS_ONLY on a CloudFormation bucket, judged by the policies of its template; and how
BAOMI_AWS_S3_POLICY_PUBLIC reads a principal that names another resource of the template."""
from __future__ import annotations

from typing import Any

import pytest

from baomi.checks.cloudformation import template
from baomi.checks.cloudformation.s3_tls_only import S3TlsOnly
from baomi.engines.checkov import runtime as checkov_runtime


def _marked(value: Any) -> Any:
    """As checkov parses a JSON template: every map carries its file and lines."""
    if isinstance(value, dict):
        return {**{k: _marked(v) for k, v in value.items()}, "__file__": "t.json", "__startline__": 1,
                "__endline__": 2}
    return [_marked(v) for v in value] if isinstance(value, list) else value


def _judge(resources: dict[str, Any], bucket: str) -> tuple[str, list[str]]:
    checkov_runtime.load()
    check = S3TlsOnly()
    check.details = []
    check.entity_type = "AWS::S3::Bucket"
    with template.judging({"t.json": {"Resources": resources}}):
        result = check.scan_resource_conf(resources[bucket])
    return result.name, check.details


def _policy(bucket: Any) -> dict[str, Any]:
    return {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": bucket, "PolicyDocument": {"Statement": []}}}


def _bucket(name: Any = None) -> dict[str, Any]:
    return {"Type": "AWS::S3::Bucket", "Properties": {} if name is None else {"BucketName": name}}


@pytest.mark.parametrize("mark", [lambda v: v, _marked], ids=["yaml", "json"])
@pytest.mark.parametrize(("resources", "expected"), [
    ({"Data": _bucket(), "DataPolicy": _policy({"Ref": "Data"})}, "UNKNOWN"),  # not applicable: the policy judges
    ({"Data": _bucket(), "Other": _bucket(), "OtherPolicy": _policy({"Ref": "Other"})}, "FAILED"),
    ({"Data": _bucket({"Fn::Sub": "${App}-data-${AWS::Region}"}),
      "DataPolicy": _policy({"Fn::Sub": "${App}-data-${AWS::Region}"})}, "UNKNOWN"),  # the same name: attached
    # the same placeholders, literal text of another length: another bucket whatever App is
    ({"Data": _bucket({"Fn::Sub": "${App}-${AWS::Region}"}),
      "LogsPolicy": _policy({"Fn::Sub": "${App}-logs-${AWS::Region}"})}, "FAILED"),
    ({"Data": _bucket(), "Maybe": _policy({"Ref": "BucketParameter"})}, "UNKNOWN"),  # a parameter: may be this one
    ({"Data": _bucket("reports"), "Named": _policy("reports")}, "UNKNOWN"),
    ({"Data": _bucket(), "Named": _policy("reports")}, "FAILED"),  # a generated name is never a literal one
])
def test_bucket_verdicts(mark: Any, resources: dict[str, Any], expected: str) -> None:
    result, details = _judge(mark(resources), "Data")
    assert result == expected
    assert details, "every verdict says why"
    if expected == "FAILED":
        assert details[0].startswith("no bucket policy")


def _public_policy(principal: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": "*"}
    return {"Type": "AWS::S3::BucketPolicy",
            "Properties": {"Bucket": {"Ref": "Data"}, "PolicyDocument": {"Statement": [statement]}}}


@pytest.mark.parametrize(("principal", "neighbour", "expected"), [
    ({"AWS": {"Fn::GetAtt": ["Reader", "Arn"]}}, {"Type": "AWS::IAM::Role"}, "PASSED"),  # one role of the template
    ({"AWS": {"Fn::GetAtt": ["Reader", "Arn"]}}, {"Type": "Custom::Principal"}, "UNKNOWN"),  # any text, "*" too
    ({"AWS": {"Fn::GetAtt": ["Elsewhere", "Arn"]}}, {"Type": "AWS::IAM::Role"}, "UNKNOWN"),  # not in the template
    ({"AWS": [{"Fn::GetAtt": ["Reader", "Arn"]}, "*"]}, {"Type": "AWS::IAM::Role"}, "FAILED"),
])
def test_a_getatt_principal_is_one_principal_only_for_a_role_or_user_of_the_template(
        principal: Any, neighbour: dict[str, Any], expected: str) -> None:
    from baomi.checks.cloudformation.s3_public_policy import S3PolicyPublic

    checkov_runtime.load()
    check = S3PolicyPublic()
    resources = {"Data": _bucket(), "Reader": neighbour, "Policy": _public_policy(principal)}
    with template.judging({"t.json": {"Resources": resources}}):
        assert check.scan_resource_conf(resources["Policy"]).name == expected
