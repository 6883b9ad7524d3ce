"""Alibaba Cloud settings checkov does not judge: RAM console MFA, zone-redundant OSS, OSS lifecycle.

* BAOMI_ALI_RAM_LOGIN_MFA: ``alicloud_ram_login_profile.mfa_bind_required`` must be true (default false).
* BAOMI_ALI_OSS_ZONE_REDUNDANT: ``alicloud_oss_bucket.redundancy_type`` must be ZRS (default LRS keeps
  every copy in one zone).
* BAOMI_ALI_OSS_LIFECYCLE: an OSS bucket has an enabled lifecycle rule that expires objects, so data is
  not kept longer than its purpose needs.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.terraform.values import all_true, any_true, blocks, boolean, hidden, keyword, scalar, verdict


def _is_zrs(value: Any) -> bool | None:
    """ZRS or LRS; any other text is not understood."""
    word = keyword(value, ("ZRS", "LRS"))
    return None if word is None else word == "zrs"


class RequiredValue(BaseResourceCheck):
    """An attribute must satisfy ``accept``; ``when_absent`` is the provider default."""

    def __init__(self, check_id: str, name: str, resources: Iterable[str], attribute: str,
                 accept: Callable[[Any], bool | None], when_absent: Any, category: CheckCategories) -> None:
        self.attribute, self.accept, self.when_absent = attribute, accept, when_absent
        super().__init__(name=name, id=check_id, categories=(category,), supported_resources=tuple(resources))

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        value = scalar(conf, self.attribute)
        if value is None:
            value = self.when_absent
        ok = self.accept(value)
        if ok is False:
            self.details = [f"{self.attribute} is {value}"]
        return verdict(None if ok is None else not ok)


class OssLifecycle(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure Alibaba Cloud OSS buckets have an enabled lifecycle rule that expires objects",
            id="BAOMI_ALI_OSS_LIFECYCLE",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("alicloud_oss_bucket",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        rules = blocks(conf, "lifecycle_rule")
        if hidden(conf, "lifecycle_rule") or any(hidden(rule, "expiration") for rule in rules):
            self.details = ["lifecycle_rule or its expiration is built by an expression or dynamic block "
                            "baomi could not expand"]
            return CheckResult.UNKNOWN
        expiring = any_true(
            all_true(boolean(scalar(rule, "enabled")), bool(blocks(rule, "expiration")))
            for rule in rules
        )
        if expiring is False:
            self.details = ["no enabled lifecycle rule with an expiration"]
        return verdict(None if expiring is None else not expiring)


checks = (
    RequiredValue("BAOMI_ALI_RAM_LOGIN_MFA", "Ensure Alibaba Cloud RAM users with console login must bind MFA",
                  ("alicloud_ram_login_profile",), "mfa_bind_required", boolean, False,
                  CheckCategories.IAM),
    RequiredValue("BAOMI_ALI_OSS_ZONE_REDUNDANT", "Ensure Alibaba Cloud OSS buckets use zone-redundant storage (ZRS)",
                  ("alicloud_oss_bucket",), "redundancy_type", _is_zrs, "LRS",
                  CheckCategories.BACKUP_AND_RECOVERY),
    OssLifecycle(),
)
