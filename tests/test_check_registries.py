"""The check modules and the catalog are kept in step: every catalog check of a live engine has exactly one
implementation, found by discovery, and every implementation has its catalog entry; every check names an
engine baomi has and inputs that engine judges."""
from __future__ import annotations

import importlib

import pytest

from baomi.catalog import load_catalog
from baomi.engines import registry


@pytest.mark.parametrize("engine", ["aws", "postgresql", "mysql"])
def test_live_checks_and_catalog_match_one_to_one(engine: str) -> None:
    package = importlib.import_module(f"baomi.checks.{engine}")
    assert package.REGISTRY.engine == engine
    assert set(package.REGISTRY.checks()) == {c.id for c in load_catalog().checks_for(engine)}


def test_every_catalog_check_has_its_engine() -> None:
    registry.check_catalog(load_catalog())  # raises CatalogError naming the check otherwise
    assert {c.engine for c in load_catalog().checks} == {e.name for e in registry.ENGINES}
    assert registry.inputs() == ("terraform", "cloudformation", "aws", "postgresql", "mysql", "attestation")


def test_every_registered_engine_builds_and_has_its_name() -> None:
    for name, engine in registry.build().items():
        assert engine.name == name
