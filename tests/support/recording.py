"""Recording of every API call the scanner makes, through the client hook of AwsSource (no pytest here:
the benchmark uses it too)."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ApiCall:
    account: str | None
    region: str
    service: str
    operation: str
    params: dict[str, Any]


@dataclass
class Recorder:
    """Sees every client the scanner creates; records each API call made (botocore ``before-call``)
    and the credentials the client signs with. ``extra`` hooks run after recording (fault injection)."""

    calls: list[ApiCall] = field(default_factory=list)
    credentials: set[str] = field(default_factory=set)
    extra: list[Any] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, account: str | None, region: str, service: str, client: Any) -> None:
        def record(params: dict[str, Any], model: Any, **_: Any) -> None:
            with self._lock:
                self.calls.append(ApiCall(account, region, service, model.name, dict(params)))

        client.meta.events.register_first("before-call", record)
        frozen = client._request_signer._credentials.get_frozen_credentials()
        self.credentials.update(v for v in (frozen.access_key, frozen.secret_key, frozen.token) if v)
        for hook in self.extra:
            hook(account, region, service, client)

    def operations(self) -> set[tuple[str, str]]:
        return {(c.service, c.operation) for c in self.calls}
