"""Facts of a cloud account: lazily fetched, memoised pieces of state, shared by every check that asks.

A fact is a function of a scope (for AWS one account in one region) and plain arguments such as a bucket
name. The first check that asks for a fact fetches it; concurrent askers wait for that result instead of
calling the provider again, and a failure is remembered the same way, so each API call per resource is
made at most once per scan. Nothing here is specific to one provider.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any


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

    def settled(self) -> list[tuple[Hashable, Any, BaseException | None]]:
        """Every fact fetched so far: its key, its value, or the failure remembered for it (value None)."""
        with self._lock:
            done = [(key, future) for key, future in self._futures.items() if future.done()]
        return [(key, None, future.exception()) if future.exception() is not None else (key, future.result(), None)
                for key, future in done]
