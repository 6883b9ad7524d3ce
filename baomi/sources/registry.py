"""Every source ``baomi scan`` offers, in the order they run: one line per source.

A new source is a package under ``baomi/sources/`` with a ``SourcePlugin`` (its options, when it is asked
for, how it is built, the engines it serves, how the report names its targets) and one line here.
"""
from __future__ import annotations

import importlib

from baomi.sources.interface import SourcePlugin

SOURCE_PLUGINS: tuple[str, ...] = (
    "baomi.sources.iac.plugin:PLUGIN",
    "baomi.sources.tree:PLUGIN",
    "baomi.sources.database.plugins:CONFIG_FILES",
    "baomi.sources.database.plugins:SERVERS",
    "baomi.sources.aws.plugin:PLUGIN",
    "baomi.sources.attestations.plugin:PLUGIN",
)


def plugins() -> tuple[SourcePlugin, ...]:
    found = []
    for entry in SOURCE_PLUGINS:
        module, _, attribute = entry.partition(":")
        plugin = getattr(importlib.import_module(module), attribute)
        if not isinstance(plugin, SourcePlugin):
            raise TypeError(f"{entry} is not a SourcePlugin")
        found.append(plugin)
    return tuple(found)
