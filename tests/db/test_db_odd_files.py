"""Odd and hostile database configuration files, made at test time: include graphs that fan out (each file read
once, so the work grows with the files, not 2^depth), includes that leave the scanned tree through relative
paths or links, FIFOs and devices where a file is expected, NUL bytes. Each is an ERROR finding naming file and
line, the rest is judged, nothing blocks."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from baomi.catalog import Catalog
from baomi.model import SOURCE_ERROR_CHECK, Location, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import DatabaseFileSource
from baomi.sources.database import includes as configfile
from baomi.sources.database.mysql import option_file as mycnf
from baomi.sources.database.postgresql import conf_file as pgconf
from baomi.sources.database.postgresql import hba_file as pghba
from baomi.sources.paths import display_path

P, F, E = Status.PASS, Status.FAIL, Status.ERROR


def _scan(catalog: Catalog, *paths: Path) -> list:
    return list(judge(DatabaseFileSource(paths), catalog.checks, Settings()))


def _errors(findings: list) -> set[tuple[str, Location | None]]:
    return {(f.message, f.location) for f in findings if f.check_id == SOURCE_ERROR_CHECK}


def _shown(path: Path) -> str:
    return display_path(str(path))


def _fan_out(root: Path, levels: int, width: int, include: str, body: str, suffix: str) -> Path:
    """level0 includes every file of level 1 ``width`` times over, and so on: width**levels paths,
    levels*width files."""
    for level in range(levels, -1, -1):
        for i in range(width if level else 1):
            lines = [body.format(level=level, i=i)]
            if level < levels:
                lines += [include.format(name=f"l{level + 1}_{j}{suffix}") for j in range(width) for _ in range(2)]
            (root / f"l{level}_{i}{suffix}").write_text("\n".join(lines) + "\n")
    return root / f"l0_0{suffix}"


@pytest.mark.parametrize("parse, include, body, suffix", [
    (pgconf.parse, "include '{name}'", "work_mem = '{level}MB'", ".conf"),
    (mycnf.parse, "!include {name}", "[mysqld]\nmax_connections = {level}", ".cnf"),
    (pghba.parse, "include {name}", "hostssl all all 10.{level}.{i}.0/24 scram-sha-256", ".conf"),
])
def test_an_include_graph_that_fans_out_reads_each_file_once(tmp_path: Path, parse, include: str, body: str,
                                                             suffix: str) -> None:
    main = _fan_out(tmp_path, levels=9, width=6, include=include, body=body, suffix=suffix)  # 12^9 include paths
    started = time.monotonic()
    parsed = parse(main, (tmp_path.resolve(),))
    assert time.monotonic() - started < 10
    assert len(parsed.files) == 1 + 9 * 6 and not parsed.problems
    if parse is pgconf.parse:
        # the value of the last file applied wins, as the server reads them: the deepest level of the last branch
        assert parsed.settings["work_mem"].value == "9MB"
        assert parsed.settings["work_mem"].location == Location(_shown(tmp_path / "l9_5.conf"), 1)
    if parse is pghba.parse:
        assert len(parsed.rules) == 1 + 9 * 6  # a rule met again can never match first


def test_includes_that_leave_the_scanned_tree_are_errors(catalog: Catalog, tmp_path: Path) -> None:
    outside = tmp_path / "host"
    outside.mkdir()
    (outside / "extra.conf").write_text("ssl = on\n")
    (outside / "tls.cnf").write_text("[mysqld]\nrequire_secure_transport = ON\n")
    repo = tmp_path / "repo"
    (repo / "pg" / "conf.d").mkdir(parents=True)
    (repo / "mysql").mkdir()
    (repo / "pg" / "conf.d" / "linked.conf").symlink_to(outside / "extra.conf")
    (repo / "pg" / "postgresql.conf").write_text("include '../../host/extra.conf'\ninclude_dir 'conf.d'\n"
                                                 "hba_file = '../../host/pg_hba.conf'\n")
    (repo / "mysql" / "my.cnf").write_text("[mysqld]\n!include ../../host/tls.cnf\n")
    findings = _scan(catalog, repo)
    conf, cnf = _shown(repo / "pg" / "postgresql.conf"), _shown(repo / "mysql" / "my.cnf")
    assert _errors(findings) == {
        (f"include {_shown(repo / 'pg' / '../../host/extra.conf')} is outside the scanned paths and was not read: "
         "settings it may hold are not evaluated", Location(conf, 1)),
        (f"{_shown(repo / 'pg' / 'conf.d' / 'linked.conf')} in include directory {_shown(repo / 'pg' / 'conf.d')} is "
         "outside the scanned paths and was not read: settings it may hold are not evaluated", Location(conf, 2)),
        (f"hba_file {_shown(repo / 'pg' / '../../host/pg_hba.conf')} is outside the scanned paths and was not read: "
         "its rules are not evaluated", Location(conf, 3)),
        (f"include {_shown(repo / 'mysql' / '../../host/tls.cnf')} is outside the scanned paths and was not read: "
         "settings it may hold are not evaluated", Location(cnf, 2)),
    }
    judged = {(f.check_id, f.status) for f in findings}
    assert {("PG_SSL_ON", F), ("MYSQL_REQUIRE_SECURE_TRANSPORT", F)} <= judged  # the host's files were not taken


def test_fifos_and_devices_where_a_file_is_expected_do_not_block(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "pg").mkdir()
    (tmp_path / "pg" / "postgresql.conf").write_text("ssl = on\ninclude 'fifo.conf'\n")
    os.mkfifo(tmp_path / "pg" / "fifo.conf")
    os.mkfifo(tmp_path / "pg" / "pg_hba.conf")
    (tmp_path / "pg2").mkdir()
    (tmp_path / "pg2" / "postgresql.conf").write_text("ssl = on\n")
    (tmp_path / "pg2" / "pg_hba.conf").symlink_to("/dev/zero")
    (tmp_path / "mysql").mkdir()
    (tmp_path / "mysql" / "my.cnf").write_text("[mysqld]\nlocal_infile = OFF\n!include /dev/zero\n"
                                               "!include fifo.cnf\n")
    os.mkfifo(tmp_path / "mysql" / "fifo.cnf")
    started = time.monotonic()
    findings = _scan(catalog, tmp_path)
    assert time.monotonic() - started < 10
    cnf, conf = _shown(tmp_path / "mysql" / "my.cnf"), _shown(tmp_path / "pg" / "postgresql.conf")
    hba, hba2 = _shown(tmp_path / "pg" / "pg_hba.conf"), _shown(tmp_path / "pg2" / "pg_hba.conf")
    assert _errors(findings) == {
        (f"cannot read included file {_shown(tmp_path / 'pg' / 'fifo.conf')}: not a regular file (a FIFO)",
         Location(conf, 2)),
        (f"{hba} is not a regular file and was not read: its rules are not evaluated", Location(hba)),
        (f"{hba2} is outside the scanned paths and was not read: its rules are not evaluated", Location(hba2)),
        ("include /dev/zero is outside the scanned paths and was not read: settings it may hold are not evaluated",
         Location(cnf, 3)),
        (f"cannot read included file {_shown(tmp_path / 'mysql' / 'fifo.cnf')}: not a regular file (a FIFO)",
         Location(cnf, 4)),
    }
    statuses = {(f.check_id, f.status) for f in findings}
    assert {("PG_SSL_ON", P), ("MYSQL_LOCAL_INFILE_OFF", P)} <= statuses
    assert not any(c.startswith("PG_HBA_") and s is P for c, s in statuses)  # unknown rules never pass


def test_a_device_inside_the_scanned_paths_is_not_read(tmp_path: Path) -> None:
    conf = tmp_path / "postgresql.conf"
    conf.write_text("include '/dev/zero'\nssl = on\n")
    parsed = pgconf.parse(conf, None)  # no limit on paths (a live host's own files): still no device is read
    assert [p.message for p in parsed.problems] == ["cannot read included file /dev/zero: not a regular file (a "
                                                    "character device)"]
    assert parsed.settings["ssl"].value == "on"


def test_nul_bytes_are_errors_naming_the_line(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "postgresql.conf").write_bytes(b"ssl = on\nlog_connections = on\x00off\n")
    (tmp_path / "pg_hba.conf").write_bytes(b"hostssl all all 10.0.0.0/8 scram-sha-256\n"
                                           b"host all\x00evil all 0.0.0.0/0 trust\n")
    findings = _scan(catalog, tmp_path)
    conf, hba = _shown(tmp_path / "postgresql.conf"), _shown(tmp_path / "pg_hba.conf")
    assert _errors(findings) == {(f"cannot parse line 2 of {conf}: it holds a NUL byte", Location(conf, 2)),
                                 (f"cannot parse line 2 of {hba}: it holds a NUL byte", Location(hba, 2))}
    statuses = {(f.check_id, f.status) for f in findings}
    assert {("PG_SSL_ON", P), ("PG_LOG_CONNECTIONS", F), ("PG_HBA_NO_TRUST", E)} <= statuses
    assert not any("\x00" in f.message for f in findings)


def test_an_oversized_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(configfile, "MAX_FILE_BYTES", 1024)
    conf = tmp_path / "postgresql.conf"
    conf.write_text("ssl = on\n" * 200)
    parsed = pgconf.parse(conf, None)
    assert [p.message for p in parsed.problems] == [f"{_shown(conf)}: cannot read: larger than 0 MiB: not a "
                                                    "configuration file"]
