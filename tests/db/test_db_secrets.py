"""Passwords never leave baomi through its messages: every DSN shape (URL, libpq key=value, JDBC,
malformed, query parameters, unencoded delimiters in the password) is shown by its endpoint, its
redacted text or its scheme alone; a password typed in the DSN draws a warning; a prompt for a
password happens in prepare(), on a real terminal, before any connection."""
from __future__ import annotations

import os
import pty
import select
import sys
import time

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.catalog import Catalog
from baomi.cli import cli
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import LiveDatabaseSource, redact_dsn
from baomi.sources.database.dsn import parse_dsn
from baomi.sources.database.postgresql.server import connection_reason as pg_reason
from baomi.sources.interface import SourceError
from tests.support import databases as servers

#: the pieces of a password between delimiters: none may show, even cut apart
PIECES = ("QXZ7", "JKV8", "WQZ9", "XJQ6", "ZKW5")
PASSWORD = "QXZ7@JKV8/WQZ9?XJQ6#ZKW5:"

SHAPES = [
    f"postgresql://alice:{PASSWORD}@db.example.com:5432/crm",
    f"mysql://alice:{PASSWORD}@db.example.com/",
    "postgresql://alice:QXZ7%40JKV8@db.example.com/crm",  # percent-encoded: shown neither encoded nor decoded
    f"host=db.example.com user=alice password={PASSWORD} dbname=crm",  # libpq key=value: not supported
    f"jdbc:mysql://alice:{PASSWORD}@db.example.com:3306/crm",
    f"oracle://alice:{PASSWORD}@db.example.com/crm",
    f"postgresql://alice:{PASSWORD}@[::1/crm",  # malformed IPv6 host
    f"postgresql://alice:{PASSWORD}@db.example.com:99999/crm",
    "postgresql://db.example.com/crm?user=alice&password=QXZ7JKV8",
    "postgresql://alice@db.example.com/crm?sslpassword=QXZ7JKV8&password=WQZ9XJQ6",
    f"postgresql://alice:{PASSWORD}@db.example.com/crm?password=WQZ9XJQ6",
    "mysql://alice:QXZ7@JKV8?WQZ9@db.example.com/",
    "mysql://alice:QXZ7:JKV8/WQZ9@db.example.com/",
    f"{PASSWORD}://db.example.com/",
    f"password={PASSWORD}://db.example.com/",
    "",
]


def _leaks(text: str) -> list[str]:
    return [piece for piece in PIECES if piece in text]


@pytest.fixture(autouse=True)
def _no_password_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for name in ("PGPASSWORD", "BAOMI_DB_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


@pytest.mark.parametrize("text", SHAPES)
def test_no_dsn_shape_shows_its_password(text: str) -> None:
    assert not _leaks(redact_dsn(text))
    try:
        dsn = parse_dsn(text)
    except SourceError as exc:
        assert not _leaks(str(exc)) and "\n" not in str(exc)
    else:
        assert not _leaks(dsn.endpoint) and not _leaks(repr(dsn))
        assert dsn.password is not None and any(piece in dsn.password for piece in PIECES)


def test_unsupported_dsn_is_named_by_its_scheme_or_not_at_all() -> None:
    unsupported = "unsupported database DSN (use postgresql://, postgres://, mysql:// or mariadb://)"
    for text, shown in [("host=db password=hunter2", "<DSN>"), ("jdbc:mysql://u:pa@ss@h", "jdbc:mysql://"),
                        ("oracle://u:pw@h/x", "oracle://"), ("hunter2://h/", "hunter2://")]:
        with pytest.raises(SourceError) as caught:
            parse_dsn(text)
        assert str(caught.value) == f"{shown}: {unsupported}"
    # a scheme is safe to show; text before '://' that is not a scheme may hold anything
    with pytest.raises(SourceError, match="^<DSN>: unsupported"):
        parse_dsn("user=u password=hunter2 x://")


def test_redacted_dsn_splits_the_user_information_at_the_last_at_sign() -> None:
    assert redact_dsn("jdbc:mysql://u:pa@ss@h") == "jdbc:mysql://u@h"
    assert redact_dsn("oracle://u:p@s/s:w@h:1521/x?password=q") == "oracle://u@h:1521/x"
    assert redact_dsn("oracle://h/x?user=u&password=p@q") == "oracle://<redacted>"  # where does it end?
    assert redact_dsn("postgresql://u:p@[::1/db") == "postgresql://u@[::1/db"


def test_malformed_dsn_is_one_line() -> None:
    with pytest.raises(SourceError) as caught:
        parse_dsn("postgresql://u:p@[::1/db")
    assert str(caught.value) == "postgresql://u@[::1/db: malformed database DSN (an invalid [IPv6] host?)"
    with pytest.raises(SourceError, match="^mysql://u@h/: '@' after the host in database DSN: percent-encode"):
        parse_dsn("mysql://u:1/b@h/")  # unencoded "/": "1" would pass for the port, "b" for the database


_DELIMITED = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).flatmap(
    lambda pieces: st.lists(st.sampled_from("@/?#:=&% "), min_size=len(pieces), max_size=len(pieces)).map(
        lambda delimiters: "".join(p + d for p, d in zip(pieces, delimiters))))
_TEMPLATES = ["postgresql://alice:{}@db:5432/crm", "mysql://alice:{}@db/", "mariadb://:{}@db/",
              "postgresql://db/crm?password={}", "postgres://alice@db/crm?sslmode=require&password={}",
              "jdbc:postgresql://alice:{}@db/crm", "host=db password={}", "postgresql://alice:{}@[::1/crm",
              "{}", "mysql://alice:{}@db:3306/"]


@settings(max_examples=300, deadline=None)
@given(template=st.sampled_from(_TEMPLATES), password=_DELIMITED)
def test_no_password_leaks_from_any_dsn(template: str, password: str) -> None:
    text = template.replace("{}", password)
    assert not _leaks(redact_dsn(text))
    try:
        dsn = parse_dsn(text)
    except SourceError as exc:
        assert not _leaks(str(exc))
    else:
        assert not _leaks(dsn.endpoint)


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_connection_errors_show_no_password_from_userinfo_or_query(
        catalog: Catalog, scheme: str, capsys: pytest.CaptureFixture) -> None:
    port = servers.free_port()
    for text in (f"{scheme}://alice:QXZ7JKV8@127.0.0.1:{port}/crm",
                 f"{scheme}://alice@127.0.0.1:{port}/crm?password=WQZ9XJQ6"):
        with pytest.raises(SourceError) as caught:
            judge(LiveDatabaseSource((text,)), catalog.checks_for(scheme), Settings())
        assert str(caught.value) == f"{scheme}://alice@127.0.0.1:{port}/crm: connection refused"
    assert not _leaks(capsys.readouterr().err)


def test_driver_messages_are_scrubbed_of_query_passwords() -> None:
    dsn = parse_dsn("postgresql://alice@db/crm?sslpassword=QXZ7%2FJKV8&password=WQZ9XJQ6")
    echoed = "invalid value QXZ7%2FJKV8 / QXZ7/JKV8 for sslpassword; password WQZ9XJQ6 rejected"
    assert pg_reason(echoed, *dsn.secrets) == "invalid value *** / *** for sslpassword; password *** rejected"


def test_password_in_the_dsn_draws_one_warning_without_the_password(capsys: pytest.CaptureFixture,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    source = LiveDatabaseSource(("postgresql://alice:QXZ7JKV8@db.example.com/crm",
                                 "mysql://bob@db.example.com/?password=WQZ9XJQ6", "mysql://carol@db.example.com/"))
    monkeypatch.setenv("BAOMI_DB_PASSWORD", "XJQ6ZKW5")  # from the environment: no warning
    source.prepare()
    source.prepare()  # once only
    assert capsys.readouterr().err.splitlines() == [
        f"baomi: warning: {endpoint}: a password in the DSN is visible in the process list and CI logs; set "
        "BAOMI_DB_PASSWORD instead (or PGPASSWORD / ~/.pgpass for PostgreSQL)"
        for endpoint in ("postgresql://alice@db.example.com:5432/crm", "mysql://bob@db.example.com:3306/")]


@pytest.mark.parametrize("dsn, error", [
    ("host=db.example.com password=QXZ7JKV8", "<DSN>: unsupported database DSN (use postgresql://, postgres://, "
                                              "mysql:// or mariadb://)"),
    ("postgresql://alice:QXZ7JKV8@[::1/crm", "postgresql://alice@[::1/crm: malformed database DSN (an invalid "
                                             "[IPv6] host?)"),
])
def test_cli_rejects_bad_dsns_in_one_line_without_the_password(dsn: str, error: str) -> None:
    result = CliRunner().invoke(cli, ["scan", "--db", dsn], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"baomi: error: {error}"
    assert "Traceback" not in result.stderr and not _leaks(result.stderr + result.stdout)


def test_cli_warns_of_the_visible_password_and_fails_in_one_line() -> None:
    port = servers.free_port()
    result = CliRunner().invoke(cli, ["scan", "--db", f"mysql://alice:QXZ7JKV8@127.0.0.1:{port}/"],
                                catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"baomi: warning: mysql://alice@127.0.0.1:{port}/: a password in the DSN is visible in the process list and "
        "CI logs; set BAOMI_DB_PASSWORD instead (or PGPASSWORD / ~/.pgpass for PostgreSQL)",
        f"baomi: error: mysql://alice@127.0.0.1:{port}/: connection refused"]


_PROMPTED_SCAN = """
import sys
from baomi.catalog import load_catalog
from baomi.settings import Settings
from baomi.sources.database import LiveDatabaseSource
from baomi.pipeline import judge
source = LiveDatabaseSource((sys.argv[1],), sslmode="require")
source.prepare()
print("PREPARED", flush=True)
findings = judge(source, load_catalog().checks_for("postgresql"), Settings())
print("PASSED", " ".join(sorted(f.check_id for f in findings if f.status.value == "pass")), flush=True)
"""


def _read_until(fd: int, seen: bytearray, wanted: str | None, timeout: float = 60) -> None:
    """Read the terminal into ``seen`` until ``wanted`` shows (None: until the child closes it)."""
    deadline = time.monotonic() + timeout
    while (wanted is None or wanted.encode() not in seen) and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child exited and closed the terminal
                return
            if not chunk:
                return
            seen.extend(chunk)


def test_prepare_prompts_on_the_terminal_before_connecting(pg_hardened: servers.Server) -> None:
    """A real pseudo-terminal: getpass asks on it in prepare(), the answer is not echoed, the scan uses it."""
    dsn = f"postgresql://scanner@127.0.0.1:{pg_hardened.port}/postgres"
    env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "BAOMI_DB_PASSWORD")}
    env["PGPASSFILE"] = os.devnull + ".none"
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        os.execve(sys.executable, [sys.executable, "-c", _PROMPTED_SCAN, dsn], env)
    seen = bytearray()
    try:
        _read_until(fd, seen, f"Password for {dsn}: ")
        assert b"PREPARED" not in seen, seen.decode(errors="replace")
        os.write(fd, servers.SCANNER_PASSWORD.encode() + b"\n")
        _read_until(fd, seen, None)
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    output = seen.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert output.index(f"Password for {dsn}: ") < output.index("PREPARED")
    passed = output.split("PASSED", 1)[1].split()
    assert {"PG_HBA_NO_TRUST", "PG_SSL_ON"} <= set(passed)
    assert servers.SCANNER_PASSWORD not in output  # getpass turned echo off
