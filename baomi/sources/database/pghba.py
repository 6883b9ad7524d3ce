"""pg_hba.conf: the parser for files and the rule model shared with the live ``pg_hba_file_rules`` view.

Each record is ``TYPE DATABASE USER [ADDRESS [MASK]] METHOD [OPTION=VALUE ...]``; a trailing backslash
continues a line and ``include`` / ``include_if_exists`` / ``include_dir`` are followed (PostgreSQL 16+).
A record that does not parse is a Problem with its file and line, and parsing goes on.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

from baomi.model import Location
from baomi.sources.database.configfile import IncludeContext, Walk, nested, shown
from baomi.sources.database.facts import Problem

CONNECTION_TYPES = ("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc")
METHODS = ("trust", "reject", "scram-sha-256", "md5", "password", "gss", "sspi", "ident", "peer", "ldap",
           "radius", "cert", "pam", "bsd")
_ADDRESS_KEYWORDS = ("all", "samehost", "samenet")
_INCLUDES = ("include", "include_if_exists", "include_dir")
_TOKEN = re.compile(r'"(?:[^"]|"")*"|[^\s,"]+|,')
_LOOPBACKS = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))

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
        return net is None or not any(net.version == lo.version and net.subnet_of(lo) for lo in _LOOPBACKS)

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
        elif "/" in address and not _is_network(address):
            return f"invalid CIDR address {address!r}"
    if not rest:
        return "no authentication method"
    method, options = rest[0].lower(), rest[1:]
    if method not in METHODS:
        return f"unknown authentication method {rest[0]!r}"
    bad = [o for o in options if "=" not in o]
    if bad:
        return f"authentication option {bad[0]!r} is not name=value"
    return HbaRule(kind, databases, users, address, netmask, method, where, location)


def _names(field: str) -> tuple[str, ...]:
    return tuple(n.strip('"').replace('""', '"') if n.startswith('"') else n.lower() for n in field.split("\0"))


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
