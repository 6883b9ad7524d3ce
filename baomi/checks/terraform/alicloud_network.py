"""Alibaba Cloud: security group rules and RDS whitelists must not open databases or administration to
the internet.

BAOMI_ALI_SG_DB_PORTS_OPEN and BAOMI_ALI_SG_ADMIN_PORTS_OPEN (SSH 22, RDP 3389) judge
``alicloud_security_group_rule``; checkov's CKV_ALI_2 and CKV_ALI_3 pass a rule whose ``port_range`` or
``cidr_ip`` is an unresolved expression, where baomi reports it as not evaluated. Modules that look a
rule's protocol and ports up by name (``ingress_rules = ["mysql-tcp"]``) reach checkov as the lookup
table followed by an index it could not evaluate: such a rule is not evaluated either, never passed.
A rule whose source is a prefix list (``prefix_list_id``) may admit any address: its entries are not
in the rule.
BAOMI_ALI_RDS_SECURITY_IPS_OPEN judges the RDS whitelist, where 0.0.0.0/0 lets any address connect
(checkov's CKV_ALI_9 passes a whitelist it cannot read, so baomi judges it itself).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.ports import ADMIN_PORTS, DB_PORTS, IngressRule, is_open_cidr, parse_port_spec
from baomi.checks.terraform.firewall import ExposedPorts
from baomi.checks.terraform.values import any_true, blocks, hidden, is_expression, keyword, scalar, strings, verdict


def _accepts(policy: Any) -> bool | None:
    """accept or drop; the provider's default is accept; anything else is not understood."""
    if policy is None:
        return True
    word = keyword(policy, ("accept", "drop"))
    return None if word is None else word == "accept"


def _sg_rules(resource_type: str, conf: Mapping[str, Any]) -> Iterator[IngressRule]:
    kind = keyword(scalar(conf, "type"), ("ingress", "egress"))
    if kind == "egress":
        return
    sources = strings(conf.get("cidr_ip")) + strings(conf.get("ipv6_cidr_ip"))
    prefix_list = scalar(conf, "prefix_list_id") not in (None, "")
    yield IngressRule(
        protocol=scalar(conf, "ip_protocol"),
        ports=parse_port_spec(scalar(conf, "port_range")),
        sources=tuple([*sources, None] if prefix_list else sources),
        accepts=_accepts(scalar(conf, "policy")) if kind == "ingress" else None,
        names=("ip_protocol", "port_range", "prefix_list_id" if prefix_list else "cidr_ip",
               "policy" if kind == "ingress" else "type"),
    )


def _whitelist(value: Any) -> list[Any]:
    """Whitelist entries; one string may hold several, comma-separated."""
    entries: list[Any] = []
    for item in strings(value):
        entries.extend(item.split(",") if isinstance(item, str) and not is_expression(item) else [item])
    return entries


class RdsSecurityIpsOpen(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure the Alibaba Cloud RDS whitelist (security_ips) does not contain 0.0.0.0/0",
            id="BAOMI_ALI_RDS_SECURITY_IPS_OPEN",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("alicloud_db_instance",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        """Absent, the whitelist is 127.0.0.1: nobody connects. An entry that is not a literal address
        leaves the answer open unless another entry already admits any address."""
        arrays = blocks(conf, "db_instance_ip_array")
        answers = {
            "security_ips": [is_open_cidr(e) for e in _whitelist(conf.get("security_ips"))],
            "db_instance_ip_array": [is_open_cidr(e) for a in arrays for e in _whitelist(a.get("security_ips"))]
            + ([None] if hidden(conf, "db_instance_ip_array") else []),
        }
        open_to_all = any_true(a for values in answers.values() for a in values)
        if open_to_all:
            self.details = ["the RDS whitelist allows connections from any address"]
        elif open_to_all is None:
            unread = " and ".join(name for name, values in answers.items() if None in values)
            why = "an expression checkov left unresolved, or an entry that is not an address"
            self.details = [f"{unread} could not be read: {why}"]
        return verdict(open_to_all)


checks = (
    ExposedPorts("BAOMI_ALI_SG_DB_PORTS_OPEN",
                 "Ensure no Alibaba Cloud security group rule allows ingress from any address to a database port",
                 ("alicloud_security_group_rule",), DB_PORTS, _sg_rules),
    ExposedPorts("BAOMI_ALI_SG_ADMIN_PORTS_OPEN",
                 "Ensure no Alibaba Cloud security group rule allows ingress from any address to SSH (22) or "
                 "RDP (3389)", ("alicloud_security_group_rule",), ADMIN_PORTS, _sg_rules),
    RdsSecurityIpsOpen(),
)
