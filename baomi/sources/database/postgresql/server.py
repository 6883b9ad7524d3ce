"""Reading a live PostgreSQL server's effective configuration into Facts.

Needs only read access: pg_settings (all of it with pg_read_all_settings, included in pg_monitor),
pg_hba_file_rules (superuser, or a grant on the view and its function), pg_db_role_setting (public) for
settings overridden per role or database, and pg_authid for role passwords (superuser). What the role
may not read becomes a missing fact naming the privilege. Every read has a deadline (``reading``).
Catalog relations are named with their schema, so a scanned role's search_path cannot shadow them.
"""
from __future__ import annotations

import functools
from typing import Any

from baomi.sources.database import reading
from baomi.sources.database.dsn import CONNECT_TIMEOUT_SECONDS, Dsn, scrubbed
from baomi.sources.database.postgresql.hba_file import HbaRule
from baomi.sources.database.reading import FactReader, Watchdog
from baomi.sources.database.snapshot import (
    Facts,
    PgFunction,
    PgPrivilege,
    PgRole,
    PgTable,
    Problem,
    RoleSetting,
    Setting,
)
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
    """Each fact read on its own, within the limits of ``reading``: one that fails (a privilege lacking, a
    view this server version lacks, a lock or statement timeout, a server that stops answering) is missing
    for its checks only. Only a failed connection is a SourceError."""
    import psycopg

    from baomi.sources.database.postgresql.defaults import EXTENSION_DEFAULTS

    secrets = (password, *dsn.secrets)
    tables: dict[str, Any] = {}
    settings: dict[str, Setting] = {}
    with connect(dsn, password, sslmode, ssl_ca) as conn:
        watchdog = Watchdog(lambda: conn.pgconn.socket)

        def explain(exc: BaseException, relation: str) -> tuple[bool, str]:
            return _explain(exc, relation, conn, watchdog, secrets)

        reader = FactReader(dsn.endpoint, psycopg.Error, explain)
        reader.read("session", "the session timeouts", lambda: _limit_session(conn, watchdog))
        reader.missing.pop("session", None)  # the client deadline still holds; the facts say what failed
        sees_all = reader.read("settings", "pg_settings", lambda: bool(_one(
            conn, watchdog, "SELECT rolsuper OR pg_catalog.pg_has_role(current_user, 'pg_read_all_settings', "
                            "'USAGE') FROM pg_catalog.pg_roles WHERE rolname = current_user")))
        rows = reader.read("settings", "pg_settings", lambda: _rows(
            conn, watchdog, "SELECT name, setting, source, sourcefile, sourceline FROM pg_catalog.pg_settings"))
        settings = {row[0]: _setting(*row) for row in rows or ()}
        _put(tables, "roles", reader.read("roles", "pg_roles", lambda: _roles(conn, watchdog)))
        _put(tables, "role_settings", reader.read("role_settings", "pg_db_role_setting",
                                                  lambda: _role_settings(conn, watchdog)))
        # grants, functions and tables of the database connected to (each database has its own)
        _put(tables, "privileges", reader.read("privileges", "pg_class and pg_namespace ACLs",
                                               lambda: _privileges(conn, watchdog)))
        _put(tables, "definer_functions", reader.read("definer_functions", "pg_proc",
                                                      lambda: _definer_functions(conn, watchdog)))
        _put(tables, "user_tables", reader.read("user_tables", "pg_class", lambda: _user_tables(conn, watchdog)))
        hba = reader.read("hba", "pg_hba_file_rules", lambda: _hba(conn, watchdog))
        if hba is not None:
            tables["hba"], tables["hba_invalid"] = hba
        _put(tables, "passwordless_login_roles", reader.read("passwordless_login_roles", "pg_authid", lambda: tuple(
            r[0] for r in _rows(conn, watchdog, "SELECT rolname FROM pg_catalog.pg_authid WHERE rolcanlogin AND "
                                                "rolpassword IS NULL ORDER BY rolname"))))
        # whether a hash is MD5 is computed by the server: no password hash crosses the connection
        _put(tables, "md5_password_roles", reader.read("md5_password_roles", "pg_authid", lambda: tuple(
            r[0] for r in _rows(conn, watchdog, "SELECT rolname FROM pg_catalog.pg_authid WHERE rolcanlogin AND "
                                                "rolpassword LIKE 'md5%' ORDER BY rolname"))))
    missing = reader.missing
    unreadable = missing.pop("settings", None)
    hidden = unreadable or (None if sees_all else NEEDS_READ_ALL_SETTINGS)
    problems = [*reader.problems, *(tables.get("hba_invalid") or ())]
    return Facts(dsn.endpoint, settings, EXTENSION_DEFAULTS, "not set (extension default)", hidden_reason=hidden,
                 live=True, tables=tables, missing=missing, problems=tuple(problems))


def _put(tables: dict[str, Any], name: str, value: Any) -> None:
    if value is not None:
        tables[name] = value


def _explain(exc: BaseException, relation: str, conn: Any, watchdog: Watchdog,
             secrets: tuple[str | None, ...]) -> tuple[bool, str]:
    """(connection lost?, reason) for a failed read of ``relation``."""
    from psycopg import errors

    detail = scrubbed(str(exc), *secrets)
    if watchdog.fired:
        return True, reading.no_answer(reading.READ_TIMEOUT_SECONDS)
    if conn.broken or conn.closed:
        return True, detail
    if isinstance(exc, errors.InsufficientPrivilege) and relation in _DENIED:
        return False, _DENIED[relation]
    if isinstance(exc, (errors.UndefinedTable, errors.UndefinedFunction)):
        return False, f"this server has no {relation} ({detail})"
    return False, f"reading {relation} failed: {detail}"


_DENIED = {"pg_hba_file_rules": NEEDS_HBA_ACCESS, "pg_authid": NEEDS_AUTHID}


def _lower_setting(conn: Any, name: str, milliseconds: int) -> Any:
    return conn.execute(
        "SELECT pg_catalog.set_config(name, %s, false) FROM pg_catalog.pg_settings WHERE name = %s AND "
        "(setting::bigint = 0 OR setting::bigint > %s)", (str(milliseconds), name, milliseconds)).fetchall()


def _limit_session(conn: Any, watchdog: Watchdog) -> None:
    """Lower statement_timeout and lock_timeout for this session (never raise one the DSN set lower)."""
    for name, seconds in (("statement_timeout", reading.STATEMENT_TIMEOUT_SECONDS),
                          ("lock_timeout", reading.LOCK_TIMEOUT_SECONDS)):
        milliseconds = int(seconds * 1000)
        watchdog.run(functools.partial(_lower_setting, conn, name, milliseconds))


def _rows(conn: Any, watchdog: Watchdog, query: str) -> list[tuple[Any, ...]]:
    def run() -> list[tuple[Any, ...]]:
        with conn.cursor() as cur:
            cur.execute(query)
            return list(cur.fetchall())

    return watchdog.run(run)


def _one(conn: Any, watchdog: Watchdog, query: str) -> Any:
    rows = _rows(conn, watchdog, query)
    return rows[0][0] if rows else None


def _setting(name: str, value: str | None, source: str, sourcefile: str | None, sourceline: int | None) -> Setting:
    origin = f"{sourcefile}:{sourceline}" if sourcefile else source
    return Setting(name, value or "", origin)


#: every (member, role) pair of pg_auth_members, through other roles too; pg_hba's ``+group`` and SET ROLE follow
#: these (unlike pg_has_role, which counts a superuser a member of every role)
_MEMBERSHIP = ("WITH RECURSIVE m(member, roleid) AS (SELECT member, roleid FROM pg_catalog.pg_auth_members "
               "UNION SELECT m.member, a.roleid FROM m JOIN pg_catalog.pg_auth_members a ON a.member = m.roleid) ")

#: schemas that hold no user data: the catalogs, TOAST and temporary schemas
_USER_SCHEMA = ("{n}.nspname NOT IN ('pg_catalog', 'information_schema') AND {n}.nspname NOT LIKE 'pg\\_toast%' "
                "AND {n}.nspname NOT LIKE 'pg\\_temp\\_%'")
_GRANTEE = "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END"
_RELATION_KINDS = ("CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' "
                   "WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' END")


def _roles(conn: Any, watchdog: Watchdog) -> tuple[PgRole, ...]:
    return tuple(PgRole(name, superuser, login, bootstrap, createrole, bypassrls, tuple(member_of or ()))
                 for name, superuser, login, bootstrap, createrole, bypassrls, member_of in _rows(
        conn, watchdog, _MEMBERSHIP + "SELECT r.rolname, r.rolsuper, r.rolcanlogin, r.oid = 10, r.rolcreaterole, "
                        "r.rolbypassrls, ARRAY(SELECT g.rolname FROM m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid "
                        "WHERE m.member = r.oid ORDER BY 1) FROM pg_catalog.pg_roles r ORDER BY r.rolname"))


def _privileges(conn: Any, watchdog: Watchdog) -> tuple[PgPrivilege, ...]:
    """Privileges granted on relations, their columns and schemas of user schemas (an ACL left at its
    default, NULL, grants nothing beyond the owner's)."""
    user_schema = _USER_SCHEMA.format(n="n")
    relation = "pg_catalog.format('%I.%I', n.nspname, c.relname)"
    query = (
        f"SELECT {_RELATION_KINDS}, {relation}, pg_catalog.pg_get_userbyid(c.relowner), {_GRANTEE}, a.privilege_type, "
        "a.is_grantable FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace, "
        "LATERAL pg_catalog.aclexplode(c.relacl) a "
        f"WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {user_schema} "
        f"UNION ALL SELECT 'column', {relation} || '.' || pg_catalog.quote_ident(t.attname), "
        f"pg_catalog.pg_get_userbyid(c.relowner), {_GRANTEE}, a.privilege_type, a.is_grantable "
        "FROM pg_catalog.pg_attribute t JOIN pg_catalog.pg_class c ON c.oid = t.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace, LATERAL pg_catalog.aclexplode(t.attacl) a "
        f"WHERE t.attnum > 0 AND NOT t.attisdropped AND {user_schema} "
        f"UNION ALL SELECT 'schema', pg_catalog.quote_ident(n.nspname), pg_catalog.pg_get_userbyid(n.nspowner), "
        f"{_GRANTEE}, a.privilege_type, a.is_grantable FROM pg_catalog.pg_namespace n, "
        f"LATERAL pg_catalog.aclexplode(n.nspacl) a WHERE {user_schema} ORDER BY 1, 2, 4, 5")
    return tuple(PgPrivilege(*row) for row in _rows(conn, watchdog, query))


def _definer_functions(conn: Any, watchdog: Watchdog) -> tuple[PgFunction, ...]:
    """SECURITY DEFINER functions of user schemas, leaving out those an extension created (its own code)."""
    return tuple(PgFunction(name, owner) for name, owner in _rows(
        conn, watchdog, "SELECT pg_catalog.format('%I.%I(%s)', n.nspname, p.proname, "
                        "pg_catalog.pg_get_function_identity_arguments(p.oid)), pg_catalog.pg_get_userbyid(p.proowner) "
                        "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                        f"WHERE p.prosecdef AND {_USER_SCHEMA.format(n='n')} AND NOT EXISTS (SELECT 1 FROM "
                        "pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
                        "AND d.objid = p.oid AND d.deptype = 'e') ORDER BY 1"))


def _user_tables(conn: Any, watchdog: Watchdog) -> tuple[PgTable, ...]:
    """Tables of user schemas (unquoted ``schema.table``), with row-level security and their owner."""
    return tuple(PgTable(*row) for row in _rows(
        conn, watchdog, "SELECT n.nspname || '.' || c.relname, o.rolname, o.rolcanlogin, c.relrowsecurity, "
                        "c.relforcerowsecurity, (SELECT pg_catalog.count(*) FROM pg_catalog.pg_policy p "
                        "WHERE p.polrelid = c.oid)::int FROM pg_catalog.pg_class c "
                        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        "JOIN pg_catalog.pg_roles o ON o.oid = c.relowner "
                        f"WHERE c.relkind IN ('r', 'p') AND {_USER_SCHEMA.format(n='n')} ORDER BY 1"))


def _role_settings(conn: Any, watchdog: Watchdog) -> tuple[RoleSetting, ...]:
    """Settings ALTER ROLE / ALTER DATABASE override for sessions that can happen: login roles, databases
    that accept connections (a setting of a role without LOGIN is not inherited by its members)."""
    out: list[RoleSetting] = []
    for role, database, config in _rows(
            conn, watchdog, "SELECT r.rolname, d.datname, s.setconfig FROM pg_catalog.pg_db_role_setting s "
                            "LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole "
                            "LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase "
                            "WHERE (s.setrole = 0 OR r.rolcanlogin) AND (s.setdatabase = 0 OR d.datallowconn) "
                            "ORDER BY 1 NULLS FIRST, 2 NULLS FIRST"):
        for item in config or ():
            name, _, value = str(item).partition("=")
            out.append(RoleSetting(role, database, name.lower(), value))
    return tuple(out)


def _hba(conn: Any, watchdog: Watchdog) -> tuple[tuple[HbaRule, ...], tuple[Problem, ...]]:
    rules: list[HbaRule] = []
    problems: list[Problem] = []
    for line, kind, databases, users, address, netmask, method, error in _rows(
            conn, watchdog, "SELECT line_number, type, database, user_name, address, netmask, auth_method, error "
                            "FROM pg_catalog.pg_hba_file_rules ORDER BY line_number"):
        if error:
            problems.append(Problem(f"pg_hba.conf line {line}: {error}"))
            continue
        rules.append(HbaRule(kind, tuple(databases or ()), tuple(users or ()), address, netmask, method,
                             f"pg_hba.conf line {line}"))
    return tuple(rules), tuple(problems)
