"""No Tencent Cloud security group rule opens a database (BAOMI_TC_SG_DB_PORTS_OPEN) or administration
port (BAOMI_TC_SG_ADMIN_PORTS_OPEN: SSH 22, RDP 3389) to any address; checkov has no check for either.

Tencent Cloud writes rules three ways: ``tencentcloud_security_group_rule`` (one rule),
``tencentcloud_security_group_lite_rule`` ("ACCEPT#0.0.0.0/0#3306#TCP" strings) and
``tencentcloud_security_group_rule_set`` (ingress blocks). Protocol and port default to ALL. A rule may
take its protocol and ports from a service (protocol) template, or its addresses from an address
template: their contents are not in the code, so such a rule is judged only where the rest decides.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from baomi.checks.ports import ADMIN_PORTS, DB_PORTS, IngressRule, parse_port_spec, unreadable
from baomi.checks.terraform.firewall import ExposedPorts
from baomi.checks.terraform.values import blocks, from_dynamic, hidden, is_expression, keyword, scalar, strings

_RESOURCES = ("tencentcloud_security_group_rule", "tencentcloud_security_group_lite_rule",
              "tencentcloud_security_group_rule_set")


@dataclass(frozen=True)
class _Shape:
    """Where one rule shape keeps each fact: the attributes, and the templates that stand in for them."""

    protocol: str
    port: str
    cidrs: tuple[str, ...]
    action: str
    service_templates: tuple[str, ...]
    address_templates: tuple[str, ...]


_RULE = _Shape("ip_protocol", "port_range", ("cidr_ip",), "policy", ("protocol_template",), ("address_template",))
_RULE_SET_INGRESS = _Shape("protocol", "port", ("cidr_block", "ipv6_cidr_block"), "action",
                           ("service_template_id", "service_template_group"),
                           ("address_template_id", "address_template_group"))


def _accepts(action: Any) -> bool | None:
    """ACCEPT or DROP; absent means accept; anything else is not understood."""
    if action is None:
        return True
    word = keyword(action, ("accept", "drop"))
    return None if word is None else word == "accept"


def _template(conf: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """The template attribute or block the rule uses, if any."""
    return next((n for n in names if scalar(conf, n) not in (None, "") or from_dynamic(conf, n)), None)


def _read(conf: Mapping[str, Any], shape: _Shape, accepts: bool | None, action_name: str) -> IngressRule:
    """One rule in ``shape``; what a template stands in for is unknown (None), named by the template."""
    service, address = _template(conf, shape.service_templates), _template(conf, shape.address_templates)
    sources = [s for name in shape.cidrs for s in strings(conf.get(name))]
    return IngressRule(
        protocol=None if service else scalar(conf, shape.protocol) or "ALL",
        ports=None if service else parse_port_spec(scalar(conf, shape.port) or "ALL"),
        sources=tuple([*sources, None] if address else sources),
        accepts=accepts,
        names=(service or shape.protocol, service or shape.port, address or shape.cidrs[0], action_name),
    )


def _lite_rule(text: Any) -> IngressRule:
    """"ACTION#SOURCE#PORT#PROTOCOL". A source may be a CIDR, a security group (``sg-``, no address) or
    an address template (``ipm-``/``ipmg-``, contents unknown)."""
    if not isinstance(text, str) or is_expression(text) or text.count("#") != 3:
        return unreadable("ingress")
    action, source, port, protocol = text.split("#")
    sources = () if source.strip().lower().startswith("sg-") else (source,)
    return IngressRule(protocol, parse_port_spec(port), sources, _accepts(action), ("ingress",) * 4)


def _rules(resource_type: str, conf: Mapping[str, Any]) -> Iterator[IngressRule]:
    if resource_type == "tencentcloud_security_group_rule":
        kind = keyword(scalar(conf, "type"), ("ingress", "egress"))
        if kind != "egress":
            accepts = _accepts(scalar(conf, "policy")) if kind == "ingress" else None
            yield _read(conf, _RULE, accepts, "policy" if kind == "ingress" else "type")
    elif resource_type == "tencentcloud_security_group_lite_rule":  # ingress: a list of strings
        for text in strings(conf.get("ingress")):
            yield _lite_rule(text)
    else:  # tencentcloud_security_group_rule_set
        if hidden(conf, "ingress"):
            yield unreadable("ingress")
        for block in blocks(conf, "ingress"):
            yield _read(block, _RULE_SET_INGRESS, _accepts(scalar(block, "action")), "action")


checks = (
    ExposedPorts("BAOMI_TC_SG_DB_PORTS_OPEN",
                 "Ensure no Tencent Cloud security group rule allows ingress from any address to a database port",
                 _RESOURCES, DB_PORTS, _rules),
    ExposedPorts("BAOMI_TC_SG_ADMIN_PORTS_OPEN",
                 "Ensure no Tencent Cloud security group rule allows ingress from any address to SSH (22) or "
                 "RDP (3389)", _RESOURCES, ADMIN_PORTS, _rules),
)
