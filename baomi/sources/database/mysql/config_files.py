"""A my.cnf / mariadb.cnf with its includes, as one snapshot."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from baomi.model import Location
from baomi.sources.database import discovery
from baomi.sources.database.includes import default_origin, shown
from baomi.sources.database.mysql import option_file
from baomi.sources.database.mysql.defaults import DEFAULTS
from baomi.sources.database.snapshot import Facts, Setting

_PLUGIN_LIBRARY = re.compile(r"(?:[^=;]*=)?([^;]+?)(?:\.so|\.dll)?$")


def mysql_facts(found: discovery.Discovered, scanned: tuple[Path, ...] | None = None) -> list[Facts]:
    units: list[Facts] = []
    read: set[Path] = set()
    # top-level files first, so that conf.d files they include are read as includes, not on their own
    ordered = sorted(found.mysql_cnf, key=lambda p: p.name not in ("my.cnf", "mariadb.cnf"))
    for cnf in ordered:
        if cnf.resolve() in read:
            continue
        parsed = option_file.parse(cnf, scanned)
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
        units.append(Facts(name, parsed.settings if serves else None, DEFAULTS, default_origin(name),
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
