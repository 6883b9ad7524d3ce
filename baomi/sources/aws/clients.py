"""boto3 clients, one per (account, region, service), and the call wrapper every collector uses.

The wrapper is the single place where an API call can fail: it paginates, maps "not configured"
error codes to ``None`` and turns every other AWS error into :class:`Unreadable` naming the IAM action.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from baomi.sources.aws.errors import RegionUnreachable, Unreadable, describe, error_code, is_aws_error, is_region_level

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
}
#: boto3 service -> IAM prefix, where they differ
_PREFIX_OVERRIDES = {"s3control": "s3", "elbv2": "elasticloadbalancing"}


def iam_action(service: str, operation: str) -> str:
    """The IAM action that authorises ``operation`` (API name, e.g. GetBucketPolicy) of ``service``."""
    return _ACTION_OVERRIDES.get((service, operation)) or f"{_PREFIX_OVERRIDES.get(service, service)}:{operation}"


def client_config(max_attempts: int = 8, read_timeout: int = 20) -> Any:
    """Adaptive retries (client-side rate limiting on throttling) and bounded timeouts."""
    from botocore.config import Config

    return Config(retries={"mode": "adaptive", "max_attempts": max_attempts}, connect_timeout=5,
                  read_timeout=read_timeout, max_pool_connections=MAX_WORKERS)


class ClientFactory:
    """Creates each client of one account once; boto3 sessions are not thread-safe, clients are."""

    def __init__(self, session: Any, account: str | None, endpoint_url: str | None,
                 on_client: ClientHook | None = None) -> None:
        self._session = session
        self._account = account
        self._endpoint_url = endpoint_url
        self._on_client = on_client
        self._clients: dict[tuple[str, str, bool], Any] = {}
        self._lock = threading.Lock()

    def client(self, service: str, region: str, *, probe: bool = False) -> Any:
        """The client of ``service`` in ``region``; ``probe`` clients retry once only, to fail fast."""
        key = (service, region, probe)
        with self._lock:
            if key not in self._clients:
                config = client_config(max_attempts=2, read_timeout=10) if probe else client_config()
                client = self._session.client(service, region_name=region, endpoint_url=self._endpoint_url,
                                              config=config)
                if self._endpoint_url and service == "s3control":
                    _keep_endpoint_host(client, self._endpoint_url)
                if self._on_client is not None:
                    self._on_client(self._account, region, service, client)
                self._clients[key] = client
            return self._clients[key]

    def api(self, service: str, region: str) -> "Api":
        return Api(self.client(service, region), service)


def _keep_endpoint_host(client: Any, endpoint_url: str) -> None:
    """S3 Control puts the account ID in front of the host (``<account>.<endpoint>``), a name that
    emulators reached with ``--endpoint-url`` cannot resolve; send those calls to the endpoint itself.
    Done before signing, so the signature covers the host actually used."""
    from urllib.parse import urlsplit, urlunsplit

    netloc = urlsplit(endpoint_url).netloc

    def rewrite(request: Any, **_: Any) -> None:
        request.url = urlunsplit(urlsplit(request.url)._replace(netloc=netloc))

    client.meta.events.register("before-sign.s3-control", rewrite)


class Api:
    """Calls on one client: errors become :class:`Unreadable`, absent configuration becomes None."""

    def __init__(self, client: Any, service: str) -> None:
        self._client = client
        self._service = service

    def action(self, method: str) -> str:
        return iam_action(self._service, self._client.meta.method_to_api_mapping[method])

    def call(self, method: str, *, absent: Iterable[str] = (), **params: Any) -> dict[str, Any] | None:
        """One call; None when AWS answers with one of the ``absent`` error codes (nothing configured)."""
        response: dict[str, Any] | None = self._translated(
            method, absent, lambda: getattr(self._client, method)(**params))
        return response

    def items(self, method: str, key: str, *, absent: Iterable[str] = (), **params: Any) -> list[Any]:
        """All items under ``key`` across every page (a single call where the API has no paginator)."""
        if not self._client.can_paginate(method):
            response = self.call(method, absent=absent, **params)
            return list(response.get(key, [])) if response else []
        paginator = self._client.get_paginator(method)
        pages = self._translated(method, absent, lambda: list(paginator.paginate(**params)))
        return [item for page in pages or () for item in page.get(key, [])]

    def _translated(self, method: str, absent: Iterable[str], run: Callable[[], Any]) -> Any:
        try:
            return run()
        except Exception as exc:
            if error_code(exc) in set(absent):
                return None
            if not is_aws_error(exc):
                raise
            error = RegionUnreachable if is_region_level(exc) else Unreadable
            raise error(describe(exc, self.action(method))) from None
