"""postgresql.conf (and postgresql.auto.conf) parser, following include / include_if_exists /
include_dir as the server does. Syntax as in PostgreSQL's guc-file.l: ``name [=] value [# comment]``,
values unquoted or in single quotes (``''`` or a backslash escapes a quote).

``postgresql.auto.conf`` (what ``ALTER SYSTEM`` writes) is read last, as the server does, from the data
directory: the one ``data_directory`` names when set (Debian keeps postgresql.conf in /etc and the data in
/var/lib), else the postgresql.conf's own directory. A data directory outside the scanned paths is a
Problem: the ALTER SYSTEM settings that may override the file are not evaluated.
"""
from __future__ import annotations

import re
from pathlib import Path

from baomi.model import Location
from baomi.sources.database.includes import IncludeContext, ParsedConfig, Walk, nested, resolve, shown
from baomi.sources.database.snapshot import Problem, Setting

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
    """Settings of ``path``, its includes, then ``postgresql.auto.conf`` of the data directory (read last,
    as the server does). Includes outside ``scanned`` are not read."""
    walk = Walk(scanned)
    settings = dict(_read(path, None, walk))
    auto = _auto_conf(path, settings.get("data_directory"), walk)
    if auto is not None:
        settings.update(_read(auto, None, walk))
    return ParsedConfig(settings, tuple(walk.problems), tuple(walk.files))


def _auto_conf(conf: Path, data_directory: Setting | None, walk: Walk) -> Path | None:
    """The postgresql.auto.conf the server would read after ``conf``, if it is there to be read."""
    if data_directory is None or not data_directory.value:
        auto = conf.with_name("postgresql.auto.conf")
        return auto if conf.name != "postgresql.auto.conf" and auto.is_file() else None
    auto = resolve(data_directory.value, conf) / "postgresql.auto.conf"
    if not walk.allowed(auto.parent):
        walk.problems.append(Problem(
            f"data_directory {shown(auto.parent)} is outside the scanned paths: its postgresql.auto.conf (ALTER "
            "SYSTEM settings, which override this file) was not read and is not evaluated", data_directory.location))
        return None
    return auto if auto.is_file() else None


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


def _read(path: Path, context: IncludeContext | None, walk: Walk) -> dict[str, Setting]:
    """The settings ``path`` leaves in force (its includes applied where they stand, later values winning).
    A file included again is not read again: what it set is applied again from the first reading."""
    key = path.resolve()
    if key in walk.done:
        return walk.done[key]  # type: ignore[no-any-return]
    settings: dict[str, Setting] = {}
    lines = walk.enter(path, context)
    if lines is None:
        return settings
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
                        lambda p, c: settings.update(_read(p, c, walk)))
        else:
            settings[name] = Setting(name, value, f"{shown_path}:{number}", location)
    walk.done[key] = settings
    return settings
