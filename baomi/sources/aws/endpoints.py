"""Which endpoint each service's calls go to, and how an endpoint URL may be shown.

botocore takes a custom endpoint from ``--endpoint-url`` (passed to every client) or from the
environment and config files (``AWS_ENDPOINT_URL``, ``AWS_ENDPOINT_URL_<SERVICE>``, ``endpoint_url``
in the profile or its ``services`` section). The two routes used to differ: only the first was seen
by baomi, so S3 Control, which puts the account ID in front of the host (``<account>.<host>``), broke
on an emulator reached through the environment alone. Here both routes give one resolved URL per
service, which every client is then created with explicitly, so they behave identically.

An endpoint URL can carry a user name and password (``https://user:pass@proxy``): :func:`redact`
is the only form in which baomi ever shows one.
"""
from __future__ import annotations

import threading
from typing import Any


def redact(url: str) -> str:
    """``url`` without any ``user:password@`` part, for messages and reports.

    Everything up to the last "@" goes: a password may itself hold "/" or "@" when it was not
    percent-encoded, so this errs on the side of hiding too much (an "@" in an endpoint's path is not
    worth showing)."""
    if "@" not in url:
        return url
    head, sep, tail = url.partition("//")
    return f"{head}//{tail.rsplit('@', 1)[1]}" if sep else url.rsplit("@", 1)[1]


def valid(url: str) -> bool:
    """An http(s) URL botocore accepts as an endpoint (it raises a bare ValueError otherwise)."""
    from urllib.parse import urlsplit

    from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

    try:
        scheme = urlsplit(url).scheme
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return scheme in ("http", "https") and (is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url))


def invalid_message(url: str) -> str:
    """The one line that names an endpoint URL botocore would refuse, without its secrets."""
    return (f"AWS: endpoint URL {redact(url)!r} (--endpoint-url / AWS_ENDPOINT_URL) is not valid; "
            "expected http(s)://host[:port]")


class Endpoints:
    """The endpoint of each service: ``--endpoint-url`` if given, else what botocore would configure
    from the environment and the profile of ``session`` (None: AWS's own endpoints).

    Resolved once per service from the caller's session and shared by every account of the scan, so a
    role assumed in another account talks to the same endpoint as the caller.
    """

    def __init__(self, explicit: str | None, session: Any) -> None:
        self.explicit = explicit
        self._session = session
        self._resolved: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def url(self, service: str) -> str | None:
        if self.explicit is not None:
            return self.explicit
        with self._lock:
            if service not in self._resolved:
                self._resolved[service] = _configured(self._session, service)
            return self._resolved[service]


def _configured(session: Any, service: str) -> str | None:
    """botocore's own lookup (service env var, AWS_ENDPOINT_URL, services section, profile), honouring
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS. boto3 keeps its botocore session as ``_session``."""
    from botocore.configprovider import ConfiguredEndpointProvider

    core = getattr(session, "_session", session)
    if core.get_config_variable("ignore_configured_endpoint_urls"):
        return None
    provider = ConfiguredEndpointProvider(full_config=core.full_config, scoped_config=core.get_scoped_config(),
                                          client_name=service)
    url = provider.provide()
    return str(url) if url else None
