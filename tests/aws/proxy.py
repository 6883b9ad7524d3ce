"""An HTTP proxy on 127.0.0.1 in front of the moto server that can fail the way real endpoints do.

``Proxy(upstream, answer=..., after=K, then="die" | "stall" | "reply")`` forwards requests to moto; requests
``answer`` does not accept (e.g. anything but STS), or every request after the first ``after`` ones,
are then either *stalled* (the connection stays open and nothing is ever answered, until the proxy is
closed) or the proxy *dies*: it stops listening (new connections are refused) and drops every open
connection without an answer. Real sockets, real botocore retries and timeouts.
"""
from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection"}


class Proxy:
    def __init__(self, upstream: str, *, answer: Callable[[str, bytes], bool] = lambda path, body: True,
                 after: int | None = None, then: str = "stall", reply: bytes = b"") -> None:
        assert then in ("stall", "die", "reply")
        self._reply = reply
        self._upstream = urlsplit(upstream)
        self._answer, self._after, self._then = answer, after, then
        self.forwarded = 0
        self.failed = 0
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._dead = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="test-proxy", daemon=True)

    def __enter__(self) -> Proxy:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def close(self) -> None:
        """Release stalled requests (their connections are dropped) and stop listening."""
        self._closed.set()
        self._die()

    def _die(self) -> None:
        if self._dead.is_set():
            return
        self._dead.set()
        threading.Thread(target=self._server.shutdown, daemon=True).start()
        try:
            self._server.socket.close()  # from now on, connections are refused
        except OSError:
            pass

    def _decide(self, path: str, body: bytes) -> str:
        """"forward", "stall", "reply" or "drop" for one request."""
        with self._lock:
            if self._dead.is_set():
                return "drop"
            if self._answer(path, body) and (self._after is None or self.forwarded < self._after):
                self.forwarded += 1
                return "forward"
            self.failed += 1
        if self._then == "die":
            self._die()
            return "drop"
        return self._then

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                decision = proxy._decide(self.path, body)
                if decision == "stall":
                    proxy._closed.wait()
                if decision == "reply":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/xml")
                    self.send_header("Content-Length", str(len(proxy._reply)))
                    self.end_headers()
                    self.wfile.write(proxy._reply)
                    return
                if decision != "forward":
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                self._forward(body)

            def _forward(self, body: bytes) -> None:
                upstream = http.client.HTTPConnection(proxy._upstream.hostname, proxy._upstream.port, timeout=60)
                try:
                    upstream.request(self.command, self.path, body=body or None, headers=dict(self.headers.items()))
                    response = upstream.getresponse()
                    data = response.read()
                finally:
                    upstream.close()
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

        return Handler


def sts_only(path: str, body: bytes) -> bool:
    """Answer the identity and role calls only (STS speaks the query protocol: Action=... in the body)."""
    return b"Action=GetCallerIdentity" in body or b"Action=AssumeRole" in body
