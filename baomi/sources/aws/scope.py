"""What an AWS fact or check sees: one account in one region, with the account's shared fact memo."""
from __future__ import annotations

import functools
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from baomi.sources.aws import answers
from baomi.sources.aws.clients import Api, ClientFactory
from baomi.sources.cloud.memo import Fact, FactCache, Resource


@dataclass(frozen=True)
class Account:
    """A scanned account: its id, partition (aws, aws-cn, aws-us-gov), home region and clients."""

    id: str
    partition: str
    home_region: str
    clients: ClientFactory


class Scope:
    """What a fact or a check sees: one account in one region, and the account's shared memo."""

    def __init__(self, account: Account, region: str, cache: FactCache) -> None:
        self.account = account
        self.region = region
        self._cache = cache

    @property
    def account_id(self) -> str:
        return self.account.id

    @property
    def partition(self) -> str:
        return self.account.partition

    def at(self, region: str) -> Scope:
        return self if region == self.region else Scope(self.account, region, self._cache)

    def api(self, service: str) -> Api:
        return self.account.clients.api(service, self.region)

    def get(self, wanted: Fact, *args: Hashable, region: str | None = None) -> Any:
        """The fact's value for ``args`` in ``region`` (default: this scope's region)."""
        where = self.account.home_region if wanted.is_global else (region or self.region)
        return self._cache.get((wanted.key, where, args),
                               lambda: answers.reading(lambda: wanted.fetch(self.at(where), *args), wanted.key))

    def arn(self, service: str, resource: str, *, regional: bool = True) -> str:
        region = self.region if regional else ""
        return f"arn:{self.partition}:{service}:{region}:{self.account_id}:{resource}"


def _account(scope: Scope) -> tuple[Resource, ...]:
    return (Resource(f"arn:{scope.partition}:iam::{scope.account_id}:root", scope.account_id, None),)


#: the account itself, for account-wide settings (root user, password policy, S3 account block)
ACCOUNT = Fact("iam.account", _account, is_global=True)


def region_settings(service: str) -> Fact:
    """The per-region settings of ``service`` as one resource (GuardDuty, EBS defaults, ...)."""

    def fetch(scope: Scope) -> tuple[Resource, ...]:
        return (Resource(scope.arn(service, "account"), f"{service} {scope.region}", scope.region),)

    return Fact(f"region:{service}", fetch)


@functools.cache
def _regions(service: str, partition: str) -> frozenset[str]:
    import botocore.session

    return frozenset(botocore.session.get_session().get_available_regions(service, partition_name=partition))


def offered(scope: Scope, service: str) -> bool:
    """Whether AWS offers ``service`` (boto3's name) in the scope's region, by botocore's endpoint data: a region
    botocore does not list for it has no endpoint to call, nor anything to enable (read once per service and
    partition)."""
    return scope.region in _regions(service, scope.partition)
