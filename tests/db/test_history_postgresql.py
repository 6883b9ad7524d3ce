"""The history on the real PostgreSQL 15 server the fixtures start (pg_scratch: TLS and scram-sha-256 only): the
migrations, a recorded scan read back, ``baomi diff`` between recorded runs, ``baomi scan --history URL`` with
the password from PGPASSWORD, two writers at once, and a wrong password. Each test gets a new database owned by
a role of its own, dropped afterwards. The same on SQLite: tests/test_history.py."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from baomi.cli import cli
from baomi.history import database, fingerprint, store
from baomi.history.location import HistoryError, locate
from tests.support import databases as servers
from tests.support import history as support

pytestmark = pytest.mark.db

ROLE, PASSWORD = servers.HISTORIAN, servers.HISTORIAN_PASSWORD
TABLES = {"alembic_version", "runs", "run_targets", "framework_scores", "clause_scores", "control_scores",
          "finding_keys", "findings", "attestations", "waivers", "blobs", "run_files"}


@pytest.fixture
def url(history_url: str) -> str:
    return history_url


@pytest.fixture(scope="module")
def insecure() -> dict[str, Any]:
    return support.scan(support.EXAMPLES / "aws-insecure")


@pytest.fixture(scope="module")
def hardened() -> dict[str, Any]:
    return support.scan(support.EXAMPLES / "aws-hardened")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_migrations_create_the_schema_on_an_empty_database_and_are_idempotent(url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from baomi.history.schema import metadata

    location = locate(url)
    for _ in range(3):  # the first opening migrates, the others find it done
        engine = database.open_database(location)
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == TABLES
            assert database.revision(connection) == database.head()
            assert compare_metadata(MigrationContext.configure(connection), metadata) == []
        engine.dispose()


def test_a_recorded_scan_reads_back_with_the_same_findings_and_scores(url: str, insecure: dict[str, Any]) -> None:
    run_id = store.record(insecure, url)
    recorded = store.run(url, run_id)
    support.assert_reads_back(recorded, insecure)
    assert [f["fingerprint"] for f in recorded["findings"]] == fingerprint.fingerprints(insecure)
    assert store.runs(url)[0]["id"] == run_id


def test_scan_records_with_the_password_from_pgpassword_and_diff_reads_the_runs(
        url: str, tmp_path: Path, hardened: dict[str, Any], insecure: dict[str, Any]) -> None:
    store.record(insecure, url)
    code, out, err = run("scan", str(support.EXAMPLES / "aws-hardened"), "--history", url, "--no-gate",
                         "--format", f"json:{tmp_path / 'hardened.json'}")
    assert code == 0, err
    assert f"recorded as run 2 in postgresql://{ROLE}@127.0.0.1:" in err and PASSWORD not in out + err
    code, out, err = run("diff", "1", "2", "--history", url, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert {(e["check_id"], e["resource"]) for e in result["findings"]["fixed"]} == support.expected_fixed(
        insecure, hardened)
    assert result["findings"]["new"] == [] and result["counts"]["fixed"] >= 20
    code, out, _ = run("history", "list", "--history", url, "--json")
    assert [r["id"] for r in json.loads(out)] == [1, 2]


def test_two_writers_at_once_lose_nothing(url: str, tmp_path: Path, insecure: dict[str, Any]) -> None:
    """Both writers open the new database at once (one migrates it, the other waits for the lock) and insert the
    same new fingerprints at once (one inserts each key, the other finds it)."""
    ids = support.record_at_once(insecure, url, tmp_path, writers=2, times=10, env={"PGPASSWORD": PASSWORD})
    assert sorted(i for each in ids for i in each) == list(range(1, 21))
    recorded = store.runs(url)
    assert len(recorded) == 20
    for run_id in (1, 20):
        support.assert_reads_back(store.run(url, run_id), insecure)
    import psycopg

    with psycopg.connect(url) as conn:  # the password from PGPASSWORD
        assert conn.execute("SELECT count(*) FROM findings").fetchone() == (20 * len(insecure["findings"]),)
        assert conn.execute("SELECT count(*) FROM finding_keys").fetchone() == (
            len(set(fingerprint.fingerprints(insecure))),)
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)


def test_writers_inserting_the_same_new_keys_in_opposite_orders_do_not_deadlock(
        url: str, tmp_path: Path, insecure: dict[str, Any]) -> None:
    """Keys are inserted in fingerprint order whatever the document's order: two writers inserting the same
    thousands of new keys, one document the other reversed, never wait for each other in a cycle."""
    forward = support.many_findings(insecure, 4000)
    backward = {**forward, "findings": list(reversed(forward["findings"]))}
    ids = support.record_at_once([forward, backward], url, tmp_path, times=1, env={"PGPASSWORD": PASSWORD})
    assert sorted(i for each in ids for i in each) == [1, 2]
    assert len(store.run(url, 1)["findings"]) == len(store.run(url, 2)["findings"]) == 4000


def test_a_wrong_password_is_one_line_without_it(url: str, monkeypatch: pytest.MonkeyPatch,
                                                 insecure: dict[str, Any]) -> None:
    monkeypatch.setenv("PGPASSWORD", "not-the-Password-1")
    with pytest.raises(HistoryError) as raised:
        store.record(insecure, url)
    message = str(raised.value)
    assert "\n" not in message and "not-the-Password-1" not in message and PASSWORD not in message
    assert message.startswith(f"postgresql://{ROLE}@127.0.0.1:") and "password authentication failed" in message


def test_trend_per_quarter_and_per_clause(url: str, insecure: dict[str, Any], hardened: dict[str, Any]) -> None:
    """Four quarters of history, as tests/test_history.py records them on SQLite: the same trend."""
    from tests.test_history import assert_trend, record_quarters

    record_quarters(url, insecure, hardened)
    assert_trend(url, insecure, hardened)


def test_the_quarterly_report_of_four_quarters(url: str, tmp_path: Path) -> None:
    """The four quarters of tests/support/quarters.py, as tests/test_quarterly.py records them on SQLite: the same
    report, figure for figure."""
    from tests.support import quarters
    from tests.test_quarterly import assert_quarterly

    assert quarters.record(url) == [1, 2, 3, 4, 5]
    assert_quarterly(url, tmp_path)
