"""The AWS accounts and regions one scan reaches: what the AWS engine judges.

Facts are fetched lazily while the checks run (``scope.py``); the estate only resolves, when asked, which
accounts (the caller's, ``--role-arn`` roles, or every account of the organization) and which regions.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from baomi.model import Finding
from baomi.sources.aws import accounts as accounts_module
from baomi.sources.aws.accounts import Target
from baomi.sources.aws.clients import ClientHook
from baomi.sources.cloud.memo import FactCache

if TYPE_CHECKING:
    from baomi.sources.aws import AwsOptions


@dataclass(frozen=True)
class Estate:
    options: AwsOptions
    on_client: ClientHook | None = None
    #: each account's fact memo, made when the engine first asks (``cache``): what was fetched, for the evidence
    _caches: dict[str, FactCache] = field(default_factory=dict, init=False, repr=False, compare=False)

    def cache(self, account_id: str) -> FactCache:
        """The fact memo of one account, shared by every check of the scan and kept for its evidence."""
        return self._caches.setdefault(account_id, FactCache())

    def fetched(self) -> dict[str, FactCache]:
        """Account ID -> its fact memo, as the checks left it."""
        return dict(self._caches)

    def targets(self, needs_regions: bool,
                run: Callable[[Callable[[Any], Any], Any], list[Any]]) -> tuple[list[Target], list[Finding]]:
        """Accounts with their regions (probed when ``needs_regions``), and an ERROR finding for each one
        that could not be reached; SourceError when no account can be read at all. ``run(function, items)``
        maps ``function`` over ``items`` concurrently."""
        base = accounts_module.base_account(self.options, self.on_client)
        scanned, findings = accounts_module.accounts(self.options, base, self.on_client, run)
        targets = []
        for target, errors in run(lambda account: accounts_module.target(self.options, account, needs_regions),
                                  scanned):
            findings += errors
            if target is not None:
                targets.append(target)
        return targets, findings
