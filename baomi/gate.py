"""The CI gate: decides exit code 0 or 1 from the score, failure severities and unreadable inputs."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from baomi.catalog import Catalog
from baomi.model import Finding, Severity, Status


_EVALUATED = (Status.PASS, Status.FAIL, Status.ERROR)


@dataclass(frozen=True)
class GatePolicy:
    fail_under: float | None = None
    fail_on: Severity | None = None
    allow_errors: bool = False


@dataclass(frozen=True)
class GateResult:
    passed: bool
    reasons: tuple[str, ...]


def evaluate(policy: GatePolicy, catalog: Catalog, findings: Sequence[Finding], score: float | None) -> GateResult:
    """Every reason the gate fails, in a stable order; no reasons means it passed."""
    reasons: list[str] = []
    if not any(f.status in _EVALUATED for f in findings):
        # an empty directory, a mistyped path, files of a kind baomi does not read: never a green build
        reasons.append("nothing was evaluated: no resource, account or database baomi could judge was found")
    if policy.fail_under is not None:
        if score is None:
            reasons.append(f"no control was assessed, so the score cannot reach {policy.fail_under:g}")
        elif score < policy.fail_under:
            reasons.append(f"score {score:.1f} is under {policy.fail_under:g}")
    if policy.fail_on is not None:
        threshold = policy.fail_on.rank
        failing = [f for f in findings if f.status is Status.FAIL and f.check_id in catalog.check
                   and catalog.check[f.check_id].severity.rank >= threshold]
        if failing:
            reasons.append(f"{len(failing)} failure(s) at or above {policy.fail_on.value}")
    if not policy.allow_errors:
        errors = sum(1 for f in findings if f.status is Status.ERROR)
        if errors:
            reasons.append(f"{errors} finding(s) could not be evaluated (use --allow-errors to accept)")
    return GateResult(passed=not reasons, reasons=tuple(reasons))
