"""The database engines (PostgreSQL, MySQL / MariaDB): their checks over one server's ``Facts`` snapshot.

A check function returns one Verdict or several (one per offending pg_hba line, one per account). A fact the
check needs but could not be read is an ERROR finding; a fact out of reach of the source (files cannot show
accounts) means no finding at all.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence

from baomi.catalog import CheckSpec
from baomi.checks.database import CheckFunction
from baomi.checks.registry import CheckRegistry
from baomi.model import SOURCE_ERROR_CHECK, Finding, Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import FactMissing, FactOutOfReach, Facts


class DatabaseEngine:
    """The checks of one database engine (``checks/<engine>/``), run on the snapshots its sources give."""

    def __init__(self, name: str, checks_package: str) -> None:
        self.name = name
        self.checks_package = checks_package

    def judge(self, facts: object, checks: Sequence[CheckSpec], settings: Settings) -> list[Finding]:
        if not isinstance(facts, Facts):
            raise TypeError(f"the {self.name} engine judges a database Facts snapshot, not {type(facts).__name__}")
        return list(run_checks(self.registry(), checks, facts, settings, self.name))

    def registry(self) -> CheckRegistry[CheckFunction]:
        registry: CheckRegistry[CheckFunction] = importlib.import_module(self.checks_package).REGISTRY
        return registry


def postgresql() -> DatabaseEngine:
    return DatabaseEngine("postgresql", "baomi.checks.postgresql")


def mysql() -> DatabaseEngine:
    return DatabaseEngine("mysql", "baomi.checks.mysql")


def run_checks(registry: CheckRegistry[CheckFunction], checks: Sequence[CheckSpec], facts: Facts,
               settings: Settings, source: str) -> Iterator[Finding]:
    """Problems of the input first, then one or more findings per selected check of this engine."""
    for problem in facts.problems:
        yield Finding(SOURCE_ERROR_CHECK, Status.ERROR, source, facts.resource, problem.message, problem.location)
    functions = registry.checks()
    for spec in checks:
        if spec.engine != registry.engine:
            continue
        function = functions.get(spec.id)
        if function is None:
            yield Finding(spec.id, Status.ERROR, source, facts.resource,
                          f"baomi has no {registry.engine} implementation of check {spec.id}")
            continue
        try:
            outcome = function(facts, settings)
            verdicts = [outcome] if isinstance(outcome, Verdict) else list(outcome)
        except FactOutOfReach:
            continue
        except FactMissing as missing:
            yield Finding(spec.id, Status.ERROR, source, facts.resource, f"cannot evaluate: {missing}")
            continue
        for verdict in verdicts:
            yield Finding(spec.id, verdict.status, source, facts.resource, verdict.message, verdict.location,
                          item=verdict.item)
