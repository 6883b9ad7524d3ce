"""Encryption of client connections (ENC-TRANSIT): TLS available, required, and no old versions."""
from __future__ import annotations

from baomi.checks.database import setting_is
from baomi.checks.mysql import REGISTRY
from baomi.checks.verdicts import judged
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import Facts

_OLD_VERSIONS = {"tlsv1", "tlsv1.0", "tlsv1.1"}


@REGISTRY.register("MYSQL_REQUIRE_SECURE_TRANSPORT")
def require_secure_transport(facts: Facts, settings: Settings) -> Verdict:
    return setting_is(facts, "require_secure_transport", True)


@REGISTRY.register("MYSQL_TLS_VERSION")
def tls_version(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("tls_version")
    versions = {v.strip().lower() for v in setting.value.split(",") if v.strip()}
    old = sorted(versions & _OLD_VERSIONS)
    if not versions:
        detail = "enables no TLS version"
    else:
        detail = f"enables {', '.join(old)}" if old else "has no version older than TLSv1.2"
    return judged(bool(versions) and not old, f"tls_version {setting.value!r} {detail} ({setting.origin})",
                  setting.location)


@REGISTRY.register("MYSQL_HAVE_SSL")
def have_ssl(facts: Facts, settings: Settings) -> Verdict:
    """A runtime status (certificate loaded), so only a live server can show it."""
    setting = facts.setting("have_ssl")
    return judged(setting.value.strip().upper() == "YES", f"have_ssl is {setting.value}", setting.location)
