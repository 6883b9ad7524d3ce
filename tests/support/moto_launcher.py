"""moto's server as ``python -m moto.server`` runs it, with one difference: what moto does not implement is
answered ``501 NotImplemented`` at once.

moto answers a service it has no backend for (IAM Access Analyzer) with an exception page and an operation it
does not implement (AWS Backup's ListBackupSelections) with ``500``. botocore retries a 500 as a transient error
(8 attempts with backoff: about a minute per call), which made every scan that reaches such a call a minute
slower. A 501 is not retried: baomi reports the call as not evaluated straight away, as it would a real
endpoint refusing it. The tests that judge those checks answer the missing operations themselves
(tests/aws/stubs.py).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

_NOT_IMPLEMENTED = json.dumps({"__type": "NotImplemented", "message": "not implemented by the moto test server"})


def not_implemented_instead_of_500(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """A WSGI app answering 501 where ``app`` raises or answers 500."""
    def answer(start_response: Callable[..., Any]) -> list[bytes]:
        body = _NOT_IMPLEMENTED.encode()
        start_response("501 Not Implemented", [("Content-Type", "application/x-amz-json-1.1"),
                                               ("x-amzn-ErrorType", "NotImplemented"),
                                               ("Content-Length", str(len(body)))])
        return [body]

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        failed = False

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            nonlocal failed
            if status.startswith("500"):
                failed = True
                return lambda _data: None
            return start_response(status, headers, exc_info)

        try:
            body = app(environ, start)
            if not failed:
                return body
            close = getattr(body, "close", None)
            if close is not None:
                close()
        except Exception:  # whatever moto raised, the answer is "not implemented"
            pass
        return answer(start_response)

    return wrapped


def main(argv: list[str]) -> None:
    """``python -m tests.support.moto_launcher HOST PORT``."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import run_simple

    host, port = argv
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, int(port), not_implemented_instead_of_500(app), threaded=True,
               request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main(sys.argv[1:])
