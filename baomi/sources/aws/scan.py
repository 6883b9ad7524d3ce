"""The scan: accounts x regions x checks on a bounded thread pool, every result a Finding.

Work is split into (account, region, check, lister) tasks. Tasks share one fact memo per account, so a
bucket policy read for one check is reused by every other check, and a lister is called once even if
ten checks iterate its resources at the same time.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baomi.checks.aws import AwsCheck, Verdict, registry
from baomi.model import Finding, Status
from baomi.sources.aws import accounts as accounts_module
from baomi.sources.aws.clients import MAX_WORKERS, ClientHook
from baomi.sources.aws.errors import Unreadable, is_aws_error
from baomi.sources.aws.facts import Account, Fact, FactCache, Scope

if TYPE_CHECKING:
    from baomi.catalog import CheckSpec
    from baomi.settings import Settings
    from baomi.sources.aws import AwsOptions

log = logging.getLogger("baomi.aws")


def scan(options: AwsOptions, specs: Sequence[CheckSpec], settings: Settings,
         on_client: ClientHook | None = None) -> list[Finding]:
    checks = registry()
    selected = [checks[s.id] for s in specs if s.id in checks]
    with ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="baomi-aws") as pool:
        def run(function: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
            return list(pool.map(function, items))

        base = accounts_module.base_account(options, on_client)
        scanned, findings = accounts_module.accounts(options, base, on_client, run)
        needs_regions = any(not lister.is_global for check in selected for lister in check.resources)
        tasks = []
        for target, errors in run(lambda account: accounts_module.target(options, account, needs_regions), scanned):
            findings += errors
            if target is None:
                continue
            findings += _unimplemented(specs, checks, target.account)
            cache = FactCache()
            tasks += [_Task(Scope(target.account, region, cache), check, lister)
                      for check in selected for lister in check.resources
                      for region in ((target.account.home_region,) if lister.is_global else target.regions)]
        for task_findings in run(lambda task: _judge(task, settings), tasks):
            findings += task_findings
    return sorted(findings, key=lambda f: (f.account or "", f.region or "", f.check_id, f.resource))


def _unimplemented(specs: Sequence[CheckSpec], checks: Mapping[str, AwsCheck], account: Account) -> list[Finding]:
    """A catalog entry without code cannot pass: say so instead of staying silent."""
    return [Finding(s.id, Status.ERROR, "aws", f"arn:{account.partition}:iam::{account.id}:root",
                    "not evaluated: no AWS implementation for this check", account=account.id)
            for s in specs if s.id not in checks]


@dataclass(frozen=True)
class _Task:
    """One check over the resources of one lister in one account and region."""

    scope: Scope
    check: AwsCheck
    lister: Fact


def _judge(task: _Task, settings: Settings) -> list[Finding]:
    scope, check, lister = task.scope, task.check, task.lister
    try:
        resources = scope.get(lister)
    except Exception as exc:  # noqa: BLE001 - a listing that fails is an ERROR finding, the scan goes on
        reason = _reason(exc, check.id)
        region = None if lister.is_global else scope.region
        where = scope.arn(lister.service, "*", regional=region is not None)
        return [Finding(check.id, Status.ERROR, "aws", where, f"not evaluated: {reason}",
                        account=scope.account_id, region=region)]
    findings = []
    for resource in resources:
        try:
            result: Verdict | None = check.evaluate(scope, resource, settings)
        except Exception as exc:  # noqa: BLE001 - a check that fails on one resource is an ERROR on it
            result = Verdict(Status.ERROR, f"not evaluated: {_reason(exc, check.id)}")
        if result is not None:
            findings.append(Finding(check.id, result.status, "aws", resource.arn, result.message,
                                    account=scope.account_id, region=resource.region))
    return findings


def _reason(exc: Exception, check_id: str) -> str:
    """Expected AWS failures by their reason; anything else is a bug, logged with its traceback."""
    if isinstance(exc, Unreadable):
        return exc.reason
    if is_aws_error(exc):
        return type(exc).__name__
    log.debug("AWS check %s failed unexpectedly", check_id, exc_info=exc)
    return f"unexpected {type(exc).__name__} while evaluating (details in the debug log)"
