"""Reading a live MySQL / MariaDB server's effective configuration into Facts.

Global variables and information_schema.PLUGINS need no privilege; accounts come from mysql.user,
which needs ``GRANT SELECT ON mysql.user``: without it, the account checks are ERROR findings naming it.
Role grants come from mysql.roles_mapping (MariaDB) or mysql.role_edges (MySQL). Only the columns the
checks need are read, and never a password hash (mysql.user holds them). Every read has a deadline
(``reading``); the session's own lock wait and statement limits are lowered with ``SET SESSION``.
"""
from __future__ import annotations

import re
import ssl
import weakref
from typing import Any

from baomi.sources.database import reading
from baomi.sources.database.dsn import CONNECT_TIMEOUT_SECONDS, Dsn, scrubbed
from baomi.sources.database.mysql.roles import NOT_IN_ALL, AdminRights, Key, PrivilegeRow, resolve
from baomi.sources.database.reading import FactReader
from baomi.sources.database.snapshot import Facts, MysqlAccount, Setting, TlsSession
from baomi.sources.interface import SourceError

NEEDS_USER_TABLE = "reading accounts needs GRANT SELECT ON mysql.user TO the scanning account"
NEEDS_GLOBAL_PRIV = ("reading which MariaDB accounts are locked needs GRANT SELECT ON mysql.global_priv TO the "
                     "scanning account")
NEEDS_ROLES_MAPPING = "reading role grants needs GRANT SELECT ON mysql.roles_mapping TO the scanning account"
NEEDS_ROLE_EDGES = "reading role grants needs GRANT SELECT ON mysql.role_edges TO the scanning account"
_DENIED = (1142, 1143, 1044)  # command / column / database access denied
#: MySQL client error codes with a clearer wording than the driver's message
_SERVER_WITHOUT_TLS = 2026  # CR_SSL_CONNECTION_ERROR: PyMySQL asked for TLS, the server offers none
_REASONS = {1045: "access denied (wrong user or password)", 2005: "unknown host", 2013: "connection lost",
            3159: "the server requires TLS (use --db-sslmode require)",
            _SERVER_WITHOUT_TLS: "the server does not offer TLS (its have_ssl is not YES)"}
#: the session cipher ``connect`` already read, by connection: ``read_facts`` does not ask again
_CIPHERS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_ERRNO_REASONS = {"111": "connection refused", "-2": "unknown host", "-3": "unknown host", "-5": "unknown host",
                  "110": f"no answer within {CONNECT_TIMEOUT_SECONDS} s"}


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
        if not optional:  # older PyMySQL goes on in plaintext when TLS is not offered
            cipher = _session_cipher(conn)
            if not cipher:
                conn.close()
                raise SourceError(f"{dsn.endpoint}: {_REASONS[_SERVER_WITHOUT_TLS]}")
            _CIPHERS[conn] = cipher
    except (pymysql.Error, OSError) as exc:
        raise SourceError(f"{dsn.endpoint}: {connection_reason(exc, password, *dsn.secrets)}") from None
    return conn


def _open(dsn: Dsn, password: str | None, tls: dict[str, Any]) -> Any:
    import pymysql

    return pymysql.connect(host=dsn.host, port=dsn.port, user=dsn.user or "root", password=password or "",
                           database=dsn.database or None, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                           read_timeout=reading.READ_TIMEOUT_SECONDS, write_timeout=reading.READ_TIMEOUT_SECONDS,
                           autocommit=True, charset="utf8mb4", **tls)


def _session_cipher(conn: Any) -> str:
    """The cipher of this session's TLS, as the server sees it; "" in plaintext."""
    rows = _rows(conn, "SHOW SESSION STATUS LIKE 'Ssl_cipher'")
    return str(rows[0][1] or "") if rows else ""


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
    """Each fact read on its own, within the limits of ``reading``: one that fails (a grant lacking, a lock
    wait or statement timeout, a server that stops answering) is missing for its checks only. Only a
    failed connection is a SourceError."""
    import pymysql

    from baomi.sources.database.mysql.defaults import DEFAULTS

    secrets = (password, *dsn.secrets)
    conn = connect(dsn, password, sslmode, ssl_ca)

    def explain(exc: BaseException, relation: str) -> tuple[bool, str]:
        return _explain(exc, relation, conn, secrets)

    reader = FactReader(dsn.endpoint, (pymysql.Error, _AccessDenied), explain)
    tables: dict[str, Any] = {}
    try:
        _limit_session(conn)
        cipher = _CIPHERS.pop(conn, None)
        if cipher is None:
            cipher = reader.read("tls_session", "the session status Ssl_cipher", lambda: _session_cipher(conn))
        if cipher is not None:
            tables["tls_session"] = TlsSession(cipher, asked=sslmode != "disable")
        origins = reader.read("origins", "information_schema.SYSTEM_VARIABLES", lambda: _origins(conn)) or {}
        rows = reader.read("settings", "SHOW GLOBAL VARIABLES", lambda: _rows(conn, "SHOW GLOBAL VARIABLES"))
        settings = {name.lower(): Setting(name.lower(), value, origins.get(name.lower(), "server variable"))
                    for name, value in rows or ()}
        plugins = reader.read("plugins", "information_schema.PLUGINS", lambda: {
            name.lower(): status for name, status in _rows(
                conn, "SELECT PLUGIN_NAME, PLUGIN_STATUS FROM information_schema.PLUGINS")})
        if plugins is not None:
            tables["plugins"] = plugins
        mariadb = "mariadb" in settings.get("version", Setting("", "", "")).value.lower()
        accounts = reader.read("accounts", "mysql.user", lambda: _accounts(conn, mariadb))
        if accounts is not None:
            tables["accounts"] = accounts
    finally:
        conn.close()
    missing = dict(reader.missing)
    missing.pop("origins", None)  # only where values come from: MySQL has no such table
    unreadable = missing.pop("settings", None)
    # plugin variables (server_audit_*) exist only while the plugin is loaded: absent means its default
    plugin_defaults = {k: v for k, v in DEFAULTS.items() if k.startswith("server_audit")}
    return Facts(dsn.endpoint, settings, plugin_defaults, "not reported (plugin not loaded)",
                 hidden_reason=unreadable, live=True, tables=tables, missing=missing, problems=tuple(reader.problems))


#: client errors that mean the connection is gone (lost during a query, server gone away, read timeout)
_LOST = (2006, 2013, 2055)


def _explain(exc: BaseException, relation: str, conn: Any, secrets: tuple[str | None, ...]) -> tuple[bool, str]:
    """(connection lost?, reason) for a failed read of ``relation``."""
    if isinstance(exc, _AccessDenied):
        return False, str(exc)
    code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
    message = str(exc.args[1]) if len(exc.args) > 1 else str(exc)
    if "timed out" in message:
        return True, reading.no_answer(reading.READ_TIMEOUT_SECONDS)
    if code in _LOST or not getattr(conn, "open", False):
        return True, scrubbed(message, *secrets)
    return False, f"reading {relation} failed: {scrubbed(message, *secrets)}"


def _limit_session(conn: Any) -> None:
    """Lower this session's lock wait and statement time limits (never raise one that is lower already).
    MariaDB's max_statement_time is in seconds, MySQL's max_execution_time in milliseconds; each server
    has one of them, and a statement the other does not know is skipped."""
    import pymysql

    statement = reading.STATEMENT_TIMEOUT_SECONDS
    for query in (f"SET SESSION lock_wait_timeout = LEAST(@@session.lock_wait_timeout, {reading.LOCK_TIMEOUT_SECONDS})",
                  f"SET SESSION max_statement_time = IF(@@session.max_statement_time = 0, {statement}, "
                  f"LEAST(@@session.max_statement_time, {statement}))",
                  f"SET SESSION max_execution_time = IF(@@session.max_execution_time = 0, {int(statement * 1000)}, "
                  f"LEAST(@@session.max_execution_time, {int(statement * 1000)}))"):
        try:
            with conn.cursor() as cur:
                cur.execute(query)
        except pymysql.Error:
            if not conn.open:
                return  # the first read says so


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
    """Accounts from mysql.user; MariaDB's mysql.user view lacks the lock flag, kept in mysql.global_priv.
    Administrator rights come from the privileges of the account and of the roles it may switch on."""
    columns = {row["field"].lower(): row["field"] for row in _select(conn, "SHOW COLUMNS FROM mysql.user",
                                                                     NEEDS_USER_TABLE)}
    rows = _select(conn, account_query(columns), NEEDS_USER_TABLE)
    locked = {(r["user"], r["host"]) for r in _select(
        conn, "SELECT User, Host, JSON_VALUE(Priv, '$.account_locked') AS locked FROM mysql.global_priv",
        NEEDS_GLOBAL_PRIV) if _flag(r["locked"])} if mariadb else set()
    privileges = [PrivilegeRow(r["user"], r["host"], bool(r["is_role"]), r["default_role"] or "",
                               frozenset(p for p in (r["privileges"] or "").split(",") if p))
                  for r in _select(conn, privilege_query(columns), NEEDS_USER_TABLE)]
    every = frozenset(c for c in columns if c.endswith("_priv") and c not in NOT_IN_ALL)
    try:
        grants: list[tuple[Key, Key]] | None = _role_grants(conn, mariadb)
        unreadable = ""
    except _AccessDenied as denied:
        grants, unreadable = None, str(denied)
    admin = resolve(privileges, every, grants, unreadable, roles_flagged=mariadb)
    own = {(r.user, r.host): r.privileges for r in privileges}

    def account(row: dict[str, Any]) -> MysqlAccount:
        key = (row["user"], row["host"])
        rights = admin.get(key, AdminRights(privileges=own.get(key, frozenset())))
        return MysqlAccount(
            user=row["user"], host=row["host"], plugin=(row["plugin"] or "").lower(),
            has_password=bool(row["has_password"]), locked=bool(row["locked"]) or key in locked,
            is_role=bool(row["is_role"]), all_global_privileges=bool(row["all_privileges"]),
            admin_rights=rights.held, admin_unknown=rights.unknown, privileges=rights.privileges, roles=rights.roles,
            roles_unknown=unreadable, role_candidates=rights.candidates, ssl_type=str(row["ssl_type"] or "").upper(),
            sha1_hash=bool(row["sha1_hash"]))

    return tuple(account(row) for row in rows)


def _role_grants(conn: Any, mariadb: bool) -> list[tuple[Key, Key]]:
    """(grantee, role) pairs: MariaDB's mysql.roles_mapping (a role grantee has host ''), MySQL's role_edges."""
    if mariadb:
        return [((r["user"], r["host"]), (r["role"], "")) for r in _select(
            conn, "SELECT User AS user, Host AS host, Role AS role FROM mysql.roles_mapping", NEEDS_ROLES_MAPPING)]
    return [((r["to_user"], r["to_host"]), (r["from_user"], r["from_host"])) for r in _select(
        conn, "SELECT FROM_USER AS from_user, FROM_HOST AS from_host, TO_USER AS to_user, TO_HOST AS to_host "
              "FROM mysql.role_edges", NEEDS_ROLE_EDGES)]


def privilege_query(columns: dict[str, str]) -> str:
    """The SELECT of each account's global privileges (as a list of column names the server builds), its
    role flag and default role: privilege flags only, never a password hash."""
    def quoted(name: str) -> str:
        return "`" + columns[name].replace("`", "``") + "`"

    held = ", ".join(f"IF({quoted(c)} = 'Y', '{c}', NULL)" for c in sorted(columns) if c.endswith("_priv"))
    is_role = f"COALESCE({quoted('is_role')} = 'Y', FALSE)" if "is_role" in columns else "FALSE"
    default_role = f"COALESCE({quoted('default_role')}, '')" if "default_role" in columns else "''"
    return (f"SELECT User AS user, Host AS host, {is_role} AS is_role, {default_role} AS default_role, "
            f"CONCAT_WS(',', {held or 'NULL'}) AS privileges FROM mysql.user")


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
    privileges = [f"{quoted(c)} = 'Y'" for c in sorted(columns) if c.endswith("_priv") and c not in NOT_IN_ALL]
    plugin = quoted("plugin") if "plugin" in columns else "''"
    ssl_type = f"CAST({quoted('ssl_type')} AS CHAR)" if "ssl_type" in columns else "''"
    # a mysql_native_password hash is '*' and 40 hex digits, a mysql_old_password one 16: anything else stored
    # under those plugins ('invalid' beside unix_socket) matches no password
    weak = [f"(LENGTH({quoted(c)}) = 41 AND LEFT({quoted(c)}, 1) = '*') OR LENGTH({quoted(c)}) = 16"
            for c in ("authentication_string", "password") if c in columns]
    return (f"SELECT User AS user, Host AS host, {plugin} AS plugin, "
            f"COALESCE({' OR '.join(hashes) or 'FALSE'}, FALSE) AS has_password, "
            f"{flag('account_locked')} AS locked, {flag('is_role')} AS is_role, "
            f"COALESCE({' AND '.join(privileges) or 'FALSE'}, FALSE) AS all_privileges, "
            f"{ssl_type} AS ssl_type, COALESCE({' OR '.join(weak) or 'FALSE'}, FALSE) AS sha1_hash FROM mysql.user")


def _flag(value: Any) -> bool:
    return str(value or "").upper() in ("Y", "1", "TRUE")


def _dict_cursor() -> Any:
    import pymysql.cursors

    return pymysql.cursors.DictCursor
