"""BAOMI_AWS_S3_TLS_ONLY: a bucket policy denies every request not made over TLS.

S3 accepts plain HTTP unless the bucket policy denies ``aws:SecureTransport = false``; checkov has no
check for it. The rule (``requires_tls``) works on IAM policy JSON and is shared with CloudFormation.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.terraform.policy_json import policy_dict
from baomi.checks.terraform.values import all_true, any_true, boolean, is_expression, scalar, strings, verdict

_CONDITION_OPERATORS = ("Bool", "BoolIfExists")


def _text_is(value: Any, *accepted: str) -> bool | None:
    if not isinstance(value, str) or is_expression(value):
        return None
    return value in accepted


def _everyone(principal: Any) -> bool | None:
    if isinstance(principal, str):
        return _text_is(principal, "*")
    if isinstance(principal, Mapping):
        return any_true(_text_is(p, "*") for p in strings(principal.get("AWS")))
    return None


def _covers_all_s3(action: Any) -> bool | None:
    return any_true(_text_is(a, "*", "s3:*") for a in strings(action))


def _insecure_transport(condition: Any) -> bool | None:
    if not isinstance(condition, Mapping):
        return False if condition is None else None
    facts = []
    for operator in _CONDITION_OPERATORS:
        tests = condition.get(operator)
        if isinstance(tests, Mapping) and "aws:SecureTransport" in tests:
            values = [boolean(v) for v in strings(tests["aws:SecureTransport"])]
            facts.append(None if None in values else values == [False])
    return any_true(facts)


def _denies_plain_http(statement: Any) -> bool | None:
    if not isinstance(statement, Mapping):
        return None
    return all_true(
        _text_is(statement.get("Effect"), "Deny"),
        _everyone(statement.get("Principal")),
        _covers_all_s3(statement.get("Action")),
        _insecure_transport(statement.get("Condition")),
    )


def requires_tls(policy: Mapping[str, Any] | None) -> bool | None:
    """Does the policy deny all S3 actions to everyone over plain HTTP? None if it cannot be told."""
    if policy is None:
        return None
    statements = policy.get("Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list):
        return None
    return any_true(_denies_plain_http(s) for s in statements)


def tls_verdict(policy: Mapping[str, Any] | None) -> CheckResult:
    tls = requires_tls(policy)
    return verdict(None if tls is None else not tls)


class S3TlsOnly(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy denies requests that do not use TLS (aws:SecureTransport)",
            id="BAOMI_AWS_S3_TLS_ONLY",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_s3_bucket_policy",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        result = tls_verdict(policy_dict(scalar(conf, "policy"), self.graph))
        if result is CheckResult.FAILED:
            self.details = ["no statement denies s3:* to every principal when aws:SecureTransport is false"]
        return result


check = S3TlsOnly()
