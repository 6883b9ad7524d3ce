"""A postgresql.conf (with its includes) and the pg_hba.conf it names or that sits beside it, as one snapshot."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from baomi.model import Location
from baomi.sources.database import discovery
from baomi.sources.database.includes import Walk, default_origin, shown
from baomi.sources.database.postgresql import conf_file, hba_file
from baomi.sources.database.postgresql.defaults import DEFAULTS
from baomi.sources.database.snapshot import Facts, Problem, Setting


def postgresql_facts(found: discovery.Discovered, scanned: tuple[Path, ...] | None = None) -> list[Facts]:
    units: list[Facts] = []
    read: set[Path] = set()
    hba_used: set[Path] = set()
    for conf in found.postgresql_conf:
        if conf.resolve() in read:
            continue
        parsed = conf_file.parse(conf, scanned)
        read.update(p.resolve() for p in parsed.files)
        tables: dict[str, Any] = {}
        problems = list(parsed.problems)
        hba_path, refused = _hba_of(conf, parsed.settings.get("hba_file"), scanned)
        problems.extend(refused)
        if hba_path is not None:
            hba = hba_file.parse(hba_path, scanned)
            hba_used.update(p.resolve() for p in hba.files)
            tables["hba"], tables["hba_invalid"] = hba.rules, hba.problems
            problems.extend(hba.problems)
        name = shown(conf)
        units.append(Facts(name, parsed.settings, DEFAULTS, default_origin(name), Location(name),
                           tables=tables, problems=tuple(problems)))
    for path in found.pg_hba:
        if path.resolve() not in hba_used:
            hba = hba_file.parse(path, scanned)
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
