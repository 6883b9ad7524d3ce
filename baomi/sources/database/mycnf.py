"""my.cnf / mariadb.cnf parser: ``[group]`` headers, ``name[=value]`` options, ``!include FILE`` and
``!includedir DIR`` (its ``*.cnf`` files in name order). Only the server's groups count as settings:
[mysqld], [server], [mariadb], [mariadbd] and their version-suffixed forms ([mariadb-10.11]).

Option names are normalised as the server does: lower case, ``-`` as ``_``, a ``loose_`` prefix
dropped; ``skip_X`` / ``disable_X`` also set ``X`` to OFF and ``enable_X`` sets it to ON.
"""
from __future__ import annotations

import re
from pathlib import Path

from baomi.model import Location
from baomi.sources.database.configfile import IncludeContext, ParsedConfig, Walk, nested, shown
from baomi.sources.database.facts import Problem, Setting

SERVER_GROUPS = re.compile(r"^(?:mysqld|server|mariadb|mariadbd)(?:-[0-9][0-9.]*)?$")
_GROUP = re.compile(r"^\[\s*([A-Za-z0-9_.\-]+)\s*\]\s*(?:[#;].*)?$")
_OPTION = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(?:=\s*(.*))?$")
_DIRECTIVE = re.compile(r"^!(include|includedir)\s+(\S.*)$")
_SWITCH_PREFIXES = {"skip_": "OFF", "disable_": "OFF", "enable_": "ON"}


def parse(path: Path, scanned: tuple[Path, ...] | None = None) -> ParsedConfig:
    """Settings of ``path`` and its includes; absolute includes outside ``scanned`` are not read."""
    settings: dict[str, Setting] = {}
    walk = Walk(scanned)
    server_groups: list[str] = []
    _read(path, None, settings, walk, server_groups)
    return ParsedConfig(settings, tuple(walk.problems), tuple(walk.files), configures_server=bool(server_groups))


def normalised_name(raw: str) -> str:
    name = raw.lower().replace("-", "_")
    return name[len("loose_"):] if name.startswith("loose_") else name


def option_value(raw: str | None) -> str | None:
    """The value without quotes and trailing comment; ON for a bare option; None if a quote is open."""
    if raw is None:
        return "ON"
    text = raw.strip()
    if text[:1] in ("'", '"'):
        quote = text[0]
        end = text.find(quote, 1)
        if end < 0 or text[end + 1:].strip()[:1] not in ("", "#"):
            return None
        return text[1:end]
    return re.split(r"\s+#", text, maxsplit=1)[0].strip()


def _read(path: Path, context: IncludeContext | None, settings: dict[str, Setting], walk: Walk,
          server_groups: list[str]) -> None:
    lines = walk.enter(path, context)
    if lines is None:
        return
    group: str | None = None
    name = shown(path)
    for number, raw_line in enumerate(lines, start=1):
        line = raw_line.strip()
        if not line or line[0] in "#;":
            continue
        location = Location(name, number)
        directive = _DIRECTIVE.match(line)
        if directive:
            kind = "include_dir" if directive[1] == "includedir" else "include"
            walk.follow(kind, directive[2].strip(), nested(context, path, number), ".cnf",
                        lambda p, c: _read(p, c, settings, walk, server_groups))
            continue
        header = _GROUP.match(line)
        if header:
            group = header[1].lower()
            if SERVER_GROUPS.match(group):
                server_groups.append(group)
            continue
        reason = _store(line, group, location, settings)
        if reason:
            walk.problems.append(Problem(f"cannot parse line {number} of {name}: {reason}", location))


def _store(line: str, group: str | None, location: Location, settings: dict[str, Setting]) -> str | None:
    """Record one option line of ``group``; the reason when it is not valid."""
    option = _OPTION.match(line)
    if option is None:
        return "expected [group], name or name = value"
    if group is None:
        return "option before any [group] header"
    value = option_value(option[2])
    if value is None:
        return "unclosed quote"
    if not SERVER_GROUPS.match(group):
        return None
    name = normalised_name(option[1])
    origin = f"{location.file}:{location.line} [{group}]"
    if name == "plugin_load_add" and name in settings:  # each occurrence adds libraries
        value = f"{settings[name].value};{value}"
    settings[name] = Setting(name, value, origin, location)
    for prefix, switch in _SWITCH_PREFIXES.items():
        if name.startswith(prefix) and option[2] is None:
            settings[name[len(prefix):]] = Setting(name[len(prefix):], switch, origin, location)
    return None
