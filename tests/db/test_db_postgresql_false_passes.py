"""False passes measured on a real PostgreSQL 15 + pgaudit server (issue 8), each now a FAIL or an ERROR
saying why, live and from the server's own files (its data directory): audit switched off per role or
database, MD5 hashes kept under scram-sha-256, pg_hba rules that cover the internet together, invalid
pg_hba lines, ALTER SYSTEM (postgresql.auto.conf). Live and file scans of the same server agree where both
can see a setting; where they cannot, the test states why."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from baomi.catalog import Catalog
from baomi.model import Location, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import DatabaseFileSource, LiveDatabaseSource
from baomi.sources.paths import display_path
from tests.support import databases as servers

pytestmark = pytest.mark.db

P, F, E = Status.PASS, Status.FAIL, Status.ERROR
HBA_CHECKS = ("PG_HBA_HOSTSSL_ONLY", "PG_HBA_NO_TRUST", "PG_HBA_NO_PASSWORD", "PG_HBA_NO_MD5", "PG_HBA_NO_OPEN_RULE",
              "PG_HBA_NO_REMOTE_SUPERUSER")
#: what files cannot show: roles, stored hashes, checksums; grants, functions and tables; per-role and per-database
#: settings (pg_db_role_setting)
LIVE_ONLY = {"PG_SUPERUSERS_LIMITED", "PG_LOGIN_ROLES_HAVE_PASSWORD", "PG_DATA_CHECKSUMS", "PG_NO_PUBLIC_GRANTS",
             "PG_PUBLIC_SCHEMA_CREATE", "PG_NO_GRANT_OPTION", "PG_SECURITY_DEFINER_SUPERUSER",
             "PG_ROLE_ATTRIBUTES_LIMITED", "PG_ADMIN_ROLE_MEMBERSHIP", "PG_RLS_CUSTOMER_TABLES"}


@pytest.fixture(autouse=True)
def _no_password_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PGPASSWORD", "BAOMI_DB_PASSWORD", "PGSSLMODE", "PGSSLROOTCERT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _live(catalog: Catalog, server: servers.Server) -> list:
    dsn = f"postgresql://postgres:{servers.ADMIN_PASSWORD}@127.0.0.1:{server.port}/postgres"
    return list(judge(LiveDatabaseSource((dsn,), sslmode="require"), catalog.checks_for("postgresql"), Settings()))


def _files(catalog: Catalog, server: servers.Server) -> list:
    return list(judge(DatabaseFileSource((server.base / "data",)), catalog.checks_for("postgresql"), Settings()))


def _statuses(findings: list, check_id: str) -> list[Status]:
    return [f.status for f in findings if f.check_id == check_id]


def _messages(findings: list, check_id: str) -> list[str]:
    return [f.message for f in findings if f.check_id == check_id]


@contextmanager
def _hba_lines(server: servers.Server, *lines: str) -> Iterator[Path]:
    """pg_hba.conf on disk with ``lines`` added at its end (pg_hba_file_rules reads the file on disk)."""
    hba = server.base / "data" / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(original + "".join(f"{line}\n" for line in lines))
    try:
        yield hba
    finally:
        hba.write_text(original)


def test_pgaudit_switched_off_per_role_or_database_fails_live(catalog: Catalog, pg_scratch: servers.Server) -> None:
    setup = ["CREATE ROLE app LOGIN PASSWORD 'App-pw-1'", "ALTER ROLE app SET pgaudit.log = 'none'",
             "CREATE DATABASE crm", "ALTER DATABASE crm SET pgaudit.log = 'ddl'",
             # a role that cannot log in: members do not inherit its settings, so it switches nothing off
             "CREATE ROLE reporting NOLOGIN", "ALTER ROLE reporting SET pgaudit.log = 'none'"]
    with servers.pg_applied(pg_scratch, setup, ["DROP DATABASE crm", "DROP ROLE app", "DROP ROLE reporting"]):
        live, files = _live(catalog, pg_scratch), _files(catalog, pg_scratch)
    assert sorted(_messages(live, "PG_PGAUDIT_LOG_CLASSES")) == [
        "pgaudit.log is 'ddl' for database 'crm' (ALTER DATABASE ... SET): its ddl, role and write statements are "
        "not all audited",
        "pgaudit.log is 'none' for role 'app' (ALTER ROLE ... SET): its ddl, role and write statements are not all "
        "audited"]
    assert _statuses(live, "PG_PGAUDIT_LOG_CLASSES") == [F, F]
    # files hold the server-wide value only: overrides live in the catalog (pg_db_role_setting), not in files
    assert _statuses(files, "PG_PGAUDIT_LOG_CLASSES") == [P]


def test_idle_timeout_switched_off_for_every_role_fails_live(catalog: Catalog, pg_scratch: servers.Server) -> None:
    with servers.pg_applied(pg_scratch, ["ALTER ROLE ALL SET idle_session_timeout = 0"],
                ["ALTER ROLE ALL RESET idle_session_timeout"]):
        live = _live(catalog, pg_scratch)
    # the scanning session is one of "every role": pg_settings shows it the overridden value too (source global)
    assert _messages(live, "PG_IDLE_SESSION_TIMEOUT") == [
        "idle_session_timeout is 0 (disabled) (global)",
        "idle_session_timeout is '0' for every role (ALTER ROLE ALL ... SET): its idle sessions are never closed"]
    assert _statuses(live, "PG_IDLE_SESSION_TIMEOUT") == [F, F]


def test_md5_hashes_under_scram_fail_naming_the_roles(catalog: Catalog, pg_scratch: servers.Server) -> None:
    setup = ["SET password_encryption = 'md5'", "CREATE ROLE legacy LOGIN PASSWORD 'Legacy-pw-1'",
             "RESET password_encryption"]
    with servers.pg_applied(pg_scratch, setup, ["DROP ROLE legacy"]):
        live, files = _live(catalog, pg_scratch), _files(catalog, pg_scratch)
    assert [(f.status, f.message) for f in live if f.check_id == "PG_PASSWORD_ENCRYPTION_SCRAM"] == [
        (F, "login role 'legacy' still has an MD5 password hash in pg_authid (password_encryption is scram-sha-256 "
            f"({_data_file(pg_scratch, 'postgresql.conf')}:{_conf_line(pg_scratch, 'password_encryption')}), which "
            "applies only to passwords set from now on)")]
    # files cannot show stored hashes: the setting alone is judged there
    assert _statuses(files, "PG_PASSWORD_ENCRYPTION_SCRAM") == [P]
    assert "Legacy-pw-1" not in "".join(f.message for f in live)


def _data_file(server: servers.Server, name: str) -> str:
    return str(server.base / "data" / name)


def _conf_line(server: servers.Server, name: str) -> int:
    lines = (server.base / "data" / "postgresql.conf").read_text().splitlines()
    return max(i for i, line in enumerate(lines, start=1) if line.startswith(f"{name} ="))


def test_rules_covering_the_internet_together_fail_live_and_in_files(
        catalog: Catalog, pg_scratch: servers.Server) -> None:
    with _hba_lines(pg_scratch, "hostssl all all 0.0.0.0/1 scram-sha-256", "hostssl all all 128.0.0.0/1 scram-sha-256",
                    "hostssl all all 2000::/4 scram-sha-256", "hostssl all all 3000::/4 scram-sha-256",
                    "hostssl all all 10.0.0.0/8 scram-sha-256"):
        live, files = _live(catalog, pg_scratch), _files(catalog, pg_scratch)
    first = len(servers.PG_HARDENED_HBA.splitlines()) + 1
    assert [m.split(":")[0] for m in _messages(live, "PG_HBA_NO_OPEN_RULE")] == [
        f"pg_hba.conf line {first + i}" for i in range(4)]  # 10.0.0.0/8 is private: not part of it
    assert _messages(live, "PG_HBA_NO_OPEN_RULE")[0] == (
        f"pg_hba.conf line {first}: rule for address 0.0.0.0 128.0.0.0 (method scram-sha-256), together with "
        f"pg_hba.conf line {first + 1}, admits every address on the internet")
    hba = display_path(_data_file(pg_scratch, "pg_hba.conf"))
    assert [(f.status, f.location) for f in files if f.check_id == "PG_HBA_NO_OPEN_RULE"] == [
        (F, Location(hba, first + i)) for i in range(4)]


@pytest.mark.parametrize("line, error", [
    ("hostssl all all 10.0.0.0/8 scram-sha256", "unknown authentication method 'scram-sha256'"),
    ("hostssl all all 10.0.0.0/8 scram-sha-256 clientcet=verify-full", "unrecognized authentication option name "
                                                                       "'clientcet'"),
    ("hostssl all all 10.0.0.0/8 cert clientcert=verify-ca", "clientcert only accepts verify-full with cert "
                                                             "authentication"),
    ("host all all 10.0.0.0/8 peer", "peer authentication is only supported on local sockets"),
])
def test_an_invalid_pg_hba_line_is_an_error_never_a_pass(catalog: Catalog, pg_scratch: servers.Server,
                                                         line: str, error: str) -> None:
    with _hba_lines(pg_scratch, line):
        live, files = _live(catalog, pg_scratch), _files(catalog, pg_scratch)
    number = len(servers.PG_HARDENED_HBA.splitlines()) + 1
    hba = display_path(_data_file(pg_scratch, "pg_hba.conf"))
    # PostgreSQL refuses the whole file: the rules in force are not known, live or from the file
    for findings in (live, files):
        assert {c: _statuses(findings, c) for c in HBA_CHECKS} == {c: [E] for c in HBA_CHECKS}
        assert _statuses(findings, "PG_LISTEN_ADDRESSES") == [P]  # listens on 127.0.0.1 only: no rule matters
    assert any(f.check_id == "BAOMI_SOURCE_ERROR" and f.message.startswith(f"pg_hba.conf line {number}: ")
               for f in live)
    assert [(f.message, f.location) for f in files if f.check_id == "BAOMI_SOURCE_ERROR"] == [
        (f"cannot parse line {number} of {hba}: {error}", Location(hba, number))]
    assert _messages(files, "PG_HBA_NO_TRUST") == [
        f"cannot evaluate: 1 pg_hba line(s) could not be read ({hba}:{number}); PostgreSQL refuses a pg_hba.conf with "
        "an invalid line, so the rules in force are not known"]


def test_alter_system_overrides_are_read_from_postgresql_auto_conf(
        catalog: Catalog, pg_scratch: servers.Server) -> None:
    setup = ["ALTER SYSTEM SET log_disconnections = off", "SELECT pg_reload_conf()"]
    with servers.pg_applied(pg_scratch, setup, ["ALTER SYSTEM RESET log_disconnections", "SELECT pg_reload_conf()"]):
        import time

        time.sleep(0.5)  # the postmaster and new backends re-read the files
        live, files = _live(catalog, pg_scratch), _files(catalog, pg_scratch)
    auto = display_path(_data_file(pg_scratch, "postgresql.auto.conf"))
    assert _messages(live, "PG_LOG_DISCONNECTIONS") == [
        f"log_disconnections is off ({_data_file(pg_scratch, 'postgresql.auto.conf')}:3)"]
    assert [(f.status, f.location) for f in files if f.check_id == "PG_LOG_DISCONNECTIONS"] == [
        (F, Location(auto, 3))]


def test_live_and_file_scans_of_one_server_agree(catalog: Catalog, pg_scratch: servers.Server) -> None:
    live = {f.check_id: f.status for f in _live(catalog, pg_scratch)}
    files = {f.check_id: f.status for f in _files(catalog, pg_scratch)}
    assert set(live) - set(files) == LIVE_ONLY
    assert {c: files[c] for c in files} == {c: live[c] for c in files}
