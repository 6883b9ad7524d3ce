"""BAOMI_AWS_S3_TLS_ONLY for CloudFormation: ``AWS::S3::BucketPolicy`` denies plain-HTTP requests."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation.properties import prop
from baomi.checks.terraform.s3_tls_only import tls_verdict


class S3TlsOnly(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy denies requests that do not use TLS (aws:SecureTransport)",
            id="BAOMI_AWS_S3_TLS_ONLY",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::S3::BucketPolicy",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        document = prop(conf, "PolicyDocument")
        result = tls_verdict(document if isinstance(document, Mapping) else None)
        if result is CheckResult.FAILED:
            self.details = ["no statement denies s3:* to every principal when aws:SecureTransport is false"]
        return result


check = S3TlsOnly()
