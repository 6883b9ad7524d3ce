"""Property tests of the postgresql.conf, pg_hba.conf and my.cnf parsers on arbitrary input: they never
crash, every problem names its file and a real line, and well-formed lines round-trip."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.catalog import Catalog
from baomi.model import SOURCE_ERROR_CHECK, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.database import DatabaseFileSource
from baomi.sources.database.mysql import option_file as mycnf
from baomi.sources.database.postgresql import conf_file as pgconf
from baomi.sources.database.postgresql import hba_file as pghba
from baomi.sources.paths import display_path

_ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
_LINES = st.lists(st.sampled_from([
    "ssl = on", "ssl on", "x = 'a''b'", "bad", "= x", "[mysqld]", "[client", "!include nowhere.cnf",
    "!includedir .", "local-infile", "skip-local-infile", "host all all 0.0.0.0/0 md5", "local all all trust",
    "host all all 1.2.3.4 255.0.0.0 scram-sha-256", 'host "a b" all all reject', "hostssl all", "# comment", "",
    "include 'self.conf'", "include_dir '.'", "a = 'unterminated", "tls_version = 'TLSv1.2' # c", "\\",
]), max_size=25).map("\n".join)

PARSERS = {"postgresql.conf": pgconf.parse, "pg_hba.conf": pghba.parse, "my.cnf": mycnf.parse}


def _check_parser(name: str, content: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
        result = PARSERS[name](path)
        line_count = {display_path(str(p)): len(p.read_bytes().decode("utf-8", "replace").splitlines())
                      for p in result.files}
        for problem in result.problems:
            assert problem.location is not None and problem.location.file in line_count
            assert problem.location.line is not None and 1 <= problem.location.line <= line_count[
                problem.location.file]
            assert "\n" not in problem.message


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(sorted(PARSERS)), content=_ANY_TEXT | _LINES | st.binary(max_size=300))
def test_parsers_never_crash_and_locate_every_problem(name: str, content: str | bytes) -> None:
    _check_parser(name, content)


@settings(max_examples=60, deadline=None)
@given(content=_LINES)
def test_unparseable_lines_become_error_findings_with_file_and_line(catalog: Catalog, content: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("postgresql.conf", "pg_hba.conf"):
            (Path(tmp) / name).write_text(content)
        findings = judge(DatabaseFileSource((Path(tmp),)), catalog.checks, Settings())
        expected = len(pgconf.parse(Path(tmp) / "postgresql.conf").problems) + len(
            pghba.parse(Path(tmp) / "pg_hba.conf").problems)
    errors = [f for f in findings if f.check_id == SOURCE_ERROR_CHECK]
    assert len(errors) == expected
    for finding in errors:
        assert finding.status is Status.ERROR
        assert finding.location is not None and finding.location.line is not None


_NAME = st.from_regex(r"[a-z_][a-z0-9_]{0,15}(\.[a-z_][a-z0-9_]{0,8})?", fullmatch=True).filter(
    lambda n: n not in ("include", "include_dir", "include_if_exists"))
_VALUE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\n\r\x0b\x0c\x1c"
                                        "\x1d\x1e\x85\u2028\u2029"), max_size=30)


@settings(max_examples=100, deadline=None)
@given(name=_NAME, value=_VALUE)
def test_postgresql_quoted_values_round_trip(name: str, value: str) -> None:
    quoted = "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "postgresql.conf"
        path.write_text(f"{name} = {quoted}   # a comment\n", encoding="utf-8")
        result = pgconf.parse(path)
    assert result.problems == ()
    assert result.settings[name].value == value
