"""Reading a live PostgreSQL server's effective configuration into Facts.

Needs only read access: pg_settings (all of it with pg_read_all_settings, included in pg_monitor),
pg_hba_file_rules (superuser, or a grant on the view and its function) and pg_authid for role
passwords (superuser). What the role may not read becomes a missing fact naming the privilege.
Catalog relations are named with their schema, so a scanned role's search_path cannot shadow them.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from baomi.sources.database.dsn import CONNECT_TIMEOUT_SECONDS, Dsn, scrubbed
from baomi.sources.database.facts import Facts, PgRole, Problem, Setting
from baomi.sources.database.pghba import HbaRule
from baomi.sources.interface import SourceError

NEEDS_READ_ALL_SETTINGS = "the scanning role needs pg_read_all_settings (granted by pg_monitor)"
NEEDS_HBA_ACCESS = ("reading pg_hba_file_rules needs superuser, or GRANT SELECT ON pg_hba_file_rules and "
                    "GRANT EXECUTE ON FUNCTION pg_hba_file_rules() to the scanning role")
NEEDS_AUTHID = "reading role passwords (pg_authid) needs superuser"

_KNOWN_REASONS = (
    ("connection refused", "connection refused"),
    ("password authentication failed", "password authentication failed"),
    ("no password supplied", "the server asks for a password and none was given (set PGPASSWORD or "
                             "BAOMI_DB_PASSWORD, or use ~/.pgpass)"),
    ("could not translate host name", "unknown host"),
    ("name or service not known", "unknown host"),
    ("timeout expired", f"no answer within {CONNECT_TIMEOUT_SECONDS} s"),
    ("no pg_hba.conf entry", "the server's pg_hba.conf rejects this connection"),
    ("does not exist", None),
    ("ssl", None),
)


def connect(dsn: Dsn, password: str | None, sslmode: str | None, ssl_ca: str | None) -> Any:
    import psycopg

    options: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, "application_name": "baomi",
                               "autocommit": True}
    if password is not None:
        options["password"] = password
    if sslmode:
        options["sslmode"] = sslmode
    if ssl_ca:
        options["sslrootcert"] = ssl_ca
    try:
        return psycopg.connect(dsn.text, **options)
    except psycopg.Error as exc:
        raise SourceError(f"{dsn.endpoint}: {connection_reason(str(exc), password, *dsn.secrets)}") from None


def connection_reason(message: str, *secrets: str | None) -> str:
    """libpq's error in a few words: ``connection refused``, ``password authentication failed`` ..."""
    lowered = message.lower()
    for needle, reason in _KNOWN_REASONS:
        if needle in lowered:
            if reason:
                return reason
            break
    line = scrubbed(message, *secrets)
    return line.split(" failed: ")[-1].strip() or line


def read_facts(dsn: Dsn, password: str | None, sslmode: str | None, ssl_ca: str | None) -> Facts:
    """Each fact read on its own: one that fails (a privilege lacking, a view this server version lacks, a
    timeout) is missing for its checks only; a connection lost on the way is a SourceError."""
    from baomi.checks.postgresql.defaults import EXTENSION_DEFAULTS

    secrets = (password, *dsn.secrets)
    tables: dict[str, Any] = {}
    missing: dict[str, str] = {}
    problems: list[Problem] = []
    settings: dict[str, Setting] = {}
    sees_all = False
    with connect(dsn, password, sslmode, ssl_ca) as conn:
        with _fact(conn, dsn, secrets, missing, "settings", "pg_settings"):
            sees_all = bool(_one(conn, "SELECT rolsuper OR pg_catalog.pg_has_role(current_user, "
                                       "'pg_read_all_settings', 'USAGE') FROM pg_catalog.pg_roles "
                                       "WHERE rolname = current_user"))
            settings = {row[0]: _setting(*row) for row in _rows(
                conn, "SELECT name, setting, source, sourcefile, sourceline FROM pg_catalog.pg_settings")}
        with _fact(conn, dsn, secrets, missing, "roles", "pg_roles"):
            tables["roles"] = _roles(conn)
        with _fact(conn, dsn, secrets, missing, "hba", "pg_hba_file_rules", denied=NEEDS_HBA_ACCESS):
            tables["hba"], problems = _hba(conn)
        with _fact(conn, dsn, secrets, missing, "passwordless_login_roles", "pg_authid", denied=NEEDS_AUTHID):
            tables["passwordless_login_roles"] = tuple(r[0] for r in _rows(
                conn, "SELECT rolname FROM pg_catalog.pg_authid WHERE rolcanlogin AND rolpassword IS NULL "
                      "ORDER BY rolname"))
    unreadable = missing.pop("settings", None)
    hidden = unreadable or (None if sees_all else NEEDS_READ_ALL_SETTINGS)
    return Facts(dsn.endpoint, settings, EXTENSION_DEFAULTS, "not set (extension default)", hidden_reason=hidden,
                 live=True, tables=tables, missing=missing, problems=tuple(problems))


@contextmanager
def _fact(conn: Any, dsn: Dsn, secrets: tuple[str | None, ...], missing: dict[str, str], name: str, relation: str,
          denied: str | None = None) -> Iterator[None]:
    """Read one fact in the ``with`` body; a database error makes it missing, with the reason."""
    from psycopg import Error, errors

    try:
        yield
    except Error as exc:
        detail = scrubbed(str(exc), *secrets)
        if conn.broken or conn.closed:
            raise SourceError(f"{dsn.endpoint}: connection lost while reading {relation}: {detail}") from None
        if denied and isinstance(exc, errors.InsufficientPrivilege):
            missing[name] = denied
        elif isinstance(exc, (errors.UndefinedTable, errors.UndefinedFunction)):
            missing[name] = f"this server has no {relation} ({detail})"
        else:
            missing[name] = f"reading {relation} failed: {detail}"


def _rows(conn: Any, query: str) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute(query)
        return list(cur.fetchall())


def _one(conn: Any, query: str) -> Any:
    rows = _rows(conn, query)
    return rows[0][0] if rows else None


def _setting(name: str, value: str | None, source: str, sourcefile: str | None, sourceline: int | None) -> Setting:
    origin = f"{sourcefile}:{sourceline}" if sourcefile else source
    return Setting(name, value or "", origin)


def _roles(conn: Any) -> tuple[PgRole, ...]:
    return tuple(PgRole(name, superuser, login, bootstrap) for name, superuser, login, bootstrap in _rows(
        conn, "SELECT rolname, rolsuper, rolcanlogin, oid = 10 FROM pg_catalog.pg_roles ORDER BY rolname"))


def _hba(conn: Any) -> tuple[tuple[HbaRule, ...], list[Problem]]:
    rules: list[HbaRule] = []
    problems: list[Problem] = []
    for line, kind, databases, users, address, netmask, method, error in _rows(
            conn, "SELECT line_number, type, database, user_name, address, netmask, auth_method, error "
                  "FROM pg_catalog.pg_hba_file_rules ORDER BY line_number"):
        if error:
            problems.append(Problem(f"pg_hba.conf line {line}: {error}"))
            continue
        rules.append(HbaRule(kind, tuple(databases or ()), tuple(users or ()), address, netmask, method,
                             f"pg_hba.conf line {line}"))
    return tuple(rules), problems
