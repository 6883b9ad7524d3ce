"""The cloud's built-in full-administrator policy attached to a user, group or role.

* BAOMI_AWS_ADMIN_POLICY_ATTACHED: ``arn:<partition>:iam::aws:policy/AdministratorAccess`` in any
  partition (``aws``, ``aws-cn``, ``aws-us-gov`` ..., or an interpolated one). checkov's CKV_AWS_274
  compares with the ``aws`` partition's ARN only, so it passes the same grant in AWS China, and passes
  an ARN it cannot read.
* BAOMI_ALI_RAM_ADMIN_POLICY_ATTACHED: the system policy ``AdministratorAccess`` on a RAM user, group
  or role; checkov has no such check.

A reference to a policy defined in the configuration (``aws_iam_policy.x.arn``, a ``Custom`` RAM policy)
is not the built-in policy: what such a policy grants is judged by the policy checks (CKV_AWS_62 ...).
"""
from __future__ import annotations

import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.terraform.graph import NOWHERE, Scope, data_block_config, scope_of
from baomi.checks.terraform.resources import flat
from baomi.checks.terraform.values import any_true, is_expression, scalar, verdict

ADMIN_POLICY = "AdministratorAccess"
#: the AWS-managed policy's ARN in any partition, literal or interpolated (``arn:${local.partition}:...``)
_AWS_ADMIN_ARN = re.compile(rf"^arn:(aws[\w-]*|\$\{{[^}}]+\}}):iam::aws:policy/{ADMIN_POLICY}$")
_AWS_MANAGED_ARN = re.compile(r"^arn:(aws[\w-]*|\$\{[^}]+\}):iam::aws:policy/")
_CUSTOM_POLICY_REFERENCE = re.compile(r"^aws_iam_policy\.[\w-]+(\[[^\]]*\])?\.(arn|id)$")
_POLICY_DATA_SOURCE = re.compile(r"^data\.(aws_iam_policy\.[\w-]+)\.arn$")

#: where each resource type names the attached policies
_AWS_POLICY_ATTRIBUTES = {
    "aws_iam_user_policy_attachment": "policy_arn",
    "aws_iam_group_policy_attachment": "policy_arn",
    "aws_iam_role_policy_attachment": "policy_arn",
    "aws_iam_policy_attachment": "policy_arn",
    "aws_iam_role": "managed_policy_arns",
    "aws_ssoadmin_managed_policy_attachment": "managed_policy_arn",
}


def _data_source_policy(scope: Scope, address: str) -> bool | None:
    """``data "aws_iam_policy"`` looked up by name or ARN."""
    conf = data_block_config(scope, address)
    if conf is None:
        return None
    name = scalar(conf, "name")
    if isinstance(name, str) and not is_expression(name):
        return name == ADMIN_POLICY
    return is_aws_admin_arn(scalar(conf, "arn"), scope)


def is_aws_admin_arn(value: Any, scope: Scope = NOWHERE) -> bool | None:
    """Is this the AWS-managed AdministratorAccess policy? None when the ARN cannot be read (a data source
    is looked up within ``scope``, the judged resource's module instance)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    data_source = _POLICY_DATA_SOURCE.match(text)
    if data_source:
        return _data_source_policy(scope, data_source.group(1))
    if _AWS_ADMIN_ARN.match(text):
        return True
    if _AWS_MANAGED_ARN.match(text) or _CUSTOM_POLICY_REFERENCE.match(text):
        return False
    if is_expression(text) or "${" in text:
        return None
    return False  # another literal ARN: a customer-managed policy, judged by the policy checks


class AwsAdminPolicyAttached(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure no IAM user, group or role is attached the AWS-managed AdministratorAccess policy",
            id="BAOMI_AWS_ADMIN_POLICY_ATTACHED",
            categories=(CheckCategories.IAM,),
            supported_resources=tuple(_AWS_POLICY_ATTRIBUTES),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        attribute = _AWS_POLICY_ATTRIBUTES[self.entity_type]
        value = conf.get(attribute)
        arns = flat(value)
        if not arns:
            if attribute == "managed_policy_arns":
                return CheckResult.PASSED
            self.details = [f"{attribute} is not set"]
            return CheckResult.UNKNOWN
        scope = scope_of(self.graph, conf)
        answers = [(arn, is_aws_admin_arn(arn, scope)) for arn in arns]
        admin = any_true(answer for _, answer in answers)
        if admin:
            self.details = [f"{attribute} attaches arn:...:iam::aws:policy/{ADMIN_POLICY}"]
        elif admin is None:
            unread = next(str(arn) for arn, answer in answers if answer is None)
            self.details = [f"{attribute} is not resolved: {unread if len(unread) <= 60 else unread[:59] + '…'}"]
        return verdict(admin)


class AlicloudAdminPolicyAttached(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure no Alibaba Cloud RAM user, group or role is attached the AdministratorAccess system policy",
            id="BAOMI_ALI_RAM_ADMIN_POLICY_ATTACHED",
            categories=(CheckCategories.IAM,),
            supported_resources=("alicloud_ram_user_policy_attachment", "alicloud_ram_group_policy_attachment",
                                 "alicloud_ram_role_policy_attachment"),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        kind, name = scalar(conf, "policy_type"), scalar(conf, "policy_name")
        if not isinstance(kind, str) or is_expression(kind):
            self.details = ["policy_type is not resolved"]
            return CheckResult.UNKNOWN
        if kind.strip().lower() != "system":
            return CheckResult.PASSED
        if not isinstance(name, str) or is_expression(name):
            self.details = ["policy_name is not resolved"]
            return CheckResult.UNKNOWN
        if name.strip() == ADMIN_POLICY:
            self.details = [f"system policy {ADMIN_POLICY} is attached"]
            return CheckResult.FAILED
        return CheckResult.PASSED


checks = (AwsAdminPolicyAttached(), AlicloudAdminPolicyAttached())
