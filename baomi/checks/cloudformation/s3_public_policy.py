"""BAOMI_AWS_S3_POLICY_PUBLIC for CloudFormation: ``AWS::S3::BucketPolicy`` grants nothing to everyone
(``baomi.checks.policy.public_statements``)."""
from __future__ import annotations

from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

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
        public, named = public_statements(policy_document(conf), CLOUDFORMATION)
        if public:
            self.details = [public_detail(named)]
        return verdict(public)


check = S3PolicyPublic()
