"""BAOMI_AWS_S3_TLS_ONLY: a bucket policy denies every request not made over TLS.

S3 accepts plain HTTP unless the bucket policy denies ``aws:SecureTransport = false`` to everyone on
every object; checkov has no check for it. The rule is ``baomi.checks.policy.requires_tls``, the same
for CloudFormation and the live AWS account.
"""
from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.policy import NO_TLS_DENY, requires_tls
from baomi.checks.terraform.graph import scope_of
from baomi.checks.terraform.policy_json import TERRAFORM, policy_dict
from baomi.checks.terraform.values import scalar, verdict


class S3TlsOnly(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy denies requests that do not use TLS (aws:SecureTransport)",
            id="BAOMI_AWS_S3_TLS_ONLY",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_s3_bucket_policy",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        tls = requires_tls(policy_dict(scalar(conf, "policy"), scope_of(self.graph, conf)), TERRAFORM)
        if tls is False:
            self.details = [NO_TLS_DENY]
        return verdict(None if tls is None else not tls)


check = S3TlsOnly()
