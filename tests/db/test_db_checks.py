"""The check functions and value rules on hand-made Facts: the edge cases real servers in the other
tests do not reach (hba rule order, pgaudit exclusions, MySQL option switches, DSNs and passwords)."""
from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from baomi.checks.mysql import REGISTRY as MYSQL
from baomi.checks.postgresql import REGISTRY as PG
from baomi.checks.postgresql.audit import pgaudit_classes
from baomi.checks.registry import CheckRegistry
from baomi.engines.database import run_checks
from baomi.model import Status
from baomi.settings import Settings
from baomi.sources.database import dsn as dsn_module
from baomi.sources.database.mysql import option_file as mycnf
from baomi.sources.database.mysql.config_files import loaded_plugins
from baomi.sources.database.mysql.server import connection_reason as mysql_reason
from baomi.sources.database.mysql.server import tls_options
from baomi.sources.database.postgresql.hba_file import parse_record
from baomi.sources.database.postgresql.server import connection_reason as pg_reason
from baomi.sources.database.snapshot import Facts, MysqlAccount, PgRole, Setting
from baomi.sources.interface import SourceError

P, F, E = Status.PASS, Status.FAIL, Status.ERROR


def _facts(settings: dict[str, str] | None = None, **tables: object) -> Facts:
    values = None if settings is None else {k: Setting(k, v, "test") for k, v in settings.items()}
    return Facts("test", values, tables=tables)


def _hba(*lines: str) -> tuple:
    rules = []
    for number, line in enumerate(lines, start=1):
        rule = parse_record(line.split(), f"line {number}", None)
        assert not isinstance(rule, str), rule
        rules.append(rule)
    return tuple(rules)


def _statuses(registry: CheckRegistry, check_id: str, facts: Facts, settings: Settings | None = None) -> list:
    outcome = registry.checks()[check_id](facts, settings or Settings())
    return [v.status for v in ([outcome] if hasattr(outcome, "status") else outcome)]


@pytest.mark.parametrize("lines, expected", [
    (["host all all 10.0.0.0/8 scram-sha-256"], [F]),
    (["hostnossl all all 0.0.0.0/0 reject", "host all all 10.0.0.0/8 scram-sha-256"], [P]),
    # the reject comes after: the host rule matches plaintext first
    (["host all all 10.0.0.0/8 scram-sha-256", "hostnossl all all 0.0.0.0/0 reject"], [F]),
    # an IPv4 reject does not cover an IPv6 rule
    (["hostnossl all all 0.0.0.0/0 reject", "host all all fd00::/8 scram-sha-256"], [F]),
    # a reject for one database does not cover a rule for all databases
    (["hostnossl crm all 0.0.0.0/0 reject", "host all all 10.0.0.0/8 scram-sha-256"], [F]),
    (["hostnossl all all all reject", "host all all db.example.com scram-sha-256"], [P]),
    (["hostnossl all all 10.0.0.0/8 scram-sha-256"], [F]),
    (["host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 md5", "local all all peer"], [P]),
    (["hostssl all all 0.0.0.0/0 scram-sha-256", "hostgssenc all all 0.0.0.0/0 gss"], [P]),
])
def test_hostssl_only_respects_rule_order_and_scope(lines: list[str], expected: list[Status]) -> None:
    assert _statuses(PG, "PG_HBA_HOSTSSL_ONLY", _facts(hba=_hba(*lines))) == expected


def test_open_rules_include_netmask_form_and_all_but_not_reject() -> None:
    rules = _hba("host all all 0.0.0.0 0.0.0.0 scram-sha-256", "hostssl all all all cert",
                 "host all all ::/0 reject", "host all all 10.0.0.0/8 md5")
    assert _statuses(PG, "PG_HBA_NO_OPEN_RULE", _facts(hba=rules)) == [F, F]


@pytest.mark.parametrize("value, covered", [
    ("ddl, role, write", True), ("all", True), ("all, -misc", True), ("read, write, ddl, role", True),
    ("all, -write", False), ("ddl, role", False), ("none", False), ("", False), ("WRITE,DDL,ROLE", True),
])
def test_pgaudit_log_classes(value: str, covered: bool) -> None:
    assert ({"ddl", "role", "write"} <= pgaudit_classes(value)) is covered
    assert _statuses(PG, "PG_PGAUDIT_LOG_CLASSES", _facts({"pgaudit.log": value})) == [P if covered else F]


@pytest.mark.parametrize("prefix, ok", [("%m [%p] %q%u@%d %r ", True), ("%t %u %d %h", True),
                                         ("%m [%p] ", False), ("%m %u %d", False)])
def test_log_line_prefix_needs_time_user_database_client(prefix: str, ok: bool) -> None:
    assert _statuses(PG, "PG_LOG_LINE_PREFIX", _facts({"log_line_prefix": prefix})) == [P if ok else F]


@pytest.mark.parametrize("value, ok", [("TLSv1.2", True), ("TLSv1.3", True), ("TLSv1.1", False), ("", False)])
def test_ssl_min_protocol(value: str, ok: bool) -> None:
    assert _statuses(PG, "PG_SSL_MIN_PROTOCOL", _facts({"ssl_min_protocol_version": value})) == [P if ok else F]


def test_listen_everywhere_depends_on_hba() -> None:
    tight = _hba("hostnossl all all 0.0.0.0/0 reject", "hostssl all all 10.0.0.0/8 scram-sha-256")
    loose = _hba("host all all 0.0.0.0/0 scram-sha-256")
    everywhere = {"listen_addresses": "*"}
    assert _statuses(PG, "PG_LISTEN_ADDRESSES", _facts(everywhere, hba=tight)) == [P]
    assert _statuses(PG, "PG_LISTEN_ADDRESSES", _facts(everywhere, hba=loose)) == [F]
    assert _statuses(PG, "PG_LISTEN_ADDRESSES", _facts(everywhere)) == [F]  # no pg_hba.conf read


@pytest.mark.parametrize("versions, ok", [("TLSv1.2,TLSv1.3", True), ("TLSv1,TLSv1.2", False),
                                           ("TLSv1.0", False), ("", False)])
def test_mysql_tls_version(versions: str, ok: bool) -> None:
    assert _statuses(MYSQL, "MYSQL_TLS_VERSION", _facts({"tls_version": versions})) == [P if ok else F]


@pytest.mark.parametrize("days, ok", [("0", False), ("90", True), ("91", False), ("30", True)])
def test_password_lifetime_against_max_password_age(days: str, ok: bool) -> None:
    facts = _facts({"default_password_lifetime": days})
    assert _statuses(MYSQL, "MYSQL_PASSWORD_LIFETIME", facts, Settings(max_password_age_days=90)) == [P if ok else F]


@pytest.mark.parametrize("settings, plugins, ok", [
    ({"server_audit_logging": "ON", "server_audit_events": ""}, {"server_audit": "ACTIVE"}, True),
    ({"server_audit_logging": "ON", "server_audit_events": "CONNECT"}, {"server_audit": "ACTIVE"}, False),
    ({"server_audit_logging": "ON", "server_audit_events": "CONNECT,QUERY_DDL,QUERY_DML,QUERY_DCL"},
     {"server_audit": "ACTIVE"}, True),
    ({"server_audit_logging": "OFF", "server_audit_events": ""}, {"server_audit": "ACTIVE"}, False),
    ({"audit_log_policy": "ALL"}, {"audit_log": "ACTIVE"}, True),
    ({"audit_log_policy": "LOGINS"}, {"audit_log": "ACTIVE"}, False),
    ({}, {"server_audit": "DISABLED"}, False),
])
def test_audit_plugin(settings: dict[str, str], plugins: dict[str, str], ok: bool) -> None:
    assert _statuses(MYSQL, "MYSQL_AUDIT_PLUGIN", _facts(settings, plugins=plugins)) == [P if ok else F]


def test_my_cnf_switches_loose_prefix_and_repeated_plugin_load_add(tmp_path: Path) -> None:
    cnf = tmp_path / "my.cnf"
    cnf.write_text("[mysqld]\nskip-local-infile\nloose-require-secure-transport = ON\n"
                   "plugin-load-add = ha_example.so\nplugin_load_add = server_audit  # audit\n"
                   "tls_version = \"TLSv1.2,TLSv1.3\"\n[client]\nlocal-infile\n")
    parsed = mycnf.parse(cnf)
    assert parsed.problems == ()
    values = {k: s.value for k, s in parsed.settings.items()}
    assert values["local_infile"] == "OFF"  # the [client] option does not touch the server's
    assert values["require_secure_transport"] == "ON"
    assert values["tls_version"] == "TLSv1.2,TLSv1.3"
    assert loaded_plugins(parsed.settings) == {"ha_example": "ACTIVE", "server_audit": "ACTIVE"}


def test_missing_fact_is_an_error_and_out_of_reach_is_no_finding() -> None:
    from baomi.catalog import load_catalog

    specs = load_catalog().checks_for("postgresql")
    facts = Facts("db", {}, hidden_reason="needs pg_read_all_settings", live=True, missing={"hba": "no grant"})
    findings = list(run_checks(PG, specs, facts, Settings(), "postgresql"))
    by_id = {f.check_id: f for f in findings}
    assert by_id["PG_SSL_ON"].status is E and "pg_read_all_settings" in by_id["PG_SSL_ON"].message
    assert by_id["PG_HBA_NO_TRUST"].status is E and by_id["PG_HBA_NO_TRUST"].message == "cannot evaluate: no grant"
    assert "PG_SUPERUSERS_LIMITED" not in by_id  # roles: out of reach of this (made-up) source


def test_dsn_endpoint_never_shows_the_password() -> None:
    parsed = dsn_module.parse_dsn("postgres://alice:s3cr%40t@db.example.com/crm?sslmode=require")
    assert (parsed.engine, parsed.endpoint, parsed.password) == (
        "postgresql", "postgresql://alice@db.example.com:5432/crm", "s3cr@t")
    assert "s3cr" not in repr(parsed)
    assert dsn_module.parse_dsn("mariadb://bob@10.0.0.5:3307/").endpoint == "mariadb://bob@10.0.0.5:3307/"
    with pytest.raises(SourceError) as caught:
        dsn_module.parse_dsn("oracle://carol:Top-Secret@db/x")
    # an unsupported DSN is named by its scheme alone: its syntax is unknown, so is where its password is
    assert str(caught.value) == ("oracle://: unsupported database DSN (use postgresql://, postgres://, mysql:// or "
                                 "mariadb://)")
    with pytest.raises(SourceError, match="invalid port"):
        dsn_module.parse_dsn("mysql://dave:pw@db:99999/")


def test_password_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("BAOMI_DB_PASSWORD", "from-env")
    assert dsn_module.password_for(dsn_module.parse_dsn("mysql://u:in-dsn@h/")) == "in-dsn"
    assert dsn_module.password_for(dsn_module.parse_dsn("mysql://u@h/")) == "from-env"
    monkeypatch.delenv("BAOMI_DB_PASSWORD")
    monkeypatch.setenv("PGPASSWORD", "libpq-reads-it")
    assert dsn_module.password_for(dsn_module.parse_dsn("postgresql://u@h/db")) is None


def test_unknown_sslmode_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="--db-sslmode sometimes: unknown mode"):
        dsn_module.checked_ssl_mode("sometimes")


def test_connection_reasons_are_short_and_scrubbed() -> None:
    assert pg_reason('connection to server at "h" (10.0.0.1), port 5432 failed: FATAL:  password authentication '
                     'failed for user "u"') == "password authentication failed"
    assert pg_reason('could not translate host name "nowhere" to address: Name or service not known') == \
        "unknown host"
    assert pg_reason("something odd with pw-123 in it\nsecond line", "pw-123") == "something odd with *** in it"
    assert mysql_reason(OSError(2003, "Can't connect to MySQL server on 'x' ([Errno -2] Name or service not known)")) \
        == "unknown host"
    assert mysql_reason(OSError(1045, "Access denied for user 'u'@'h' (using password: YES)")) == \
        "access denied (wrong user or password)"


def test_mysql_tls_options_ask_for_tls_in_every_mode_but_disable() -> None:
    assert tls_options("disable", None) == {"ssl_disabled": True}
    for optional in (None, "allow", "prefer"):  # TLS first, certificate unchecked, as libpq's prefer
        context = tls_options(optional, None)["ssl"]
        assert (context.check_hostname, context.verify_mode) == (False, ssl.CERT_NONE)
    required = tls_options("require", None)["ssl"]
    assert (required.check_hostname, required.verify_mode) == (False, ssl.CERT_NONE)
    full = tls_options("verify-full", None)["ssl"]
    assert (full.check_hostname, full.verify_mode) == (True, ssl.CERT_REQUIRED)
    verify_ca = tls_options("verify-ca", None)["ssl"]
    assert (verify_ca.check_hostname, verify_ca.verify_mode) == (False, ssl.CERT_REQUIRED)


def test_redact_dsn_for_display() -> None:
    assert dsn_module.redact_dsn("postgresql://u:pw-1@h/db") == "postgresql://u@h:5432/db"
    assert dsn_module.redact_dsn("oracle://u:pw-1@h/db") == "oracle://u@h/db"


def test_importing_the_sources_loads_no_database_driver() -> None:
    import subprocess
    import sys

    code = ("import sys, baomi.sources.database; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'pymysql')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("ciphers, weak", [
    ("HIGH:MEDIUM:+3DES:!aNULL", ["MEDIUM (RC4)", "MEDIUM (DES)", "MEDIUM (3DES)", "MEDIUM (MD5)"]),  # the default
    # dev-sec postgres-baseline's string: !ADH leaves anonymous ECDH suites in
    ("ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH", ["ALL (RC4)", "ALL (DES)", "ALL (3DES)", "anonymous suites (no !aNULL)"]),
    ("HIGH:!aNULL", []), ("HIGH:!aNULL:!MD5:!3DES:!RC4", []), ("ALL:!aNULL:!RC4:!DES:!3DES:!MD5", []),
    ("ECDHE+AESGCM:!aNULL", []), ("ECDHE-RSA-AES256-GCM-SHA384:!aNULL", []),
    ("DES-CBC3-SHA:!aNULL", ["DES-CBC3-SHA (DES)"]), ("NULL-SHA256:!aNULL", ["NULL-SHA256 (eNULL)"]),
    ("HIGH:-aNULL", ["anonymous suites (no !aNULL)"]),  # '-' can be added back: only '!' excludes for good
    ("RC4:!aNULL", ["RC4"]),
])
def test_weak_ciphers(ciphers: str, weak: list[str]) -> None:
    from baomi.checks.postgresql.tls import weak_ciphers

    assert weak_ciphers(ciphers) == weak
    facts = _facts({"ssl_ciphers": ciphers, "ssl_min_protocol_version": "TLSv1.2"})
    assert _statuses(PG, "PG_SSL_CIPHERS", facts) == [F if weak else P]
    # TLS 1.3 suites are not governed by ssl_ciphers
    tls13 = _facts({"ssl_ciphers": ciphers, "ssl_min_protocol_version": "TLSv1.3"})
    assert _statuses(PG, "PG_SSL_CIPHERS", tls13) == [P]


@pytest.mark.parametrize("ciphers, weak, unknown", [
    # RSA selects by key exchange and authentication only: NULL-SHA, RC4-SHA, DES-CBC3-SHA in older OpenSSL
    ("SSLv3:RSA:!aNULL", [], ["SSLv3", "RSA"]), ("ECDHE:!aNULL", [], ["ECDHE"]), ("HGIH:!aNULL", [], ["HGIH"]),
    ("IDEA-CBC-SHA:!aNULL", [], ["IDEA-CBC-SHA"]),
    # ... unless every weak family it may bring is excluded for good
    ("ECDHE:RSA:!aNULL:!eNULL:!RC4:!DES:!3DES:!MD5", [], []), ("ECDHE:!aNULL:!eNULL:!RC4:!3DES", [], ["ECDHE"]),
    # joined with a strong selector it picks strong suites only; with a weak one it picks weak ones
    ("EECDH+AESGCM:EDH+AESGCM:kRSA+CHACHA20:!aNULL", [], []), ("ECDHE+3DES:!aNULL", ["3DES"], []),
    ("TLS_AES_128_GCM_SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:AES128-SHA:!aNULL", [], []),
    ("HIGH:@STRENGTH:@SECLEVEL=2:!aNULL", [], []),
    # a weak entry fails even beside one not understood
    ("RC4:FOO:!aNULL", ["RC4"], ["FOO"]),
])
def test_cipher_entries_not_known_strong_are_never_a_pass(ciphers: str, weak: list[str], unknown: list[str]) -> None:
    from baomi.checks.postgresql.tls import cipher_list

    assert cipher_list(ciphers) == (weak, unknown)
    facts = _facts({"ssl_ciphers": ciphers, "ssl_min_protocol_version": "TLSv1.2"})
    assert _statuses(PG, "PG_SSL_CIPHERS", facts) == [F if weak else E if unknown else P]


def test_cipher_entry_not_told_is_named() -> None:
    facts = _facts({"ssl_ciphers": "SSLv3:RSA:HGIH:!aNULL", "ssl_min_protocol_version": "TLSv1.2"})
    outcome = PG.checks()["PG_SSL_CIPHERS"](facts, Settings())
    assert outcome.status is E and outcome.message == (
        "ssl_ciphers 'SSLv3:RSA:HGIH:!aNULL': what 'SSLv3' (selects by key exchange, authentication, MAC or protocol "
        "only), 'RSA' (selects by key exchange, authentication, MAC or protocol only), 'HGIH' (not understood) lets in "
        "cannot be told, and may be null, RC4, DES, 3DES or MD5 suites; name strong ciphers (HIGH, AESGCM, CHACHA20) "
        "or exclude those with !eNULL:!RC4:!DES:!3DES:!MD5 (test)")


@pytest.mark.parametrize("lines, expected", [
    (["host all all 0.0.0.0/0 scram-sha-256"], [F]),
    (["hostssl all postgres 10.0.0.0/8 scram-sha-256"], [F]),
    (["hostssl all app 10.0.0.0/8 scram-sha-256", "host all all 127.0.0.1/32 scram-sha-256", "local all all peer"],
     [P]),
    # a reject for every administrator before the wide rule keeps them out
    (["host all postgres 0.0.0.0/0 reject", "host all root 0.0.0.0/0 reject", "host all mariadb.sys 0.0.0.0/0 reject",
      "hostssl all all 10.0.0.0/8 scram-sha-256"], [P]),
    # ... but not a reject that comes after it, nor one for plaintext connections only
    (["hostssl all all 10.0.0.0/8 scram-sha-256", "host all postgres 0.0.0.0/0 reject"], [F]),
    (["hostnossl all postgres 0.0.0.0/0 reject", "hostssl all postgres 10.0.0.0/8 scram-sha-256"], [F]),
    # files hold no memberships: whether +group holds a superuser cannot be told
    (["hostssl all +dba 10.0.0.0/8 scram-sha-256"], [E]),
])
def test_remote_superuser_rules_from_files(lines: list[str], expected: list[Status]) -> None:
    assert _statuses(PG, "PG_HBA_NO_REMOTE_SUPERUSER", _facts(hba=_hba(*lines))) == expected


@pytest.mark.parametrize("users, why", [
    ("/^adm", "a regular expression (/...) is not evaluated"), ("@admins.txt", "a file of names (@file) is not read")])
def test_remote_superuser_regex_or_file_of_names_is_unknown(users: str, why: str) -> None:
    """A /regex (PostgreSQL 16+) or an @file may name a superuser: never a pass, live or in files."""
    rules = _hba(f"hostssl all {users} 10.0.0.0/8 scram-sha-256")
    outcome = PG.checks()["PG_HBA_NO_REMOTE_SUPERUSER"](_facts(hba=rules), Settings())
    assert [(v.status, v.message) for v in outcome] == [
        (E, f"line 1: whether {users} names any administrator (db_admin_accounts) cannot be told: {why}")]
    live = _facts(hba=rules, roles=(PgRole("postgres", superuser=True, can_login=True, bootstrap=True),))
    assert _statuses(PG, "PG_HBA_NO_REMOTE_SUPERUSER", live) == [E]
    # an earlier reject for the same entry does not clear it: what it names is as unknown
    rejected = _hba(f"host all {users} 0.0.0.0/0 reject", f"hostssl all {users} 10.0.0.0/8 scram-sha-256")
    assert _statuses(PG, "PG_HBA_NO_REMOTE_SUPERUSER", _facts(hba=rejected, roles=live.tables["roles"])) == [E]


@pytest.mark.parametrize("collector, destination, ok", [
    ("on", "stderr", True), ("off", "stderr", False), ("off", "stderr,syslog", True), ("off", "csvlog", False),
    ("t", "stderr", True), ("of", "stderr,syslog", True)])
def test_logging_collector_or_syslog(collector: str, destination: str, ok: bool) -> None:
    facts = _facts({"logging_collector": collector, "log_destination": destination})
    assert _statuses(PG, "PG_LOGGING_COLLECTOR", facts) == [P if ok else F]


@pytest.mark.parametrize("registry, check_id, name", [
    (PG, "PG_LOGGING_COLLECTOR", "logging_collector"), (PG, "PG_SSL_ON", "ssl"),
    (PG, "PG_LOG_CONNECTIONS", "log_connections"),
    (MYSQL, "MYSQL_GENERAL_LOG_OFF", "general_log"), (MYSQL, "MYSQL_LOCAL_INFILE_OFF", "local_infile"),
    (MYSQL, "MYSQL_REQUIRE_SECURE_TRANSPORT", "require_secure_transport")])
def test_setting_that_is_no_boolean_is_an_error_naming_it(registry: CheckRegistry, check_id: str, name: str) -> None:
    facts = _facts({name: "maybe", "log_destination": "syslog"})
    outcome = registry.checks()[check_id](facts, Settings())
    verdict = outcome if hasattr(outcome, "status") else next(iter(outcome))
    assert (verdict.status, verdict.message) == (E, f"{name} = 'maybe' is not a boolean (test)")


@pytest.mark.parametrize("value, postgresql, mysql", [
    ("on", True, True), ("OFF", False, False), ("1", True, True), ("0", False, False), ("'true'", True, True),
    # PostgreSQL takes yes/no and any unique prefix; MySQL sets an option it cannot read OFF, with a warning
    ("yes", True, None), ("n", False, None), ("t", True, None), ("of", False, None), ("o", None, None),
    ("maybe", None, None), ("", None, None), ("10", None, None)])
def test_boolean_words_of_each_engine(value: str, postgresql: bool | None, mysql: bool | None) -> None:
    from baomi.sources.database.snapshot import as_bool, as_mysql_bool

    assert (as_bool(value), as_mysql_bool(value)) == (postgresql, mysql)


def test_general_log_says_what_it_means() -> None:
    on = MYSQL.checks()["MYSQL_GENERAL_LOG_OFF"](_facts({"general_log": "ON"}), Settings())
    assert (on.status, on.message) == (F, "general_log is on: every statement is written with its literals (customer "
                                          "data, passwords where the server does not rewrite them) to the general "
                                          "query log (test)")
    # 'yes' is no boolean to MySQL: not read as on, never a pass
    assert _statuses(MYSQL, "MYSQL_REQUIRE_SECURE_TRANSPORT", _facts({"require_secure_transport": "yes"})) == [E]


@pytest.mark.parametrize("value, status", [("none", F), ("ddl", P), ("mod", P), ("all", P), ("'DDL'", P),
                                           ("verbose", E)])
def test_log_statement_ddl_or_more(value: str, status: Status) -> None:
    assert _statuses(PG, "PG_LOG_STATEMENT", _facts({"log_statement": value})) == [status]


@pytest.mark.parametrize("libraries, ok", [("pgaudit,passwordcheck", True), ("credcheck", True), ("pgaudit", False),
                                           ("", False), ("'passwordcheck'", True)])
def test_password_check_module(libraries: str, ok: bool) -> None:
    facts = _facts({"shared_preload_libraries": libraries})
    assert _statuses(PG, "PG_PASSWORD_CHECK_LOADED", facts) == [P if ok else F]


def _account(user: str, host: str, **fields: object) -> MysqlAccount:
    values: dict = {"plugin": "mysql_native_password", "has_password": True, "locked": False, "is_role": False,
                    "all_global_privileges": False, **fields}
    return MysqlAccount(user, host, **values)


def test_password_validation_plugin_or_component() -> None:
    assert _statuses(MYSQL, "MYSQL_PASSWORD_VALIDATION", _facts({}, plugins={"simple_password_check": "ACTIVE"})) == [P]
    assert _statuses(MYSQL, "MYSQL_PASSWORD_VALIDATION", _facts({}, plugins={"cracklib_password_check": "DISABLED"})) \
        == [F]
    # MySQL 8's component shows itself by its variables only, on a live server: in an option file the variable
    # (loose-validate_password.policy, ignored while the component is not installed) proves nothing
    policy = {"validate_password.policy": Setting("validate_password.policy", "MEDIUM", "test")}
    live = Facts("test", policy, live=True, tables={"plugins": {}})
    assert _statuses(MYSQL, "MYSQL_PASSWORD_VALIDATION", live) == [P]
    in_file = Facts("test", policy, tables={"plugins": {}})
    assert _statuses(MYSQL, "MYSQL_PASSWORD_VALIDATION", in_file) == [F]


def test_account_require_ssl_unless_secure_transport() -> None:
    accounts = (_account("app", "10.%"), _account("cert", "%", ssl_type="X509"), _account("ops", "localhost"),
                _account("old", "%", locked=True))
    off = _facts({"require_secure_transport": "OFF"}, accounts=accounts)
    assert _statuses(MYSQL, "MYSQL_ACCOUNT_REQUIRE_SSL", off) == [F]  # app only: cert requires X509, ops is local
    on = _facts({"require_secure_transport": "ON"}, accounts=accounts)
    assert _statuses(MYSQL, "MYSQL_ACCOUNT_REQUIRE_SSL", on) == [P]


def test_dangerous_privileges_of_administrators_and_roles() -> None:
    accounts = (_account("root", "localhost", privileges=frozenset({"super_priv", "file_priv"})),
                _account("app", "%", privileges=frozenset({"select_priv"})),
                _account("ops", "localhost", privileges=frozenset({"process_priv"}), roles=("monitor",)))
    assert _statuses(MYSQL, "MYSQL_DANGEROUS_PRIVILEGES", _facts({}, accounts=accounts)) == [F]  # ops only
    assert _statuses(MYSQL, "MYSQL_DANGEROUS_PRIVILEGES", _facts({}, accounts=accounts),
                     Settings(db_admin_accounts=("root", "ops@localhost"))) == [P]


def test_dangerous_privileges_unknown_roles_on_mysql_count_every_other_account() -> None:
    """MySQL has no role flag: with mysql.role_edges unreadable, any other account may be a role granted to
    this one, so one holding FILE makes every account that cannot be cleared an ERROR, never a pass."""
    everyone = frozenset({("app", "%"), ("loader", "%")})
    unknown = "reading role grants needs GRANT SELECT ON mysql.role_edges TO the scanning account"
    app = _account("app", "%", privileges=frozenset({"select_priv"}), roles_unknown=unknown,
                   role_candidates=everyone)
    loader = _account("loader", "%", locked=True, privileges=frozenset({"file_priv"}), roles_unknown=unknown,
                      role_candidates=everyone)
    outcome = MYSQL.checks()["MYSQL_DANGEROUS_PRIVILEGES"](_facts({}, accounts=(app, loader)), Settings())
    assert [(v.status, v.message) for v in outcome] == [
        (E, "account 'app'@'%': other accounts holding FILE, SUPER, PROCESS, SHUTDOWN, RELOAD, CREATE USER, GRANT "
            "OPTION exist ('loader'@'%'), any of which may be granted to it as a role, and which ones it may switch "
            f"on cannot be told: {unknown}")]
    # an account is not a role of its own; with no other candidate holding one, the account passes
    alone = _account("app", "%", privileges=frozenset({"select_priv"}), roles_unknown=unknown,
                     role_candidates=frozenset({("app", "%")}))
    assert _statuses(MYSQL, "MYSQL_DANGEROUS_PRIVILEGES", _facts({}, accounts=(alone,))) == [P]
