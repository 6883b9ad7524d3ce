"""No AWS security group lets the internet reach a database or administration port.

* BAOMI_AWS_SG_DB_PORTS_OPEN: a database listening to 0.0.0.0/0 on 3306 or 5432 is the most direct path
  to customer data, and checkov has no check for it.
* BAOMI_AWS_SG_ADMIN_PORTS_OPEN: SSH (22) and RDP (3389). checkov's CKV_AWS_24, CKV_AWS_25 and
  CKV_AWS_277 pass a rule whose port or CIDR is an unresolved expression (``from_port = var.port``,
  ``cidr_blocks = [var.cidr]``); this check reports such a rule as not evaluated.

Both read ``aws_security_group`` inline ingress, ``aws_security_group_rule`` and
``aws_vpc_security_group_ingress_rule`` the same way. A rule whose source is a prefix list
(``prefix_list_ids``, ``prefix_list_id``) may admit any address: the list's entries are not in the rule, so
such a rule reaching a guarded port is not evaluated (naming the attribute) unless another source already
opens it. Other security groups as sources are not addresses and are not judged.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from baomi.checks.ports import ADMIN_PORTS, DB_PORTS, IngressRule, is_open_cidr, port_range
from baomi.checks.terraform.firewall import ExposedPorts
from baomi.checks.terraform.values import blocks, hidden, keyword, scalar, strings

_RESOURCES = ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule")


def _rule(conf: Mapping[str, Any], protocol_key: str, cidr_keys: tuple[str, ...], prefix_key: str) -> IngressRule:
    """A rule's sources are its CIDRs, and one unknown source (None) for prefix lists: an empty list or an
    absent attribute adds none, any other value (literal ID or unresolved expression) does. The source
    attributes named, should the rule not be judged, are those holding what is not a literal address (only an
    unknown source leaves the sources unjudged, so they are never empty when shown)."""
    sources: list[Any] = [s for key in cidr_keys for s in strings(conf.get(key))]
    unknown = [key for key in cidr_keys if any(is_open_cidr(s) is None for s in strings(conf.get(key)))]
    if any(p not in (None, "") for p in strings(conf.get(prefix_key))):
        sources.append(None)
        unknown.append(prefix_key)
    return IngressRule(
        protocol=scalar(conf, protocol_key),
        ports=port_range(scalar(conf, "from_port"), scalar(conf, "to_port")),
        sources=tuple(sources),
        names=(protocol_key, "from_port/to_port", "/".join(unknown), "type"),
    )


def ingress_rules(resource_type: str, conf: Mapping[str, Any]) -> Iterator[IngressRule | None]:
    """The inbound rules of one resource; None stands for rules hidden behind an expression."""
    if resource_type == "aws_security_group":
        if hidden(conf, "ingress"):
            yield None
        for block in blocks(conf, "ingress"):
            yield _rule(block, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"), "prefix_list_ids")
    elif resource_type == "aws_security_group_rule":
        kind = keyword(scalar(conf, "type"), ("ingress", "egress"))
        if kind != "egress":
            rule = _rule(conf, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"), "prefix_list_ids")
            yield rule if kind == "ingress" else IngressRule(rule.protocol, rule.ports, rule.sources, None, rule.names)
    else:  # aws_vpc_security_group_ingress_rule
        yield _rule(conf, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"), "prefix_list_id")


checks = (
    ExposedPorts("BAOMI_AWS_SG_DB_PORTS_OPEN",
                 "Ensure no security group allows ingress from 0.0.0.0/0 or ::/0 to a database port",
                 _RESOURCES, DB_PORTS, ingress_rules),
    ExposedPorts("BAOMI_AWS_SG_ADMIN_PORTS_OPEN",
                 "Ensure no security group allows ingress from 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389)",
                 _RESOURCES, ADMIN_PORTS, ingress_rules),
)
