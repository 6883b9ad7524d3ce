"""MySQL 8.0 and 8.4 from recorded facts (tests/fixtures/mysql8, see its README): no MySQL 8 server package is
available here, so a stand-in connection answers the live reader's own statements. The statements on mysql.user
and mysql.role_edges that the reader builds are run as they are on SQLite tables holding the recorded rows
(MySQL's IF and LEFT spelt as SQLite's iif and substr, the only dialect differences), so the reader's SQL, its
parsing, the role resolution and the checks are the real ones; the rest (SHOW GLOBAL VARIABLES,
information_schema.PLUGINS, the session's Ssl_cipher) replays recorded rows, and what MySQL refuses (MariaDB's
max_statement_time and information_schema.SYSTEM_VARIABLES) fails with MySQL's own error numbers."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pymysql
import pytest

from baomi.catalog import Catalog, load_catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import LiveDatabaseSource
from baomi.sources.database.mysql import server

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mysql8"
P, F, E = Status.PASS, Status.FAIL, Status.ERROR


def _sqlite(query: str) -> str:
    """MySQL's IF and LEFT, which SQLite spells iif and substr: the only dialect differences in these statements."""
    return re.sub(r"\bLEFT\(([^,()]+), (\d+)\)", r"substr(\1, 1, \2)", re.sub(r"\bIF\(", "iif(", query))


class _Cursor:
    def __init__(self, conn: _RecordedServer, as_dicts: bool) -> None:
        self.conn, self.as_dicts, self.rows = conn, as_dicts, []  # type: list[Any]

    def __enter__(self) -> _Cursor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute(self, query: str) -> None:
        self.conn.statements.append(query)
        recorded = self.conn.recorded
        if query.startswith("SET SESSION max_statement_time"):
            raise pymysql.err.InternalError(1193, "Unknown system variable 'max_statement_time'")
        if query.startswith("SET SESSION"):
            self.rows = []
        elif "information_schema.SYSTEM_VARIABLES" in query:
            raise pymysql.err.ProgrammingError(1109, "Unknown table 'SYSTEM_VARIABLES' in information_schema")
        elif query == "SHOW SESSION STATUS LIKE 'Ssl_cipher'":
            self.rows = [("Ssl_cipher", recorded["session_cipher"])]
        elif query == "SHOW GLOBAL VARIABLES":
            self.rows = sorted(recorded["variables"].items())
        elif "information_schema.PLUGINS" in query:
            self.rows = sorted(recorded["plugins"].items())
        elif query == "SHOW COLUMNS FROM mysql.user":
            self.rows = [{"Field": c} for c in recorded["user_columns"]]
        else:
            if "mysql.role_edges" in query and self.conn.deny_role_edges:
                raise pymysql.err.OperationalError(1142, "SELECT command denied to user for table 'role_edges'")
            cur = self.conn.db.execute(_sqlite(query))
            names = [d[0] for d in cur.description]
            self.rows = [dict(zip(names, row)) if self.as_dicts else row for row in cur.fetchall()]

    def fetchall(self) -> list[Any]:
        return self.rows


class _RecordedServer:
    """A connection answering from one recorded MySQL 8 server."""

    def __init__(self, recorded: dict[str, Any], deny_role_edges: bool = False) -> None:
        self.recorded, self.deny_role_edges, self.open = recorded, deny_role_edges, True
        self.statements: list[str] = []
        self.db = sqlite3.connect(":memory:")
        self.db.execute("ATTACH ':memory:' AS mysql")
        self.db.create_function("CONCAT_WS", -1, lambda sep, *parts: sep.join(p for p in parts if p is not None))
        columns = recorded["user_columns"]
        self.db.execute(f"CREATE TABLE mysql.user ({', '.join(f'`{c}` TEXT' for c in columns)})")
        for account in recorded["accounts"]:
            row = {c: "Y" if c in account["privileges"] else "N" for c in columns if c.endswith("_priv")}
            row.update({c: account.get(c, "") for c in columns if not c.endswith("_priv")})
            self.db.execute(f"INSERT INTO mysql.user VALUES ({', '.join('?' * len(columns))})",
                            [row[c] for c in columns])
        self._table("role_edges", ["FROM_HOST", "FROM_USER", "TO_HOST", "TO_USER", "WITH_ADMIN_OPTION"])
        self._table("default_roles", ["HOST", "USER", "DEFAULT_ROLE_HOST", "DEFAULT_ROLE_USER"])

    def _table(self, name: str, columns: list[str]) -> None:
        self.db.execute(f"CREATE TABLE mysql.{name} ({', '.join(columns)})")
        for row in self.recorded[name]:
            self.db.execute(f"INSERT INTO mysql.{name} VALUES ({', '.join('?' * len(columns))})",
                            [row[c] for c in columns])

    def cursor(self, cursor_class: Any = None) -> _Cursor:
        return _Cursor(self, as_dicts=cursor_class is not None)

    def close(self) -> None:
        self.open = False


def _recorded(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _scan(catalog: Catalog, monkeypatch: pytest.MonkeyPatch, name: str, sslmode: str | None = None,
          deny_role_edges: bool = False, cipher: str | None = None) -> tuple[list[Any], _RecordedServer]:
    recorded = _recorded(name)
    if cipher is not None:
        recorded["session_cipher"] = cipher
    conn = _RecordedServer(recorded, deny_role_edges)
    monkeypatch.setattr(server, "connect", lambda *args: conn)
    monkeypatch.setenv("BAOMI_DB_PASSWORD", "recorded")
    source = LiveDatabaseSource(("mysql://baomi@192.0.2.10:3306/",), sslmode)
    return list(judge(source, catalog.checks_for("mysql"), Settings())), conn


def _verdicts(findings: list[Any]) -> dict[str, set[tuple[Status, str]]]:
    out: dict[str, set[tuple[Status, str]]] = {}
    for f in findings:
        out.setdefault(f.check_id, set()).add((f.status, f.message))
    return out


def test_mysql_80_recorded_facts(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    findings, conn = _scan(catalog, monkeypatch, "mysql-8.0.json")
    verdicts = _verdicts(findings)
    assert {(k, s) for k, v in verdicts.items() for s, _ in v} == {
        ("MYSQL_REQUIRE_SECURE_TRANSPORT", F), ("MYSQL_TLS_VERSION", P), ("MYSQL_HAVE_SSL", P),
        ("MYSQL_NO_ANONYMOUS", P), ("MYSQL_NO_EMPTY_PASSWORD", P), ("MYSQL_ROOT_LOCAL_ONLY", F),
        ("MYSQL_NO_WILDCARD_ADMIN", F), ("MYSQL_AUDIT_PLUGIN", F), ("MYSQL_LOCAL_INFILE_OFF", P),
        ("MYSQL_PASSWORD_LIFETIME", F), ("MYSQL_BIND_ADDRESS", F), ("MYSQL_DANGEROUS_PRIVILEGES", F),
        ("MYSQL_NO_NATIVE_PASSWORD", F), ("MYSQL_PASSWORD_VALIDATION", F), ("MYSQL_ACCOUNT_REQUIRE_SSL", F),
        ("MYSQL_ERROR_LOG", F), ("MYSQL_GENERAL_LOG_OFF", P)}
    # the reader's own statements ran: MySQL's max_execution_time, not MariaDB's global_priv nor roles_mapping
    assert not [s for s in conn.statements if "global_priv" in s or "roles_mapping" in s]
    assert any("max_execution_time" in s for s in conn.statements)
    assert verdicts["MYSQL_HAVE_SSL"] == {(P, "have_ssl is YES")}
    # admin rights through a role granted in mysql.role_edges; the role itself is locked and never judged
    assert verdicts["MYSQL_NO_WILDCARD_ADMIN"] == {
        (F, "account 'app'@'%' holds every global privilege through role 'dba' from any host and is not a configured "
            "administrator")}
    assert verdicts["MYSQL_DANGEROUS_PRIVILEGES"] == {
        (F, "account 'legacy'@'localhost' holds PROCESS globally and is not a configured administrator "
            "(db_admin_accounts)"),
        (F, "account 'app'@'%' holds FILE, SUPER, PROCESS, SHUTDOWN, RELOAD, CREATE USER globally (with the roles it "
            "may switch on: 'dba') and is not a configured administrator (db_admin_accounts)")}
    assert verdicts["MYSQL_ROOT_LOCAL_ONLY"] == {(F, "account 'root'@'%' lets root log in from a non-local host")}
    # caching_sha2_password passes; the one mysql_native_password hash fails
    assert verdicts["MYSQL_NO_NATIVE_PASSWORD"] == {
        (F, "account 'legacy'@'localhost' authenticates with mysql_native_password and stores an unsalted SHA-1 "
            "password hash, crackable from a copy of mysql.user (use caching_sha2_password, or ed25519 on MariaDB)")}
    assert verdicts["MYSQL_ERROR_LOG"] == {
        (F, "log_error is stderr (server variable): the error log (failed logins, crashes) goes to standard error "
            "and is kept only if whatever starts the server collects it; set log_error to a file")}


def test_mysql_84_recorded_facts(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hardened 8.4: have_ssl is gone, TLS is shown by the scan's own connection; every check but the audit
    plugin (MySQL Community has none) passes."""
    verdicts = _verdicts(_scan(catalog, monkeypatch, "mysql-8.4.json")[0])
    assert {k for k, v in verdicts.items() if {s for s, _ in v} != {P}} == {"MYSQL_AUDIT_PLUGIN"}
    assert len(verdicts) == 17
    assert verdicts["MYSQL_HAVE_SSL"] == {
        (P, "the server (8.4.2) does not report have_ssl (MySQL 8.4 removed it); it offers TLS: this scan's "
            "connection uses TLS_AES_128_GCM_SHA256")}
    assert verdicts["MYSQL_PASSWORD_VALIDATION"] == {
        (P, "the validate_password component is installed (validate_password.policy MEDIUM, server variable)")}
    assert verdicts["MYSQL_NO_NATIVE_PASSWORD"] == {
        (P, "no account that can log in stores a mysql_native_password hash (3 accounts)")}


def test_mysql_84_tls_unknown_or_absent(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without have_ssl, a scan that did not ask for TLS cannot tell (ERROR, never a pass); one that asked and was
    answered in plaintext (the reader falls back only when the server offers no TLS) fails."""
    disabled = _verdicts(_scan(catalog, monkeypatch, "mysql-8.4.json", "disable", cipher="")[0])
    assert disabled["MYSQL_HAVE_SSL"] == {
        (E, "cannot evaluate: the server (8.4.2) does not report have_ssl (MySQL 8.4 removed it), and this scan "
            "connected with --db-sslmode disable, so whether it offers TLS cannot be told (scan without disable)")}
    plaintext = _verdicts(_scan(catalog, monkeypatch, "mysql-8.4.json", cipher="")[0])
    assert plaintext["MYSQL_HAVE_SSL"] == {
        (F, "the server (8.4.2) does not report have_ssl (MySQL 8.4 removed it); it offers no TLS: this scan asked "
            "for TLS and was answered in plaintext")}


def test_mysql8_role_edges_unreadable(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SELECT on mysql.role_edges, the admin rights 'app' takes on through a role are unknown: the
    reader says which grant is lacking, and 'app' does not pass on its own privileges alone."""
    verdicts = _verdicts(_scan(catalog, monkeypatch, "mysql-8.0.json", deny_role_edges=True)[0])
    assert verdicts["MYSQL_NO_WILDCARD_ADMIN"] == {
        (E, "account 'app'@'%' can log in from any host and roles with administrator rights may exist ('dba', "
            "'mysql.session', 'root', 'root') and which ones this account may switch on cannot be told: reading role "
            "grants needs GRANT SELECT ON mysql.role_edges TO the scanning account")}
    # MySQL flags no role: any other account may be granted to 'app' as one, and some hold FILE, SUPER ...
    assert verdicts["MYSQL_DANGEROUS_PRIVILEGES"] == {
        (F, "account 'legacy'@'localhost' holds PROCESS globally and is not a configured administrator "
            "(db_admin_accounts)"),
        (E, "account 'app'@'%': other accounts holding FILE, SUPER, PROCESS, SHUTDOWN, RELOAD, CREATE USER, GRANT "
            "OPTION exist ('dba'@'%', 'legacy'@'localhost', 'mysql.session'@'localhost', 'root'@'%', "
            "'root'@'localhost'), any of which may be granted to it as a role, and which ones it may switch on "
            "cannot be told: reading role grants needs GRANT SELECT ON mysql.role_edges TO the scanning account")}


def test_session_cipher_read_once_when_tls_is_required(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a required sslmode the reader's own connect() already asked for the session cipher: it is the
    evidence of TLS, not asked for again."""
    conn = _RecordedServer(_recorded("mysql-8.4.json"))
    monkeypatch.setattr(server, "_open", lambda *args: conn)
    monkeypatch.setenv("BAOMI_DB_PASSWORD", "recorded")
    source = LiveDatabaseSource(("mysql://baomi@192.0.2.10:3306/",), "require")
    verdicts = _verdicts(list(judge(source, catalog.checks_for("mysql"), Settings())))
    assert conn.statements.count("SHOW SESSION STATUS LIKE 'Ssl_cipher'") == 1
    assert verdicts["MYSQL_HAVE_SSL"] == {
        (P, "the server (8.4.2) does not report have_ssl (MySQL 8.4 removed it); it offers TLS: this scan's "
            "connection uses TLS_AES_128_GCM_SHA256")}
