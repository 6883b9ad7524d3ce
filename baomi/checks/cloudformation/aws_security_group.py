"""BAOMI_AWS_SG_DB_PORTS_OPEN and BAOMI_AWS_SG_ADMIN_PORTS_OPEN for CloudFormation: the rules of
terraform/aws_security_group.py on ``AWS::EC2::SecurityGroup`` inline ingress and
``AWS::EC2::SecurityGroupIngress`` (checkov's CKV_AWS_24 and CKV_AWS_25 pass a CIDR given by a parameter).
A rule whose source is a prefix list (``SourcePrefixListId``) may admit any address, its entries not being in
the template: reaching a guarded port, it is not evaluated unless another source already opens it."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.models.enums import CheckCategories, CheckResult

from baomi.checks.cloudformation.properties import is_intrinsic, prop
from baomi.checks.ports import ADMIN_PORTS, DB_PORTS, IngressRule, PortSet, is_open_cidr, port_range, unreadable
from baomi.checks.terraform.network import judge

_RESOURCES = ("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress")


def _rule(rule: Mapping[str, Any]) -> IngressRule:
    """The CIDRs as sources, and one unknown source (None) for a prefix list; the source properties named,
    should the rule not be judged, are those holding what is not a literal address."""
    cidrs = {key: rule.get(key) for key in ("CidrIp", "CidrIpv6") if rule.get(key) is not None}
    sources: list[Any] = list(cidrs.values())
    unknown = [key for key, value in cidrs.items() if is_open_cidr(value) is None]
    if rule.get("SourcePrefixListId") not in (None, ""):
        sources.append(None)
        unknown.append("SourcePrefixListId")
    return IngressRule(
        protocol=rule.get("IpProtocol"),
        ports=port_range(rule.get("FromPort"), rule.get("ToPort")),
        sources=tuple(sources),
        names=("IpProtocol", "FromPort/ToPort", "/".join(unknown), "IpProtocol"),  # sources named only if unknown
    )


def _readable(rule: Any) -> IngressRule:
    """A rule written as a plain map; one behind an intrinsic function (``Fn::If``) cannot be read."""
    return _rule(rule) if isinstance(rule, Mapping) and not is_intrinsic(rule) else unreadable("SecurityGroupIngress")


def _rules(resource_type: str, conf: Mapping[str, Any]) -> Iterator[IngressRule | None]:
    if resource_type == "AWS::EC2::SecurityGroupIngress":
        yield _readable(conf.get("Properties"))
        return
    ingress = prop(conf, "SecurityGroupIngress")
    if ingress is not None and not isinstance(ingress, list):
        yield unreadable("SecurityGroupIngress")
        return
    for rule in ingress or []:
        yield _readable(rule)


class ExposedPorts(BaseResourceCheck):
    def __init__(self, check_id: str, name: str, guarded: PortSet) -> None:
        self.guarded = guarded
        super().__init__(name=name, id=check_id, categories=(CheckCategories.NETWORKING,),
                         supported_resources=_RESOURCES)

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        result, self.details = judge(_rules(self.entity_type, conf), self.guarded)
        return result


checks = (
    ExposedPorts("BAOMI_AWS_SG_DB_PORTS_OPEN",
                 "Ensure no security group allows ingress from 0.0.0.0/0 or ::/0 to a database port", DB_PORTS),
    ExposedPorts("BAOMI_AWS_SG_ADMIN_PORTS_OPEN",
                 "Ensure no security group allows ingress from 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389)",
                 ADMIN_PORTS),
)
