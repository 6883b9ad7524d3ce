"""BAOMI_AWS_S3_TLS_ONLY for CloudFormation: the bucket policy denies plain-HTTP requests
(``baomi.checks.policy.requires_tls``, the rule Terraform and the live account are judged by).

An ``AWS::S3::BucketPolicy`` is judged by its document. An ``AWS::S3::Bucket`` by the policies of its
template: one that names it (``Bucket: !Ref <bucket>``, or the bucket's own ``BucketName``, literal or the same
expression) is judged on its own
resource, and the bucket is not applicable; a bucket no policy names fails, since nothing denies plain
HTTP. A policy whose bucket cannot be told (a parameter, an import from another stack) leaves the bucket
unknown, named.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation import template
from baomi.checks.cloudformation.properties import CLOUDFORMATION, policy_document, prop
from baomi.checks.policy import NO_TLS_DENY, requires_tls
from baomi.checks.terraform.values import NOT_APPLICABLE, verdict

NO_POLICY = "no bucket policy: nothing denies requests made without TLS (aws:SecureTransport = false)"
_POLICY_TYPE = "AWS::S3::BucketPolicy"


_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def _plain(value: Any) -> Any:
    """A value without the line marks checkov adds to a JSON template's maps (``__file__``, ``__startline__``)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _distinct_names(one: Any, other: Any) -> bool:
    """Two ``Fn::Sub`` names with the same placeholders and literal text of different length: whatever the
    placeholders stand for (the same in one stack), the two names differ."""
    texts = [v.get("Fn::Sub") if isinstance(v, Mapping) and set(v) == {"Fn::Sub"} else None for v in (one, other)]
    if not all(isinstance(t, str) for t in texts):
        return False
    placeholders = [sorted(_PLACEHOLDER.findall(str(t))) for t in texts]
    literal = [len(_PLACEHOLDER.sub("", str(t))) for t in texts]
    return placeholders[0] == placeholders[1] and literal[0] != literal[1]


def _names(policy_bucket: Any, placed: template.Placed, bucket_name: Any) -> bool | None:
    """Does a policy's ``Bucket`` name this bucket? None when it cannot be told."""
    policy_bucket, bucket_name = _plain(policy_bucket), _plain(bucket_name)
    if bucket_name is not None and policy_bucket == bucket_name:  # one literal, or one expression of the stack
        return True
    if _distinct_names(policy_bucket, bucket_name):
        return False
    if isinstance(policy_bucket, Mapping) and set(policy_bucket) == {"Ref"}:
        target = policy_bucket["Ref"]
        if target == placed.logical_id:
            return True
        return False if target in placed.resources else None  # another resource, or a parameter
    if (isinstance(policy_bucket, Mapping) and set(policy_bucket) == {"Fn::Sub"}
            and policy_bucket["Fn::Sub"] == f"${{{placed.logical_id}}}"):
        return True
    if isinstance(policy_bucket, str):
        if isinstance(bucket_name, str):
            return policy_bucket == bucket_name
        # a literal name cannot name a bucket whose name CloudFormation generates
        return False if bucket_name is None else None
    return None


def _bucket_verdict(conf: Mapping[str, Any], details: list[str]) -> bool | None:
    placed = template.place(conf)
    if placed is None:
        details.append("could not find the bucket's template")
        return None
    bucket_name = prop(conf, "BucketName")
    attached, maybe = [], []
    for logical_id, resource in placed.resources.items():
        if not isinstance(resource, Mapping) or resource.get("Type") != _POLICY_TYPE:
            continue
        named = _names(prop(resource, "Bucket"), placed, bucket_name)
        if named:
            attached.append(str(logical_id))
        elif named is None:
            maybe.append(f"{logical_id} (Bucket = {str(_plain(prop(resource, 'Bucket')))[:80]})")
    if attached:
        details.append(f"{NOT_APPLICABLE}the bucket's policy is judged on {', '.join(attached)}")
        return None
    if maybe:
        details.append("a bucket policy may apply to this bucket, but it could not be told: " + "; ".join(maybe))
        return None
    details.append(NO_POLICY)
    return False


class S3TlsOnly(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy denies requests that do not use TLS (aws:SecureTransport)",
            id="BAOMI_AWS_S3_TLS_ONLY",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=(_POLICY_TYPE, "AWS::S3::Bucket"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        details: list[str] = []
        if conf.get("Type") == _POLICY_TYPE:
            document = policy_document(conf)
            tls = requires_tls(document, CLOUDFORMATION)
            if tls is None:
                details.append("PolicyDocument is behind an intrinsic function" if document is None else
                               "a statement of the PolicyDocument could not be read (an intrinsic function or a "
                               "value known only at deploy time)")
        else:
            tls = _bucket_verdict(conf, details)
        if tls is False and not details:
            details.append(NO_TLS_DENY)
        self.details = details
        return verdict(None if tls is None else not tls)


check = S3TlsOnly()
