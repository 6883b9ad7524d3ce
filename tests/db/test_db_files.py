"""Database configuration files as a source, on the examples/databases fixtures and on broken files:
the same checks as live, file:line locations, includes followed, unparseable lines as ERROR findings."""
from __future__ import annotations

from pathlib import Path

import pytest

from baomi.catalog import Catalog
from baomi.model import SOURCE_ERROR_CHECK, Location, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import DatabaseFileSource
from baomi.sources.interface import SourceError
from baomi.sources.paths import display_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "databases"
P, F, E = Status.PASS, Status.FAIL, Status.ERROR
#: what only a live server shows: roles, stored hashes, checksums, grants, functions and tables
LIVE_ONLY = {"PG_SUPERUSERS_LIMITED", "PG_LOGIN_ROLES_HAVE_PASSWORD", "PG_DATA_CHECKSUMS", "PG_NO_PUBLIC_GRANTS",
             "PG_PUBLIC_SCHEMA_CREATE", "PG_NO_GRANT_OPTION", "PG_SECURITY_DEFINER_SUPERUSER",
             "PG_ROLE_ATTRIBUTES_LIMITED", "PG_ADMIN_ROLE_MEMBERSHIP", "PG_RLS_CUSTOMER_TABLES"}


def _scan(catalog: Catalog, *paths: Path, named: tuple[Path, ...] = (), exclude: tuple[str, ...] = ()) -> list:
    return list(judge(DatabaseFileSource(paths, named, exclude), catalog.checks, Settings()))


def _shown(path: Path) -> str:
    """How findings name a file: relative to the working directory when under it, as the IaC source does."""
    return display_path(str(path))


def _by_check(findings: list) -> dict[str, list[tuple[Status, Location | None]]]:
    out: dict[str, list[tuple[Status, Location | None]]] = {}
    for f in findings:
        out.setdefault(f.check_id, []).append((f.status, f.location))
    return out


def test_insecure_postgresql_files_located_by_file_and_line(catalog: Catalog) -> None:
    root = EXAMPLES / "postgresql" / "insecure"
    conf, hba = _shown(root / "postgresql.conf"), _shown(root / "pg_hba.conf")
    findings = _by_check(_scan(catalog, root))
    assert findings == {
        "PG_SSL_ON": [(F, Location(conf, 6))],
        "PG_SSL_MIN_PROTOCOL": [(P, Location(conf))],  # not set: PostgreSQL's default TLSv1.2 applies
        "PG_HBA_HOSTSSL_ONLY": [(F, Location(hba, 4)), (F, Location(hba, 5)), (F, Location(hba, 6))],
        "PG_HBA_NO_TRUST": [(F, Location(hba, 2)), (F, Location(hba, 3))],
        "PG_HBA_NO_PASSWORD": [(F, Location(hba, 5))],
        "PG_HBA_NO_MD5": [(F, Location(hba, 4))],
        "PG_PASSWORD_ENCRYPTION_SCRAM": [(F, Location(conf, 7))],
        "PG_HBA_NO_OPEN_RULE": [(F, Location(hba, 4)), (F, Location(hba, 5))],
        "PG_LOG_CONNECTIONS": [(F, Location(conf, 9))],
        "PG_LOG_DISCONNECTIONS": [(F, Location(conf))],
        "PG_LOG_LINE_PREFIX": [(F, Location(conf, 10))],
        "PG_PGAUDIT_LOADED": [(F, Location(conf))],
        "PG_PGAUDIT_LOG_CLASSES": [(F, Location(conf))],
        "PG_LISTEN_ADDRESSES": [(F, Location(conf, 2))],
        "PG_IDLE_SESSION_TIMEOUT": [(F, Location(conf))],
        # the rules for all users from the internet let the superuser (db_admin_accounts' postgres) in
        "PG_HBA_NO_REMOTE_SUPERUSER": [(F, Location(hba, 4)), (F, Location(hba, 5))],
        "PG_SSL_CIPHERS": [(F, Location(conf))],  # PostgreSQL's default 'HIGH:MEDIUM:+3DES:!aNULL' lets 3DES in
        "PG_PASSWORD_CHECK_LOADED": [(F, Location(conf))],
        "PG_LOGGING_COLLECTOR": [(F, Location(conf))],
        "PG_LOG_STATEMENT": [(F, Location(conf))],
        # roles, grants, functions, tables and data_checksums cannot be read from files: not evaluated, no finding
    }


def test_hardened_postgresql_files_pass_including_included_settings(catalog: Catalog) -> None:
    root = EXAMPLES / "postgresql" / "hardened"
    findings = _scan(catalog, root)
    assert {(f.check_id, f.status) for f in findings} == {
        (c.id, P) for c in catalog.checks_for("postgresql") if c.id not in LIVE_ONLY}
    pgaudit = next(f for f in findings if f.check_id == "PG_PGAUDIT_LOADED")
    assert pgaudit.location == Location(_shown(root / "conf.d" / "10-pgaudit.conf"), 1)
    assert pgaudit.resource == _shown(root / "postgresql.conf")


def test_insecure_my_cnf_located_by_file_and_line(catalog: Catalog) -> None:
    cnf = _shown(EXAMPLES / "mysql" / "insecure" / "my.cnf")
    assert _by_check(_scan(catalog, EXAMPLES / "mysql" / "insecure")) == {
        "MYSQL_REQUIRE_SECURE_TRANSPORT": [(F, Location(cnf))],
        "MYSQL_TLS_VERSION": [(F, Location(cnf, 8))],
        "MYSQL_AUDIT_PLUGIN": [(F, None)],
        "MYSQL_LOCAL_INFILE_OFF": [(F, Location(cnf, 7))],
        "MYSQL_PASSWORD_LIFETIME": [(F, Location(cnf, 9))],
        "MYSQL_BIND_ADDRESS": [(F, Location(cnf, 6))],
        "MYSQL_PASSWORD_VALIDATION": [(F, None)],
        "MYSQL_ERROR_LOG": [(F, Location(cnf))],
        "MYSQL_GENERAL_LOG_OFF": [(F, Location(cnf, 10))],
    }


def test_hardened_my_cnf_follows_includedir(catalog: Catalog) -> None:
    root = EXAMPLES / "mysql" / "hardened"
    findings = _scan(catalog, root)
    assert {(f.check_id, f.status) for f in findings} == {
        ("MYSQL_REQUIRE_SECURE_TRANSPORT", P), ("MYSQL_TLS_VERSION", P), ("MYSQL_AUDIT_PLUGIN", P),
        ("MYSQL_LOCAL_INFILE_OFF", P), ("MYSQL_PASSWORD_LIFETIME", P), ("MYSQL_BIND_ADDRESS", P),
        ("MYSQL_PASSWORD_VALIDATION", P),
        ("MYSQL_ERROR_LOG", P), ("MYSQL_GENERAL_LOG_OFF", P),
        # require_secure_transport = ON: every account's connections use TLS, whatever accounts the server holds
        ("MYSQL_ACCOUNT_REQUIRE_SSL", P)}
    audit = next(f for f in findings if f.check_id == "MYSQL_AUDIT_PLUGIN")
    assert audit.location == Location(_shown(root / "conf.d" / "audit.cnf"), 4)
    assert {f.resource for f in findings} == {_shown(root / "my.cnf")}  # audit.cnf is not scanned on its own


def test_validate_password_option_in_a_file_does_not_show_the_component(catalog: Catalog, tmp_path: Path) -> None:
    """loose-validate_password.policy is ignored by a server without the component: no proof it is installed."""
    (tmp_path / "my.cnf").write_text("[mysqld]\nloose-validate_password.policy = STRONG\n")
    found = [f for f in _scan(catalog, tmp_path) if f.check_id == "MYSQL_PASSWORD_VALIDATION"]
    assert [f.status for f in found] == [F]
    assert "a validate_password.* option in a file does not show it" in found[0].message


def test_exclude_glob_skips_files(catalog: Catalog) -> None:
    findings = _scan(catalog, EXAMPLES, exclude=("*/insecure",))
    assert findings and not any("insecure" in f.resource for f in findings)


def test_named_file_of_any_name(catalog: Catalog, tmp_path: Path) -> None:
    conf = tmp_path / "primary.conf"
    conf.write_text("ssl = on\n")
    findings = _scan(catalog, named=(conf,))
    assert (("PG_SSL_ON", P, Location(_shown(conf), 1)) in {(f.check_id, f.status, f.location) for f in findings})


def test_missing_path_or_unknown_named_file_is_a_source_error(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or directory"):
        _scan(catalog, tmp_path / "nowhere")
    odd = tmp_path / "settings.txt"
    odd.write_text("ssl = on\n")
    with pytest.raises(SourceError, match="not a postgresql.conf, pg_hba.conf or my.cnf"):
        _scan(catalog, named=(odd,))


def test_broken_lines_become_errors_and_the_rest_is_judged(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "postgresql.conf").write_text("ssl = on\nthis is not a setting\ninclude 'missing.conf'\n"
                                              "log_connections = on\n")
    (tmp_path / "pg_hba.conf").write_text("host all all 0.0.0.0/0 scram-sha-256\nhost all all 10.1.2.3 md5\n")
    findings = _scan(catalog, tmp_path)
    errors = {(f.location.line if f.location else None, f.location.file if f.location else None, f.message)
              for f in findings if f.check_id == SOURCE_ERROR_CHECK}
    conf, hba = _shown(tmp_path / "postgresql.conf"), _shown(tmp_path / "pg_hba.conf")
    assert errors == {
        (2, conf, f"cannot parse line 2 of {conf}: expected name = value"),
        (3, conf, f"cannot read included file {_shown(tmp_path / 'missing.conf')}: No such file or directory"),
        (2, hba, f"cannot parse line 2 of {hba}: IP address 10.1.2.3 needs a netmask or a CIDR suffix"),
    }
    assert all(f.status is E for f in findings if f.check_id == SOURCE_ERROR_CHECK)
    judged = {(f.check_id, f.status) for f in findings}
    assert {("PG_SSL_ON", P), ("PG_LOG_CONNECTIONS", P), ("PG_HBA_NO_OPEN_RULE", F)} <= judged


def test_include_loop_is_reported_not_followed_forever(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "postgresql.conf").write_text("include 'postgresql.conf'\nssl = on\n")
    findings = _scan(catalog, tmp_path)
    loops = [f for f in findings if f.check_id == SOURCE_ERROR_CHECK]
    assert [(f.message.split(":")[0], f.location) for f in loops] == [
        ("include loop", Location(_shown(tmp_path / "postgresql.conf"), 1))]


def test_my_cnf_without_server_group_is_not_judged_as_a_server(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "my.cnf").write_text("[client]\nuser = reporting\npassword = Hunter2-secret\n")
    assert _scan(catalog, tmp_path) == []


def test_no_database_checks_selected_reads_nothing(catalog: Catalog) -> None:
    source = DatabaseFileSource((EXAMPLES / "does-not-exist",))
    assert judge(source, catalog.checks_for("checkov"), Settings()) == []


def test_files_are_named_relative_to_the_working_directory(catalog: Catalog, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    """Stable resources for waiver globs and relative SARIF URIs, wherever the repository is checked out."""
    monkeypatch.chdir(ROOT)
    findings = _scan(catalog, Path("examples/databases/postgresql/insecure"))
    assert {f.resource for f in findings} == {"examples/databases/postgresql/insecure/postgresql.conf"}
    assert {f.location.file for f in findings if f.location} == {
        "examples/databases/postgresql/insecure/postgresql.conf", "examples/databases/postgresql/insecure/pg_hba.conf"}
    monkeypatch.chdir(tmp_path)  # outside the working directory: absolute
    findings = _scan(catalog, EXAMPLES / "mysql" / "hardened")
    assert {f.resource for f in findings} == {str(EXAMPLES / "mysql" / "hardened" / "my.cnf")}


def _host_files(tmp_path: Path) -> Path:
    """Stand-ins for the scanning host's /etc: settings that would make the repository's files pass."""
    host = tmp_path / "host-etc"
    (host / "conf.d").mkdir(parents=True)
    (host / "conf.d" / "tls.cnf").write_text("[mysqld]\nrequire_secure_transport = ON\n")
    (host / "extra.conf").write_text("ssl = on\n")
    (host / "pg_hba.conf").write_text("hostssl all all 10.0.0.0/8 scram-sha-256\n")
    (host / "more_hba.conf").write_text("host all all 0.0.0.0/0 trust\n")
    return host


def test_absolute_includes_outside_the_scanned_paths_are_errors_not_reads(catalog: Catalog, tmp_path: Path) -> None:
    host = _host_files(tmp_path)
    repo = tmp_path / "repo"
    (repo / "mysql").mkdir(parents=True)
    (repo / "mysql" / "my.cnf").write_text(f"[mysqld]\nlocal_infile = OFF\n!includedir {host / 'conf.d'}/\n")
    (repo / "pg").mkdir()
    (repo / "pg" / "postgresql.conf").write_text(f"include '{host / 'extra.conf'}'\n"
                                                 f"hba_file = '{host / 'pg_hba.conf'}'\n")
    (repo / "pg" / "pg_hba.conf").write_text("hostssl all all 10.0.0.0/8 scram-sha-256\n"
                                             f"include {host / 'more_hba.conf'}\n")

    findings = _scan(catalog, repo)
    errors = {(f.location, f.message) for f in findings if f.check_id == SOURCE_ERROR_CHECK}
    cnf, conf, hba = (_shown(repo / p) for p in ("mysql/my.cnf", "pg/postgresql.conf", "pg/pg_hba.conf"))
    assert errors == {
        (Location(cnf, 3), f"include_dir {_shown(host / 'conf.d')} is outside the scanned paths and was not read: "
                           "settings it may hold are not evaluated"),
        (Location(conf, 1), f"include {_shown(host / 'extra.conf')} is outside the scanned paths and was not read: "
                            "settings it may hold are not evaluated"),
        (Location(conf, 2), f"hba_file {_shown(host / 'pg_hba.conf')} is outside the scanned paths and was not "
                            "read: its rules are not evaluated"),
        (Location(hba, 2), f"include {_shown(host / 'more_hba.conf')} is outside the scanned paths and was not read: "
                           "settings it may hold are not evaluated"),
    }
    assert all(f.status is E for f in findings if f.check_id == SOURCE_ERROR_CHECK)
    judged = {(f.check_id, f.resource, f.status) for f in findings}
    # what the host's files would have set is not taken: the repository's own files are judged as they are, and
    # rules of a pg_hba include that was not read are unknown: the rule checks cannot pass (they are ERROR)
    assert {("MYSQL_REQUIRE_SECURE_TRANSPORT", cnf, F), ("PG_SSL_ON", conf, F), ("PG_HBA_NO_TRUST", hba, E)} <= judged
    # the hba_file was not read, so the pg_hba.conf beside postgresql.conf is judged on its own
    assert not any(f.check_id == "PG_HBA_NO_TRUST" and f.resource == conf for f in findings)


def test_absolute_includes_inside_the_scanned_paths_are_read(catalog: Catalog, tmp_path: Path) -> None:
    host = _host_files(tmp_path)
    (tmp_path / "repo").mkdir()
    cnf = tmp_path / "repo" / "my.cnf"
    cnf.write_text(f"[mysqld]\n!includedir {host / 'conf.d'}\n")
    findings = _scan(catalog, tmp_path)
    assert not [f for f in findings if f.check_id == SOURCE_ERROR_CHECK]
    assert ("MYSQL_REQUIRE_SECURE_TRANSPORT", P) in {(f.check_id, f.status) for f in findings}
    # a file named with --db-config stands for its directory: absolute includes of files beside it are read
    (host / "primary.conf").write_text(f"include '{host / 'extra.conf'}'\n")
    named = _scan(catalog, named=(host / "primary.conf",))
    assert not [f for f in named if f.check_id == SOURCE_ERROR_CHECK]
    assert [(f.status, f.location) for f in named if f.check_id == "PG_SSL_ON"] == [
        (P, Location(_shown(host / "extra.conf"), 1))]


def test_db_config_naming_a_directory_says_so(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        _scan(catalog, named=(tmp_path,))
    assert str(caught.value) == (f"--db-config {tmp_path}: is a directory (give the file, or scan the directory as "
                                 "a PATH)")
