"""BAOMI_AWS_S3_POLICY_PUBLIC: a bucket policy grants nothing to everyone.

A statement that allows ``Principal: "*"`` (or ``NotPrincipal``) is public unless a condition pins the
caller down, as S3's own definition of a public policy says: a fixed ``aws:SourceIp`` range other than
the whole internet, or a fixed ``aws:SourceVpce``, ``aws:SourceVpc``, ``aws:SourceArn``,
``aws:SourceAccount``, ``aws:SourceOwner``, ``aws:PrincipalOrgID``, ``aws:PrincipalAccount``,
``aws:PrincipalArn``, ``aws:userid`` or KMS key. A public access block would stop such a policy, but the
policy itself is the exposure and is judged on its own. The rule is shared with CloudFormation.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.terraform.network import is_open_cidr
from baomi.checks.terraform.policy_json import policy_dict
from baomi.checks.terraform.values import all_true, any_true, is_expression, scalar, strings, verdict

_PINNING_KEYS = {
    "aws:sourcevpce", "aws:sourcevpc", "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner",
    "aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:userid",
    "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:dataaccesspointarn", "s3:dataaccesspointaccount",
}
_SOURCE_IP = "aws:sourceip"
#: a Terraform reference to a resource's attribute: one fixed value, known after apply
_RESOURCE_REFERENCE = re.compile(r"^(data\.)?[a-z][a-z0-9]*_[a-z0-9_]*\.[\w-]+(\[[^\]]*\])?\.[\w.]+$")


def _fixed(value: Any) -> bool | None:
    """A value without wildcards; an intrinsic function or a resource reference stands for one value."""
    if isinstance(value, Mapping):
        return True
    if not isinstance(value, str):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if _RESOURCE_REFERENCE.match(value.strip()):
        return True
    if is_expression(value):
        return None
    return "*" not in value and "?" not in value


def _pins_caller(condition: Any) -> bool | None:
    if condition is None:
        return False
    if not isinstance(condition, Mapping):
        return None
    facts = []
    for operator, tests in condition.items():
        if not isinstance(tests, Mapping) or "Not" in str(operator) or str(operator).endswith("IfExists"):
            continue
        for key, values in tests.items():
            items = strings(values)
            name = str(key).lower()
            if name == _SOURCE_IP:
                facts.append(all_true(bool(items), *(None if (o := is_open_cidr(v)) is None else not o
                                                     for v in items)))
            elif name in _PINNING_KEYS:
                facts.append(all_true(bool(items), *(_fixed(v) for v in items)))
    return any_true(facts)


def _is_everyone(principal: Any) -> bool | None:
    """"*" is everyone; an intrinsic function or a resource reference names one principal."""
    if isinstance(principal, Mapping) or isinstance(principal, str) and _RESOURCE_REFERENCE.match(principal.strip()):
        return False
    if not isinstance(principal, str) or is_expression(principal):
        return None
    return principal.strip() == "*"


def _to_everyone(statement: Mapping[str, Any]) -> bool | None:
    if "NotPrincipal" in statement:
        return True
    principal = statement.get("Principal")
    if isinstance(principal, Mapping) and not any(k.startswith("Fn::") or k == "Ref" for k in principal):
        return any_true(_is_everyone(p) for p in strings(principal.get("AWS")))
    return _is_everyone(principal)


def _public(statement: Any) -> bool | None:
    if not isinstance(statement, Mapping):
        return None
    effect = statement.get("Effect")
    if not isinstance(effect, str) or is_expression(effect):
        return None
    if effect != "Allow":
        return False
    pinned = _pins_caller(statement.get("Condition"))
    return all_true(_to_everyone(statement), None if pinned is None else not pinned)


def public_statements(policy: Mapping[str, Any] | None) -> tuple[bool | None, list[str]]:
    """Does the policy allow anything to everyone without pinning the caller down? With the Sids
    (or positions) of the statements that do."""
    if policy is None:
        return None, []
    statements = policy.get("Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list):
        return None, []
    answers = [(s, _public(s)) for s in statements]
    named = [str(s.get("Sid") or f"statement {i + 1}") for i, (s, public) in enumerate(answers) if public]
    return any_true(public for _, public in answers), named


def public_verdict(policy: Mapping[str, Any] | None) -> tuple[CheckResult, list[str]]:
    public, named = public_statements(policy)
    details = [f"allows everyone (Principal \"*\") without a condition that pins the caller: {', '.join(named)}"]
    return verdict(public), details if public else []


class S3PolicyPublic(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy does not allow access to everyone (Principal \"*\") unconditionally",
            id="BAOMI_AWS_S3_POLICY_PUBLIC",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("aws_s3_bucket_policy",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        result, self.details = public_verdict(policy_dict(scalar(conf, "policy"), self.graph))
        return result


check = S3PolicyPublic()
