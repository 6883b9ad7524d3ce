"""Alibaba Cloud settings checkov does not judge: RAM console MFA, zone-redundant OSS, OSS lifecycle.

* BAOMI_ALI_RAM_LOGIN_MFA: ``alicloud_ram_login_profile.mfa_bind_required`` must be true (default false).
* BAOMI_ALI_OSS_ZONE_REDUNDANT: ``alicloud_oss_bucket.redundancy_type`` must be ZRS (default LRS keeps
  every copy in one zone).
* BAOMI_ALI_OSS_LIFECYCLE: an OSS bucket has an enabled lifecycle rule that expires objects (by days, a
  date or a creation date; deleting expired delete markers alone removes no data), so data is not kept
  longer than its purpose needs; and on a bucket whose classification tag marks customer data, no enabled
  rule expires objects sooner than ``min_record_retention_days`` (``checks/records.py``, shared with the
  live S3 check; an expiry by date reaches objects of any age, so it never keeps that minimum). checkov
  drops a ``dynamic "expiration"`` nested in a ``dynamic "lifecycle_rule"``: a rule written that way that
  shows no expiration is not evaluated, never failed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.records import Expiry, Judgement, customer_data, expiry, kept_long_enough
from baomi.checks.terraform.classification import resource_labels
from baomi.checks.terraform.values import (
    all_true,
    any_true,
    blocks,
    boolean,
    hidden,
    is_expression,
    keyword,
    scalar,
    verdict,
)
from baomi.settings import current

#: an expiration setting that deletes objects; checkov renders a null (``lookup(x, "days", null)``) as "None"
_EXPIRES_BY = ("days", "date", "created_before_date")
_NULL = ("None", "null", "")
_HIDDEN = "lifecycle_rule or its expiration is built by an expression or dynamic block baomi could not expand"
_NESTED = ("lifecycle_rule is a dynamic block that shows no expiration: checkov drops a dynamic \"expiration\" "
           "nested in it, so whether it expires objects cannot be seen")
_UNREAD = "lifecycle_rule enabled or expiration could not be read: an expression checkov left unresolved"


def _is_zrs(value: Any) -> bool | None:
    """ZRS or LRS; any other text is not understood."""
    word = keyword(value, ("ZRS", "LRS"))
    return None if word is None else word == "zrs"


def _shown(value: Any) -> str:
    """A value for a detail line, short: unresolved lookups can be thousands of characters long."""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


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
        elif ok is None:
            self.details = [f"{self.attribute} could not be read: {_shown(value)}"]
        return verdict(None if ok is None else not ok)


def _set(value: Any) -> bool | None:
    """Is an expiration setting given? Unknown when it is an expression that may still be null."""
    if value is None or (isinstance(value, str) and value.strip() in _NULL):
        return False
    return None if is_expression(value) else True


def _expires(rule: Mapping[str, Any], expanded: list[Mapping[str, Any]]) -> bool | None:
    """Does an enabled rule expire objects? A rule checkov expanded from a dynamic block may have lost a
    nested ``dynamic "expiration"``: without a visible one, it cannot be told."""
    expiring = any_true(_set(scalar(e, key)) for e in blocks(rule, "expiration") for key in _EXPIRES_BY)
    return None if expiring is False and rule in expanded else expiring


def _expiries(rules: list[Mapping[str, Any]]) -> list[tuple[bool | None, Expiry]]:
    """Every expiration setting of every rule not switched off, with whether its rule is enabled."""
    found: list[tuple[bool | None, Expiry]] = []
    for number, rule in enumerate(rules, 1):
        enabled = boolean(scalar(rule, "enabled"))
        if enabled is False:
            continue
        name = scalar(rule, "id")
        label = f"lifecycle_rule {name!r}" if isinstance(name, str) and name else f"lifecycle_rule {number}"
        for block in blocks(rule, "expiration"):
            for key in _EXPIRES_BY:
                value = scalar(block, key)
                if _set(value) is False:
                    continue
                found.append((enabled, Expiry(label, days=value, by=key) if key == "days"
                              else Expiry(label, date=value, by=key)))
    return found


def _kept(rules: list[Mapping[str, Any]]) -> Judgement:
    """Do the rules keep customer data at least the minimum? A rule whose ``enabled`` could not be read
    only leaves the answer open."""
    judgements = []
    for enabled, found in _expiries(rules):
        judgement = expiry(found, current(), is_expression)
        if judgement.ok is False and enabled is None:
            judgement = Judgement(None, f"{found.rule}: enabled could not be read, and {judgement.message}")
        judgements.append(judgement)
    return kept_long_enough(judgements)


class OssLifecycle(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure Alibaba Cloud OSS buckets have an enabled lifecycle rule that expires objects, "
                 "customer data no sooner than the minimum record retention",
            id="BAOMI_ALI_OSS_LIFECYCLE",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("alicloud_oss_bucket",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        rules = blocks(conf, "lifecycle_rule")
        if hidden(conf, "lifecycle_rule") or any(hidden(rule, "expiration") for rule in rules):
            self.details = [_HIDDEN]
            return CheckResult.UNKNOWN
        expanded = [r for d in blocks(conf, "dynamic") for r in blocks(d, "lifecycle_rule")]
        expiring = any_true(all_true(boolean(scalar(rule, "enabled")), _expires(rule, expanded)) for rule in rules)
        if expiring is False:
            self.details = ["no enabled lifecycle rule with an expiration"]
            return CheckResult.FAILED
        held = customer_data(resource_labels(self, conf), current(), is_expression)
        kept = _kept(rules) if held is not False else None
        unsure = "tags could not be read (do they mark customer data?), and "
        if kept is not None and kept.ok is False:
            self.details = [kept.message if held else unsure + kept.message]
            return CheckResult.FAILED if held else CheckResult.UNKNOWN
        if expiring is None:
            nested = any(r in expanded and not blocks(r, "expiration") for r in rules)
            self.details = [_NESTED if nested else _UNREAD]
            return CheckResult.UNKNOWN
        if kept is not None and kept.ok is None:
            self.details = [kept.message if held else unsure + kept.message]
            return CheckResult.UNKNOWN
        if kept is not None and held:
            self.details = [kept.message]
        return CheckResult.PASSED


checks = (
    RequiredValue("BAOMI_ALI_RAM_LOGIN_MFA", "Ensure Alibaba Cloud RAM users with console login must bind MFA",
                  ("alicloud_ram_login_profile",), "mfa_bind_required", boolean, False,
                  CheckCategories.IAM),
    RequiredValue("BAOMI_ALI_OSS_ZONE_REDUNDANT", "Ensure Alibaba Cloud OSS buckets use zone-redundant storage (ZRS)",
                  ("alicloud_oss_bucket",), "redundancy_type", _is_zrs, "LRS",
                  CheckCategories.BACKUP_AND_RECOVERY),
    OssLifecycle(),
)
