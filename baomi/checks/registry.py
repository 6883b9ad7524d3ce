"""The one registry kernel of the live engines (AWS, PostgreSQL, MySQL): checks by stable catalog ID.

Each engine's check package makes one ``CheckRegistry`` and registers its checks with it; the modules of
the package are discovered (imported) the first time the registry is read, so a new check module needs no
list to be edited. IaC checks are checkov's own classes and live in checkov's registries instead.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

Check = TypeVar("Check")


class CheckRegistry(Generic[Check]):
    """The checks of one engine, by check ID, filled by the modules of ``package``."""

    def __init__(self, engine: str, package: str) -> None:
        self.engine = engine
        self.package = package
        self._checks: dict[str, Check] = {}
        self._discovered = False

    def add(self, check_id: str, check: Check) -> None:
        if check_id in self._checks:
            raise ValueError(f"{self.engine} check {check_id} registered twice")
        self._checks[check_id] = check

    def register(self, check_id: str) -> Callable[[Check], Check]:
        """Decorator: register the decorated object as check ``check_id``."""

        def add(check: Check) -> Check:
            self.add(check_id, check)
            return check

        return add

    def checks(self) -> Mapping[str, Check]:
        """Every check of the engine by ID (imports every module of the package once)."""
        if not self._discovered:
            for module in discover_modules(self.package):
                importlib.import_module(module)
            self._discovered = True
        return self._checks


def discover_modules(package: str) -> list[str]:
    """The modules of ``package`` (not its sub-packages), by full name, in a stable order."""
    path = importlib.import_module(package).__path__
    return sorted(f"{package}.{info.name}" for info in pkgutil.iter_modules(path) if not info.ispkg)
