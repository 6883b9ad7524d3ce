"""No Tencent Cloud security group rule opens a database (BAOMI_TC_SG_DB_PORTS_OPEN) or administration
port (BAOMI_TC_SG_ADMIN_PORTS_OPEN: SSH 22, RDP 3389) to any address; checkov has no check for either.

Tencent Cloud writes rules three ways: ``tencentcloud_security_group_rule`` (one rule),
``tencentcloud_security_group_lite_rule`` ("ACCEPT#0.0.0.0/0#3306#TCP" strings) and
``tencentcloud_security_group_rule_set`` (ingress blocks). Protocol and port default to ALL.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from baomi.checks.terraform.firewall import ExposedPorts
from baomi.checks.ports import ADMIN_PORTS, DB_PORTS, IngressRule, parse_port_spec
from baomi.checks.terraform.values import blocks, hidden, is_expression, keyword, scalar, strings

_RESOURCES = ("tencentcloud_security_group_rule", "tencentcloud_security_group_lite_rule",
              "tencentcloud_security_group_rule_set")


def _accepts(action: Any) -> bool | None:
    """ACCEPT or DROP; absent means accept; anything else is not understood."""
    if action is None:
        return True
    word = keyword(action, ("accept", "drop"))
    return None if word is None else word == "accept"


def _lite_rule(text: Any) -> IngressRule | None:
    """"ACTION#CIDR#PORT#PROTOCOL"; None when the text is an expression or malformed."""
    if not isinstance(text, str) or is_expression(text) or text.count("#") != 3:
        return None
    action, cidr, port, protocol = text.split("#")
    return IngressRule(protocol, parse_port_spec(port), (cidr,), _accepts(action))


def _rules(resource_type: str, conf: Mapping[str, Any]) -> Iterator[IngressRule | None]:
    if resource_type == "tencentcloud_security_group_rule":
        kind = keyword(scalar(conf, "type"), ("ingress", "egress"))
        if kind != "egress":
            yield IngressRule(
                protocol=scalar(conf, "ip_protocol") or "ALL",
                ports=parse_port_spec(scalar(conf, "port_range") or "ALL"),
                sources=tuple(strings(conf.get("cidr_ip"))),
                accepts=_accepts(scalar(conf, "policy")) if kind == "ingress" else None,
            )
    elif resource_type == "tencentcloud_security_group_lite_rule":
        for text in strings(conf.get("ingress")):
            yield _lite_rule(text)
    else:  # tencentcloud_security_group_rule_set
        if hidden(conf, "ingress"):
            yield None
        for block in blocks(conf, "ingress"):
            yield IngressRule(
                protocol=scalar(block, "protocol") or "ALL",
                ports=parse_port_spec(scalar(block, "port") or "ALL"),
                sources=tuple(strings(block.get("cidr_block")) + strings(block.get("ipv6_cidr_block"))),
                accepts=_accepts(scalar(block, "action")),
            )


checks = (
    ExposedPorts("BAOMI_TC_SG_DB_PORTS_OPEN",
                 "Ensure no Tencent Cloud security group rule allows ingress from any address to a database port",
                 _RESOURCES, DB_PORTS, _rules),
    ExposedPorts("BAOMI_TC_SG_ADMIN_PORTS_OPEN",
                 "Ensure no Tencent Cloud security group rule allows ingress from any address to SSH (22) or "
                 "RDP (3389)", _RESOURCES, ADMIN_PORTS, _rules),
)
