"""Encryption of client connections (ENC-TRANSIT): TLS available, required, and no old versions."""
from __future__ import annotations

from baomi.checks.database import setting_is
from baomi.checks.mysql import REGISTRY
from baomi.checks.verdicts import judged
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import Facts, TlsSession, as_mysql_bool

_OLD_VERSIONS = {"tlsv1", "tlsv1.0", "tlsv1.1"}


@REGISTRY.register("MYSQL_REQUIRE_SECURE_TRANSPORT")
def require_secure_transport(facts: Facts, settings: Settings) -> Verdict:
    return setting_is(facts, "require_secure_transport", True, boolean=as_mysql_bool)


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
    """A runtime status (certificate loaded), so only a live server can show it. MySQL 8.4 removed have_ssl:
    there the scan's own connection is the evidence (a TLS cipher, or plaintext after asking for TLS)."""
    if facts.live and facts.settings is not None and "have_ssl" not in facts.settings and facts.hidden_reason is None:
        return _offered(facts, facts.table("tls_session"))
    setting = facts.setting("have_ssl")
    return judged(setting.value.strip().upper() == "YES", f"have_ssl is {setting.value}", setting.location)


def _offered(facts: Facts, session: TlsSession) -> Verdict:
    version = facts.settings.get("version") if facts.settings else None
    server = f"the server ({version.value}) does not report have_ssl (MySQL 8.4 removed it)" if version else \
        "the server does not report have_ssl (MySQL 8.4 removed it)"
    if session.cipher:
        return Verdict(Status.PASS, f"{server}; it offers TLS: this scan's connection uses {session.cipher}")
    if session.asked:
        return Verdict(Status.FAIL, f"{server}; it offers no TLS: this scan asked for TLS and was answered in "
                       "plaintext")
    return Verdict(Status.ERROR, f"cannot evaluate: {server}, and this scan connected with --db-sslmode disable, so "
                   "whether it offers TLS cannot be told (scan without disable)")
