"""Check functions of one database engine, registered under their stable catalog IDs, and the runner
that turns their verdicts into Findings.

A check function takes ``(facts, settings)`` and returns one Verdict or several (one per offending
pg_hba line, one per account). Missing facts become ERROR findings; facts out of reach of the source
mean no finding at all.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from baomi.catalog import CheckSpec
from baomi.model import SOURCE_ERROR_CHECK, Finding, Status
from baomi.settings import Settings
from baomi.sources.database.facts import FactMissing, FactOutOfReach, Facts, Verdict

CheckFunction = Callable[[Facts, Settings], "Verdict | Iterable[Verdict]"]


@dataclass(frozen=True)
class CheckRegistry:
    """Check functions of one engine by check ID."""

    engine: str
    functions: dict[str, CheckFunction] = field(default_factory=dict)

    def register(self, check_id: str) -> Callable[[CheckFunction], CheckFunction]:
        def add(function: CheckFunction) -> CheckFunction:
            if check_id in self.functions:
                raise ValueError(f"{self.engine} check {check_id} registered twice")
            self.functions[check_id] = function
            return function

        return add


def run_checks(registry: CheckRegistry, checks: Iterable[CheckSpec], facts: Facts, settings: Settings,
               source: str) -> Iterator[Finding]:
    """Problems of the input first, then one or more findings per selected check of this engine."""
    for problem in facts.problems:
        yield Finding(SOURCE_ERROR_CHECK, Status.ERROR, source, facts.resource, problem.message, problem.location)
    for spec in checks:
        if spec.engine != registry.engine:
            continue
        function = registry.functions.get(spec.id)
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
            yield Finding(spec.id, verdict.status, source, facts.resource, verdict.message, verdict.location)
