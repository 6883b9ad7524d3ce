"""Every engine baomi runs, by the catalog's ``engine`` name; the catalog's engines and ``sources`` are
checked against this list (``check_catalog``), and ``baomi checks --source`` offers its inputs.

An entry is data, so that listing engines imports none of them; an engine is built when a scan needs it.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baomi.catalog import Catalog, CatalogError, CheckSpec

if TYPE_CHECKING:
    from baomi.engines.interface import Engine


@dataclass(frozen=True)
class EngineEntry:
    name: str
    #: the kinds of input its checks judge (the catalog's ``sources`` of a check)
    inputs: tuple[str, ...]
    #: ``module:attribute`` of the engine object, or of a function returning it
    factory: str
    #: ``module:attribute`` of the CheckSpecs an engine from outside brings into the catalog (baomi's own
    #: engines have theirs in ``baomi/catalog/checks/*.yaml``)
    catalog_checks: str | None = None

    def build(self) -> Engine:
        engine: Engine = _resolve(self.factory)()
        return engine

    def checks(self) -> tuple[CheckSpec, ...]:
        return () if self.catalog_checks is None else tuple(_resolve(self.catalog_checks))


ENGINES: tuple[EngineEntry, ...] = (
    EngineEntry("checkov", ("terraform", "cloudformation"), "baomi.engines.checkov.engine:CheckovEngine"),
    EngineEntry("aws", ("aws",), "baomi.engines.aws:AwsEngine"),
    EngineEntry("postgresql", ("postgresql",), "baomi.engines.database:postgresql"),
    EngineEntry("mysql", ("mysql",), "baomi.engines.database:mysql"),
    EngineEntry("attestation", ("attestation",), "baomi.engines.attestation:AttestationEngine"),
)


def _resolve(reference: str) -> Any:
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


def with_engine_checks(catalog: Catalog, entries: Iterable[EngineEntry] = ENGINES) -> Catalog:
    """The catalog with the checks of the engines that bring their own, checked against the engines."""
    extended = catalog.with_checks(check for entry in entries for check in entry.checks())
    check_catalog(extended, entries)
    return extended


def inputs(entries: Iterable[EngineEntry] = ENGINES) -> tuple[str, ...]:
    """Every kind of input some engine judges, in registry order."""
    return tuple(dict.fromkeys(kind for entry in entries for kind in entry.inputs))


def build(entries: Iterable[EngineEntry] = ENGINES) -> dict[str, Engine]:
    return {entry.name: entry.build() for entry in entries}


def check_catalog(catalog: Catalog, entries: Iterable[EngineEntry] = ENGINES) -> None:
    """CatalogError when a check names an engine baomi does not have, or an input its engine does not judge."""
    known: Mapping[str, tuple[str, ...]] = {entry.name: entry.inputs for entry in entries}
    for check in catalog.checks:
        if check.engine not in known:
            raise CatalogError(f"check {check.id}: unknown engine {check.engine!r} (known: {', '.join(known)})")
        stray = [s for s in check.sources if s not in known[check.engine]]
        if stray:
            raise CatalogError(f"check {check.id}: the {check.engine} engine does not judge {', '.join(stray)}")
