"""postgresql.conf (and postgresql.auto.conf) parser, following include / include_if_exists /
include_dir as the server does. Syntax as in PostgreSQL's guc-file.l: ``name [=] value [# comment]``,
values unquoted or in single quotes (``''`` or a backslash escapes a quote).
"""
from __future__ import annotations

import re
from pathlib import Path

from baomi.model import Location
from baomi.sources.database.configfile import IncludeContext, ParsedConfig, Walk, nested, shown
from baomi.sources.database.facts import Problem, Setting

_BLANK = re.compile(r"^\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(
    r"""^\s*(?P<name>[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)*)
        \s*=?\s*
        (?P<value>'(?:[^'\\]|''|\\.)*'|[^\s#'=]+)
        \s*(?:\#.*)?$""",
    re.VERBOSE,
)
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_INCLUDES = ("include", "include_if_exists", "include_dir")


def parse(path: Path, scanned: tuple[Path, ...] | None = None) -> ParsedConfig:
    """Settings of ``path``, its includes, and ``postgresql.auto.conf`` beside it (read last, as the
    server does when the configuration lives in the data directory). Absolute includes outside
    ``scanned`` are not read."""
    settings: dict[str, Setting] = {}
    walk = Walk(scanned)
    _read(path, None, settings, walk)
    auto = path.with_name("postgresql.auto.conf")
    if path.name == "postgresql.conf" and auto.is_file():
        _read(auto, None, settings, walk)
    return ParsedConfig(settings, tuple(walk.problems), tuple(walk.files))


def unquote(raw: str) -> str:
    """The value of a quoted or unquoted token."""
    if not raw.startswith("'"):
        return raw
    body, out, i = raw[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "'" or char == "\\":  # '' or a backslash escape: take the next character
            nxt = body[i + 1] if i + 1 < len(body) else ""
            out.append(_ESCAPES.get(nxt, nxt) if char == "\\" else "'")
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _read(path: Path, context: IncludeContext | None, settings: dict[str, Setting], walk: Walk) -> None:
    lines = walk.enter(path, context)
    if lines is None:
        return
    shown_path = shown(path)
    for number, line in enumerate(lines, start=1):
        if _BLANK.match(line):
            continue
        match = _ASSIGNMENT.match(line)
        location = Location(shown_path, number)
        if match is None:
            walk.problems.append(Problem(f"cannot parse line {number} of {shown_path}: expected name = value",
                                         location))
            continue
        name, value = match["name"].lower(), unquote(match["value"])
        if name in _INCLUDES:
            walk.follow(name, value, nested(context, path, number), ".conf",
                        lambda p, c: _read(p, c, settings, walk))
        else:
            settings[name] = Setting(name, value, f"{shown_path}:{number}", location)
