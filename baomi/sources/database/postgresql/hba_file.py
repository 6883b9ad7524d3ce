"""pg_hba.conf: the parser for files and the rule model shared with the live ``pg_hba_file_rules`` view.

Each record is ``TYPE DATABASE USER [ADDRESS [MASK]] METHOD [OPTION=VALUE ...]``; a trailing backslash
continues a line and ``include`` / ``include_if_exists`` / ``include_dir`` are followed (PostgreSQL 16+).
A record that does not parse (an unknown method, an option the method does not take, a misspelt option
name or value) is a Problem with its file and line, and parsing goes on; PostgreSQL itself refuses the
whole file then (it keeps its previous rules, or does not start), so the rule checks never pass on it.
A file included twice is read once: a rule met again later can never match first.
"""
from __future__ import annotations

import bisect
import ipaddress
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from baomi.model import Location
from baomi.sources.database.includes import IncludeContext, Walk, nested, shown
from baomi.sources.database.snapshot import Problem

CONNECTION_TYPES = ("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc")
METHODS = ("trust", "reject", "scram-sha-256", "md5", "password", "gss", "sspi", "ident", "peer", "ldap",
           "radius", "cert", "pam", "bsd")
_ADDRESS_KEYWORDS = ("all", "samehost", "samenet")
_INCLUDES = ("include", "include_if_exists", "include_dir")
_TOKEN = re.compile(r'"(?:[^"]|"")*"|[^\s,"]+|,')
_LOOPBACKS = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
#: authentication options PostgreSQL 15/16 accepts (hba.c, parse_hba_auth_opt), by the methods that take them
_OPTIONS: dict[str, tuple[str, ...]] = {
    "map": ("ident", "peer", "gss", "sspi", "cert"),
    "clientcert": METHODS, "clientname": METHODS,  # hostssl rows only (checked below)
    "pamservice": ("pam",), "pam_use_hostname": ("pam",),
    **dict.fromkeys(("ldapurl", "ldaptls", "ldapscheme", "ldapserver", "ldapport", "ldapbinddn", "ldapbindpasswd",
                     "ldapsearchattribute", "ldapsearchfilter", "ldapbasedn", "ldapprefix", "ldapsuffix"), ("ldap",)),
    "krb_realm": ("gss", "sspi"), "include_realm": ("gss", "sspi"), "compat_realm": ("sspi",),
    "upn_username": ("sspi",),
    **{name: ("radius",) for stem in ("radiusserver", "radiussecret", "radiusport", "radiusidentifier")
       for name in (stem, stem + "s")},
}
_OPTION_VALUES = {"clientcert": ("verify-ca", "verify-full"), "clientname": ("cn", "dn")}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class HbaRule:
    """One pg_hba record, from a file or from the live view."""

    connection_type: str
    databases: tuple[str, ...]
    users: tuple[str, ...]
    address: str | None  # as written: CIDR, bare IP (with netmask), all, samehost, samenet, host name
    netmask: str | None
    method: str
    where: str  # for messages: "pg_hba.conf line 12"
    location: Location | None = None  # file and line when read from a file

    @property
    def subject(self) -> str:
        return f"{self.where}:"

    @property
    def key(self) -> str:
        """The rule as written, in its file, without its line: what a finding on it is about (a line inserted
        above moves it, changes nothing)."""
        fields = (self.connection_type, ",".join(self.databases), ",".join(self.users), self.address or "",
                  self.netmask or "", self.method)
        return f"{self.where.rsplit(' line ', 1)[0]}: {' '.join(f for f in fields if f)}"

    @property
    def network(self) -> Network | None:
        """The IP network the rule matches; None for keywords, host names and local sockets."""
        if self.address is None or self.address in _ADDRESS_KEYWORDS:
            return None
        try:
            if self.netmask:
                prefix = bin(int(ipaddress.ip_address(self.netmask))).count("1")
                return ipaddress.ip_network(f"{self.address}/{prefix}", strict=False)
            return ipaddress.ip_network(self.address, strict=False)
        except ValueError:
            return None  # a host name

    @property
    def is_remote(self) -> bool:
        """A TCP rule that can match another machine (not loopback, not the server's own addresses)."""
        if self.connection_type == "local" or self.address == "samehost":
            return False
        net = self.network
        return net is None or not any(net.network_address in lo and net.broadcast_address in lo for lo in _LOOPBACKS)

    @property
    def is_open(self) -> bool:
        """Matches any address on the internet: ``all``, 0.0.0.0/0 or ::/0."""
        if self.connection_type == "local":
            return False
        net = self.network
        return self.address == "all" or (net is not None and net.prefixlen == 0)

    def covers(self, other: HbaRule) -> bool:
        """Every connection ``other`` matches is also matched by this rule (same or wider scope)."""
        if not (self.databases == ("all",) or self.databases == other.databases):
            return False
        if not (self.users == ("all",) or self.users == other.users):
            return False
        if self.address == "all":
            return True
        mine, theirs = self.network, other.network
        if mine is None or theirs is None or mine.version != theirs.version:
            return self.address == other.address and self.netmask == other.netmask
        return theirs.subnet_of(mine)  # type: ignore[arg-type]


#: address space that is not the internet: private, loopback, link-local, shared (CGNAT), multicast, reserved
_NOT_INTERNET = {
    4: tuple(ipaddress.ip_network(n) for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/3")),
    # outside global unicast 2000::/3 there is no internet address (IPv4-mapped ones are judged as IPv4)
    6: (ipaddress.ip_network("::/3"), ipaddress.ip_network("4000::/2"), ipaddress.ip_network("8000::/1"),
        ipaddress.ip_network("2001:db8::/32")),
}
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")


def internet_wide(rules: Sequence[HbaRule]) -> list[HbaRule]:
    """Rules that let a client in from anywhere on the internet: ``all``, ``0.0.0.0/0``, ``::/0``, or
    together with others, since coverage is judged on the union of the rules, not CIDR by CIDR
    (``0.0.0.0/1`` with ``128.0.0.0/1``, or many smaller pieces). IPv6 rules for IPv4-mapped addresses
    count for IPv4: PostgreSQL matches an IPv4 client against them. Rule order is not taken into account
    (a reject before them is not assumed to cover them), so this never understates the exposure."""
    admitting = [r for r in rules if r.method != "reject" and r.connection_type != "local"]
    wide = [r for r in admitting if r.is_open]
    for version in (4, 6):
        pieces = {r: spans for r in admitting if r not in wide and (spans := _spans(r, version))}
        if pieces and _covers_internet([s for spans in pieces.values() for s in spans], version):
            wide += [r for r, spans in pieces.items() if any(_public(s, version) for s in spans)]
    return [r for r in rules if r in wide]


Span = tuple[int, int]  # first and last address, as integers


def _spans(rule: HbaRule, version: int) -> list[Span]:
    net = rule.network
    if net is None:
        return []
    if net.version == version:
        return [(int(net.network_address), int(net.broadcast_address))]
    if version == 4 and isinstance(net, ipaddress.IPv6Network) and net.overlaps(_MAPPED):
        inner = net if net.subnet_of(_MAPPED) else _MAPPED
        low, high = int(inner.network_address) & 0xFFFFFFFF, int(inner.broadcast_address) & 0xFFFFFFFF
        return [(low, high)]
    return []


def _internet(version: int) -> list[Span]:
    """The internet's address ranges: the whole space without the ranges of ``_NOT_INTERNET``."""
    top = (1 << (32 if version == 4 else 128)) - 1
    spans, start = [], 0
    for net in sorted(_NOT_INTERNET[version], key=lambda n: int(n.network_address)):
        low, high = int(net.network_address), int(net.broadcast_address)
        if low > start:
            spans.append((start, low - 1))
        start = max(start, high + 1)
    if start <= top:
        spans.append((start, top))
    return spans


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for low, high in sorted(spans):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _covers_internet(spans: list[Span], version: int) -> bool:
    union = _merged(spans)
    starts = [low for low, _ in union]
    for low, high in _internet(version):
        i = bisect.bisect_right(starts, low) - 1
        if i < 0 or union[i][1] < high:
            return False
    return True


def _public(span: Span, version: int) -> bool:
    """Whether a span holds at least one internet address."""
    return any(low <= span[1] and span[0] <= high for low, high in _internet(version))


@dataclass(frozen=True)
class ParsedHba:
    rules: tuple[HbaRule, ...]
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]


def parse(path: Path, scanned: tuple[Path, ...] | None = None) -> ParsedHba:
    """Rules of ``path`` and its includes; absolute includes outside ``scanned`` are not read."""
    rules: list[HbaRule] = []
    walk = Walk(scanned)
    _read(path, None, rules, walk)
    return ParsedHba(tuple(rules), tuple(walk.problems), tuple(walk.files))


def parse_record(fields: list[str], where: str, location: Location | None) -> HbaRule | str:
    """A rule from its fields (each a list of comma-joined names for database and user), or why not."""
    if not fields:
        return "an empty record"
    kind = fields[0].lower()
    if kind not in CONNECTION_TYPES:
        return f"unknown connection type {fields[0]!r}"
    needed = 4 if kind == "local" else 5
    if len(fields) < needed:
        return f"too few fields for a {kind} record"
    databases, users = _names(fields[1]), _names(fields[2])
    rest = fields[3:]
    address = netmask = None
    if kind != "local":
        address, rest = rest[0], rest[1:]
        if "/" not in address and _is_ip(address):
            if not rest or not _is_ip(rest[0]):
                return f"IP address {address} needs a netmask or a CIDR suffix"
            netmask, rest = rest[0], rest[1:]
        elif "/" in address:
            address = _inet_aton_form(address)
            if not _is_network(address):
                return f"invalid CIDR address {fields[3]!r}"
    if not rest:
        return "no authentication method"
    method, options = rest[0].lower(), rest[1:]
    if method not in METHODS:
        return f"unknown authentication method {rest[0]!r}"
    problem = _method_problem(kind, method) or next(
        (p for p in (_option_problem(kind, method, option) for option in options) if p), None)
    if problem:
        return problem
    return HbaRule(kind, databases, users, address, netmask, method, where, location)


def _method_problem(kind: str, method: str) -> str | None:
    if method == "peer" and kind != "local":
        return "peer authentication is only supported on local sockets"
    if method == "cert" and kind != "hostssl":
        return "cert authentication is only supported on hostssl connections"
    return None


def _option_problem(kind: str, method: str, option: str) -> str | None:
    """Why PostgreSQL would refuse ``option`` on a ``kind`` rule with ``method``; None if it takes it."""
    name, equals, value = option.partition("=")
    if not equals:
        return f"authentication option {option!r} is not name=value"
    key = name.lower()
    if key not in _OPTIONS:
        return f"unrecognized authentication option name {name!r}"
    if method not in _OPTIONS[key]:
        return f"authentication option {name!r} is not valid for method {method!r}"
    if key in _OPTION_VALUES:
        if kind != "hostssl":
            return f"{name} can only be configured for hostssl rows"
        if value.lower() not in _OPTION_VALUES[key]:
            return f"invalid value {value!r} for {name} (use {' or '.join(_OPTION_VALUES[key])})"
        if key == "clientcert" and method == "cert" and value.lower() != "verify-full":
            return "clientcert only accepts verify-full with cert authentication"
    return None


def _names(field: str) -> tuple[str, ...]:
    return tuple(n.strip('"').replace('""', '"') if n.startswith('"') else n.lower() for n in field.split("\0"))


def _inet_aton_form(cidr: str) -> str:
    """``10/8`` or ``0/0`` as ``10.0.0.0/8`` and ``0.0.0.0/0``: PostgreSQL parses addresses with the C
    library, which accepts these short IPv4 forms, so a rule for ``0/0`` is open to every address."""
    host, _, prefix = cidr.partition("/")
    if _is_ip(host) or not re.fullmatch(r"[0-9xXa-fA-F.]+", host):
        return cidr
    try:
        return f"{socket.inet_ntoa(socket.inet_aton(host))}/{prefix}"
    except OSError:
        return cidr


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _fields(text: str) -> list[str] | None:
    """Whitespace-separated fields; comma-separated lists inside one field are joined with NUL.
    None when a quote is left open."""
    if text.count('"') % 2:
        return None
    fields: list[str] = []
    joining = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        glued = match.start() > 0 and not text[match.start() - 1].isspace()
        if token == ",":
            joining = True
        elif fields and (joining or glued):
            fields[-1] += "\0" + token if joining else token
            joining = False
        else:
            fields.append(token)
    return fields


def _logical_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(first line number, text) with comments stripped and backslash continuations joined."""
    out: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, line in enumerate(lines, start=1):
        text = _strip_comment(line)
        if not pending:
            start = number
        if text.rstrip().endswith("\\"):
            pending += text.rstrip()[:-1] + " "
            continue
        pending += text
        if pending.strip():
            out.append((start, pending))
        pending = ""
    if pending.strip():
        out.append((start, pending))
    return out


def _strip_comment(line: str) -> str:
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return line[:i]
    return line


def _read(path: Path, context: IncludeContext | None, rules: list[HbaRule], walk: Walk) -> None:
    key = path.resolve()
    if key in walk.done:
        return  # its rules are already in force, earlier: met again, they can never match first
    walk.done[key] = True
    lines = walk.enter(path, context)
    if lines is None:
        return
    shown_path = shown(path)
    for number, text in _logical_lines(lines):
        location = Location(shown_path, number)
        fields = _fields(text)
        if fields and fields[0].lower() in _INCLUDES and len(fields) == 2:
            walk.follow(fields[0].lower(), fields[1].strip('"'), nested(context, path, number), ".conf",
                        lambda p, c: _read(p, c, rules, walk))
            continue
        where = f"{path.name} line {number}"
        outcome = "an unclosed quote" if fields is None else parse_record(fields, where, location)
        if isinstance(outcome, str):
            walk.problems.append(Problem(f"cannot parse line {number} of {shown_path}: {outcome}", location))
        else:
            rules.append(outcome)
