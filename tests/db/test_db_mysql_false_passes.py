"""False passes measured on real MariaDB servers (issue 8), each now a FAIL or an ERROR saying why: audit user
lists that leave out every real user, administrator rights through a role or as "all privileges but one",
option groups read as the server reads them ([galera], version-suffixed groups), and a live scan compared with
a scan of the option file the same server was started from."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from baomi.catalog import Catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import DatabaseFileSource, LiveDatabaseSource
from baomi.sources.paths import display_path
from tests.support import databases as servers

pytestmark = pytest.mark.db

P, F, E = Status.PASS, Status.FAIL, Status.ERROR


def _live(catalog: Catalog, server: servers.Server, user: str = "root") -> list:
    dsn = f"mariadb://{user}@127.0.0.1:{server.port}/"
    return list(judge(LiveDatabaseSource((dsn,)), catalog.checks_for("mysql"), Settings()))


def _files(catalog: Catalog, *paths: Path) -> list:
    return list(judge(DatabaseFileSource(paths), catalog.checks_for("mysql"), Settings()))


def _verdicts(findings: list, check_id: str) -> list[tuple[Status, str]]:
    return [(f.status, f.message) for f in findings if f.check_id == check_id]


@pytest.fixture(autouse=True)
def _no_password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAOMI_DB_PASSWORD", raising=False)


@contextmanager
def _admin_statements(server: servers.Server, setup: list[str], teardown: list[str]) -> Iterator[None]:
    conn = servers.mariadb_admin(server)
    try:
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            for statement in setup:
                cur.execute(statement)
        yield
    finally:
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            for statement in teardown:
                cur.execute(statement)
        conn.close()  # type: ignore[attr-defined]


def _login_users(server: servers.Server) -> list[str]:
    conn = servers.mariadb_admin(server)
    with conn.cursor() as cur:  # type: ignore[attr-defined]
        cur.execute("SELECT DISTINCT u.User FROM mysql.user u JOIN mysql.global_priv g USING (User, Host) "
                    "WHERE u.is_role = 'N' AND COALESCE(JSON_VALUE(g.Priv, '$.account_locked'), 'false') <> 'true'")
        users = [row[0] for row in cur.fetchall()]
    conn.close()  # type: ignore[attr-defined]
    return users


def test_incl_users_naming_nobody_real_fails(catalog: Catalog, mariadb_from_file: servers.Server) -> None:
    # the option file sets server_audit_incl_users = ghost: the plugin logs only a user that does not exist
    verdicts = _verdicts(_live(catalog, mariadb_from_file), "MYSQL_AUDIT_PLUGIN")
    assert len(verdicts) == 1 and verdicts[0][0] is F
    assert verdicts[0][1].startswith("server_audit_incl_users is 'ghost' (server variable, origin config) leaves "
                                     "out every account that can log in (")


def test_excl_users_listing_every_real_user_fails(catalog: Catalog, mariadb_from_file: servers.Server) -> None:
    everyone = ",".join(_login_users(mariadb_from_file))
    with _admin_statements(mariadb_from_file, ["SET GLOBAL server_audit_incl_users = ''",
                                               f"SET GLOBAL server_audit_excl_users = '{everyone}'"],
                           ["SET GLOBAL server_audit_excl_users = ''", "SET GLOBAL server_audit_incl_users = 'ghost'"]):
        excluded = _verdicts(_live(catalog, mariadb_from_file), "MYSQL_AUDIT_PLUGIN")
        # one real user left in the log is enough for the audit trail to exist: a PASS naming who is not audited
        with _admin_statements(mariadb_from_file, ["SET GLOBAL server_audit_excl_users = 'auditor'"],
                               [f"SET GLOBAL server_audit_excl_users = '{everyone}'"]):
            partial = _verdicts(_live(catalog, mariadb_from_file), "MYSQL_AUDIT_PLUGIN")
    assert [s for s, _ in excluded] == [F] and "leaves out every account that can log in" in excluded[0][1]
    assert [s for s, _ in partial] == [P] and partial[0][1].endswith("not audited: 'auditor'@'127.0.0.1'")


def test_audit_user_list_in_a_file_is_an_error_not_a_pass(catalog: Catalog, mariadb_from_file: servers.Server) -> None:
    cnf = display_path(str(mariadb_from_file.base / "my.cnf"))
    verdicts = [(f.status, f.message, f.location) for f in _files(catalog, mariadb_from_file.base / "my.cnf")
                if f.check_id == "MYSQL_AUDIT_PLUGIN"]
    assert len(verdicts) == 1 and verdicts[0][0] is E
    assert verdicts[0][1] == (f"server_audit_incl_users is 'ghost' ({cnf}:18 [mariadb]): whether it leaves out every "
                              "real user cannot be told from files, which hold no accounts (scan the server live "
                              "with --db)")


ADMIN_SETUP = [
    "CREATE ROLE dba", "GRANT ALL ON *.* TO dba",
    "CREATE USER 'ops'@'%' IDENTIFIED BY 'Ops-pw-1'", "GRANT dba TO 'ops'@'%'", "SET DEFAULT ROLE dba FOR 'ops'@'%'",
    # a role granted through another role, not the default: SET ROLE switches it on at any time
    "CREATE ROLE inner_role", "GRANT SUPER ON *.* TO inner_role", "CREATE ROLE outer_role",
    "GRANT inner_role TO outer_role", "CREATE USER 'nested'@'%' IDENTIFIED BY 'Nested-pw-1'",
    "GRANT outer_role TO 'nested'@'%'",
    "CREATE USER 'almost'@'%' IDENTIFIED BY 'Almost-pw-1'", "GRANT ALL ON *.* TO 'almost'@'%'",
    "REVOKE SHUTDOWN ON *.* FROM 'almost'@'%'",
    "CREATE USER 'reader'@'%' IDENTIFIED BY 'Reader-pw-1'", "GRANT SELECT ON *.* TO 'reader'@'%'",
]
ADMIN_TEARDOWN = ["DROP USER 'ops'@'%'", "DROP USER 'nested'@'%'", "DROP USER 'almost'@'%'", "DROP USER 'reader'@'%'",
                  "DROP ROLE dba", "DROP ROLE outer_role", "DROP ROLE inner_role"]


def test_admin_rights_through_roles_or_all_but_one_privilege_fail(
        catalog: Catalog, mariadb_from_file: servers.Server) -> None:
    with _admin_statements(mariadb_from_file, ADMIN_SETUP, ADMIN_TEARDOWN):
        verdicts = _verdicts(_live(catalog, mariadb_from_file), "MYSQL_NO_WILDCARD_ADMIN")
    assert sorted(verdicts) == sorted([
        (F, "account 'ops'@'%' holds every global privilege through role 'dba' (its default role) from any host and "
            "is not a configured administrator"),
        (F, "account 'nested'@'%' holds SUPER through role 'inner_role' from any host and is not a configured "
            "administrator"),
        (F, "account 'almost'@'%' holds every global privilege but SHUTDOWN from any host and is not a configured "
            "administrator"),
    ])  # 'reader'@'%' holds SELECT only: not an administrator


def test_dangerous_privileges_through_roles_fail_from_any_host_or_none(
        catalog: Catalog, mariadb_from_file: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """FILE, PROCESS ... held by a local account too, directly or through a role only SET ROLE switches on."""
    setup = ["CREATE ROLE monitor_role", "GRANT PROCESS, RELOAD ON *.* TO monitor_role",
             "CREATE USER 'watcher'@'localhost' IDENTIFIED BY 'Watcher-pw-1'",
             "GRANT monitor_role TO 'watcher'@'localhost'",
             "CREATE USER 'loader'@'10.0.0.%' IDENTIFIED BY 'Loader-pw-1'", "GRANT FILE ON *.* TO 'loader'@'10.0.0.%'"]
    teardown = ["DROP USER 'watcher'@'localhost'", "DROP USER 'loader'@'10.0.0.%'", "DROP ROLE monitor_role"]
    with _admin_statements(mariadb_from_file, setup, teardown):
        as_root = _verdicts(_live(catalog, mariadb_from_file), "MYSQL_DANGEROUS_PRIVILEGES")
        monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
        as_auditor = _verdicts(_live(catalog, mariadb_from_file, user="auditor"), "MYSQL_DANGEROUS_PRIVILEGES")
    loader = (F, "account 'loader'@'10.0.0.%' holds FILE globally and is not a configured administrator "
                 "(db_admin_accounts)")
    assert sorted(as_root) == [
        loader,
        (F, "account 'watcher'@'localhost' holds PROCESS, RELOAD globally (with the roles it may switch on: "
            "'monitor_role') and is not a configured administrator (db_admin_accounts)")]
    # without SELECT on mysql.roles_mapping the role grant is not seen: an ERROR for each account it could be, never
    # a pass
    assert loader in as_auditor and P not in {s for s, _ in as_auditor}
    assert (E, "account 'watcher'@'localhost': roles holding FILE, SUPER, PROCESS, SHUTDOWN, RELOAD, CREATE USER, "
               "GRANT OPTION exist ('monitor_role') and which ones it may switch on cannot be told: reading role "
               "grants needs GRANT SELECT ON mysql.roles_mapping TO the scanning account") in as_auditor


def test_role_grants_unreadable_is_an_error_never_a_pass(
        catalog: Catalog, mariadb_from_file: servers.Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    with _admin_statements(mariadb_from_file, ADMIN_SETUP, ADMIN_TEARDOWN):
        verdicts = _verdicts(_live(catalog, mariadb_from_file, user="auditor"), "MYSQL_NO_WILDCARD_ADMIN")
    # without SELECT on mysql.roles_mapping: the default role is still seen in mysql.user, a nested role is not
    by_account = {message.split(" ")[1]: (status, message) for status, message in verdicts}
    assert by_account["'ops'@'%'"][0] is F and by_account["'almost'@'%'"][0] is F
    assert by_account["'nested'@'%'"] == (E, (
        "account 'nested'@'%' can log in from any host and roles with administrator rights exist ('dba', "
        "'inner_role') and which ones this account may switch on cannot be told: reading role grants needs GRANT "
        "SELECT ON mysql.roles_mapping TO the scanning account"))
    assert by_account["'reader'@'%'"][0] is E
    assert P not in {s for s, _ in verdicts}


def test_live_and_file_agree_where_both_see_the_setting(catalog: Catalog, mariadb_from_file: servers.Server) -> None:
    """The same server, live and from the option file it was started with."""
    live = {f.check_id: f.status for f in _live(catalog, mariadb_from_file)}
    files = _files(catalog, mariadb_from_file.base / "my.cnf")
    by_check = {f.check_id: f for f in files}
    # [galera] is read by mariadbd: local_infile ends OFF, live and in the file
    assert live["MYSQL_LOCAL_INFILE_OFF"] is P and by_check["MYSQL_LOCAL_INFILE_OFF"].status is P
    assert by_check["MYSQL_LOCAL_INFILE_OFF"].location is not None
    assert by_check["MYSQL_LOCAL_INFILE_OFF"].location.line == 8
    for check in ("MYSQL_REQUIRE_SECURE_TRANSPORT", "MYSQL_TLS_VERSION", "MYSQL_BIND_ADDRESS"):
        assert live[check] is by_check[check].status, check
    # [mariadb-5.5] is not read by this server: passwords never expire (live FAIL). A file does not say which
    # version reads it, so the file scan says the value depends on it instead of taking 90 days as a PASS
    assert live["MYSQL_PASSWORD_LIFETIME"] is F
    lifetime = by_check["MYSQL_PASSWORD_LIFETIME"]
    cnf = display_path(str(mariadb_from_file.base / "my.cnf"))
    assert lifetime.status is E and lifetime.message == (
        f"cannot evaluate: default_password_lifetime depends on the server version, which files do not show: {cnf}:11 "
        "[mariadb-5.5] sets '90', a group only that version reads (scan the server live with --db, or set it outside "
        "versioned groups)")
    # what only one side can see: accounts and have_ssl live; the audit user list is judged live, an ERROR in files
    assert set(live) - set(by_check) == {"MYSQL_HAVE_SSL", "MYSQL_NO_ANONYMOUS", "MYSQL_NO_EMPTY_PASSWORD",
                                                  "MYSQL_ROOT_LOCAL_ONLY", "MYSQL_NO_WILDCARD_ADMIN",
                                                  "MYSQL_DANGEROUS_PRIVILEGES", "MYSQL_NO_NATIVE_PASSWORD",
                                                  "MYSQL_ACCOUNT_REQUIRE_SSL"}
    # no validation plugin in the file nor on the server: the same verdict both ways
    assert live["MYSQL_PASSWORD_VALIDATION"] is by_check["MYSQL_PASSWORD_VALIDATION"].status is F
