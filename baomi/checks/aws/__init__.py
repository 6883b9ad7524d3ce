"""Checks on live AWS accounts: small functions registered under their stable catalog IDs.

A check names the resource listers it judges (facts returning Resources) and an ``evaluate`` function
that reads more facts for one resource and returns a Verdict, or None when the check does not apply to
that resource. The catalog entry (baomi/catalog/checks/aws.yaml) carries title, severity, controls
and remediation; this module only carries the logic.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from baomi.model import Status
from baomi.settings import Settings
from baomi.sources.aws.facts import Fact, Resource, Scope

_MODULES = ("iam", "s3", "rds", "ec2", "logging", "detection", "keys", "datastores", "elb", "residency")


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: str


def passed(message: str) -> Verdict:
    return Verdict(Status.PASS, message)


def failed(message: str) -> Verdict:
    return Verdict(Status.FAIL, message)


def verdict(ok: bool, if_ok: str, if_not: str) -> Verdict:
    return passed(if_ok) if ok else failed(if_not)


def not_evaluated(reason: str) -> Verdict:
    """What was read but cannot be judged is an error, never a pass."""
    return Verdict(Status.ERROR, f"not evaluated: {reason}")


Evaluate = Callable[[Scope, Resource, Settings], "Verdict | None"]


@dataclass(frozen=True)
class AwsCheck:
    id: str
    resources: tuple[Fact, ...]
    evaluate: Evaluate


_REGISTRY: dict[str, AwsCheck] = {}


def aws_check(check_id: str, *resources: Fact) -> Callable[[Evaluate], Evaluate]:
    """Register ``evaluate`` as the check ``check_id`` over the resources the listers return."""

    def register(evaluate: Evaluate) -> Evaluate:
        if check_id in _REGISTRY:
            raise ValueError(f"AWS check {check_id} registered twice")
        _REGISTRY[check_id] = AwsCheck(check_id, resources, evaluate)
        return evaluate

    return register


def registry() -> Mapping[str, AwsCheck]:
    """Every AWS check by ID (imports the check modules, which import no AWS SDK)."""
    for name in _MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return _REGISTRY
