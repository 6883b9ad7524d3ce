"""Checks on live AWS accounts: small functions registered under their stable catalog IDs.

A check names the resource listers it judges (facts returning Resources) and an ``evaluate`` function
that reads more facts for one resource and returns a Verdict, or None when the check does not apply to
that resource. The catalog entry (baomi/catalog/checks/aws.yaml) carries title, severity, controls
and remediation; this package only carries the logic. Its modules are discovered by ``REGISTRY``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from baomi.checks.registry import CheckRegistry
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Fact, Resource

Evaluate = Callable[[Scope, Resource, Settings], "Verdict | None"]


@dataclass(frozen=True)
class AwsCheck:
    id: str
    resources: tuple[Fact, ...]
    evaluate: Evaluate


REGISTRY: CheckRegistry[AwsCheck] = CheckRegistry("aws", __name__)


def aws_check(check_id: str, *resources: Fact) -> Callable[[Evaluate], Evaluate]:
    """Register ``evaluate`` as the check ``check_id`` over the resources the listers return."""

    def register(evaluate: Evaluate) -> Evaluate:
        REGISTRY.add(check_id, AwsCheck(check_id, resources, evaluate))
        return evaluate

    return register
