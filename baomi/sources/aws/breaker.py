"""Circuit breaker: stop calling an (account, region, service) whose endpoint no longer answers.

Without it, an endpoint that dies mid-scan, a name that stops resolving or a network that drops every
connection makes each remaining call go through all its retries and timeouts: minutes for a few
hundred buckets. Here every connection-level failure of an attempt (refused, reset, DNS, connect or
read timeout) is counted per (account, region, service); any answer from the endpoint, even an error
answer, resets the count. After :data:`THRESHOLD` failures in a row the breaker opens: attempts in
flight stop retrying and every later call fails at once with the same reason, so each remaining
check becomes an ERROR finding naming it. A single call also stops after :data:`CALL_ATTEMPTS`
connection failures (throttling keeps botocore's full adaptive retries).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from baomi.sources.aws.errors import RegionUnreachable, is_connection_error

#: consecutive connection failures of one (account, region, service) that open its breaker
THRESHOLD = 3
#: attempts of one call that fail at connection level before the call gives up
CALL_ATTEMPTS = 2


class EndpointDown(RegionUnreachable):
    """The (account, region, service) is not called again; ``reason`` says why, once for all."""


class Breaker:
    """The state of one (account, region, service); safe to share between threads."""

    def __init__(self, service: str, region: str, action: Callable[[str], str]) -> None:
        """``action(operation)`` names the IAM action of an API operation, for the reason."""
        self.service, self.region, self._action = service, region, action
        self._failures = 0
        self._reason: str | None = None
        self._lock = threading.Lock()

    @property
    def reason(self) -> str | None:
        """Why the breaker is open, None while it is closed."""
        return self._reason

    def check(self) -> None:
        """Raise :class:`EndpointDown` if the breaker is open (before any call is made)."""
        if self._reason is not None:
            raise EndpointDown(self._reason)

    def attach(self, client: Any) -> None:
        """Count the attempts of ``client`` and cut its retries short (botocore events)."""
        client.meta.events.register_first("before-send", self._before_send)
        client.meta.events.register_first("needs-retry", self._after_attempt)

    def _before_send(self, **_: Any) -> None:
        self.check()  # an exception here ends the call: botocore does not retry what it does not know

    def _after_attempt(self, response: Any = None, caught_exception: BaseException | None = None,
                       attempts: int = 1, operation: Any = None, **_: Any) -> None:
        if isinstance(caught_exception, EndpointDown):
            raise caught_exception
        if caught_exception is None or not is_connection_error(caught_exception):
            if response is not None:
                with self._lock:
                    self._failures = 0
            return
        name = self._action(getattr(operation, "name", "?"))
        with self._lock:
            self._failures += 1
            if self._reason is None and self._failures >= THRESHOLD:
                self._reason = (f"endpoint unreachable: {self.service} in {self.region} not called again after "
                                f"{self._failures} connection failures in a row "
                                f"(last: {type(caught_exception).__name__} on {name})")
        if self._reason is not None:
            raise EndpointDown(self._reason)
        if attempts >= CALL_ATTEMPTS:
            raise caught_exception  # the call's own failure; no more retries for it
