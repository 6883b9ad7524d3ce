"""Facts: lazily fetched, memoised pieces of account state, shared by every check that asks for them.

A fact is a function of a :class:`Scope` (one account, one region) and plain arguments such as a
bucket name. The first check that asks for a fact fetches it; concurrent askers wait for that result
instead of calling AWS again, and a failure (:class:`Unreadable`) is remembered the same way, so each
API call per resource is made at most once per scan.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from baomi.sources.aws import answers
from baomi.sources.aws.clients import Api, ClientFactory


@dataclass(frozen=True)
class Resource:
    """One thing a check judges; ``region`` is None for global resources such as IAM users."""

    arn: str
    name: str
    region: str | None
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Fact:
    """``fetch(scope, *args)``; a global fact is fetched once per account, in its home region."""

    key: str
    fetch: Callable[..., Any]
    is_global: bool = False

    @property
    def service(self) -> str:
        """The service a lister belongs to, for naming what could not be listed."""
        return self.key.rsplit(":", 1)[-1].split(".")[0]


def fact(*, is_global: bool = False) -> Callable[[Callable[..., Any]], Fact]:
    """Declare a collector function as a fact, keyed by its module and name."""

    def wrap(fetch: Callable[..., Any]) -> Fact:
        return Fact(f"{fetch.__module__.rsplit('.', 1)[-1]}.{fetch.__name__}", fetch, is_global)

    return wrap


@dataclass(frozen=True)
class Account:
    """A scanned account: its id, partition (aws, aws-cn, aws-us-gov), home region and clients."""

    id: str
    partition: str
    home_region: str
    clients: ClientFactory


class FactCache:
    """Memo of fact results and failures, safe to share between threads."""

    def __init__(self) -> None:
        self._futures: dict[Hashable, Future[Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            future = self._futures.get(key)
            owner = future is None
            if future is None:
                future = self._futures[key] = Future()
        if owner:
            try:
                future.set_result(compute())
            except BaseException as exc:  # noqa: BLE001 - remembered and re-raised to every asker
                future.set_exception(exc)
        return future.result()


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
