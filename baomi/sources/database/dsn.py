"""Database DSNs: parsing, the endpoint shown to users (never the password), and where the password
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

    @property
    def endpoint(self) -> str:
        """``scheme://user@host:port/db``: how findings and errors name the server, without secrets."""
        user = f"{self.user}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{user}{host}:{self.port}/{self.database}"


def redacted(text: str) -> str:
    """A DSN as typed, with any password removed."""
    return re.sub(r"(://[^:@/]*):[^@]*@", r"\1@", text)


def parse_dsn(text: str) -> Dsn:
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme not in SCHEMES:
        raise SourceError(f"{redacted(text)}: unsupported database DSN (use postgresql://, postgres://, mysql:// or "
                          "mariadb://)")
    engine, default_port = SCHEMES[scheme]
    parts = urlsplit(text)
    try:
        port = parts.port or default_port
    except ValueError:
        raise SourceError(f"{redacted(text)}: invalid port in database DSN") from None
    host = parts.hostname or _query_value(parts, "host") or "localhost"
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    database = unquote(parts.path.lstrip("/")) or (user or "postgres" if engine == "postgresql" else "")
    return Dsn(engine, "postgresql" if scheme == "postgres" else scheme, user, host, port, database, text, password)


def _query_value(parts: SplitResult, key: str) -> str | None:
    for item in parts.query.split("&"):
        name, _, value = item.partition("=")
        if name == key and value:
            return unquote(value)
    return None


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


def _pgpass_file() -> Path:
    return Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")


def checked_ssl_mode(mode: str | None) -> str | None:
    if mode is not None and mode not in SSL_MODES:
        raise SourceError(f"--db-sslmode {mode}: unknown mode (use one of {', '.join(SSL_MODES)})")
    return mode


def scrubbed(message: str, *secrets: str | None) -> str:
    """First line of a driver's message, with any secret blanked out (drivers should not echo them)."""
    line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    for secret in secrets:
        if secret:
            line = line.replace(secret, "***")
    return line


def redact_dsn(text: str) -> str:
    """How to show a DSN the user typed (targets, progress): its endpoint, or the text without password."""
    try:
        return parse_dsn(text).endpoint
    except SourceError:
        return redacted(text)
