"""HTTP-level fault injection on the scanner's own clients (botocore ``before-send``): the request is
answered with an AWS error response before it leaves, so botocore's real parsing and retry logic run."""
from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse


class _Raw(io.BytesIO):
    def stream(self, **_: Any) -> Any:
        yield self.getvalue()


def error_response(protocol: str, status: int, code: str, message: str = "injected by the test") -> AWSResponse:
    """An AWS error in the wire format of ``protocol`` (query/ec2/rest-xml XML, or JSON)."""
    if protocol in ("json", "rest-json"):
        body = f'{{"__type": "{code}", "message": "{message}"}}'.encode()
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": code}
    else:
        body = (f"<ErrorResponse><Error><Code>{code}</Code><Message>{message}</Message></Error>"
                f"<Errors><Error><Code>{code}</Code><Message>injected</Message></Error></Errors>"
                f"</ErrorResponse>").encode()
        headers = {"Content-Type": "text/xml"}
    return AWSResponse("https://injected.invalid/", status, headers, _Raw(body))


class Inject:
    """On clients of ``service`` (optionally in ``region``), answer ``operation`` with an error, ``times``
    times (None: always), with ``message``; counts every attempt sent for that operation."""

    def __init__(self, service: str, operation: str, status: int, code: str, *, region: str | None = None,
                 times: int | None = 1, when: Callable[[Any], bool] = lambda request: True,
                 message: str = "injected by the test") -> None:
        self.service, self.operation, self.status, self.code, self.message = service, operation, status, code, message
        self.region, self.remaining, self.when = region, times, when
        self.attempts = 0
        self._lock = threading.Lock()

    def __call__(self, account: str | None, region: str, service: str, client: Any) -> None:
        if service != self.service or (self.region and region != self.region):
            return
        protocol = client.meta.service_model.protocol
        event = f"before-send.{client.meta.service_model.service_id.hyphenize()}.{self.operation}"

        def send(request: Any, **_: Any) -> AWSResponse | None:
            if not self.when(request):
                return None
            with self._lock:
                self.attempts += 1
                if self.remaining is not None:
                    if self.remaining == 0:
                        return None
                    self.remaining -= 1
            return error_response(protocol, self.status, self.code, self.message)

        client.meta.events.register(event, send)


class Reply:
    """On clients of ``service``, answer ``operation`` with a 200 whose body is ``body`` (as an endpoint that
    answers something else than the API promises would), every time; counts the answers given."""

    def __init__(self, service: str, operation: str, body: bytes, content_type: str = "text/xml") -> None:
        self.service, self.operation, self.body, self.content_type = service, operation, body, content_type
        self.answers = 0
        self._lock = threading.Lock()

    def __call__(self, account: str | None, region: str, service: str, client: Any) -> None:
        if service != self.service:
            return
        event = f"before-send.{client.meta.service_model.service_id.hyphenize()}.{self.operation}"

        def send(request: Any, **_: Any) -> AWSResponse:
            with self._lock:
                self.answers += 1
            return AWSResponse("https://injected.invalid/", 200, {"Content-Type": self.content_type},
                               _Raw(self.body))

        client.meta.events.register(event, send)
