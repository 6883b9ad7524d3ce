"""The evidence bundle with the history on the real PostgreSQL 15 server the fixtures start (pg_scratch), and the
facts of a live PostgreSQL server (pg_hardened, read by its scanner role) recorded as evidence without any password:
the scan through ``baomi scan --db … --history URL``, the bundle, its verification, a tampered copy, and two daily
recordings sharing every blob but the document's rest. The same on SQLite: tests/test_evidence.py."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from baomi.cli import cli
from baomi.history import evidence, store
from tests.support import databases as servers
from tests.support import history as support

pytestmark = pytest.mark.db

PASSWORD = servers.HISTORIAN_PASSWORD


@pytest.fixture
def url(history_url: str) -> str:
    return history_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_live_server_s_facts_are_in_the_bundle_without_a_password(
        url: str, pg_hardened: servers.Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_DB_PASSWORD", servers.SCANNER_PASSWORD)
    dsn = f"postgresql://scanner@127.0.0.1:{pg_hardened.port}/postgres"
    code, _, err = run("scan", "--db", dsn, "--db-sslmode", "require", "--history", url, "--no-gate",
                       "--format", f"json:{tmp_path / 'r.json'}", "--lang", "en")
    assert code == 0, err
    out = tmp_path / "bundle.zip"
    code, stdout, err = run("evidence", "1", "-o", str(out), "--history", url, "--lang", "en")
    assert code == 0, err
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    name = f"facts/1-postgresql-scanner-127.0.0.1-{pg_hardened.port}-postgres.json"
    assert list(files) == ["run.json", "results.json", name, "MANIFEST.sha256"]
    facts = json.loads(files[name])
    assert facts["resource"] == dsn
    assert facts["facts"]["settings"]["password_encryption"]["value"] == "scram-sha-256"
    assert facts["facts"]["settings"]["ssl"]["value"] == "on"
    assert {r["name"] for r in facts["facts"]["tables"]["roles"]} >= {"postgres", "scanner"}
    assert facts["facts"]["tables"]["hba"], "the hba rules as read"
    assert json.loads(files["results.json"]) == json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    for secret in (servers.SCANNER_PASSWORD, servers.ADMIN_PASSWORD, PASSWORD):
        assert [n for n, content in files.items() if secret.encode() in content] == []
        assert secret not in stdout + err
    assert run("evidence", "verify", str(out), "--lang", "en")[0] == 0


def test_on_postgresql_a_tampered_bundle_fails_and_a_daily_scan_adds_one_blob(url: str, tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    from baomi import pipeline
    from baomi.catalog import load_catalog

    inputs = pipeline.ScanInputs(paths=(support.EXAMPLES / "aws-insecure",))
    assessment = pipeline.assess(pipeline.AssessmentRequest(pipeline.plan(inputs), load_catalog(), gate=None))
    first = store.record({**assessment.document, "scanned_at": "2026-12-01T06:00:00Z"}, url,
                         evidence=assessment.evidence)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))

    def count(table: str) -> int:
        with engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())

    blobs, files = count("blobs"), count("run_files")
    assert (blobs, files) == (5, 5)  # rest, frameworks, controls, findings, inputs/1-aws-insecure.json
    second = store.record({**assessment.document, "scanned_at": "2026-12-02T06:00:00Z"}, url,
                          evidence=assessment.evidence)
    assert (count("blobs"), count("run_files")) == (blobs + 1, 2 * files)
    engine.dispose()
    assert evidence.recorded(url, second).document == {**assessment.document, "scanned_at": "2026-12-02T06:00:00Z"}

    out, tampered = tmp_path / "b.zip", tmp_path / "t.zip"
    assert run("evidence", str(first), "-o", str(out), "--history", url)[0] == 0
    with zipfile.ZipFile(out) as old, zipfile.ZipFile(tampered, "w") as new:
        for info in old.infolist():
            content = old.read(info.filename)
            new.writestr(info, content.replace(b'"grade": "', b'"grade": "A', 1)
                         if info.filename == "results.json" else content)
    code, stdout, _ = run("evidence", "verify", str(tampered), "--lang", "en")
    assert (code, stdout.splitlines()[1:]) == (1, ["changed: results.json"])
    assert run("evidence", "verify", str(out), "--lang", "en")[1].endswith("verified: 3 files match MANIFEST.sha256\n")
