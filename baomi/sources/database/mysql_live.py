"""Reading a live MySQL / MariaDB server's effective configuration into Facts.

Global variables and information_schema.PLUGINS need no privilege; accounts come from mysql.user,
which needs ``GRANT SELECT ON mysql.user``: without it, the account checks are ERROR findings naming it.
"""
from __future__ import annotations

import re
import ssl
from typing import Any

from baomi.sources.database.dsn import CONNECT_TIMEOUT_SECONDS, Dsn, scrubbed
from baomi.sources.database.facts import Facts, Setting
from baomi.sources.interface import SourceError

NEEDS_USER_TABLE = "reading accounts needs GRANT SELECT ON mysql.user TO the scanning account"
NEEDS_GLOBAL_PRIV = ("reading which MariaDB accounts are locked needs GRANT SELECT ON mysql.global_priv TO the "
                     "scanning account")
_DENIED = (1142, 1143, 1044)  # command / column / database access denied
#: MySQL client error codes with a clearer wording than the driver's message
_REASONS = {1045: "access denied (wrong user or password)", 2005: "unknown host", 2013: "connection lost",
            3159: "the server requires TLS (use --db-sslmode require)"}
_ERRNO_REASONS = {"111": "connection refused", "-2": "unknown host", "-3": "unknown host", "-5": "unknown host",
                  "110": f"no answer within {CONNECT_TIMEOUT_SECONDS} s"}
#: privilege columns of mysql.user that global ALL does not set
_NOT_IN_ALL = {"grant_priv", "proxy_priv"}


def tls_options(sslmode: str | None, ssl_ca: str | None) -> dict[str, Any]:
    """PyMySQL TLS options for a libpq-style sslmode. PyMySQL falls back to plaintext silently unless
    TLS is required explicitly, so require / verify-* pass an SSLContext, which makes TLS mandatory."""
    if sslmode == "disable":
        return {"ssl_disabled": True}
    if sslmode in (None, "allow", "prefer") and not ssl_ca:
        return {}
    context = ssl.create_default_context(cafile=ssl_ca)
    context.check_hostname = sslmode == "verify-full"
    if not ssl_ca and sslmode == "require":
        context.verify_mode = ssl.CERT_NONE
    return {"ssl": context}


def connect(dsn: Dsn, password: str | None, sslmode: str | None, ssl_ca: str | None) -> Any:
    import pymysql

    try:
        return pymysql.connect(host=dsn.host, port=dsn.port, user=dsn.user or "root", password=password or "",
                               database=dsn.database or None, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                               read_timeout=60, autocommit=True, charset="utf8mb4", **tls_options(sslmode, ssl_ca))
    except (pymysql.Error, OSError) as exc:
        raise SourceError(f"{dsn.endpoint}: {connection_reason(exc, password, dsn.password)}") from None


def connection_reason(exc: Exception, *secrets: str | None) -> str:
    code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
    message = str(exc.args[1]) if len(exc.args) > 1 else str(exc)
    errno = re.search(r"\[Errno (-?\d+)\]", message)
    if errno and errno[1] in _ERRNO_REASONS:
        return _ERRNO_REASONS[errno[1]]
    if "timed out" in message:
        return _ERRNO_REASONS["110"]
    return _REASONS.get(code or 0) or scrubbed(message, *secrets)


def read_facts(dsn: Dsn, password: str | None, sslmode: str | None, ssl_ca: str | None) -> Facts:
    import pymysql

    from baomi.checks.mysql.defaults import DEFAULTS

    conn = connect(dsn, password, sslmode, ssl_ca)
    try:
        origins = _origins(conn)
        settings = {name.lower(): Setting(name.lower(), value, origins.get(name.lower(), "server variable"))
                    for name, value in _rows(conn, "SHOW GLOBAL VARIABLES")}
        tables: dict[str, Any] = {"plugins": {name.lower(): status for name, status in _rows(
            conn, "SELECT PLUGIN_NAME, PLUGIN_STATUS FROM information_schema.PLUGINS")}}
        missing: dict[str, str] = {}
        try:
            tables["accounts"] = _accounts(conn, mariadb="mariadb" in settings.get("version", Setting("", "", "")).value
                                           .lower())
        except _AccessDenied as denied:
            missing["accounts"] = str(denied)
    except pymysql.Error as exc:
        raise SourceError(f"{dsn.endpoint}: reading the configuration failed: {scrubbed(str(exc))}") from None
    finally:
        conn.close()
    # plugin variables (server_audit_*) exist only while the plugin is loaded: absent means its default
    plugin_defaults = {k: v for k, v in DEFAULTS.items() if k.startswith("server_audit")}
    return Facts(dsn.endpoint, settings, plugin_defaults, "not reported (plugin not loaded)", live=True,
                 tables=tables, missing=missing)


def _rows(conn: Any, query: str) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute(query)
        return [tuple(_text(v) for v in row) for row in cur.fetchall()]


def _text(value: Any) -> Any:
    return value.decode("utf-8", errors="replace") if isinstance(value, (bytes, bytearray)) else value


def _origins(conn: Any) -> dict[str, str]:
    """Where each global value comes from, on MariaDB (information_schema.SYSTEM_VARIABLES)."""
    import pymysql

    try:
        rows = _rows(conn, "SELECT VARIABLE_NAME, GLOBAL_VALUE_ORIGIN FROM information_schema.SYSTEM_VARIABLES")
    except pymysql.Error:
        return {}  # MySQL has no such table
    return {name.lower(): f"server variable, origin {origin.lower()}" for name, origin in rows}


class _AccessDenied(Exception):
    """The scanning account may not read a table the account checks need; the message names the grant."""


def _select(conn: Any, query: str, grant_needed: str) -> list[dict[str, Any]]:
    import pymysql

    try:
        with conn.cursor(_dict_cursor()) as cur:
            cur.execute(query)
            return [{k.lower(): _text(v) for k, v in row.items()} for row in cur.fetchall()]
    except pymysql.Error as exc:
        if exc.args and exc.args[0] in _DENIED:
            raise _AccessDenied(grant_needed) from None
        raise


def _accounts(conn: Any, mariadb: bool) -> tuple[Any, ...]:
    """Accounts from mysql.user; MariaDB's mysql.user view lacks the lock flag, kept in mysql.global_priv."""
    from baomi.checks.mysql.accounts import MysqlAccount

    rows = _select(conn, "SELECT * FROM mysql.user", NEEDS_USER_TABLE)
    locked = {(r["user"], r["host"]) for r in _select(
        conn, "SELECT User, Host, JSON_VALUE(Priv, '$.account_locked') AS locked FROM mysql.global_priv",
        NEEDS_GLOBAL_PRIV) if _flag(r["locked"])} if mariadb else set()
    return tuple(MysqlAccount(
        user=row["user"], host=row["host"], plugin=(row.get("plugin") or "").lower(),
        has_password=bool(row.get("authentication_string") or row.get("password")),
        locked=_flag(row.get("account_locked")) or (row["user"], row["host"]) in locked,
        is_role=_flag(row.get("is_role")),
        all_global_privileges=all(_flag(v) for k, v in row.items() if k.endswith("_priv") and k not in _NOT_IN_ALL),
    ) for row in rows)


def _flag(value: Any) -> bool:
    return str(value or "").upper() in ("Y", "1", "TRUE")


def _dict_cursor() -> Any:
    import pymysql.cursors

    return pymysql.cursors.DictCursor
