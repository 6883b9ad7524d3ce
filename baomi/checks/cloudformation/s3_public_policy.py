"""BAOMI_AWS_S3_POLICY_PUBLIC for CloudFormation: ``AWS::S3::BucketPolicy`` grants nothing to everyone."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation.properties import prop
from baomi.checks.terraform.s3_public_policy import public_verdict


class S3PolicyPublic(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the S3 bucket policy does not allow access to everyone (Principal \"*\") unconditionally",
            id="BAOMI_AWS_S3_POLICY_PUBLIC",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::S3::BucketPolicy",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        document = prop(conf, "PolicyDocument")
        readable = isinstance(document, Mapping) and not any(k.startswith("Fn::") or k == "Ref" for k in document)
        result, self.details = public_verdict(document if readable else None)
        return result


check = S3PolicyPublic()
