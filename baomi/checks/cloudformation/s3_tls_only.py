"""BAOMI_AWS_S3_TLS_ONLY for CloudFormation: ``AWS::S3::BucketPolicy`` denies plain-HTTP requests
(``baomi.checks.policy.requires_tls``)."""
from __future__ import annotations

from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation.properties import CLOUDFORMATION, policy_document
from baomi.checks.policy import NO_TLS_DENY, requires_tls
from baomi.checks.terraform.values import verdict


class S3TlsOnly(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy denies requests that do not use TLS (aws:SecureTransport)",
            id="BAOMI_AWS_S3_TLS_ONLY",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::S3::BucketPolicy",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        tls = requires_tls(policy_document(conf), CLOUDFORMATION)
        if tls is False:
            self.details = [NO_TLS_DENY]
        return verdict(None if tls is None else not tls)


check = S3TlsOnly()
