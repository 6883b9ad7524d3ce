"""Who can read customer data, on real PostgreSQL 15 servers: the grants, functions, roles and tables the
insecure fixture plants (conftest.PG_INSECURE_GRANTS) each FAIL with a message naming them; the hardened one
passes; changes made on pg_scratch show the edges (row-level security not forced, a reject rule before a wide
rule, an override of log_statement, the least-privileged scanner). Files cannot show any of these: no finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from baomi.catalog import Catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import DatabaseFileSource, LiveDatabaseSource
from tests.support import databases as servers

pytestmark = pytest.mark.db

P, F, E, NA = Status.PASS, Status.FAIL, Status.ERROR, Status.NOT_APPLICABLE
CUSTOMER_DATA = Settings(customer_data_tables=("public.customers",))
PRIVILEGE_CHECKS = ("PG_NO_PUBLIC_GRANTS", "PG_PUBLIC_SCHEMA_CREATE", "PG_NO_GRANT_OPTION",
                    "PG_SECURITY_DEFINER_SUPERUSER", "PG_ROLE_ATTRIBUTES_LIMITED", "PG_ADMIN_ROLE_MEMBERSHIP",
                    "PG_RLS_CUSTOMER_TABLES")


@pytest.fixture(autouse=True)
def _no_password_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PGPASSWORD", "BAOMI_DB_PASSWORD", "PGSSLMODE", "PGSSLROOTCERT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _live(catalog: Catalog, server: servers.Server, settings: Settings = CUSTOMER_DATA, user: str = "postgres") -> list:
    if server.hardened:
        password = servers.ADMIN_PASSWORD if user == "postgres" else servers.SCANNER_PASSWORD
        source = LiveDatabaseSource((f"postgresql://{user}:{password}@127.0.0.1:{server.port}/postgres",),
                                    sslmode="require")
    else:
        source = LiveDatabaseSource((f"postgresql://{user}@127.0.0.1:{server.port}/postgres",))
    return list(judge(source, catalog.checks_for("postgresql"), settings))


def _found(findings: list, check_id: str) -> list[tuple[Status, str]]:
    return [(f.status, f.message) for f in findings if f.check_id == check_id]


def test_insecure_grants_roles_and_tables_each_fail_by_name(catalog: Catalog, pg_insecure: servers.Server) -> None:
    findings = _live(catalog, pg_insecure)
    assert {c: _found(findings, c) for c in PRIVILEGE_CHECKS} == {
        "PG_NO_PUBLIC_GRANTS": [
            (F, "column public.customers.name: UPDATE granted to PUBLIC: every role can use it"),
            (F, "table public.customers: SELECT granted to PUBLIC: every role can use it")],
        "PG_PUBLIC_SCHEMA_CREATE": [
            (F, "schema public: CREATE granted to PUBLIC: any role can create objects in it that other roles' queries "
                "may pick up")],
        "PG_NO_GRANT_OPTION": [
            (F, "table public.customers: role 'app' holds INSERT, SELECT WITH GRANT OPTION: it can pass them on to any "
                "role")],
        "PG_SECURITY_DEFINER_SUPERUSER": [
            (F, "function public.customer_name(integer) is SECURITY DEFINER and owned by superuser 'postgres': it runs "
                "with superuser rights for whoever may call it")],
        "PG_ROLE_ATTRIBUTES_LIMITED": [
            (F, "role 'analyst' has BYPASSRLS but is neither a superuser nor a configured administrator "
                "(db_admin_accounts)"),
            (F, "role 'hr' has CREATEROLE but is neither a superuser nor a configured administrator "
                "(db_admin_accounts)")],
        "PG_ADMIN_ROLE_MEMBERSHIP": [
            (F, "role 'analyst' is a member of 'pg_read_all_data' (directly or through other roles) but is not a "
                "configured administrator (db_admin_accounts)"),
            (F, "role 'ops' is a member of superuser role 'app_admin' (directly or through other roles) but is not a "
                "configured administrator (db_admin_accounts)")],
        "PG_RLS_CUSTOMER_TABLES": [
            (F, "table public.customers holds customer data and has no row-level security: every role granted the "
                "table reads every row")],
    }
    assert _found(findings, "PG_HBA_NO_REMOTE_SUPERUSER") == [
        (F, "pg_hba.conf line 4: host rule lets superuser 'app_admin', 'postgres' log in from other machines (address "
            "0.0.0.0 0.0.0.0, method md5)"),
        (F, "pg_hba.conf line 5: host rule lets superuser 'app_admin', 'postgres' log in from other machines (address "
            ":: ::, method password)")]


def test_configured_administrators_may_hold_what_others_may_not(catalog: Catalog, pg_insecure: servers.Server) -> None:
    settings = Settings(db_admin_accounts=("postgres", "app", "hr", "analyst", "ops"),
                        customer_data_tables=("public.customers",))
    findings = _live(catalog, pg_insecure, settings)
    for check in ("PG_NO_GRANT_OPTION", "PG_ROLE_ATTRIBUTES_LIMITED", "PG_ADMIN_ROLE_MEMBERSHIP"):
        assert [s for s, _ in _found(findings, check)] == [P], check
    # what PUBLIC holds is never an administrator's
    assert [s for s, _ in _found(findings, "PG_NO_PUBLIC_GRANTS")] == [F, F]


def test_hardened_server_passes_and_the_least_privileged_scanner_reads_it_all(
        catalog: Catalog, pg_hardened: servers.Server) -> None:
    for user in ("postgres", "scanner_min"):  # pg_monitor alone reads the catalogs these checks need
        findings = _live(catalog, pg_hardened, user=user)
        assert {c: [s for s, _ in _found(findings, c)] for c in PRIVILEGE_CHECKS} == {c: [P] for c in PRIVILEGE_CHECKS}
    # pgaudit's own SECURITY DEFINER event trigger functions belong to the extension: left out
    assert _found(findings, "PG_SECURITY_DEFINER_SUPERUSER") == [
        (P, "no SECURITY DEFINER function of a user schema is owned by a superuser (0 SECURITY DEFINER functions)")]
    assert _found(findings, "PG_RLS_CUSTOMER_TABLES") == [
        (P, "row-level security is on for every customer data table (1 tables)")]


def test_customer_tables_not_configured_or_absent_are_not_applicable(
        catalog: Catalog, pg_hardened: servers.Server) -> None:
    assert _found(_live(catalog, pg_hardened, Settings()), "PG_RLS_CUSTOMER_TABLES") == [
        (NA, "no customer data tables are configured (customer_data_tables)")]
    absent = Settings(customer_data_tables=("crm.accounts", "loans"))
    assert _found(_live(catalog, pg_hardened, absent), "PG_RLS_CUSTOMER_TABLES") == [
        (NA, "no table of this database matches customer_data_tables (crm.accounts, loans)")]


def test_row_level_security_not_forced_fails_only_when_the_owner_can_log_in(
        catalog: Catalog, pg_scratch: servers.Server) -> None:
    setup = ["CREATE ROLE crm_owner LOGIN PASSWORD 'Owner-pw-1'", "CREATE ROLE crm_keeper NOLOGIN",
             "CREATE SCHEMA crm", "CREATE TABLE crm.accounts (id int)", "ALTER TABLE crm.accounts OWNER TO crm_owner",
             "ALTER TABLE crm.accounts ENABLE ROW LEVEL SECURITY", "CREATE TABLE crm.loans (id int)",
             "ALTER TABLE crm.loans OWNER TO crm_keeper", "ALTER TABLE crm.loans ENABLE ROW LEVEL SECURITY",
             "CREATE TABLE crm.branches (id int)"]
    teardown = ["DROP SCHEMA crm CASCADE", "DROP ROLE crm_owner", "DROP ROLE crm_keeper"]
    with servers.pg_applied(pg_scratch, setup, teardown):
        findings = _live(catalog, pg_scratch, Settings(customer_data_tables=("crm.accounts", "loans", "customers")))
    assert _found(findings, "PG_RLS_CUSTOMER_TABLES") == [
        (F, "table crm.accounts has row-level security, but not forced, and its owner 'crm_owner' can log in: "
            "sessions of the owner read every row (ALTER TABLE ... FORCE ROW LEVEL SECURITY)")]
    # crm.loans' owner cannot log in and public.customers is forced: they pass; crm.branches is not named


def test_a_reject_rule_before_a_wide_rule_keeps_the_superuser_out(catalog: Catalog, pg_scratch: servers.Server) -> None:
    hba = pg_scratch.base / "data" / "pg_hba.conf"
    original = hba.read_text()
    first = len(original.splitlines()) + 1
    hba.write_text(original + "host all postgres 0.0.0.0/0 reject\nhostssl all all 10.0.0.0/8 scram-sha-256\n"
                              "hostssl all +ops 192.168.0.0/16 scram-sha-256\n")
    setup = ["CREATE ROLE ops NOLOGIN", "CREATE ROLE dba LOGIN SUPERUSER PASSWORD 'Dba-pw-12'", "GRANT ops TO dba"]
    try:
        with servers.pg_applied(pg_scratch, setup, ["DROP ROLE dba", "DROP ROLE ops"]):
            findings = _live(catalog, pg_scratch)
    finally:
        hba.write_text(original)
    assert _found(findings, "PG_HBA_NO_REMOTE_SUPERUSER") == [
        (F, f"pg_hba.conf line {first + 1}: hostssl rule lets superuser 'dba' log in from other machines (address "
            "10.0.0.0 255.0.0.0, method scram-sha-256)"),
        (F, f"pg_hba.conf line {first + 2}: hostssl rule lets superuser 'dba' log in from other machines (address "
            "192.168.0.0 255.255.0.0, method scram-sha-256)")]


def test_log_statement_switched_off_for_a_role_fails_live(catalog: Catalog, pg_scratch: servers.Server) -> None:
    setup = ["CREATE ROLE batch LOGIN PASSWORD 'Batch-pw-1'", "ALTER ROLE batch SET log_statement = 'none'"]
    with servers.pg_applied(pg_scratch, setup, ["DROP ROLE batch"]):
        live = _live(catalog, pg_scratch)
        files = list(judge(DatabaseFileSource((pg_scratch.base / "data",)), catalog.checks_for("postgresql"),
                           Settings()))
    assert _found(live, "PG_LOG_STATEMENT") == [
        (F, "log_statement is 'none' for role 'batch' (ALTER ROLE ... SET): its schema and privilege changes are not "
            "logged")]
    assert [f.status for f in files if f.check_id == "PG_LOG_STATEMENT"] == [P]  # files hold the server-wide value
    assert not {f.check_id for f in files} & set(PRIVILEGE_CHECKS)  # out of reach of files: no finding
