"""Judging a cloud account concurrently, whatever the provider: (scope, check, lister) tasks on a pool.

Tasks share one fact memo per account (``sources/cloud/memo.py``), so a bucket policy read for one check is
reused by every other check, and a lister is called once even if ten checks iterate its resources at the
same time. A provider's engine makes the tasks and says how its errors read (``reason``).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol

from baomi.model import Finding, Status, Verdict
from baomi.settings import Settings
from baomi.sources.cloud.memo import Fact, Resource


class CloudScope(Protocol):
    """One account in one region, as a provider's facts and checks see it."""

    @property
    def account_id(self) -> str: ...

    @property
    def region(self) -> str: ...

    def get(self, wanted: Fact, *args: Hashable, region: str | None = None) -> Any: ...

    def arn(self, service: str, resource: str, *, regional: bool = True) -> str: ...


class CloudCheck(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def evaluate(self) -> Callable[[Any, Resource, Settings], Verdict | None]: ...


@dataclass(frozen=True)
class Task:
    """One check over the resources of one lister in one account and region."""

    scope: CloudScope
    check: CloudCheck
    lister: Fact


def judge(task: Task, settings: Settings, source: str, reason: Callable[[Exception, str], str]) -> list[Finding]:
    """Findings of one task; a listing or a check that fails is an ERROR finding, and the scan goes on."""
    scope, check, lister = task.scope, task.check, task.lister
    try:
        resources = scope.get(lister)
    except Exception as exc:  # noqa: BLE001 - a listing that fails is an ERROR finding, the scan goes on
        region = None if lister.is_global else scope.region
        where = scope.arn(lister.service, "*", regional=region is not None)
        return [Finding(check.id, Status.ERROR, source, where, f"not evaluated: {reason(exc, check.id)}",
                        account=scope.account_id, region=region)]
    findings = []
    for resource in resources:
        try:
            result = check.evaluate(scope, resource, settings)
        except Exception as exc:  # noqa: BLE001 - a check that fails on one resource is an ERROR on it
            result = Verdict(Status.ERROR, f"not evaluated: {reason(exc, check.id)}")
        if result is not None:
            findings.append(Finding(check.id, result.status, source, resource.arn, result.message,
                                    account=scope.account_id, region=resource.region))
    return findings
