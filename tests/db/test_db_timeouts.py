"""Live servers that stop answering after the connection is made, and locks: every read has an end, what could
not be read is ERROR for its checks only, the rest is judged, and the command line goes on to the other sources
(no exit code 2) without printing a password, in any report format."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from baomi.catalog import Catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import LiveDatabaseSource, reading
from tests.support import databases as servers

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]
P, F, E = Status.PASS, Status.FAIL, Status.ERROR
HBA_CHECKS = {"PG_HBA_HOSTSSL_ONLY", "PG_HBA_NO_TRUST", "PG_HBA_NO_PASSWORD", "PG_HBA_NO_MD5", "PG_HBA_NO_OPEN_RULE",
              "PG_HBA_NO_REMOTE_SUPERUSER"}
#: the checks that read mysql.user (MYSQL_ACCOUNT_REQUIRE_SSL too, since require_secure_transport is off there)
ACCOUNT_CHECKS = {"MYSQL_NO_ANONYMOUS", "MYSQL_NO_EMPTY_PASSWORD", "MYSQL_ROOT_LOCAL_ONLY", "MYSQL_NO_WILDCARD_ADMIN",
                  "MYSQL_DANGEROUS_PRIVILEGES", "MYSQL_NO_NATIVE_PASSWORD", "MYSQL_ACCOUNT_REQUIRE_SSL"}


@pytest.fixture(autouse=True)
def _no_password_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PGPASSWORD", "BAOMI_DB_PASSWORD", "PGSSLMODE", "PGSSLROOTCERT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _scan(catalog: Catalog, dsn: str, engine: str, **tls: str) -> list:
    return list(judge(LiveDatabaseSource((dsn,), **tls), catalog.checks_for(engine), Settings()))


def _errors(findings: list) -> dict[str, str]:
    return {f.check_id: f.message for f in findings if f.status is E and f.check_id != "BAOMI_SOURCE_ERROR"}


@contextmanager
def _pg_lock(server: servers.Server, relation: str) -> Iterator[None]:
    admin = psycopg.connect(host=str(server.socket), port=server.port, user="postgres", dbname="postgres",
                            password=servers.ADMIN_PASSWORD)
    try:
        admin.execute(f"LOCK TABLE {relation} IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        admin.rollback()
        admin.close()


@contextmanager
def _when(condition: Callable[[], int | None], action: Callable[[int], None]) -> Iterator[list[int]]:
    """Runs ``action(pid)`` in a thread once ``condition()`` gives a pid (polling for up to 30 s)."""
    done: list[int] = []

    def watch() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pid = condition()
            if pid:
                action(pid)
                done.append(pid)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        yield done
    finally:
        thread.join()


def test_a_lock_without_lock_timeout_in_the_dsn_ends_by_the_session_limit(
        catalog: Catalog, pg_scratch: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "LOCK_TIMEOUT_SECONDS", 1)
    dsn = f"postgresql://postgres:{servers.ADMIN_PASSWORD}@127.0.0.1:{pg_scratch.port}/postgres"
    started = time.monotonic()
    with _pg_lock(pg_scratch, "pg_catalog.pg_hba_file_rules"):
        findings = _scan(catalog, dsn, "postgresql", sslmode="require")
    assert time.monotonic() - started < 20
    errors = _errors(findings)
    assert set(errors) == HBA_CHECKS
    assert all(errors[c] == "cannot evaluate: reading pg_hba_file_rules failed: canceling statement due to lock "
               "timeout" for c in HBA_CHECKS)
    assert {("PG_SSL_ON", P), ("PG_PASSWORD_ENCRYPTION_SCRAM", P)} <= {(f.check_id, f.status) for f in findings}


def test_a_frozen_postgresql_backend_is_given_up_after_the_read_timeout(
        catalog: Catalog, pg_scratch: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scanner's backend stops (SIGSTOP) while it waits for a lock: no server-side timeout can fire, the
    client's deadline closes the connection, and the facts read before it are judged."""
    monkeypatch.setattr(reading, "READ_TIMEOUT_SECONDS", 2)
    dsn = f"postgresql://postgres:{servers.ADMIN_PASSWORD}@127.0.0.1:{pg_scratch.port}/postgres"
    watcher = psycopg.connect(host=str(pg_scratch.socket), port=pg_scratch.port, user="postgres", dbname="postgres",
                              password=servers.ADMIN_PASSWORD, autocommit=True)

    def waiting_scanner() -> int | None:
        row = watcher.execute("SELECT pid FROM pg_stat_activity WHERE application_name = 'baomi' "
                              "AND wait_event_type = 'Lock'").fetchone()
        return int(row[0]) if row else None

    started = time.monotonic()
    try:
        with _pg_lock(pg_scratch, "pg_catalog.pg_hba_file_rules"):
            with _when(waiting_scanner, lambda pid: os.kill(pid, signal.SIGSTOP)) as frozen:
                findings = _scan(catalog, dsn, "postgresql", sslmode="require")
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
            watcher.execute("SELECT pg_terminate_backend(%s)", (pid,))
        watcher.close()
    assert frozen and time.monotonic() - started < 20
    lost = [f.message for f in findings if f.check_id == "BAOMI_SOURCE_ERROR"]
    assert lost == ["the connection was lost while reading pg_hba_file_rules: no answer within 2 s (the client "
                    "closed the connection); facts not read by then are not evaluated"]
    assert set(_errors(findings)) == HBA_CHECKS | {"PG_LOGIN_ROLES_HAVE_PASSWORD", "PG_PASSWORD_ENCRYPTION_SCRAM"}
    assert {("PG_SSL_ON", P), ("PG_PGAUDIT_LOG_CLASSES", P)} <= {(f.check_id, f.status) for f in findings}


def test_a_frozen_mariadb_server_is_given_up_after_the_read_timeout(
        catalog: Catalog, mariadb_from_file: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "READ_TIMEOUT_SECONDS", 2)
    admin = servers.mariadb_admin(mariadb_from_file)
    watcher = servers.mariadb_admin(mariadb_from_file)

    def waiting_scanner() -> int | None:
        with watcher.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table "
                        "metadata lock'")
            return mariadb_from_file.pid if cur.fetchone()[0] else None

    started = time.monotonic()
    try:
        with admin.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute("LOCK TABLES mysql.global_priv WRITE")
        with _when(waiting_scanner, lambda pid: os.kill(pid, signal.SIGSTOP)) as frozen:
            findings = _scan(catalog, f"mariadb://root@127.0.0.1:{mariadb_from_file.port}/", "mysql")
    finally:
        os.kill(mariadb_from_file.pid, signal.SIGCONT)
        admin.close()  # type: ignore[attr-defined]
        watcher.close()  # type: ignore[attr-defined]
    assert frozen and time.monotonic() - started < 20
    assert [f.message for f in findings if f.check_id == "BAOMI_SOURCE_ERROR"] == [
        "the connection was lost while reading mysql.user: no answer within 2 s (the client closed the connection); "
        "facts not read by then are not evaluated"]
    # the audit check needs the accounts too: server_audit_incl_users is set on this server
    assert set(_errors(findings)) == ACCOUNT_CHECKS | {"MYSQL_AUDIT_PLUGIN"}
    assert ("MYSQL_LOCAL_INFILE_OFF", P) in {(f.check_id, f.status) for f in findings}


def test_a_locked_table_is_errors_and_the_scan_goes_on_to_other_sources(
        pg_scratch: servers.Server, mariadb_from_file: servers.Server, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole command line: a lock held on mysql.global_priv while a MariaDB and a PostgreSQL server and a
    directory of files are scanned. Exit 1 (errors fail the gate), not 2; every source's findings are in the
    reports; the planted password shows in no report format, nor on stdout or stderr."""
    secret = "Pl4nted-Secret-77"
    with servers.pg_admin(pg_scratch) as conn:  # type: ignore[attr-defined]
        conn.execute(f"ALTER ROLE scanner PASSWORD '{secret}'")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "postgresql.conf").write_text("ssl = on\n")
    admin = servers.mariadb_admin(mariadb_from_file)
    formats = {"json": "r.json", "html": "r.html", "markdown": "r.md", "sarif": "r.sarif", "junit": "r.xml",
               "csv": "r.csv"}
    try:
        with admin.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute("LOCK TABLES mysql.global_priv WRITE")
        args = [sys.executable, "-c", "import sys; from baomi.sources.database import reading; "
                "reading.LOCK_TIMEOUT_SECONDS = 1; from baomi.cli import main; sys.exit(main())", "scan",
                str(tmp_path / "conf"), "--db", f"mariadb://root@127.0.0.1:{mariadb_from_file.port}/",
                "--db", f"postgresql://scanner:{secret}@127.0.0.1:{pg_scratch.port}/postgres",
                "--lang", "en",
                *(a for kind, name in formats.items() for a in ("--format", f"{kind}:{tmp_path / name}"))]
        done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        admin.close()  # type: ignore[attr-defined]
    assert done.returncode == 1, done.stderr
    document = json.loads((tmp_path / "r.json").read_text())
    by_source = {(f["source"], f["check_id"], f["status"]) for f in document["findings"]}
    assert {("mysql", "MYSQL_NO_ANONYMOUS", "error"), ("mysql", "MYSQL_LOCAL_INFILE_OFF", "pass"),
            ("postgresql", "PG_SSL_ON", "pass")} <= by_source
    assert any(f["source"] == "postgresql" and f["resource"].endswith("/conf/postgresql.conf")
               for f in document["findings"])  # the files were scanned too
    outputs = done.stdout + done.stderr + "".join((tmp_path / n).read_text() for n in formats.values())
    assert secret not in outputs and "Traceback" not in done.stderr
