"""Database DSNs: parsing, how a DSN is shown to users (never its password), and where the password
comes from (DSN, BAOMI_DB_PASSWORD, PGPASSWORD / ~/.pgpass through libpq, or a prompt on a TTY)."""
from __future__ import annotations

import getpass
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

from baomi.sources.interface import SourceError

#: scheme -> (engine, default port)
SCHEMES = {"postgresql": ("postgresql", 5432), "postgres": ("postgresql", 5432), "mysql": ("mysql", 3306),
           "mariadb": ("mysql", 3306)}
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
CONNECT_TIMEOUT_SECONDS = 10
#: what stands for a DSN whose text cannot be shown safely
HIDDEN = "<DSN>"
#: a URL scheme (RFC 3986), with an optional ``jdbc:`` prefix: safe to show, it cannot hold a secret
_SCHEME = re.compile(r"(?:jdbc:)?[A-Za-z][A-Za-z0-9+.\-]*")
_SUPPORTED = "use postgresql://, postgres://, mysql:// or mariadb://"
_ENCODE_HINT = "percent-encode '@', '/', '?' and '#' in the user name and password (%40 %2F %3F %23)"


@dataclass(frozen=True)
class Dsn:
    engine: str  # postgresql | mysql
    scheme: str  # postgresql | mysql | mariadb
    user: str | None
    host: str
    port: int
    database: str
    text: str = field(repr=False)  # as given: may hold the password
    password: str | None = field(default=None, repr=False)
    #: every secret the text holds, as typed and decoded: to blank out of driver messages
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def endpoint(self) -> str:
        """``scheme://user@host:port/db``: how findings and errors name the server, without secrets."""
        user = f"{self.user}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{user}{host}:{self.port}/{self.database}"


def shown_scheme(text: str) -> str:
    """``scheme://`` of a DSN, or ``<DSN>`` when the text has no scheme that is safe to show."""
    scheme, separator, _ = text.partition("://")
    return f"{scheme}://" if separator and _SCHEME.fullmatch(scheme) else HIDDEN


def redacted(text: str) -> str:
    """A DSN as typed, without password or query parameters; only ``scheme://`` when that is ambiguous.

    The user information ends at the LAST ``@`` (a password may hold ``@``, ``/`` or ``:``). An ``@``
    after a ``?`` or ``#`` leaves it unclear where the password ends, so nothing after the scheme is shown.
    """
    scheme = shown_scheme(text)
    if scheme == HIDDEN:
        return HIDDEN
    rest = text.partition("://")[2]
    cut = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    head, tail = rest[:cut], rest[cut:]
    if "@" in tail:
        return f"{scheme}<redacted>"
    userinfo, at, host_and_path = head.rpartition("@")
    if not at:
        return f"{scheme}{head}"
    user = userinfo.partition(":")[0]
    return f"{scheme}{user}@{host_and_path}" if user else f"{scheme}{host_and_path}"


def parse_dsn(text: str) -> Dsn:
    """A supported DSN; SourceError naming it by its redacted form (by its scheme alone if unsupported)."""
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme not in SCHEMES:
        raise SourceError(f"{shown_scheme(text)}: unsupported database DSN ({_SUPPORTED})")
    engine, default_port = SCHEMES[scheme]
    try:
        parts = urlsplit(text)
    except ValueError:
        raise SourceError(f"{redacted(text)}: malformed database DSN (an invalid [IPv6] host?)") from None
    try:
        port = parts.port or default_port
    except ValueError:
        raise SourceError(f"{redacted(text)}: invalid port in database DSN") from None
    if "@" in text.partition("://")[2][len(parts.netloc):]:
        # an unencoded '/', '?' or '#' in a password cuts it short: part of it would pass for host or database
        raise SourceError(f"{redacted(text)}: '@' after the host in database DSN: {_ENCODE_HINT}")
    host = parts.hostname or _query_value(parts, "host") or "localhost"
    user = unquote(parts.username) if parts.username else None
    password = _query_value(parts, "password")
    if password is None and parts.password is not None:
        password = unquote(parts.password)
    database = unquote(parts.path.lstrip("/")) or (user or "postgres" if engine == "postgresql" else "")
    return Dsn(engine, "postgresql" if scheme == "postgres" else scheme, user, host, port, database, text, password,
               _secrets(parts))


def _query_value(parts: SplitResult, key: str) -> str | None:
    for item in parts.query.split("&"):
        name, _, value = item.partition("=")
        if name == key and value:
            return unquote(value)
    return None


def _secrets(parts: SplitResult) -> tuple[str, ...]:
    """The password of the user information and of ``password`` / ``sslpassword`` query parameters."""
    raw = [parts.password] if parts.password else []
    raw += [value for name, _, value in (item.partition("=") for item in parts.query.split("&"))
            if "password" in name.lower() and value]
    return tuple(dict.fromkeys(form for value in raw for form in (value, unquote(value)) if form))


def password_for(dsn: Dsn) -> str | None:
    """The password to send, or None to send none (or to let libpq find it in PGPASSWORD / ~/.pgpass)."""
    if dsn.password is not None:
        return dsn.password
    if os.environ.get("BAOMI_DB_PASSWORD"):
        return os.environ["BAOMI_DB_PASSWORD"]
    if dsn.engine == "postgresql" and (os.environ.get("PGPASSWORD") or _pgpass_file().is_file()):
        return None
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Password for {dsn.endpoint}: ")
    return None


def visible_password_warning(dsn: Dsn) -> str | None:
    """The warning for a password typed in the DSN itself, None when there is none."""
    if dsn.password is None:
        return None
    return (f"baomi: warning: {dsn.endpoint}: a password in the DSN is visible in the process list and CI logs; "
            "set BAOMI_DB_PASSWORD instead (or PGPASSWORD / ~/.pgpass for PostgreSQL)")


def _pgpass_file() -> Path:
    return Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")


def checked_ssl_mode(mode: str | None) -> str | None:
    if mode is not None and mode not in SSL_MODES:
        raise SourceError(f"--db-sslmode {mode}: unknown mode (use one of {', '.join(SSL_MODES)})")
    return mode


def scrubbed(message: str, *secrets: str | None) -> str:
    """First line of a driver's message, with any secret blanked out (drivers should not echo them)."""
    line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        line = line.replace(secret, "***")
    return line


def redact_dsn(text: str) -> str:
    """How to show a DSN the user typed (targets, progress): its endpoint, or its redacted text. Never raises."""
    try:
        return parse_dsn(text).endpoint
    except SourceError:
        return redacted(text)
