"""my.cnf / mariadb.cnf parser: ``[group]`` headers, ``name[=value]`` options, ``!include FILE`` and
``!includedir DIR`` (its ``*.cnf`` files in name order).

Only the groups the server reads count as settings, as ``mariadbd --help --verbose`` lists them:
[mysqld], [server], [mariadb], [mariadbd], [client-server] and [galera] always, and the version-suffixed
forms ([mysqld-10.11], [mariadb-10.11], [mariadbd-10.11]) only by a server of that major.minor version.
Options apply in the order they appear, whatever their group. Files do not say which version will
read them: a setting whose value depends on it (set in a versioned group, to another value than the
server would have otherwise) is *uncertain*, and its checks say so instead of guessing a PASS.

Option names are normalised as the server does: lower case, ``-`` as ``_``, a ``loose_`` prefix
dropped; ``skip_X`` / ``disable_X`` also set ``X`` to OFF and ``enable_X`` sets it to ON.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from baomi.model import Location
from baomi.sources.database.includes import IncludeContext, ParsedConfig, Walk, nested, shown
from baomi.sources.database.snapshot import Problem, Setting

#: groups every MariaDB / MySQL server reads (MySQL ignores the MariaDB ones, which a MySQL file would not use)
SERVER_GROUPS = frozenset({"mysqld", "server", "mariadb", "mariadbd", "client-server", "galera"})
#: groups read only by a server of the version they name
VERSIONED_GROUP = re.compile(r"^(?:mysqld|mariadb|mariadbd)-([0-9]+\.[0-9]+)$")
_GROUP = re.compile(r"^\[\s*([A-Za-z0-9_.\-]+)\s*\]\s*(?:[#;].*)?$")
_OPTION = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(?:=\s*(.*))?$")
_DIRECTIVE = re.compile(r"^!(include|includedir)\s+(\S.*)$")
_SWITCH_PREFIXES = {"skip_": "OFF", "disable_": "OFF", "enable_": "ON"}
_ACCUMULATING = "plugin_load_add"  # each occurrence adds libraries

#: (option name, version of the group or None for every version) -> the last value, in the order applied
Entries = dict[tuple[str, str | None], Setting]


def parse(path: Path, scanned: tuple[Path, ...] | None = None) -> ParsedConfig:
    """Settings of ``path`` and its includes; includes outside ``scanned`` are not read."""
    walk = Walk(scanned)
    entries, serves = _read(path, None, walk)
    settings, uncertain = resolve_versions(entries)
    return ParsedConfig(settings, tuple(walk.problems), tuple(walk.files), configures_server=serves,
                        uncertain=uncertain)


def resolve_versions(entries: Entries) -> tuple[dict[str, Setting], dict[str, str]]:
    """The settings every server version runs with, and why the others are uncertain."""
    versions = sorted({version for _, version in entries if version is not None})
    settings: dict[str, Setting] = {}
    uncertain: dict[str, str] = {}
    for name in dict.fromkeys(n for n, _ in entries):
        outcomes = {v: _effective(entries, name, v) for v in (None, *versions)}
        values = {None if s is None else s.value for s in outcomes.values()}
        if len(values) == 1:
            chosen = outcomes[None] or next(s for s in outcomes.values() if s is not None)
            if chosen is not None and outcomes[None] is not None:
                settings[name] = chosen
            continue
        versioned = [s for v, s in outcomes.items() if v is not None and s is not None and s is not outcomes[None]]
        where = "; ".join(f"{s.origin} sets {s.value!r}" for s in versioned)
        uncertain[name] = (f"{name} depends on the server version, which files do not show: {where}, a group only "
                           "that version reads (scan the server live with --db, or set it outside versioned groups)")
    return settings, uncertain


def _effective(entries: Entries, name: str, version: str | None) -> Setting | None:
    found = None
    for (option, group_version), setting in entries.items():  # in the order applied
        if option == name and group_version in (None, version):
            found = setting
    return found


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


def _group_version(group: str) -> tuple[bool, str | None]:
    """(read by some server, the version it needs or None for every version)."""
    if group in SERVER_GROUPS:
        return True, None
    versioned = VERSIONED_GROUP.match(group)
    return (True, versioned[1]) if versioned else (False, None)


def _read_into(included: list[tuple[Entries, bool]], walk: Walk, path: Path, context: IncludeContext) -> None:
    included.append(_read(path, context, walk))


def _read(path: Path, context: IncludeContext | None, walk: Walk) -> tuple[Entries, bool]:
    """What ``path`` sets (its includes applied where they stand), and whether it has a server group.
    A file included again is not read again: what it set is applied again from the first reading."""
    key = path.resolve()
    if key in walk.done:
        return walk.done[key]  # type: ignore[no-any-return]
    entries: Entries = {}
    serves = False
    lines = walk.enter(path, context)
    if lines is None:
        return entries, serves
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
            included: list[tuple[Entries, bool]] = []
            walk.follow(kind, directive[2].strip(), nested(context, path, number), ".cnf",
                        functools.partial(_read_into, included, walk))
            for child, child_serves in included:
                serves = serves or child_serves
                for entry_key, setting in child.items():
                    _apply(entries, entry_key, setting)
            continue
        header = _GROUP.match(line)
        if header:
            group = header[1].lower()
            serves = serves or _group_version(group)[0]
            continue
        reason = _store(line, group, location, entries)
        if reason:
            walk.problems.append(Problem(f"cannot parse line {number} of {name}: {reason}", location))
    walk.done[key] = (entries, serves)
    return entries, serves


def _apply(entries: Entries, key: tuple[str, str | None], setting: Setting) -> None:
    """Set ``key`` last in order (later options win); plugin_load_add adds to what is there."""
    previous = entries.pop(key, None)
    if key[0] == _ACCUMULATING and previous is not None:
        setting = Setting(setting.name, f"{previous.value};{setting.value}", setting.origin, setting.location)
    entries[key] = setting


def _store(line: str, group: str | None, location: Location, entries: Entries) -> str | None:
    """Record one option line of ``group``; the reason when it is not valid."""
    option = _OPTION.match(line)
    if option is None:
        return "expected [group], name or name = value"
    if group is None:
        return "option before any [group] header"
    value = option_value(option[2])
    if value is None:
        return "unclosed quote"
    read, version = _group_version(group)
    if not read:
        return None
    name = normalised_name(option[1])
    origin = f"{location.file}:{location.line} [{group}]"
    _apply(entries, (name, version), Setting(name, value, origin, location))
    for prefix, switch in _SWITCH_PREFIXES.items():
        if name.startswith(prefix) and option[2] is None:
            _apply(entries, (name[len(prefix):], version), Setting(name[len(prefix):], switch, origin, location))
    return None
