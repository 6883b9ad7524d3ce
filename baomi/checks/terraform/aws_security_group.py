"""BAOMI_AWS_SG_DB_PORTS_OPEN: no security group lets the internet reach a database port.

checkov's own checks cover SSH, RDP and "all ports"; a database listening to 0.0.0.0/0 on 3306 or
5432 is the most direct path to customer data and had no check.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.terraform.network import IngressRule, judge, port_range
from baomi.checks.terraform.values import blocks, is_expression, scalar, strings


def _rule(conf: Mapping[str, Any], protocol_key: str, cidr_keys: tuple[str, ...]) -> IngressRule:
    sources = tuple(s for key in cidr_keys for s in strings(conf.get(key)))
    return IngressRule(
        protocol=scalar(conf, protocol_key),
        ports=port_range(scalar(conf, "from_port"), scalar(conf, "to_port")),
        sources=sources,
    )


def ingress_rules(resource_type: str, conf: Mapping[str, Any]) -> Iterator[IngressRule | None]:
    """The inbound rules of one resource; None stands for rules hidden behind an expression."""
    if resource_type == "aws_security_group":
        if is_expression(scalar(conf, "ingress")):
            yield None
        for block in blocks(conf, "ingress"):
            yield _rule(block, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
    elif resource_type == "aws_security_group_rule":
        kind = scalar(conf, "type")
        if kind != "egress":
            rule = _rule(conf, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
            yield rule if kind == "ingress" else IngressRule(rule.protocol, rule.ports, rule.sources, None)
    else:  # aws_vpc_security_group_ingress_rule
        yield _rule(conf, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))


class SecurityGroupDbPortsOpen(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure no security group allows ingress from 0.0.0.0/0 or ::/0 to a database port",
            id="BAOMI_AWS_SG_DB_PORTS_OPEN",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("aws_security_group", "aws_security_group_rule",
                                 "aws_vpc_security_group_ingress_rule"),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        result, self.details = judge(ingress_rules(self.entity_type, conf))
        return result


check = SecurityGroupDbPortsOpen()
