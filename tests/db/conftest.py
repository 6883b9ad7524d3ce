"""Session fixtures: one insecure and one hardened PostgreSQL 15 and MariaDB server, each started from
the Debian binaries in a temp directory on a free port, and stopped by PID at the end."""
from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from baomi.catalog import Catalog, load_catalog
from tests.support import databases as servers


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def pg_insecure() -> Iterator[servers.Server]:
    """Trust and md5/password rules open to the internet, no TLS, no audit, an extra superuser and a
    login role without a password; customer data readable by everyone (PG_INSECURE_GRANTS)."""
    server = servers.start_postgresql(hardened=False)
    try:
        with servers.pg_admin(server) as conn:  # type: ignore[attr-defined]
            conn.execute("CREATE ROLE app_admin LOGIN SUPERUSER PASSWORD 'md5-stored'")
            conn.execute("CREATE ROLE nopass LOGIN")
            for statement in PG_INSECURE_GRANTS:
                conn.execute(statement)
        yield server
    finally:
        servers.stop(server)


#: who can read customer data on the insecure server: a table granted to PUBLIC, CREATE on the public schema for
#: PUBLIC, a grant option held by an application role, a SECURITY DEFINER function owned by the superuser, roles
#: with CREATEROLE and BYPASSRLS, memberships in a superuser role and in pg_read_all_data, no row-level security
PG_INSECURE_GRANTS = (
    "CREATE TABLE public.customers (id int PRIMARY KEY, name text, id_card text)",
    "GRANT SELECT ON public.customers TO PUBLIC",
    "GRANT UPDATE (name) ON public.customers TO PUBLIC",
    "GRANT CREATE ON SCHEMA public TO PUBLIC",
    "CREATE ROLE app LOGIN PASSWORD 'App-pw-1'",
    "GRANT SELECT, INSERT ON public.customers TO app WITH GRANT OPTION",
    "CREATE FUNCTION public.customer_name(int) RETURNS text LANGUAGE sql SECURITY DEFINER "
    "AS 'SELECT name FROM public.customers WHERE id = $1'",
    "CREATE ROLE hr NOLOGIN CREATEROLE",
    "CREATE ROLE analyst NOLOGIN BYPASSRLS",
    "GRANT pg_read_all_data TO analyst",
    "CREATE ROLE ops LOGIN PASSWORD 'Ops-pw-1'",
    "GRANT app_admin TO ops",
)

#: the hardened servers' customer table: row-level security forced, one policy, no grant to PUBLIC
PG_HARDENED_TABLES = (
    "CREATE TABLE public.customers (id int PRIMARY KEY, branch text, name text)",
    "ALTER TABLE public.customers ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE public.customers FORCE ROW LEVEL SECURITY",
    "CREATE POLICY same_branch ON public.customers USING (branch = current_setting('app.branch', true))",
)


@pytest.fixture(scope="session")
def pg_hardened() -> Iterator[servers.Server]:
    """TLS required, scram only, pgaudit, checksums; a least-privileged scanner (pg_monitor) and one that
    may also read pg_hba_file_rules."""
    yield from _hardened_postgresql(minimal_scanner=True)


@pytest.fixture(scope="session")
def mariadb_insecure() -> Iterator[servers.Server]:
    """Anonymous and password-less accounts, root and an application account with ALL from any host, an
    account on mysql_native_password, no TLS, no audit plugin, LOAD DATA LOCAL on, TLSv1.1 allowed, passwords never
    expire."""
    server = servers.start_mariadb(hardened=False)
    try:
        conn = servers.mariadb_admin(server)
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            for statement in ("CREATE USER ''@'localhost'", "CREATE USER 'root'@'%'",
                              "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION",
                              "CREATE USER 'app'@'%'", "GRANT ALL ON *.* TO 'app'@'%'",
                              # a password stored as mysql_native_password's unsalted SHA-1
                              "CREATE USER 'legacy'@'localhost' IDENTIFIED BY 'Legacy-pw-1'"):
                cur.execute(statement)
        conn.close()  # type: ignore[attr-defined]
        yield server
    finally:
        servers.stop(server)


@pytest.fixture(scope="session")
def mariadb_hardened() -> Iterator[servers.Server]:
    """TLS required (self-signed certificate), server_audit on connect and query events, local_infile
    off, password lifetime 90 days; scanners with and without SELECT on the account tables."""
    server = servers.start_mariadb(hardened=True)
    try:
        conn = servers.mariadb_admin(server)
        pw = servers.SCANNER_PASSWORD
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            # ed25519, salted, rather than mysql_native_password's unsalted SHA-1
            for statement in (f"CREATE USER 'auditor'@'127.0.0.1' IDENTIFIED VIA ed25519 USING PASSWORD('{pw}') "
                              "REQUIRE SSL",
                              "GRANT SELECT ON mysql.user TO 'auditor'@'127.0.0.1'",
                              "GRANT SELECT ON mysql.global_priv TO 'auditor'@'127.0.0.1'",
                              # no REQUIRE SSL: only require_secure_transport refuses its plaintext logins
                              f"CREATE USER 'auditor_min'@'127.0.0.1' IDENTIFIED VIA ed25519 USING PASSWORD('{pw}')"):
                cur.execute(statement)
        conn.close()  # type: ignore[attr-defined]
        yield server
    finally:
        servers.stop(server)


@pytest.fixture(scope="session")
def pg_scratch() -> Iterator[servers.Server]:
    """A hardened PostgreSQL server the tests may change (ALTER ROLE, ALTER SYSTEM, pg_hba.conf edits, locks,
    a frozen backend), each test putting back what it changed; the other tests use pg_hardened."""
    yield from _hardened_postgresql(minimal_scanner=False)


def _hardened_postgresql(minimal_scanner: bool) -> Iterator[servers.Server]:
    """A hardened server with pgaudit and a scanner (pg_monitor, and pg_hba_file_rules); with
    ``minimal_scanner``, also scanner_min, which has pg_monitor only."""
    server = servers.start_postgresql(hardened=True)
    try:
        with servers.pg_admin(server) as conn:  # type: ignore[attr-defined]
            for role in ("scanner_min", "scanner") if minimal_scanner else ("scanner",):
                conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{servers.SCANNER_PASSWORD}'")
                conn.execute(f"GRANT pg_monitor TO {role}")
            conn.execute("GRANT SELECT ON pg_hba_file_rules TO scanner")
            conn.execute("GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO scanner")
            conn.execute("CREATE EXTENSION pgaudit")
            for statement in PG_HARDENED_TABLES:
                conn.execute(statement)
        yield server
    finally:
        servers.stop(server)


#: an option file as /etc/mysql would hold one; mariadbd reads [galera] (every build lists it in
#: `mariadbd --help --verbose`), never a group of another version ([mariadb-5.5])
MARIADB_OPTION_FILE = """
[mysqld]
local_infile = ON
default_password_lifetime = 0
bind_address = 127.0.0.1

[galera]
local_infile = OFF

[mariadb-5.5]
default_password_lifetime = 90

[mariadb]
plugin_load_add = server_audit
server_audit_logging = ON
server_audit_events = CONNECT,QUERY
server_audit_file_path = {base}/audit.log
server_audit_incl_users = ghost
"""


@pytest.fixture(scope="session")
def mariadb_from_file() -> Iterator[servers.Server]:
    """A MariaDB server started from MARIADB_OPTION_FILE (its my.cnf in its directory), for comparing a live scan
    with a scan of the file; accounts and roles the tests may change, each test putting back what it changed."""
    server = servers.start_mariadb(hardened=False, defaults=MARIADB_OPTION_FILE)
    try:
        conn = servers.mariadb_admin(server)
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            for statement in (f"CREATE USER 'auditor'@'127.0.0.1' IDENTIFIED BY '{servers.SCANNER_PASSWORD}'",
                              "GRANT SELECT ON mysql.user TO 'auditor'@'127.0.0.1'",
                              "GRANT SELECT ON mysql.global_priv TO 'auditor'@'127.0.0.1'"):
                cur.execute(statement)
        conn.close()  # type: ignore[attr-defined]
        yield server
    finally:
        servers.stop(server)


@pytest.fixture(scope="session")
def historian(pg_scratch: servers.Server) -> Iterator[servers.Server]:
    """pg_scratch with the role that owns the history databases (servers.HISTORIAN)."""
    with servers.pg_admin(pg_scratch) as conn:  # type: ignore[attr-defined]
        conn.execute(f"CREATE ROLE {servers.HISTORIAN} LOGIN PASSWORD '{servers.HISTORIAN_PASSWORD}'")
    try:
        yield pg_scratch
    finally:
        with servers.pg_admin(pg_scratch) as conn:  # type: ignore[attr-defined]
            conn.execute(f"DROP ROLE {servers.HISTORIAN}")


_history_databases = itertools.count(1)


@pytest.fixture
def history_url(historian: servers.Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new, empty history database owned by the historian role; the password in PGPASSWORD, not in the URL."""
    name = f"history_{next(_history_databases)}"
    with servers.pg_admin(historian) as conn:  # type: ignore[attr-defined]
        conn.execute(f"CREATE DATABASE {name} OWNER {servers.HISTORIAN}")
    monkeypatch.setenv("PGPASSWORD", servers.HISTORIAN_PASSWORD)
    try:
        yield f"postgresql://{servers.HISTORIAN}@127.0.0.1:{historian.port}/{name}?sslmode=require"
    finally:
        with servers.pg_admin(historian) as conn:  # type: ignore[attr-defined]
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
