"""Reading a live MySQL / MariaDB server's effective configuration into Facts.

Global variables and information_schema.PLUGINS need no privilege; accounts come from mysql.user,
which needs ``GRANT SELECT ON mysql.user``: without it, the account checks are ERROR findings naming it.
Only the columns the checks need are read, and never a password hash (mysql.user holds them).
"""
from __future__ import annotations

import re
import ssl
from typing import Any

from baomi.sources.database.dsn import CONNECT_TIMEOUT_SECONDS, Dsn, scrubbed
from baomi.sources.database.facts import Facts, MysqlAccount, Setting
from baomi.sources.interface import SourceError

NEEDS_USER_TABLE = "reading accounts needs GRANT SELECT ON mysql.user TO the scanning account"
NEEDS_GLOBAL_PRIV = ("reading which MariaDB accounts are locked needs GRANT SELECT ON mysql.global_priv TO the "
                     "scanning account")
_DENIED = (1142, 1143, 1044)  # command / column / database access denied
#: MySQL client error codes with a clearer wording than the driver's message
_SERVER_WITHOUT_TLS = 2026  # CR_SSL_CONNECTION_ERROR: PyMySQL asked for TLS, the server offers none
_REASONS = {1045: "access denied (wrong user or password)", 2005: "unknown host", 2013: "connection lost",
            3159: "the server requires TLS (use --db-sslmode require)",
            _SERVER_WITHOUT_TLS: "the server does not offer TLS (its have_ssl is not YES)"}
_ERRNO_REASONS = {"111": "connection refused", "-2": "unknown host", "-3": "unknown host", "-5": "unknown host",
                  "110": f"no answer within {CONNECT_TIMEOUT_SECONDS} s"}
#: privilege columns of mysql.user that global ALL does not set
_NOT_IN_ALL = {"grant_priv", "proxy_priv"}


def tls_options(sslmode: str | None, ssl_ca: str | None) -> dict[str, Any]:
    """PyMySQL TLS options for a libpq-style sslmode: TLS in every mode but ``disable``.

    An SSLContext makes PyMySQL ask for TLS; with no sslmode, ``allow`` or ``prefer`` the certificate is
    not checked (as libpq's prefer), ``require`` checks it only against ``--db-ssl-ca`` when one is
    given, ``verify-ca`` / ``verify-full`` always (``verify-full`` the host name too).
    """
    if sslmode == "disable":
        return {"ssl_disabled": True}
    context = ssl.create_default_context(cafile=ssl_ca)
    context.check_hostname = sslmode == "verify-full"
    if sslmode in (None, "allow", "prefer") or (sslmode == "require" and not ssl_ca):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return {"ssl": context}


def connect(dsn: Dsn, password: str | None, sslmode: str | None, ssl_ca: str | None) -> Any:
    """A connection over TLS unless ``disable``; plaintext only in the optional modes, and only when the
    server does not offer TLS at all. SourceError (one line, no secret) when none can be made."""
    import pymysql

    optional = sslmode in (None, "allow", "prefer")
    try:
        try:
            conn = _open(dsn, password, tls_options(sslmode, ssl_ca))
        except pymysql.OperationalError as exc:
            if not (optional and exc.args and exc.args[0] == _SERVER_WITHOUT_TLS):
                raise
            return _open(dsn, password, {"ssl_disabled": True})
        if not optional and not _encrypted(conn):  # older PyMySQL goes on in plaintext when TLS is not offered
            conn.close()
            raise SourceError(f"{dsn.endpoint}: {_REASONS[_SERVER_WITHOUT_TLS]}")
    except (pymysql.Error, OSError) as exc:
        raise SourceError(f"{dsn.endpoint}: {connection_reason(exc, password, *dsn.secrets)}") from None
    return conn


def _open(dsn: Dsn, password: str | None, tls: dict[str, Any]) -> Any:
    import pymysql

    return pymysql.connect(host=dsn.host, port=dsn.port, user=dsn.user or "root", password=password or "",
                           database=dsn.database or None, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                           read_timeout=60, autocommit=True, charset="utf8mb4", **tls)


def _encrypted(conn: Any) -> bool:
    """Whether this session runs over TLS, as the server sees it."""
    rows = _rows(conn, "SHOW SESSION STATUS LIKE 'Ssl_cipher'")
    return bool(rows and rows[0][1])


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
        raise SourceError(f"{dsn.endpoint}: reading the configuration failed: "
                          f"{scrubbed(str(exc), password, *dsn.secrets)}") from None
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


def _accounts(conn: Any, mariadb: bool) -> tuple[MysqlAccount, ...]:
    """Accounts from mysql.user; MariaDB's mysql.user view lacks the lock flag, kept in mysql.global_priv."""
    columns = {row["field"].lower(): row["field"] for row in _select(conn, "SHOW COLUMNS FROM mysql.user",
                                                                     NEEDS_USER_TABLE)}
    rows = _select(conn, account_query(columns), NEEDS_USER_TABLE)
    locked = {(r["user"], r["host"]) for r in _select(
        conn, "SELECT User, Host, JSON_VALUE(Priv, '$.account_locked') AS locked FROM mysql.global_priv",
        NEEDS_GLOBAL_PRIV) if _flag(r["locked"])} if mariadb else set()
    return tuple(MysqlAccount(
        user=row["user"], host=row["host"], plugin=(row["plugin"] or "").lower(),
        has_password=bool(row["has_password"]),
        locked=bool(row["locked"]) or (row["user"], row["host"]) in locked, is_role=bool(row["is_role"]),
        all_global_privileges=bool(row["all_privileges"]),
    ) for row in rows)


def account_query(columns: dict[str, str]) -> str:
    """The SELECT on mysql.user for the account checks, given its columns (lower-case name -> name).

    Whether an account has a password, and whether it holds every global privilege, are computed by the
    server: no password hash ever crosses the connection.
    """
    def quoted(name: str) -> str:
        return "`" + columns[name].replace("`", "``") + "`"

    def flag(name: str) -> str:
        return f"COALESCE({quoted(name)} = 'Y', FALSE)" if name in columns else "FALSE"

    hashes = [f"COALESCE({quoted(c)}, '') <> ''" for c in ("authentication_string", "password") if c in columns]
    privileges = [f"{quoted(c)} = 'Y'" for c in sorted(columns) if c.endswith("_priv") and c not in _NOT_IN_ALL]
    plugin = quoted("plugin") if "plugin" in columns else "''"
    return (f"SELECT User AS user, Host AS host, {plugin} AS plugin, "
            f"COALESCE({' OR '.join(hashes) or 'FALSE'}, FALSE) AS has_password, "
            f"{flag('account_locked')} AS locked, {flag('is_role')} AS is_role, "
            f"COALESCE({' AND '.join(privileges) or 'FALSE'}, FALSE) AS all_privileges FROM mysql.user")


def _flag(value: Any) -> bool:
    return str(value or "").upper() in ("Y", "1", "TRUE")


def _dict_cursor() -> Any:
    import pymysql.cursors

    return pymysql.cursors.DictCursor
