"""The checkov check behind every Terraform firewall rule: no rule opens a guarded port set (database,
administration) to any address. Each cloud's module only says how its resources read as rules."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.ports import IngressRule, PortSet
from baomi.checks.terraform.network import judge

#: a resource's inbound rules from its type and configuration; None stands for rules that cannot be read
RuleReader = Callable[[str, Mapping[str, Any]], Iterable[IngressRule | None]]


class ExposedPorts(BaseResourceCheck):
    def __init__(self, check_id: str, name: str, resources: Iterable[str], guarded: PortSet,
                 rules: RuleReader) -> None:
        self.guarded, self.rules = guarded, rules
        super().__init__(name=name, id=check_id, categories=(CheckCategories.NETWORKING,),
                         supported_resources=tuple(resources))

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        result, self.details = judge(self.rules(self.entity_type, conf), self.guarded)
        return result
