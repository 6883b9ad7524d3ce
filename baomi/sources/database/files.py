"""Database configuration files as a source: postgresql.conf with its pg_hba.conf, and my.cnf.

Each server's files become one ``Facts``: a postgresql.conf (with its includes) and the pg_hba.conf
it names (``hba_file``) or that sits beside it; a my.cnf / mariadb.cnf with its includes. A file
already read as another's include is not scanned again on its own. Settings a file leaves out are
judged at the server's default; roles and accounts, which files cannot show, are not judged.
Absolute includes and ``hba_file`` paths outside the scanned paths are not read (an ERROR finding
says so): a repository copy must not be judged by the scanning host's own /etc.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baomi.catalog import CheckSpec
from baomi.model import Finding, Location
from baomi.settings import Settings
from baomi.sources.database import discovery, mycnf, pgconf, pghba
from baomi.sources.database.configfile import Walk, scanned_dirs, shown
from baomi.sources.database.facts import Facts, Problem, Setting
from baomi.sources.database.registry import run_checks

_PLUGIN_LIBRARY = re.compile(r"(?:[^=;]*=)?([^;]+?)(?:\.so|\.dll)?$")


@dataclass(frozen=True)
class DatabaseFileSource:
    paths: tuple[Path, ...]
    named_files: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    name: str = "database-files"

    def collect(self, checks: Iterable[CheckSpec], settings: Settings) -> list[Finding]:
        specs = [c for c in checks if c.engine in ("postgresql", "mysql")]
        if not specs:
            return []
        from baomi.checks.mysql import REGISTRY as MYSQL
        from baomi.checks.postgresql import REGISTRY as POSTGRESQL

        found = discovery.discover(self.paths, self.named_files, self.exclude)
        scanned = scanned_dirs((*self.paths, *self.named_files))
        findings: list[Finding] = []
        for facts in postgresql_facts(found, scanned):
            findings.extend(run_checks(POSTGRESQL, specs, facts, settings, "postgresql"))
        for facts in mysql_facts(found, scanned):
            findings.extend(run_checks(MYSQL, specs, facts, settings, "mysql"))
        return findings


def postgresql_facts(found: discovery.Discovered, scanned: tuple[Path, ...] | None = None) -> list[Facts]:
    from baomi.checks.postgresql.defaults import DEFAULTS

    units: list[Facts] = []
    read: set[Path] = set()
    hba_used: set[Path] = set()
    for conf in found.postgresql_conf:
        if conf.resolve() in read:
            continue
        parsed = pgconf.parse(conf, scanned)
        read.update(p.resolve() for p in parsed.files)
        tables: dict[str, Any] = {}
        problems = list(parsed.problems)
        hba_path, refused = _hba_of(conf, parsed.settings.get("hba_file"), scanned)
        problems.extend(refused)
        if hba_path is not None:
            hba = pghba.parse(hba_path, scanned)
            hba_used.update(p.resolve() for p in hba.files)
            tables["hba"], tables["hba_invalid"] = hba.rules, hba.problems
            problems.extend(hba.problems)
        name = shown(conf)
        units.append(Facts(name, parsed.settings, DEFAULTS, _default_origin(name), Location(name),
                           tables=tables, problems=tuple(problems)))
    for path in found.pg_hba:
        if path.resolve() not in hba_used:
            hba = pghba.parse(path, scanned)
            hba_used.update(p.resolve() for p in hba.files)
            units.append(Facts(shown(path), None, tables={"hba": hba.rules, "hba_invalid": hba.problems},
                               problems=hba.problems))
    return units


def _hba_of(conf: Path, hba_file: Setting | None,
            scanned: tuple[Path, ...] | None) -> tuple[Path | None, list[Problem]]:
    """The pg_hba.conf a postgresql.conf uses: its ``hba_file`` if that exists, else the one beside it.
    An ``hba_file`` outside the scanned paths (absolute, or relative through ``..`` or a link) is not
    read, and nothing stands in for it."""
    candidates = []
    walk = Walk(scanned)
    if hba_file:
        named = Path(hba_file.value)
        named = named if named.is_absolute() else conf.parent / named
        if not walk.allowed(named):
            return None, [Problem(f"hba_file {shown(named)} is outside the scanned paths and was not read: its "
                                  "rules are not evaluated", hba_file.location)]
        candidates.append(named)
    candidates.append(conf.with_name("pg_hba.conf"))
    for candidate in candidates:
        if candidate.is_file() and walk.allowed(candidate):
            return candidate, []
        if os.path.lexists(candidate):  # a FIFO, a device, a link out of the tree: the rules are unknown
            where = "is outside the scanned paths" if not walk.allowed(candidate) else "is not a regular file"
            return None, [Problem(f"{shown(candidate)} {where} and was not read: its rules are not evaluated",
                                  hba_file.location if hba_file else Location(shown(candidate)))]
    return None, []


def mysql_facts(found: discovery.Discovered, scanned: tuple[Path, ...] | None = None) -> list[Facts]:
    from baomi.checks.mysql.defaults import DEFAULTS

    units: list[Facts] = []
    read: set[Path] = set()
    # top-level files first, so that conf.d files they include are read as includes, not on their own
    ordered = sorted(found.mysql_cnf, key=lambda p: p.name not in ("my.cnf", "mariadb.cnf"))
    for cnf in ordered:
        if cnf.resolve() in read:
            continue
        parsed = mycnf.parse(cnf, scanned)
        read.update(p.resolve() for p in parsed.files)
        # a file with only [client] groups says nothing about a server: no setting or plugin is judged
        serves = parsed.configures_server
        name = shown(cnf)
        tables: dict[str, Any] = {}
        missing: dict[str, str] = {}
        plugin_options = [parsed.uncertain[k] for k in ("plugin_load", "plugin_load_add") if k in parsed.uncertain]
        if plugin_options:
            missing["plugins"] = plugin_options[0]
        elif serves:
            tables["plugins"] = loaded_plugins(parsed.settings)
        units.append(Facts(name, parsed.settings if serves else None, DEFAULTS, _default_origin(name),
                           Location(name), tables=tables, missing=missing, problems=parsed.problems,
                           uncertain=parsed.uncertain))
    return units


def loaded_plugins(settings: dict[str, Setting]) -> dict[str, str]:
    """Plugins an option file loads (``plugin_load`` / ``plugin_load_add``: ``[name=]library[;...]``),
    as ACTIVE the way information_schema.PLUGINS reports them, unless turned OFF by ``name=OFF``."""
    plugins: dict[str, str] = {}
    for key in ("plugin_load", "plugin_load_add"):
        if key in settings:
            for item in settings[key].value.split(";"):
                match = _PLUGIN_LIBRARY.match(item.strip())
                if match and match[1]:
                    plugins[match[1].lower()] = "ACTIVE"
    for name in list(plugins):
        if name in settings and settings[name].value.strip().upper() == "OFF":
            plugins[name] = "DISABLED"
    return plugins


def _default_origin(name: str) -> str:
    return f"not set in {name} or its includes: server default"
