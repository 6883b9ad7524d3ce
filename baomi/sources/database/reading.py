"""Reading a live server fact by fact, each read with a deadline, so that one fact that cannot be read
costs only the checks that need it.

Three limits bound every read (docs/databases.md, "Timeouts"): the server cancels a statement after
``STATEMENT_TIMEOUT_SECONDS`` and a wait for a lock after ``LOCK_TIMEOUT_SECONDS`` (session settings,
lowered only: a lower value in the DSN is kept); a server that stops answering altogether (a frozen
process, a stalled network) is given up after ``READ_TIMEOUT_SECONDS`` by the client, which closes the
connection. A fact that fails is missing with its reason (its checks become ERROR findings); once the
connection is gone, every fact not read yet is missing too, and one BAOMI_SOURCE_ERROR finding says
where the connection was lost. Only failing to connect at all stops the scan (exit code 2).
"""
from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from baomi.sources.database.snapshot import Problem

STATEMENT_TIMEOUT_SECONDS = 30
LOCK_TIMEOUT_SECONDS = 10
READ_TIMEOUT_SECONDS = 60

T = TypeVar("T")


@dataclass
class FactReader:
    """Reads facts one by one; ``explain(exc, relation)`` says whether an error lost the connection and why."""

    endpoint: str
    errors: type[BaseException] | tuple[type[BaseException], ...]
    explain: Callable[[BaseException, str], tuple[bool, str]]
    missing: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    lost: str | None = None

    def read(self, name: str, relation: str, fetch: Callable[[], T]) -> T | None:
        """``fetch()``, or None with ``name`` missing (and why) when it fails or the connection is gone."""
        if self.lost is not None:
            self.missing[name] = f"not read: {self.lost}"
            return None
        try:
            return fetch()
        except self.errors as exc:
            lost, reason = self.explain(exc, relation)
            if lost:
                self.lost = f"the connection was lost while reading {relation}: {reason}"
                self.problems.append(Problem(f"{self.lost}; facts not read by then are not evaluated"))
                self.missing[name] = self.lost
            else:
                self.missing[name] = reason
            return None


class Watchdog:
    """Closes a connection's socket when one read outlasts ``READ_TIMEOUT_SECONDS``: the blocked driver
    call then fails at once (end of stream) instead of waiting for a server that stopped answering."""

    def __init__(self, fileno: Callable[[], int]) -> None:
        self._fileno = fileno
        self.fired = False

    def run(self, call: Callable[[], T]) -> T:
        timer = threading.Timer(READ_TIMEOUT_SECONDS, self._sever)
        timer.daemon = True
        timer.start()
        try:
            return call()
        finally:
            timer.cancel()

    def _sever(self) -> None:
        self.fired = True
        try:
            duplicate = socket.socket(fileno=os.dup(self._fileno()))
        except (OSError, ValueError, AttributeError):
            return
        try:
            duplicate.shutdown(socket.SHUT_RDWR)  # shuts the connection for every descriptor of it
        except OSError:
            pass
        finally:
            duplicate.close()


def no_answer(seconds: float) -> str:
    return f"no answer within {seconds:g} s (the client closed the connection)"
