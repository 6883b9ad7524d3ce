"""Encryption of client connections (ENC-TRANSIT): ``ssl`` and the oldest TLS version accepted."""
from __future__ import annotations

from baomi.checks.database import setting_is
from baomi.checks.postgresql import REGISTRY
from baomi.checks.verdicts import judged
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import Facts

_TLS_VERSIONS = ("tlsv1", "tlsv1.1", "tlsv1.2", "tlsv1.3")
_MINIMUM = _TLS_VERSIONS.index("tlsv1.2")


@REGISTRY.register("PG_SSL_ON")
def ssl_on(facts: Facts, settings: Settings) -> Verdict:
    return setting_is(facts, "ssl", True)


@REGISTRY.register("PG_SSL_MIN_PROTOCOL")
def ssl_min_protocol(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("ssl_min_protocol_version")
    version = setting.value.strip().lower()
    # an empty value accepts every protocol version the TLS library knows
    ok = version in _TLS_VERSIONS and _TLS_VERSIONS.index(version) >= _MINIMUM
    shown = setting.value or "(empty: any version)"
    return judged(ok, f"ssl_min_protocol_version is {shown} ({setting.origin})", setting.location)
