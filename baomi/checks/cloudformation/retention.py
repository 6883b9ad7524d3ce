"""Retention minimums for CloudFormation: the rules of terraform/retention.py on RDS backups and
CloudWatch log groups (absent BackupRetentionPeriod is 1 day; absent RetentionInDays never expires)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation.properties import prop
from baomi.checks.terraform.retention import RetentionRule, backup_minimum, log_minimum


class MinimumRetention(BaseResourceCheck):
    def __init__(self, check_id: str, name: str, resources: Iterable[str], rule: RetentionRule,
                 category: CheckCategories) -> None:
        self.rule = rule
        super().__init__(name=name, id=check_id, categories=(category,), supported_resources=tuple(resources))

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        result, detail = self.rule.judge(conf, prop)
        self.details = [detail]
        return result


checks = (
    MinimumRetention("BAOMI_AWS_RDS_BACKUP_RETENTION", "Ensure RDS automated backups are kept at least the "
                     "minimum number of days", ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster"),
                     RetentionRule(("BackupRetentionPeriod",), backup_minimum, when_absent=1),
                     CheckCategories.BACKUP_AND_RECOVERY),
    MinimumRetention("BAOMI_AWS_LOG_GROUP_RETENTION", "Ensure CloudWatch log groups keep logs at least the "
                     "minimum number of days", ("AWS::Logs::LogGroup",),
                     RetentionRule(("RetentionInDays",), log_minimum, when_absent=None, forever=frozenset({0})),
                     CheckCategories.LOGGING),
)
