"""BAOMI_AWS_S3_POLICY_PUBLIC for CloudFormation: ``AWS::S3::BucketPolicy`` grants nothing to everyone
(``baomi.checks.policy.public_statements``).

A principal ``Fn::GetAtt [X, Arn]`` is one principal only where X is a role or user of the same template; the
attribute of anything else (a custom resource, a resource the template does not hold) may be any text, ``*``
too, and is judged as a template parameter is: unknown, never a pass."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation import template
from baomi.checks.cloudformation.properties import CLOUDFORMATION, policy_document
from baomi.checks.policy import public_detail, public_statements
from baomi.checks.terraform.values import verdict


class S3PolicyPublic(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy does not allow access to everyone (Principal \"*\") unconditionally",
            id="BAOMI_AWS_S3_POLICY_PUBLIC",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::S3::BucketPolicy",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        placed = template.place(conf)
        document = _known_principals(policy_document(conf), {} if placed is None else placed.resources)
        public, named = public_statements(document, CLOUDFORMATION)
        if public:
            self.details = [public_detail(named)]
        return verdict(public)


#: resource types whose ``Arn`` is one IAM principal
_PRINCIPAL_TYPES = frozenset({"AWS::IAM::Role", "AWS::IAM::User"})
#: what an attribute that may be any text becomes: a template parameter to the shared rules
_ANY_TEXT = {"Ref": "UnknownAttribute"}


def _known_principals(document: Mapping[str, Any] | None, resources: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The policy document with every ``Fn::GetAtt`` principal that is not a role's or user's ARN of this template
    replaced by a parameter (unknown to the rules)."""
    if document is None or not isinstance(document.get("Statement"), list):
        return document

    def principal(value: Any) -> Any:
        if isinstance(value, list):
            return [principal(v) for v in value]
        if isinstance(value, Mapping) and set(value) == {"Fn::GetAtt"}:
            target = value["Fn::GetAtt"]
            name = target[0] if isinstance(target, list) and len(target) == 2 and target[1] == "Arn" else None
            entry = resources.get(name) if isinstance(name, str) else None
            known = isinstance(entry, Mapping) and entry.get("Type") in _PRINCIPAL_TYPES
            return value if known else _ANY_TEXT
        if isinstance(value, Mapping):
            return {k: principal(v) if k == "AWS" else v for k, v in value.items()}
        return value

    statements = [{**s, "Principal": principal(s["Principal"])} if isinstance(s, Mapping) and "Principal" in s else s
                  for s in document["Statement"]]
    return {**document, "Statement": statements}


check = S3PolicyPublic()
