"""boto3 clients, one per (account, region, service), and the call wrapper every collector uses.

The wrapper is the single place where an API call can fail: it paginates, maps "not configured"
error codes to ``None``, turns every other AWS error into :class:`Unreadable` naming the IAM action,
and checks the answer's shape (``answers.py``). Every client has bounded timeouts and retries and a
circuit breaker (``breaker.py``), and is created with its endpoint resolved explicitly
(``endpoints.py``), so ``--endpoint-url`` and ``AWS_ENDPOINT_URL`` take the same route.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from baomi.sources.aws import answers
from baomi.sources.aws.breaker import Breaker
from baomi.sources.aws.endpoints import Endpoints, invalid_message, valid
from baomi.sources.aws.errors import (
    RegionUnreachable,
    Unreadable,
    describe,
    error_code,
    has_message,
    is_aws_error,
    is_region_level,
)

#: hook the caller can pass to see every client created: (account, region, service, client)
ClientHook = Callable[[str | None, str, str, Any], None]

#: worker threads for regions x checks; boto3's connection pool is sized to match
MAX_WORKERS = 16

#: (boto3 service, API operation) -> IAM action, where the action is not "<prefix>:<Operation>"
_ACTION_OVERRIDES: dict[tuple[str, str], str] = {
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "GetBucketLifecycleConfiguration"): "s3:GetLifecycleConfiguration",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
    # API Gateway's control plane is authorised by HTTP method on the resource path
    ("apigateway", "GetRestApis"): "apigateway:GET",
    ("apigateway", "GetStages"): "apigateway:GET",
    ("apigateway", "GetDomainNames"): "apigateway:GET",
    ("apigatewayv2", "GetApis"): "apigateway:GET",
    ("apigatewayv2", "GetStages"): "apigateway:GET",
    ("apigatewayv2", "GetDomainNames"): "apigateway:GET",
}
#: boto3 service -> IAM prefix, where they differ
_PREFIX_OVERRIDES = {"s3control": "s3", "elbv2": "elasticloadbalancing", "efs": "elasticfilesystem",
                     "opensearch": "es", "accessanalyzer": "access-analyzer"}


def iam_action(service: str, operation: str) -> str:
    """The IAM action that authorises ``operation`` (API name, e.g. GetBucketPolicy) of ``service``."""
    return _ACTION_OVERRIDES.get((service, operation)) or f"{_PREFIX_OVERRIDES.get(service, service)}:{operation}"


#: seconds to open a connection, and to wait for each read of an answer (docs/aws.md states them)
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 20
PROBE_READ_TIMEOUT = 10
#: attempts of a call that is throttled (adaptive mode); connection failures stop sooner (breaker.py)
MAX_ATTEMPTS = 8


def client_config(max_attempts: int = MAX_ATTEMPTS, read_timeout: int = READ_TIMEOUT) -> Any:
    """Adaptive retries (client-side rate limiting on throttling) and bounded timeouts."""
    from botocore.config import Config

    return Config(retries={"mode": "adaptive", "max_attempts": max_attempts}, connect_timeout=CONNECT_TIMEOUT,
                  read_timeout=read_timeout, max_pool_connections=MAX_WORKERS)


class ClientFactory:
    """Creates each client of one account once; boto3 sessions are not thread-safe, clients are.

    One circuit breaker per (region, service) of the account, shared by its normal and probe clients."""

    def __init__(self, session: Any, account: str | None, endpoints: Endpoints,
                 on_client: ClientHook | None = None) -> None:
        self._session = session
        self._account = account
        self.endpoints = endpoints
        self._on_client = on_client
        self._clients: dict[tuple[str, str, bool], Any] = {}
        self._breakers: dict[tuple[str, str], Breaker] = {}
        self._lock = threading.Lock()

    def client(self, service: str, region: str, *, probe: bool = False) -> Any:
        """The client of ``service`` in ``region``; ``probe`` clients retry once only, to fail fast.

        Raises Unreadable when the endpoint configured for ``service`` is not a valid URL."""
        key = (service, region, probe)
        with self._lock:
            if key not in self._clients:
                endpoint = self.endpoints.url(service)
                if endpoint is not None and not valid(endpoint):
                    raise Unreadable(invalid_message(endpoint))
                config = client_config(max_attempts=2, read_timeout=PROBE_READ_TIMEOUT) if probe else client_config()
                client = self._session.client(service, region_name=region, endpoint_url=endpoint, config=config)
                if endpoint is not None and service == "s3control":
                    _keep_endpoint_host(client, endpoint)
                self._breaker(service, region).attach(client)
                client.meta.events.register("before-parse", answers.refuse_unparsable)
                if self._on_client is not None:
                    self._on_client(self._account, region, service, client)
                self._clients[key] = client
            return self._clients[key]

    def _breaker(self, service: str, region: str) -> Breaker:
        """(called with the lock held)"""
        if (service, region) not in self._breakers:
            self._breakers[service, region] = Breaker(service, region, lambda op: iam_action(service, op))
        return self._breakers[service, region]

    def api(self, service: str, region: str, *, probe: bool = False) -> Api:
        client = self.client(service, region, probe=probe)
        with self._lock:
            breaker = self._breakers[service, region]
        return Api(client, service, breaker)


def _search(expression: str, page: Any) -> Any:
    """A paginator model's ``more_results`` on one page: in botocore's models always a dotted path (``IsTruncated``,
    ``DistributionList.IsTruncated``)."""
    value = page
    for part in expression.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _keep_endpoint_host(client: Any, endpoint_url: str) -> None:
    """S3 Control puts the account ID in front of the host (``<account>.<endpoint>``), a name that
    emulators reached with ``--endpoint-url`` or ``AWS_ENDPOINT_URL[_S3_CONTROL]`` cannot resolve; send
    those calls to the endpoint itself.
    Done before signing, so the signature covers the host actually used."""
    from urllib.parse import urlsplit, urlunsplit

    netloc = urlsplit(endpoint_url).netloc

    def rewrite(request: Any, **_: Any) -> None:
        request.url = urlunsplit(urlsplit(request.url)._replace(netloc=netloc))

    client.meta.events.register("before-sign.s3-control", rewrite)


#: an error code that means "nothing configured", or (code, text of its message) where the code alone
#: could also be a refusal
Absent = str | tuple[str, str]


def _is_absent(exc: BaseException, absent: Iterable[Absent]) -> bool:
    code = error_code(exc)
    return any(code == entry if isinstance(entry, str) else code == entry[0] and has_message(exc, entry[1])
               for entry in absent)


class Api:
    """Calls on one client: errors become :class:`Unreadable`, absent configuration becomes None, answers
    are checked against the API's shapes (``answers.checked``)."""

    def __init__(self, client: Any, service: str, breaker: Breaker | None = None) -> None:
        self._client = client
        self._service = service
        self._breaker = breaker

    def action(self, method: str) -> str:
        return iam_action(self._service, self._client.meta.method_to_api_mapping[method])

    def call(self, method: str, *, absent: Iterable[Absent] = (), **params: Any) -> dict[str, Any] | None:
        """One call; None when AWS answers with one of the ``absent`` errors (nothing configured)."""
        response: dict[str, Any] | None = self._translated(
            method, absent, lambda: getattr(self._client, method)(**params))
        return None if response is None else self._checked(method, response)

    def items(self, method: str, key: str, *, absent: Iterable[Absent] = (), **params: Any) -> list[Any]:
        """All items under ``key`` across every page (a single call where the API has no paginator).

        ``key`` may be dotted where the items sit deeper (CloudFront's ``DistributionList.Items``): every object
        above the items must be in each page, the items themselves may be left out (none). botocore's paginator
        stops quietly on a page that says more results follow (``IsTruncated``) but gives no token to ask for
        them: that partial listing is Malformed, not taken for the whole; a token repeated is botocore's
        PaginationError, an Unreadable like any failed call."""
        if not self._client.can_paginate(method):
            pages = [self.call(method, absent=absent, **params)]
        else:
            paginator = self._client.get_paginator(method)
            raw = self._translated(method, absent, lambda: list(paginator.paginate(**params)))
            pages = [self._checked(method, page) for page in raw or ()]
            more = getattr(paginator, "_pagination_cfg", {}).get("more_results")
            if pages and more and _search(more, pages[-1]):
                raise answers.Malformed(f"malformed answer on {self.action(method)}: the last page says more "
                                        f"results follow ({more}) but gives no token to ask for them")
        out: list[Any] = []
        *parents, last = key.split(".")
        for page in pages:
            value: Any = page or {}
            for at, part in enumerate(parents):
                value = value.get(part) if isinstance(value, dict) else None
                if not isinstance(value, dict):
                    raise answers.Malformed(f"malformed answer on {self.action(method)}: "
                                            f"no {'.'.join(parents[:at + 1])} object")
            value = value.get(last, [])
            if not isinstance(value, list):
                raise answers.Malformed(f"malformed answer on {self.action(method)}: {key} is "
                                        f"{type(value).__name__}, expected a list")
            out += value
        return out

    def _checked(self, method: str, response: dict[str, Any]) -> Any:
        operation = self._client.meta.service_model.operation_model(self._client.meta.method_to_api_mapping[method])
        return answers.checked(response, operation.output_shape, self.action(method))

    def _translated(self, method: str, absent: Iterable[Absent], run: Callable[[], Any]) -> Any:
        from botocore.exceptions import NoCredentialsError, PartialCredentialsError

        action = self.action(method)
        answers.record(action)
        if self._breaker is not None:
            self._breaker.check()
        try:
            return run()
        except Unreadable:
            raise  # the breaker is open: its reason stands for every call
        except (NoCredentialsError, PartialCredentialsError):
            raise  # not about this call: the caller says so in one line
        except answers.BadBody as exc:
            raise answers.Malformed(f"malformed answer on {action}: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - botocore raises many kinds; the code says which is "absent"
            if _is_absent(exc, absent):
                return None
            if not is_aws_error(exc):  # only botocore runs here: a parser that choked on the answer
                raise answers.Malformed(f"malformed answer on {action} ({type(exc).__name__})") from None
            error = RegionUnreachable if is_region_level(exc) else Unreadable
            raise error(describe(exc, action)) from None
