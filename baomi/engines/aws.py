"""The AWS engine: the checks of ``checks/aws`` over the accounts and regions an AWS source reaches.

Work is split into (account, region, check, lister) tasks run on a bounded thread pool
(``engines/cloud.py``); every result is a Finding.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from baomi.catalog import CheckSpec
from baomi.checks.aws import REGISTRY, AwsCheck
from baomi.engines import cloud
from baomi.model import Finding, Status
from baomi.settings import Settings
from baomi.sources.aws.clients import MAX_WORKERS
from baomi.sources.aws.errors import Unreadable, is_aws_error
from baomi.sources.aws.estate import Estate
from baomi.sources.aws.scope import Account, Scope

log = logging.getLogger("baomi.aws")


class AwsEngine:
    name = "aws"

    def judge(self, facts: object, checks: Sequence[CheckSpec], settings: Settings) -> list[Finding]:
        """Findings of the selected checks; SourceError when no account can be read at all."""
        if not isinstance(facts, Estate):
            raise TypeError(f"the AWS engine judges an AWS Estate, not {type(facts).__name__}")
        registered = REGISTRY.checks()
        selected = [registered[s.id] for s in checks if s.id in registered]
        with ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="baomi-aws") as pool:
            def run(function: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
                return list(pool.map(function, items))

            needs_regions = any(not lister.is_global for check in selected for lister in check.resources)
            targets, findings = facts.targets(needs_regions, run)
            tasks = []
            for target in targets:
                findings += _unimplemented(checks, registered, target.account)
                cache = facts.cache(target.account.id)
                tasks += [cloud.Task(Scope(target.account, region, cache), check, lister)
                          for check in selected for lister in check.resources
                          for region in ((target.account.home_region,) if lister.is_global else target.regions)]
            for task_findings in run(lambda task: cloud.judge(task, settings, "aws", _reason), tasks):
                findings += task_findings
        return sorted(findings, key=lambda f: (f.account or "", f.region or "", f.check_id, f.resource))


def _unimplemented(specs: Sequence[CheckSpec], checks: Mapping[str, AwsCheck], account: Account) -> list[Finding]:
    """A catalog entry without code cannot pass: say so instead of staying silent."""
    return [Finding(s.id, Status.ERROR, "aws", f"arn:{account.partition}:iam::{account.id}:root",
                    "not evaluated: no AWS implementation for this check", account=account.id)
            for s in specs if s.id not in checks]


def _reason(exc: Exception, check_id: str) -> str:
    """Expected AWS failures by their reason; anything else is a bug, logged with its traceback."""
    if isinstance(exc, Unreadable):
        return exc.reason
    if is_aws_error(exc):
        return type(exc).__name__
    log.debug("AWS check %s failed unexpectedly", check_id, exc_info=exc)
    return f"unexpected {type(exc).__name__} while evaluating (details in the debug log)"
