"""BAOMI_AWS_S3_TLS_ONLY: a bucket policy denies every request not made over TLS.

S3 accepts plain HTTP unless the bucket policy denies ``aws:SecureTransport = false`` to everyone on
every object; checkov has no check for it. The rule is ``baomi.checks.policy.requires_tls``, the same
for CloudFormation and the live AWS account.

Both the policy and the bucket are judged. An ``aws_s3_bucket_policy`` by its policy (documents it merges
followed, ``policy_json``). An ``aws_s3_bucket`` by the policies attached to it: one attached through an
``aws_s3_bucket_policy`` of its own module instance is judged there (the bucket is then not applicable);
the deprecated inline ``policy`` argument is judged on the bucket; a bucket with neither fails, since
nothing denies plain HTTP. A policy anywhere in the root that may name the bucket but cannot be told to
(``bucket = var.name``, a module output leading to it, an expression) leaves the bucket unknown, named.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.policy import NO_TLS_DENY, requires_tls
from baomi.checks.terraform.graph import Resource, Scope, scope_of, split_address
from baomi.checks.terraform.policy_json import TERRAFORM, policy_dict, unseen
from baomi.checks.terraform.resources import flat
from baomi.checks.terraform.values import NOT_APPLICABLE, is_expression, scalar, verdict

NO_POLICY = "no bucket policy: nothing denies requests made without TLS (aws:SecureTransport = false)"
_INDEX = re.compile(r"\[([^\]]*)\]$")
#: the whole value is one reference to a resource's attribute: ``aws_s3_bucket.b[0].id``
_ONE_REFERENCE = re.compile(r'^(?:\$\{)?([a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\[\s*"?([^\]"]*)"?\s*\])?'
                            r"\.[A-Za-z_]\w*(?:\})?$")
#: what may carry a value from another module instance (or a bucket's name) into an expression
_CARRIERS = re.compile(r"(?<![\w.])(var|local|module|data|each)\.|[\"']")
_BUCKET_NAMES = re.compile(r"(?<![\w.])aws_s3_bucket\.([A-Za-z_][\w-]*)")
_MODULE_OUTPUT = re.compile(r'^(?:\$\{)?module\.([A-Za-z_][\w-]*)(\[[^\]]*\])?\.')


def _policy_verdict(policy_value: Any, scope: Scope, details: list[str]) -> bool | None:
    """Does the policy refuse plain HTTP? Appends to ``details`` what could not be seen."""
    policy = policy_dict(policy_value, scope)
    tls = requires_tls(policy, TERRAFORM)
    if tls is None:
        details.extend(unseen(policy) if policy is not None else
                       [f"could not read policy = {str(policy_value)[:80]}"])
    return tls


class _Bucket:
    """The judged bucket: where it is, its address in its module and its literal name (if any)."""

    def __init__(self, scope: Scope, conf: Mapping[str, Any]) -> None:
        self.scope = scope
        _, self.address = split_address(str(conf.get("__address__") or ""))
        self.base = _INDEX.sub("", self.address)
        index = _INDEX.search(self.address)
        self.index = index.group(1).strip('"') if index else None
        name = scalar(conf, "bucket")
        self.name = name if isinstance(name, str) else None

    def named_by(self, policy_scope: Scope, policy: Resource) -> bool | None:
        """Does this policy's ``bucket`` name the bucket? None when it cannot be told."""
        items = flat(policy.get("bucket"))
        if len(items) != 1 or not isinstance(items[0], str):
            return None
        text = items[0].strip()
        if not is_expression(text):  # a literal bucket name
            return None if self.name is None or is_expression(self.name) else text == self.name
        if self.name is not None and text == self.name.strip():
            return True
        same_scope = policy_scope.key == self.scope.key
        reference = _ONE_REFERENCE.match(text)
        if reference:
            kind, name, index = reference.groups()
            if kind != "aws_s3_bucket" or not same_scope:
                return False  # another kind of resource, or a bucket of another module instance
            if f"{kind}.{name}" != self.base:
                return False if policy_scope.named(f"{kind}.{name}") else None
            return index is None or self.index is None or index == self.index
        output = _MODULE_OUTPUT.match(text)
        if output and policy_scope.module is not None and self.scope.module is not None:
            call = f"{policy_scope.module}module.{output.group(1)}"
            if not self.scope.module.startswith((call + ".", call + "[")):
                return False  # an output of a module instance the bucket is not in
        if not _CARRIERS.search(text):  # only references to resources of the policy's own module instance
            buckets = {f"aws_s3_bucket.{name}" for name in _BUCKET_NAMES.findall(text)}
            if not same_scope or self.base not in buckets:
                return False
        return None


def _bucket_verdict(conf: Mapping[str, Any], scope: Scope, details: list[str]) -> bool | None:
    """Is the bucket refused plain HTTP by its policy? Sets ``details``; a bucket whose policy is judged
    on its own resource gets a not-applicable detail (and None)."""
    bucket = _Bucket(scope, conf)
    attached, maybe = [], []
    for policy_scope, policy in scope.in_root("aws_s3_bucket_policy"):
        named = bucket.named_by(policy_scope, policy)
        if named:
            attached.append(policy)
        elif named is None:
            where = policy_scope.module or ""
            maybe.append(f"{where}{policy.address} (bucket = {str(flat(policy.get('bucket'))[:1])[1:-1][:80]})")
    if attached:
        names = ", ".join(p.address for p in attached)
        details.append(f"{NOT_APPLICABLE}the bucket's policy is judged on {names}")
        return None
    inline = scalar(conf, "policy")
    if inline is not None:
        return _policy_verdict(inline, scope, details)
    if maybe:
        details.append("a bucket policy may be attached to this bucket, but the bucket it names could not be "
                       "resolved: " + "; ".join(maybe))
        return None
    details.append(NO_POLICY)
    return False


class S3TlsOnly(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy denies requests that do not use TLS (aws:SecureTransport)",
            id="BAOMI_AWS_S3_TLS_ONLY",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_s3_bucket_policy", "aws_s3_bucket"),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        scope = scope_of(self.graph, conf)
        details: list[str] = []
        if self.entity_type == "aws_s3_bucket":
            tls = _bucket_verdict(conf, scope, details)
        else:
            tls = _policy_verdict(scalar(conf, "policy"), scope, details)
        if tls is False and not details:
            details.append(NO_TLS_DENY)
        self.details = details
        return verdict(None if tls is None else not tls)


check = S3TlsOnly()
