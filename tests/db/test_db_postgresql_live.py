"""A live scan of real PostgreSQL 15 servers: every planted weakness of the insecure one is reported,
the hardened one passes (score >= 90), enforcement is proven by a refused plaintext connection, and
unreachable servers are one-line SourceErrors without the password."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from baomi import scoring
from baomi.catalog import Catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import LiveDatabaseSource
from baomi.sources.interface import SourceError
from tests.support import databases as servers

pytestmark = pytest.mark.db

P, F, E = Status.PASS, Status.FAIL, Status.ERROR


HBA_CHECKS = {"PG_HBA_HOSTSSL_ONLY", "PG_HBA_NO_TRUST", "PG_HBA_NO_PASSWORD", "PG_HBA_NO_MD5", "PG_HBA_NO_OPEN_RULE",
              "PG_HBA_NO_REMOTE_SUPERUSER"}
#: the table both fixtures create, named as customer data (PG_RLS_CUSTOMER_TABLES)
CUSTOMER_DATA = Settings(customer_data_tables=("public.customers",))


def _scan(catalog: Catalog, dsn: str, settings: Settings | None = None, **tls: str) -> list:
    source = LiveDatabaseSource((dsn,), **tls)
    return list(judge(source, catalog.checks_for("postgresql"), settings or Settings()))


def _pairs(findings: list) -> set[tuple[str, Status]]:
    return {(f.check_id, f.status) for f in findings}


def _messages(findings: list, check_id: str) -> list[str]:
    return [f.message for f in findings if f.check_id == check_id]


@pytest.fixture(autouse=True)
def _no_password_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for name in ("PGPASSWORD", "BAOMI_DB_PASSWORD", "PGSSLMODE", "PGSSLROOTCERT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def test_insecure_server_reports_every_planted_weakness(catalog: Catalog, pg_insecure: servers.Server) -> None:
    dsn = f"postgresql://postgres@127.0.0.1:{pg_insecure.port}/postgres"
    findings = _scan(catalog, dsn, CUSTOMER_DATA)

    assert _pairs(findings) == {
        ("PG_SSL_ON", F), ("PG_SSL_MIN_PROTOCOL", P), ("PG_HBA_HOSTSSL_ONLY", F), ("PG_HBA_NO_TRUST", F),
        ("PG_HBA_NO_PASSWORD", F), ("PG_HBA_NO_MD5", F), ("PG_PASSWORD_ENCRYPTION_SCRAM", F),
        ("PG_HBA_NO_OPEN_RULE", F), ("PG_LOG_CONNECTIONS", F), ("PG_LOG_DISCONNECTIONS", F),
        ("PG_LOG_LINE_PREFIX", F), ("PG_PGAUDIT_LOADED", F), ("PG_PGAUDIT_LOG_CLASSES", F),
        ("PG_SUPERUSERS_LIMITED", F), ("PG_LOGIN_ROLES_HAVE_PASSWORD", F),
        # the test server listens on 127.0.0.1 only: tests never open a port to the network
        ("PG_LISTEN_ADDRESSES", P), ("PG_DATA_CHECKSUMS", F), ("PG_IDLE_SESSION_TIMEOUT", F),
        # who can read customer data (conftest.PG_INSECURE_GRANTS)
        ("PG_NO_PUBLIC_GRANTS", F), ("PG_PUBLIC_SCHEMA_CREATE", F), ("PG_NO_GRANT_OPTION", F),
        ("PG_SECURITY_DEFINER_SUPERUSER", F), ("PG_ROLE_ATTRIBUTES_LIMITED", F), ("PG_ADMIN_ROLE_MEMBERSHIP", F),
        ("PG_RLS_CUSTOMER_TABLES", F), ("PG_HBA_NO_REMOTE_SUPERUSER", F), ("PG_SSL_CIPHERS", F),
        ("PG_PASSWORD_CHECK_LOADED", F), ("PG_LOGGING_COLLECTOR", F), ("PG_LOG_STATEMENT", F),
    }
    # one FAIL per offending pg_hba line, named by its line number
    assert sorted(_messages(findings, "PG_HBA_NO_TRUST")) == [
        "pg_hba.conf line 2: local rule uses trust: anyone matching it logs in without a password",
        "pg_hba.conf line 3: host rule uses trust: anyone matching it logs in without a password"]
    assert [m.split(":")[0] for m in _messages(findings, "PG_HBA_HOSTSSL_ONLY")] == ["pg_hba.conf line 4",
                                                                                     "pg_hba.conf line 5"]
    assert [m.split(":")[0] for m in _messages(findings, "PG_HBA_NO_OPEN_RULE")] == ["pg_hba.conf line 4",
                                                                                     "pg_hba.conf line 5"]
    assert _messages(findings, "PG_SUPERUSERS_LIMITED") == [
        "role 'app_admin' is a superuser but neither the bootstrap role nor a configured administrator "
        "(db_admin_accounts)"]
    assert sorted(_messages(findings, "PG_LOGIN_ROLES_HAVE_PASSWORD")) == [
        "login role 'nopass' has no password", "login role 'postgres' has no password"]
    assert all(f.source == "postgresql" and f.location is None for f in findings)
    assert {f.resource for f in findings} == {dsn}


def test_insecure_findings_land_on_the_right_controls(catalog: Catalog, pg_insecure: servers.Server) -> None:
    findings = _scan(catalog, f"postgresql://postgres@127.0.0.1:{pg_insecure.port}/postgres")
    failed_controls = {c for f in findings if f.status is F for c in catalog.check[f.check_id].controls}
    assert failed_controls == {"ENC-TRANSIT", "IAM-DB-AUTH", "IAM-PASSWORD", "NET-PUBLIC", "LOG-AUDIT",
                               "IAM-PRIVILEGE", "BAK-BACKUP"}


def test_hardened_server_passes_and_scores_at_least_90(catalog: Catalog, pg_hardened: servers.Server) -> None:
    dsn = f"postgresql://postgres:{servers.ADMIN_PASSWORD}@127.0.0.1:{pg_hardened.port}/postgres"
    cert = str(pg_hardened.base / "server.crt")
    findings = _scan(catalog, dsn, CUSTOMER_DATA, sslmode="verify-full", ssl_ca=cert)

    assert _pairs(findings) == {(c.id, P) for c in catalog.checks_for("postgresql")}
    card = scoring.score(catalog, findings)
    assert card.score is not None and card.score >= 90
    assert all(servers.ADMIN_PASSWORD not in f.message + f.resource for f in findings)
    assert {f.resource for f in findings} == {f"postgresql://postgres@127.0.0.1:{pg_hardened.port}/postgres"}


def test_plaintext_connection_refused_by_hardened_accepted_by_insecure(
        pg_hardened: servers.Server, pg_insecure: servers.Server) -> None:
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        psycopg.connect(host="127.0.0.1", port=pg_hardened.port, user="postgres", dbname="postgres",
                        password=servers.ADMIN_PASSWORD, sslmode="disable", connect_timeout=10)
    with psycopg.connect(host="127.0.0.1", port=pg_insecure.port, user="postgres", dbname="postgres",
                         sslmode="disable", connect_timeout=10) as conn:
        assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (False,)


def test_least_privileged_role_gets_errors_naming_the_privilege(
        catalog: Catalog, pg_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    findings = _scan(catalog, f"postgresql://scanner_min@127.0.0.1:{pg_hardened.port}/postgres", sslmode="require")

    errors = {f.check_id: f.message for f in findings if f.status is E}
    assert set(errors) == HBA_CHECKS | {"PG_LOGIN_ROLES_HAVE_PASSWORD", "PG_PASSWORD_ENCRYPTION_SCRAM"}
    assert all("GRANT SELECT ON pg_hba_file_rules" in errors[c] for c in HBA_CHECKS)
    assert "needs superuser" in errors["PG_LOGIN_ROLES_HAVE_PASSWORD"]
    # the setting is scram-sha-256, but hashes stored before it cannot be seen: an ERROR saying so, not a PASS
    assert errors["PG_PASSWORD_ENCRYPTION_SCRAM"].endswith(
        "whether passwords set before are still stored as MD5 cannot be told: reading role passwords (pg_authid) "
        "needs superuser")
    # pg_monitor includes pg_read_all_settings: the setting checks, shared_preload_libraries included, pass
    assert ("PG_PGAUDIT_LOADED", P) in _pairs(findings)


def test_role_granted_the_hba_view_reads_the_rules(
        catalog: Catalog, pg_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    findings = _scan(catalog, f"postgresql://scanner@127.0.0.1:{pg_hardened.port}/postgres", sslmode="require")
    assert {f.check_id for f in findings if f.status is E} == {"PG_LOGIN_ROLES_HAVE_PASSWORD",
                                                               "PG_PASSWORD_ENCRYPTION_SCRAM"}
    assert ("PG_HBA_HOSTSSL_ONLY", P) in _pairs(findings)


def test_wrong_password_is_one_line_without_the_password(catalog: Catalog, pg_hardened: servers.Server) -> None:
    secret = "Wr0ng-Secret-42"
    with pytest.raises(SourceError) as caught:
        _scan(catalog, f"postgresql://postgres:{secret}@127.0.0.1:{pg_hardened.port}/postgres", sslmode="require")
    message = str(caught.value)
    assert message == (f"postgresql://postgres@127.0.0.1:{pg_hardened.port}/postgres: "
                       "password authentication failed")
    assert secret not in message


def test_closed_port_is_connection_refused(catalog: Catalog) -> None:
    port = servers.free_port()
    with pytest.raises(SourceError) as caught:
        _scan(catalog, f"postgres://auditor:pw@127.0.0.1:{port}/customers")
    assert str(caught.value) == f"postgresql://auditor@127.0.0.1:{port}/customers: connection refused"




@contextmanager
def _hba_view_locked(server: servers.Server) -> Iterator[None]:
    """pg_hba_file_rules locked by a superuser's open transaction: readers wait (or time out)."""
    admin = psycopg.connect(host=str(server.socket), port=server.port, user="postgres", dbname="postgres",
                            password=servers.ADMIN_PASSWORD)
    try:
        admin.execute("LOCK TABLE pg_catalog.pg_hba_file_rules IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        admin.rollback()
        admin.close()


def test_a_fact_that_fails_to_read_is_an_error_for_its_checks_only(
        catalog: Catalog, pg_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    # libpq's options parameter gives the scanning session a lock timeout: reading the locked view fails
    dsn = f"postgresql://scanner@127.0.0.1:{pg_hardened.port}/postgres?options=-c%20lock_timeout%3D300"
    with _hba_view_locked(pg_hardened):
        findings = _scan(catalog, dsn, sslmode="require")

    errors = {f.check_id: f.message for f in findings if f.status is E}
    assert set(errors) == HBA_CHECKS | {"PG_LOGIN_ROLES_HAVE_PASSWORD", "PG_PASSWORD_ENCRYPTION_SCRAM"}
    assert all(errors[c] == "cannot evaluate: reading pg_hba_file_rules failed: canceling statement due to lock "
               "timeout" for c in HBA_CHECKS)
    assert ("PG_SSL_ON", P) in _pairs(findings) and ("PG_SUPERUSERS_LIMITED", P) in _pairs(findings)


def test_connection_lost_while_reading_is_an_error_for_what_was_not_read(
        catalog: Catalog, pg_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """An administrator ends the scanner's session while it waits for a lock: what was read before is judged,
    what was not is ERROR, and one BAOMI_SOURCE_ERROR line says where the connection was lost (no exit 2)."""
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    dsn = f"postgresql://scanner@127.0.0.1:{pg_hardened.port}/postgres"
    terminated: list[bool] = []

    def terminate_the_waiting_scanner() -> None:
        with psycopg.connect(host=str(pg_hardened.socket), port=pg_hardened.port, user="postgres",
                             dbname="postgres", password=servers.ADMIN_PASSWORD, autocommit=True) as killer:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not terminated:
                row = killer.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'scanner' "
                                     "AND application_name = 'baomi' AND wait_event_type = 'Lock'").fetchone()
                if row and row[0]:
                    terminated.append(True)
                time.sleep(0.05)

    with _hba_view_locked(pg_hardened):
        killer = threading.Thread(target=terminate_the_waiting_scanner)
        killer.start()
        try:
            findings = _scan(catalog, dsn, sslmode="require")
        finally:
            killer.join()
    assert terminated
    lost = [f for f in findings if f.check_id == "BAOMI_SOURCE_ERROR"]
    assert len(lost) == 1 and lost[0].status is E and lost[0].resource == dsn
    assert lost[0].message.startswith("the connection was lost while reading pg_hba_file_rules: ")
    errors = {f.check_id: f.message for f in findings if f.status is E and f.check_id != "BAOMI_SOURCE_ERROR"}
    assert set(errors) == HBA_CHECKS | {"PG_LOGIN_ROLES_HAVE_PASSWORD", "PG_PASSWORD_ENCRYPTION_SCRAM"}
    assert errors["PG_LOGIN_ROLES_HAVE_PASSWORD"].startswith(
        "cannot evaluate: not read: the connection was lost while reading pg_hba_file_rules")
    # the settings and roles were read before the lock: they are judged
    assert {("PG_SSL_ON", P), ("PG_SUPERUSERS_LIMITED", P), ("PG_PGAUDIT_LOG_CLASSES", P)} <= _pairs(findings)
    assert all("\n" not in f.message and servers.SCANNER_PASSWORD not in f.message for f in findings)


def test_passwords_are_resolved_by_prepare_before_any_connection(
        catalog: Catalog, pg_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    source = LiveDatabaseSource((f"postgresql://scanner@127.0.0.1:{pg_hardened.port}/postgres",), sslmode="require")
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    source.prepare()
    monkeypatch.delenv("BAOMI_DB_PASSWORD")  # gone by the time the scan runs: prepare() already took it
    findings = list(judge(source, catalog.checks_for("postgresql"), Settings()))
    assert ("PG_HBA_NO_TRUST", P) in _pairs(findings)
