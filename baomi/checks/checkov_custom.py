"""Registering baomi's custom checks in checkov's global registries.

A checkov check registers itself when it is built, and each module of ``checks/terraform`` and
``checks/cloudformation`` builds its checks at import: importing every module of the two packages (they are
discovered, not listed) registers them all. The modules that only share rules (``values.py``, ``graph.py``)
build none, so importing them changes nothing. Python imports a module once per process, so calling
``register()`` again changes nothing either.
"""
from __future__ import annotations

import importlib

from baomi.checks.registry import discover_modules

#: the packages whose modules define checkov checks
CUSTOM_CHECK_PACKAGES = ("baomi.checks.terraform", "baomi.checks.cloudformation")


def custom_check_modules() -> list[str]:
    return [module for package in CUSTOM_CHECK_PACKAGES for module in discover_modules(package)]


def register() -> None:
    """Make every BAOMI_* check known to checkov's runners (idempotent)."""
    for module in custom_check_modules():
        importlib.import_module(module)
