"""A live scan of real MariaDB servers: every planted weakness of the insecure one is reported, the
hardened one passes (score >= 90), enforcement is proven by a refused plaintext connection, and
unreachable servers are one-line SourceErrors without the password."""
from __future__ import annotations

import socket
import ssl

import pymysql
import pytest

from baomi import scoring
from baomi.catalog import Catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import LiveDatabaseSource
from baomi.sources.database.dsn import parse_dsn
from baomi.sources.database.mysql.server import account_query, connect
from baomi.sources.interface import SourceError
from tests.support import databases as servers

pytestmark = pytest.mark.db

P, F, E = Status.PASS, Status.FAIL, Status.ERROR


def _scan(catalog: Catalog, dsn: str, settings: Settings | None = None, **tls: str) -> list:
    return list(judge(LiveDatabaseSource((dsn,), **tls), catalog.checks_for("mysql"), settings or Settings()))


def _pairs(findings: list) -> set[tuple[str, Status]]:
    return {(f.check_id, f.status) for f in findings}


def _messages(findings: list, check_id: str) -> set[str]:
    return {f.message for f in findings if f.check_id == check_id}


@pytest.fixture(autouse=True)
def _no_password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAOMI_DB_PASSWORD", raising=False)


def test_insecure_server_reports_every_planted_weakness(catalog: Catalog, mariadb_insecure: servers.Server) -> None:
    dsn = f"mariadb://root@127.0.0.1:{mariadb_insecure.port}/"
    findings = _scan(catalog, dsn)

    assert _pairs(findings) == {
        ("MYSQL_REQUIRE_SECURE_TRANSPORT", F), ("MYSQL_TLS_VERSION", F), ("MYSQL_HAVE_SSL", F),
        ("MYSQL_NO_ANONYMOUS", F), ("MYSQL_NO_EMPTY_PASSWORD", F), ("MYSQL_ROOT_LOCAL_ONLY", F),
        ("MYSQL_NO_WILDCARD_ADMIN", F), ("MYSQL_AUDIT_PLUGIN", F), ("MYSQL_LOCAL_INFILE_OFF", F),
        ("MYSQL_PASSWORD_LIFETIME", F),
        # the test server binds 127.0.0.1 only: tests never open a port to the network
        ("MYSQL_BIND_ADDRESS", P),
        ("MYSQL_DANGEROUS_PRIVILEGES", F), ("MYSQL_NO_NATIVE_PASSWORD", F), ("MYSQL_PASSWORD_VALIDATION", F),
        ("MYSQL_ACCOUNT_REQUIRE_SSL", F),
        # the test servers log errors to a file (--log-error); the insecure one writes every statement to its
        # general log (--general-log=ON)
        ("MYSQL_ERROR_LOG", P), ("MYSQL_GENERAL_LOG_OFF", F),
    }
    assert _messages(findings, "MYSQL_DANGEROUS_PRIVILEGES") == {
        "account 'app'@'%' holds FILE, SUPER, PROCESS, SHUTDOWN, RELOAD, CREATE USER globally and is not a configured "
        "administrator (db_admin_accounts)"}
    # the accounts without a password store no hash (MYSQL_NO_EMPTY_PASSWORD names them): nothing to crack
    assert _messages(findings, "MYSQL_NO_NATIVE_PASSWORD") == {
        "account 'legacy'@'localhost' authenticates with mysql_native_password and stores an unsalted SHA-1 password "
        "hash, crackable from a copy of mysql.user (use caching_sha2_password, or ed25519 on MariaDB)"}
    assert _messages(findings, "MYSQL_PASSWORD_VALIDATION") == {
        "no password validation plugin is active (simple_password_check, cracklib_password_check, validate_password): "
        "any password is accepted"}
    assert _messages(findings, "MYSQL_ACCOUNT_REQUIRE_SSL") == {
        f"account '{user}'@'{host}' logs in from other machines without REQUIRE SSL, and require_secure_transport is "
        "OFF: its password and data may cross the network in clear text"
        for user, host in (("root", "%"), ("root", socket.gethostname()), ("app", "%"))}
    assert _messages(findings, "MYSQL_NO_ANONYMOUS") == {
        "account ''@'localhost' is anonymous: anyone can log in with any user name"}
    # mariadb-install-db also creates root@<this host's name>, which the secure installation removes too
    assert _messages(findings, "MYSQL_ROOT_LOCAL_ONLY") == {
        f"account 'root'@'{host}' lets root log in from a non-local host" for host in ("%", socket.gethostname())}
    # root is a configured administrator (db_admin_accounts); app is not
    assert _messages(findings, "MYSQL_NO_WILDCARD_ADMIN") == {
        "account 'app'@'%' holds every global privilege from any host and is not a configured administrator"}
    empty = _messages(findings, "MYSQL_NO_EMPTY_PASSWORD")
    assert {"account 'app'@'%' has an empty password (plugin mysql_native_password)",
            "account 'root'@'127.0.0.1' has an empty password (plugin default)"} <= empty
    assert not any("mariadb.sys" in m for m in empty)  # locked: cannot log in
    assert _messages(findings, "MYSQL_TLS_VERSION") == {
        "tls_version 'TLSv1.1,TLSv1.2,TLSv1.3' enables tlsv1.1 (server variable, origin command-line)"}
    assert _messages(findings, "MYSQL_GENERAL_LOG_OFF") == {
        "general_log is on: every statement is written with its literals (customer data, passwords where the server "
        "does not rewrite them) to the general query log (server variable, origin command-line)"}
    assert all(f.source == "mysql" and f.resource == f"mariadb://root@127.0.0.1:{mariadb_insecure.port}/"
               and f.location is None for f in findings)


def test_configured_administrator_may_hold_wildcard_all(catalog: Catalog, mariadb_insecure: servers.Server) -> None:
    settings = Settings(db_admin_accounts=("root", "app@%"))
    findings = _scan(catalog, f"mysql://root@127.0.0.1:{mariadb_insecure.port}/", settings)
    assert ("MYSQL_NO_WILDCARD_ADMIN", P) in _pairs(findings)


def test_hardened_server_passes_and_scores_at_least_90(
        catalog: Catalog, mariadb_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    cert = str(mariadb_hardened.base / "server.crt")
    findings = _scan(catalog, f"mariadb://auditor@127.0.0.1:{mariadb_hardened.port}/", sslmode="verify-full",
                     ssl_ca=cert)

    assert _pairs(findings) == {(c.id, P) for c in catalog.checks_for("mysql")}
    card = scoring.score(catalog, findings)
    assert card.score is not None and card.score >= 90
    assert _messages(findings, "MYSQL_AUDIT_PLUGIN") == {
        "server_audit logs events CONNECT,QUERY (server variable, origin command-line); connect and query events "
        "are recorded"}


def test_plaintext_connection_refused_by_hardened_accepted_by_insecure(
        mariadb_hardened: servers.Server, mariadb_insecure: servers.Server) -> None:
    login = {"host": "127.0.0.1", "port": mariadb_hardened.port, "user": "auditor_min",
             "password": servers.SCANNER_PASSWORD, "connect_timeout": 10}
    # MariaDB answers a plaintext login under require_secure_transport with "access denied" ...
    with pytest.raises(pymysql.OperationalError) as refused:
        pymysql.connect(ssl_disabled=True, **login)
    assert refused.value.args[0] == 1045
    # ... while the same account and password over TLS get in: the transport, not the login, was refused
    context = ssl.create_default_context(cafile=str(mariadb_hardened.base / "server.crt"))
    pymysql.connect(ssl=context, **login).close()
    conn = pymysql.connect(host="127.0.0.1", port=mariadb_insecure.port, user="root", password="",
                           ssl_disabled=True, connect_timeout=10)
    with conn.cursor() as cur:
        cur.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        assert cur.fetchone() == ("Ssl_cipher", "")
    conn.close()


def test_account_without_grant_gets_errors_naming_it(
        catalog: Catalog, mariadb_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    findings = _scan(catalog, f"mysql://auditor_min@127.0.0.1:{mariadb_hardened.port}/", sslmode="require")
    errors = {f.check_id: f.message for f in findings if f.status is E}
    assert set(errors) == {"MYSQL_NO_ANONYMOUS", "MYSQL_NO_EMPTY_PASSWORD", "MYSQL_ROOT_LOCAL_ONLY",
                           "MYSQL_NO_WILDCARD_ADMIN", "MYSQL_DANGEROUS_PRIVILEGES", "MYSQL_NO_NATIVE_PASSWORD"}
    assert all(m == "cannot evaluate: reading accounts needs GRANT SELECT ON mysql.user TO the scanning account"
               for m in errors.values())
    assert ("MYSQL_REQUIRE_SECURE_TRANSPORT", P) in _pairs(findings)


def test_wrong_password_is_one_line_without_the_password(
        catalog: Catalog, mariadb_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "Wr0ng-Secret-42"
    monkeypatch.setenv("BAOMI_DB_PASSWORD", secret)
    with pytest.raises(SourceError) as caught:
        _scan(catalog, f"mysql://auditor@127.0.0.1:{mariadb_hardened.port}/", sslmode="require")
    assert str(caught.value) == (f"mysql://auditor@127.0.0.1:{mariadb_hardened.port}/: "
                                 "access denied (wrong user or password)")


def test_closed_port_is_connection_refused(catalog: Catalog) -> None:
    port = servers.free_port()
    with pytest.raises(SourceError) as caught:
        _scan(catalog, f"mysql://auditor:Secret-99@127.0.0.1:{port}/customers")
    assert str(caught.value) == f"mysql://auditor@127.0.0.1:{port}/customers: connection refused"


def _cipher(conn: object) -> str:
    with conn.cursor() as cur:  # type: ignore[attr-defined]
        cur.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        return str(cur.fetchone()[1])


@pytest.mark.parametrize("sslmode", [None, "allow", "prefer"])
def test_optional_modes_use_tls_when_the_server_offers_it(
        catalog: Catalog, mariadb_hardened: servers.Server, monkeypatch: pytest.MonkeyPatch,
        sslmode: str | None) -> None:
    dsn = parse_dsn(f"mysql://auditor_min@127.0.0.1:{mariadb_hardened.port}/")
    conn = connect(dsn, servers.SCANNER_PASSWORD, sslmode, None)
    try:
        assert _cipher(conn) != ""
    finally:
        conn.close()
    # and so the scan gets past require_secure_transport, which refuses plaintext logins of this account
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    tls = {"sslmode": sslmode} if sslmode else {}
    assert ("MYSQL_REQUIRE_SECURE_TRANSPORT", P) in _pairs(_scan(catalog, dsn.text, **tls))


def test_optional_modes_fall_back_to_plaintext_only_without_tls_and_require_refuses(
        mariadb_insecure: servers.Server) -> None:
    dsn = parse_dsn(f"mysql://root@127.0.0.1:{mariadb_insecure.port}/")
    conn = connect(dsn, None, "prefer", None)  # have_ssl DISABLED: the server offers no TLS
    try:
        assert _cipher(conn) == ""
    finally:
        conn.close()
    for mode in ("require", "verify-ca", "verify-full"):
        with pytest.raises(SourceError) as caught:
            connect(dsn, None, mode, None)
        assert str(caught.value) == (f"mysql://root@127.0.0.1:{mariadb_insecure.port}/: the server does not offer "
                                     "TLS (its have_ssl is not YES)")


def test_account_query_reads_no_password_hash(mariadb_insecure: servers.Server) -> None:
    conn = servers.mariadb_admin(mariadb_insecure)
    try:
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute("CREATE USER 'hashed'@'%' IDENTIFIED BY 'Hash-Me-Not-1'")
            try:
                cur.execute("SHOW COLUMNS FROM mysql.user")
                columns = {row[0].lower(): row[0] for row in cur.fetchall()}
                cur.execute(account_query(columns))
                names = [d[0] for d in cur.description]
                rows = {(r[0], r[1]): r[2:] for r in cur.fetchall()}
            finally:
                cur.execute("DROP USER 'hashed'@'%'")
    finally:
        conn.close()  # type: ignore[attr-defined]
    assert {"authentication_string", "password"} <= set(columns)  # mysql.user holds the hashes ...
    # ... but the query returns only name, host, plugin and flags the server computed from them
    assert names == ["user", "host", "plugin", "has_password", "locked", "is_role", "all_privileges", "ssl_type",
                     "sha1_hash"]
    assert rows[("hashed", "%")] == ("mysql_native_password", 1, 0, 0, 0, "", 1)
    assert rows[("app", "%")] == ("mysql_native_password", 0, 0, 0, 1, "", 0)
    assert all(value in (0, 1) for flags in rows.values() for value in (*flags[1:5], flags[6]))
    assert {flags[5] for flags in rows.values()} == {""}  # REQUIRE: none on the insecure server
