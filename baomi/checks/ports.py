"""Is a database or administration port reachable from the whole internet? One judgement for code and cloud.

Firewall rules come in many shapes (Terraform blocks and rule resources, CloudFormation properties,
"ACCEPT#0.0.0.0/0#3306#TCP" strings, live EC2 ``IpPermissions``); each reader turns its shape into
``IngressRule`` values, and ``exposed()`` judges them against one ``PortSet``, so that the Terraform,
CloudFormation and live AWS checks give a rule the same verdict. Answers are three-valued: True, False,
or None when a port, protocol or address is an unresolved expression, never a pass for what could not
be read. Nothing here imports checkov or boto3.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baomi.checks.terraform.values import all_true, any_true, integer, is_expression, keyword

ALL_PORTS = (0, 65535)
_ALL_PROTOCOLS = frozenset({"-1", "all"})
_TCP = frozenset({"tcp", "6"})
_UDP = frozenset({"udp", "17"})
#: protocol names clouds accept besides numbers; any other text is not understood, so not judged
_NAMED_PROTOCOLS = _ALL_PROTOCOLS | _TCP | _UDP | frozenset({
    "icmp", "icmpv6", "icmp6", "ipv6-icmp", "gre", "esp", "ah", "sctp", "igmp", "ipip", "ipv4", "ipv6", "pptp",
})

PortRanges = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class PortSet:
    """Ports that must never face the internet: ``kind`` for messages, each port with its service, and
    the transport protocols (names and numbers) they listen on."""

    kind: str
    ports: Mapping[int, str]
    protocols: frozenset[str]


#: database ports, with the engine for messages
DB_PORTS = PortSet("database", {
    3306: "MySQL/MariaDB", 5432: "PostgreSQL", 1433: "SQL Server", 1521: "Oracle", 27017: "MongoDB",
    6379: "Redis",
}, _TCP)
#: remote administration: SSH, and RDP (TCP, and UDP for its faster transport)
ADMIN_PORTS = PortSet("administration", {22: "SSH", 3389: "RDP"}, _TCP | _UDP)


@dataclass(frozen=True)
class IngressRule:
    """One inbound permission. ``ports`` None means unknown; ``accepts`` False for deny/drop rules,
    None when it cannot be told whether the rule allows or denies. ``names``: the attributes protocol,
    ports, sources and accepts were read from, so that a rule that cannot be judged names what was not
    understood."""

    protocol: Any
    ports: PortRanges | None
    sources: tuple[Any, ...]
    accepts: bool | None = True
    names: tuple[str, str, str, str] | None = None


def unreadable(attribute: str) -> IngressRule:
    """Rules written where they cannot be read: an expression, a dynamic block checkov did not expand."""
    return IngressRule(None, None, (None,), None, (attribute,) * 4)


def is_open_cidr(value: Any) -> bool | None:
    """True for 0.0.0.0/0, ::/0 (any address); None when the value is not a literal address."""
    if not isinstance(value, str) or is_expression(value):
        return None
    text = value.strip()
    if text == "0.0.0.0":
        return True
    try:
        return ipaddress.ip_network(text, strict=False).prefixlen == 0
    except ValueError:
        return None


def _protocol_text(protocol: Any) -> str | None:
    """A protocol name or number (0-255, -1) as lower-case text; None for anything else, such as an
    unresolved expression or text rendered in a shape nobody foresaw."""
    number = integer(protocol)
    if number is not None:
        return str(number) if -1 <= number <= 255 else None
    return keyword(protocol, _NAMED_PROTOCOLS)


def carries(protocol: Any, accepted: frozenset[str]) -> bool | None:
    """Does the protocol let one of ``accepted`` through (itself, or all, -1)? None if unresolved.
    ICMP, ESP and other port-less protocols carry neither TCP nor UDP."""
    text = _protocol_text(protocol)
    return None if text is None else text in _ALL_PROTOCOLS | accepted


def is_all_protocols(protocol: Any) -> bool:
    return _protocol_text(protocol) in _ALL_PROTOCOLS


def port_range(low: Any, high: Any) -> PortRanges | None:
    """A from/to pair as ranges; None if either end is unresolved or out of range. -1 (any) means all ports."""
    lo, hi = integer(low), integer(high)
    if lo is None or hi is None or not (-1 <= lo <= 65535 and -1 <= hi <= 65535):
        return None
    if lo < 0 or hi < 0:
        return (ALL_PORTS,)
    return ((lo, hi),)


def parse_port_spec(spec: Any) -> PortRanges | None:
    """Port text as clouds write it: "ALL", "-1/-1", "3306", "3300-3310", "3306/3306", "80,443"."""
    if isinstance(spec, int) and not isinstance(spec, bool):
        spec = str(spec)
    if not isinstance(spec, str) or is_expression(spec):
        return None
    text = spec.strip().upper()
    if text in ("ALL", "-1", "-1/-1"):
        return (ALL_PORTS,)
    ranges = []
    for part in text.split(","):
        bounds = re.fullmatch(r"\s*(\d+)\s*(?:[-/]\s*(\d+)\s*)?", part)
        if not bounds:
            return None
        low = int(bounds.group(1))
        high = int(bounds.group(2) or low)
        if high > 65535:
            return None
        ranges.append((low, high))
    return tuple(ranges)


def ports_in(ranges: Sequence[tuple[int, int]], guarded: PortSet) -> list[int]:
    return [p for p in guarded.ports if any(lo <= p <= hi for lo, hi in ranges)]


def _ranges(rule: IngressRule) -> PortRanges | None:
    """An all-protocols rule opens every port, whatever ports it names (AWS ignores them); so with a
    protocol that cannot be read, which ports open cannot be read either."""
    if _protocol_text(rule.protocol) is None:
        return None
    return (ALL_PORTS,) if is_all_protocols(rule.protocol) else rule.ports


def _facts(rule: IngressRule, guarded: PortSet) -> tuple[bool | None, bool | None, bool | None, bool | None]:
    """In the order of ``IngressRule.names``: carries a guarded protocol, reaches a guarded port, comes
    from any address, accepts."""
    ranges = _ranges(rule)
    reaches = None if ranges is None else bool(ports_in(ranges, guarded))
    from_anywhere = any_true(is_open_cidr(s) for s in rule.sources)
    return carries(rule.protocol, guarded.protocols), reaches, from_anywhere, rule.accepts


def exposure(rule: IngressRule, guarded: PortSet) -> bool | None:
    """Does this rule open one of the guarded ports to any address? None when it cannot be told."""
    return all_true(*_facts(rule, guarded))


def unread(rule: IngressRule, guarded: PortSet) -> list[str]:
    """The named attributes whose values leave the rule's exposure unknown. The ports are named only when
    they themselves are unknown, not when an unknown protocol leaves open which ports it opens."""
    protocol, reaches, from_anywhere, accepts = _facts(rule, guarded)
    if rule.names is None or all_true(protocol, reaches, from_anywhere, accepts) is not None:
        return []
    ports_unread = reaches is None and rule.ports is None and not is_all_protocols(rule.protocol)
    blamed = (protocol, None if ports_unread else True, from_anywhere, accepts)
    return [name for name, fact in zip(rule.names, blamed, strict=True) if fact is None]


def describe(rule: IngressRule, guarded: PortSet) -> str:
    """A short, secret-free line for the finding's details."""
    services = ", ".join(f"{p} ({guarded.ports[p]})" for p in ports_in(_ranges(rule) or (ALL_PORTS,), guarded))
    return f"ingress from any address to {guarded.kind} port(s) {services}"


def exposed(rules: Iterable[IngressRule | None], guarded: PortSet) -> tuple[bool | None, list[str]]:
    """Do the rules of one resource (None: a rule that cannot be read) open a guarded port to any
    address? With a detail line for each rule that does or, when that cannot be told, one naming the
    attributes not understood (of the rules that name them)."""
    answers = [(rule, None if rule is None else exposure(rule, guarded)) for rule in rules]
    details = [describe(rule, guarded) for rule, opens in answers if rule is not None and opens]
    opened = any_true(opens for _, opens in answers)
    names = dict.fromkeys(n for rule, _ in answers if rule is not None for n in unread(rule, guarded))
    if opened is None and names:
        details.append(f"{', '.join(names)} could not be read: an expression checkov left unresolved, "
                       "or a value baomi does not recognise")
    return opened, details
