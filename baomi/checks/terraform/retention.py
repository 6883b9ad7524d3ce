"""Minimum retention in days: backups and logs must be kept at least as long as the settings ask.

One rule (``days_verdict``) serves every "keep it N days" attribute of every cloud and CloudFormation;
what differs is the attribute, what an absent value means (the provider's default, or "forever"), the
values that mean "forever", and which setting is the minimum:

* AWS RDS ``backup_retention_period``: absent means the API default of 1 day.
* AWS CloudWatch ``retention_in_days``: absent or 0 means never expire, which meets any minimum.
* Alibaba Cloud ``alicloud_log_store.retention_period``: absent means 30 days; 3650 is permanent.
* Alibaba Cloud ``alicloud_db_backup_policy``: absent means 7 days.
* Tencent Cloud ``tencentcloud_cls_topic.period``: absent means 30 days; 3640 is permanent.
* Tencent Cloud ``tencentcloud_mysql_backup_policy.retention_period``: absent means 7 days.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.terraform.values import integer, scalar
from baomi.settings import Settings, current


def backup_minimum(settings: Settings) -> int:
    return settings.min_backup_retention_days


def log_minimum(settings: Settings) -> int:
    return settings.min_log_retention_days


@dataclass(frozen=True)
class RetentionRule:
    """How one kind of resource expresses retention. ``when_absent`` None means "kept forever"."""

    attributes: tuple[str, ...]
    minimum: Callable[[Settings], int]
    when_absent: int | None
    forever: frozenset[int] = frozenset()

    def judge(self, conf: Mapping[str, Any], read: Callable[[Mapping[str, Any], str], Any]) -> tuple[CheckResult, str]:
        """The verdict and a detail line; ``read`` fetches an attribute in the framework's format."""
        value = next((v for v in (read(conf, a) for a in self.attributes) if v is not None), None)
        minimum = self.minimum(current())
        if value is None:
            if self.when_absent is None:
                return CheckResult.PASSED, "no retention set: kept forever"
            days = self.when_absent
            source = f"not set (provider default {days} days)"
        else:
            parsed = integer(value)
            if parsed is None:
                return CheckResult.UNKNOWN, f"{self.attributes[0]} is not resolved"
            days, source = parsed, f"{parsed} days"
        if days in self.forever:
            return CheckResult.PASSED, "kept forever"
        if days >= minimum:
            return CheckResult.PASSED, f"retention {source} meets the minimum of {minimum} days"
        return CheckResult.FAILED, f"retention {source} is under the minimum of {minimum} days"


class MinimumRetention(BaseResourceCheck):
    """A Terraform retention check configured by a RetentionRule."""

    def __init__(self, check_id: str, name: str, resources: Iterable[str], rule: RetentionRule,
                 category: CheckCategories) -> None:
        self.rule = rule
        super().__init__(name=name, id=check_id, categories=(category,), supported_resources=tuple(resources))

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        result, detail = self.rule.judge(conf, scalar)
        self.details = [detail]
        return result


RDS_BACKUP = RetentionRule(("backup_retention_period",), backup_minimum, when_absent=1)
LOG_GROUP = RetentionRule(("retention_in_days",), log_minimum, when_absent=None, forever=frozenset({0}))

checks = (
    MinimumRetention("BAOMI_AWS_RDS_BACKUP_RETENTION", "Ensure RDS automated backups are kept at least the "
                     "minimum number of days", ("aws_db_instance", "aws_rds_cluster"), RDS_BACKUP,
                     CheckCategories.BACKUP_AND_RECOVERY),
    MinimumRetention("BAOMI_AWS_LOG_GROUP_RETENTION", "Ensure CloudWatch log groups keep logs at least the "
                     "minimum number of days", ("aws_cloudwatch_log_group",), LOG_GROUP, CheckCategories.LOGGING),
    MinimumRetention("BAOMI_ALI_LOG_STORE_RETENTION", "Ensure Alibaba Cloud SLS log stores keep logs at least "
                     "the minimum number of days", ("alicloud_log_store",),
                     RetentionRule(("retention_period",), log_minimum, when_absent=30, forever=frozenset({3650})),
                     CheckCategories.LOGGING),
    MinimumRetention("BAOMI_ALI_RDS_BACKUP_RETENTION", "Ensure Alibaba Cloud RDS backups are kept at least the "
                     "minimum number of days", ("alicloud_db_backup_policy",),
                     RetentionRule(("backup_retention_period", "retention_period"), backup_minimum, when_absent=7),
                     CheckCategories.BACKUP_AND_RECOVERY),
    MinimumRetention("BAOMI_TC_CLS_TOPIC_RETENTION", "Ensure Tencent Cloud CLS topics keep logs at least the "
                     "minimum number of days", ("tencentcloud_cls_topic",),
                     RetentionRule(("period",), log_minimum, when_absent=30, forever=frozenset({3640})),
                     CheckCategories.LOGGING),
    MinimumRetention("BAOMI_TC_MYSQL_BACKUP_RETENTION", "Ensure Tencent Cloud MySQL backups are kept at least "
                     "the minimum number of days", ("tencentcloud_mysql_backup_policy",),
                     RetentionRule(("retention_period",), backup_minimum, when_absent=7),
                     CheckCategories.BACKUP_AND_RECOVERY),
)
