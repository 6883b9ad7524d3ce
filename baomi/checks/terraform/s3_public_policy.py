"""BAOMI_AWS_S3_POLICY_PUBLIC: a bucket policy grants nothing to everyone.

A statement that allows ``Principal: "*"`` (or ``NotPrincipal``) is public unless a condition pins the
caller down, as S3's own definition of a public policy says: a fixed ``aws:SourceIp`` range other than
the whole internet, or a fixed ``aws:SourceVpce``, ``aws:SourceVpc``, ``aws:SourceArn``,
``aws:SourceAccount``, ``aws:SourceOwner``, ``aws:PrincipalOrgID``, ``aws:PrincipalAccount``,
``aws:PrincipalArn``, ``aws:userid`` or KMS key. A public access block would stop such a policy, but the
policy itself is the exposure and is judged on its own. The rule is
``baomi.checks.policy.public_statements``, shared with CloudFormation. A policy document assembled from
others is followed (``policy_json``); a statement that cannot be seen leaves the verdict unknown unless a
statement that is seen is public.
"""
from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.policy import public_detail, public_statements
from baomi.checks.terraform.graph import scope_of
from baomi.checks.terraform.policy_json import TERRAFORM, policy_dict, unseen
from baomi.checks.terraform.values import scalar, verdict


class S3PolicyPublic(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy does not allow access to everyone (Principal \"*\") unconditionally",
            id="BAOMI_AWS_S3_POLICY_PUBLIC",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("aws_s3_bucket_policy",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        value = scalar(conf, "policy")
        policy = policy_dict(value, scope_of(self.graph, conf))
        public, named = public_statements(policy, TERRAFORM)
        if public:
            self.details = [public_detail(named)]
        elif public is None:  # name what could not be seen
            self.details = unseen(policy) if policy is not None else [f"could not read policy = {str(value)[:80]}"]
        return verdict(public)


check = S3PolicyPublic()
