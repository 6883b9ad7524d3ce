"""The history on SQLite (a temporary file): migrations, recording a scan and reading it back, ``baomi history``
and ``baomi diff`` with fingerprints that survive moved lines and another checkout directory, two writers at
once, and a history database that cannot be reached. The same on PostgreSQL: tests/db/test_history_postgresql.py.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from baomi.cli import cli
from baomi.history import database, diff, fingerprint, store
from baomi.history.context import RunContext, ci_job
from baomi.history.location import HistoryError, locate
from tests.support import history as support

EXAMPLES = support.EXAMPLES
TABLES = {"alembic_version", "runs", "run_targets", "framework_scores", "clause_scores", "control_scores",
          "finding_keys", "findings", "attestations", "waivers", "blobs", "run_files"}


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
    else:
        old = Path.cwd()
        os.chdir(cwd)
        try:
            result = runner.invoke(cli, list(args), catch_exceptions=False)
        finally:
            os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def insecure() -> dict[str, Any]:
    return support.scan(EXAMPLES / "aws-insecure")


@pytest.fixture(scope="module")
def hardened() -> dict[str, Any]:
    return support.scan(EXAMPLES / "aws-hardened")


# --------------------------------------------------------------------------------------------- migrations


def test_migrations_create_the_schema_on_an_empty_database_and_are_idempotent(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from baomi.history.schema import metadata

    location = locate(str(tmp_path / "deep" / "history.db"))
    engine = database.open_database(location)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == TABLES
        assert database.revision(connection) == database.head() == database.HEAD
        # the migrated database is exactly what schema.py describes
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    engine.dispose()
    before = (tmp_path / "deep" / "history.db").read_bytes()
    for _ in range(2):  # opening again changes nothing
        database.open_database(location).dispose()
    assert (tmp_path / "deep" / "history.db").read_bytes() == before


def test_a_database_migrated_by_a_newer_baomi_is_one_line(tmp_path: Path, insecure: dict[str, Any]) -> None:
    path = tmp_path / "h.db"
    store.record(insecure, str(path))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(HistoryError) as raised:
        store.record(insecure, str(path))
    assert "9999" in str(raised.value) and "newer baomi" in str(raised.value) and "\n" not in str(raised.value)


def test_a_missing_database_is_not_created_for_reading(tmp_path: Path) -> None:
    code, _, err = run("history", "list", "--history", str(tmp_path / "none.db"))
    assert code == 2 and "no history database here" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(("url", "problem"), [
    ("mysql://u@h/db", "mysql://: unsupported history database"),
    ("sqlite://relative.db", "a SQLite URL is sqlite:///relative/path"),
    ("", "an empty database URL"),
])
def test_unusable_history_urls_are_refused_before_the_scan(url: str, problem: str, tmp_path: Path) -> None:
    code, _, err = run("scan", str(EXAMPLES / "aws-insecure"), "--history", url,
                       "--format", f"json:{tmp_path / 'r.json'}")
    assert code == 2 and problem in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.json").exists()  # refused before scanning


def test_sqlite_locations() -> None:
    assert locate(None).path == Path(".baomi/history.db")
    assert locate("sqlite:///x/h.db").path == Path("x/h.db")
    assert locate("sqlite:////abs/h.db").path == Path("/abs/h.db")
    location = locate("postgres://hist:pw%40x@db.internal/history")
    assert location.url == "postgresql+psycopg://hist:pw%40x@db.internal/history"
    assert location.shown == "postgresql://hist@db.internal:5432/history" and "pw" not in location.shown
    assert location.warning is not None and "pw" not in location.warning
    with pytest.raises(HistoryError):
        locate("postgresql://u@h:notaport/db")


# -------------------------------------------------------------------------------------- record and read


def test_a_recorded_scan_reads_back_with_the_same_findings_and_scores(tmp_path: Path) -> None:
    results = tmp_path / "insecure.json"
    code, _, err = run("scan", str(EXAMPLES / "aws-insecure"), "--record", "--format", f"json:{results}",
                       "--lang", "en", cwd=tmp_path)
    assert code == 1  # the gate fails: recording does not change the exit code
    assert "recorded as run 1 in .baomi/history.db" in err
    document = json.loads(results.read_text(encoding="utf-8"))
    recorded = store.run(tmp_path / ".baomi" / "history.db", 1)

    support.assert_reads_back(recorded, document)
    assert [f["fingerprint"] for f in recorded["findings"]] == fingerprint.fingerprints(document)
    run_info = recorded["run"]
    assert run_info["fingerprint_version"] == fingerprint.FINGERPRINT_VERSION
    assert run_info["catalog_version"].startswith("sha256:") and len(run_info["settings_digest"]) == 64
    assert run_info["host"]


def test_texts_that_change_between_runs_are_kept_per_run(tmp_path: Path, insecure: dict[str, Any]) -> None:
    """A finding's texts are stored once on its key; a run whose message or file differs keeps its own."""
    url = str(tmp_path / "h.db")
    changed = json.loads(json.dumps(insecure))
    changed["findings"][0]["message"] = "another message"
    changed["findings"][0]["location"] = None
    changed["findings"][1]["suppression"] = "waived for the test"
    first, second = store.record(insecure, url), store.record(changed, url)
    assert [support.finding_fields(f) for f in store.run(url, first)["findings"]] == [
        support.finding_fields(f) for f in insecure["findings"]]
    assert [support.finding_fields(f) for f in store.run(url, second)["findings"]] == [
        support.finding_fields(f) for f in changed["findings"]]
    with sqlite3.connect(url) as connection:
        keys = connection.execute("SELECT count(*) FROM finding_keys").fetchone()[0]
    assert keys == len(set(fingerprint.fingerprints(insecure)))


def test_waivers_and_attestations_in_force_are_recorded(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - check: CKV_AWS_16\n    resource: aws_db_instance.*\n"
                       "    reason: encrypted by the storage layer, reviewed quarterly\n"
                       "    expires: 2099-12-31\n    approved_by: CISO\n", encoding="utf-8")
    attestations = support.ROOT / "examples" / "attestations" / "attestations.yaml"
    code, _, err = run("scan", str(EXAMPLES / "aws-insecure"), "--waivers", str(waivers), "--attestations",
                       str(attestations), "--history", str(tmp_path / "h.db"), "--no-gate")
    assert code == 0, err
    recorded = store.run(str(tmp_path / "h.db"), 1)
    assert recorded["waivers"] == [{"check": "CKV_AWS_16", "resource": "aws_db_instance.*",
                                    "reason": "encrypted by the storage layer, reviewed quarterly",
                                    "expires": "2099-12-31", "approved_by": "CISO"}]
    assert len(recorded["attestations"]) >= 10
    assert {a["check_id"] for a in recorded["attestations"]} >= {"ATTEST_GOV_TRAINING", "ATTEST_GOV_POLICY"}
    waived = [f for f in recorded["findings"] if f["check_id"] == "CKV_AWS_16"]
    assert waived and all(f["status"] == "suppressed" for f in waived)


def test_run_context_from_the_environment() -> None:
    github = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.example",
              "GITHUB_REPOSITORY": "bank/infra", "GITHUB_RUN_ID": "42", "GITHUB_JOB": "scan"}
    assert ci_job(github) == "https://github.example/bank/infra/actions/runs/42 job scan"
    assert ci_job({"CI_JOB_URL": "https://gitlab.example/bank/infra/-/jobs/7"}) == \
        "https://gitlab.example/bank/infra/-/jobs/7"
    assert ci_job({}) is None
    context = RunContext.current(environ={"BUILD_URL": "https://jenkins.example/job/1/"})
    assert context.ci_job == "https://jenkins.example/job/1/" and context.catalog_version


# ------------------------------------------------------------------------------------------ fingerprints


def test_diff_of_the_insecure_and_hardened_examples_lists_exactly_the_fixed_findings(
        tmp_path: Path, insecure: dict[str, Any], hardened: dict[str, Any]) -> None:
    expected_fixed = support.expected_fixed(insecure, hardened)  # without baomi's fingerprint code
    assert len(expected_fixed) >= 20

    a, b = tmp_path / "insecure.json", tmp_path / "hardened.json"
    a.write_text(json.dumps(insecure), encoding="utf-8")
    b.write_text(json.dumps(hardened), encoding="utf-8")
    url = str(tmp_path / "h.db")
    store.record(insecure, url)
    store.record(hardened, url)
    for args in ((str(a), str(b)), ("1", "2"), ("1", str(b))):  # files, runs, one of each
        code, out, err = run("diff", *args, "--history", url, "--json")
        assert code == 0, err
        result = json.loads(out)
        fixed = result["findings"]["fixed"]
        assert {(e["check_id"], e["resource"]) for e in fixed} == expected_fixed
        assert len(fixed) == len(expected_fixed)
        assert result["findings"]["new"] == [] == result["findings"]["unchanged"]
        assert result["counts"]["fixed"] == len(expected_fixed)
    by_check = {(e["check_id"], e["resource"]): e for e in fixed}
    assert by_check["CKV_AWS_16", "aws_db_instance.customer_records"]["status_b"] == "pass"
    assert by_check["CKV_AWS_7", "aws_kms_key.customer_data"]["status_b"] == "pass"
    # a resource the hardened tree no longer has is fixed too: gone
    assert by_check["CKV_AWS_40", "aws_iam_user_policy_attachment.chen_jie_admin"]["status_b"] is None
    assert result["score"]["delta"] == round(hardened["score"] - insecure["score"], 1)
    pipl = next(fw for fw in result["frameworks"] if fw["id"] == "pipl")
    assert pipl["delta"] is not None and pipl["delta"] > 0
    assert result["clauses"] and all(c["compliance_a"] != c["compliance_b"] for c in result["clauses"])

    code, out, _ = run("diff", "1", "2", "--history", url, "--lang", "en")
    assert code == 0
    assert f"{len(expected_fixed)} fixed" in out and "CKV_AWS_16 aws_db_instance.customer_records" in out
    code, out, _ = run("diff", "1", "2", "--history", url, "--lang", "zh")
    assert code == 0 and f"已修复 {len(expected_fixed)}" in out and "不符合 ->" in out


def test_a_tree_copied_elsewhere_with_lines_inserted_has_nothing_new_and_nothing_fixed(
        tmp_path: Path, insecure: dict[str, Any]) -> None:
    copy = tmp_path / "elsewhere" / "checkout-2" / "infra"
    shutil.copytree(EXAMPLES / "aws-insecure", copy)
    database_tf = copy / "database.tf"
    database_tf.write_text("# moved down by a header\n\n# and a blank line or two\n\n\n"
                           + database_tf.read_text(encoding="utf-8"), encoding="utf-8")
    moved = support.scan(copy)
    assert {f["location"]["line"] for f in moved["findings"] if f["location"]["file"].endswith("database.tf")} != {
        f["location"]["line"] for f in insecure["findings"] if f["location"]["file"].endswith("database.tf")}
    result = diff.diff(insecure, moved)
    assert result["counts"]["new"] == 0 and result["counts"]["fixed"] == 0
    assert result["counts"]["unchanged"] == len(support.open_identities(insecure))
    assert sorted(fingerprint.fingerprints(moved)) == sorted(fingerprint.fingerprints(insecure))


def test_fingerprints_ignore_the_checkout_directory_and_keep_several_roots_apart() -> None:
    finding = {"check_id": "CKV_AWS_16", "source": "terraform", "resource": "aws_db_instance.a",
               "location": {"file": "/ci/build-1/infra/prod/db.tf", "line": 3}, "account": None, "region": None}
    moved = {**finding, "location": {"file": "/ci/build-2/infra/prod/rds.tf", "line": 90}}  # other file, same module
    one = fingerprint.roots([{"source": "iac", "target": "/ci/build-1/infra/prod"}])
    two = fingerprint.roots([{"source": "iac", "target": "/ci/build-2/infra/prod"}])
    assert fingerprint.fingerprint(finding, one) == fingerprint.fingerprint(moved, two)
    # two roots scanned together: the same address in each is two findings
    both = fingerprint.roots([{"source": "iac", "target": "infra/prod"}, {"source": "iac", "target": "infra/dev"}])
    prod = {**finding, "location": {"file": "infra/prod/db.tf", "line": 3}}
    dev = {**finding, "location": {"file": "infra/dev/db.tf", "line": 3}}
    assert fingerprint.identity(prod, both)[3] == "prod" and fingerprint.identity(dev, both)[3] == "dev"
    # a module instance's address carries its root, which is made relative too
    module = {**finding, "resource": "/ci/build-1/infra/prod:module.db.aws_db_instance.this",
              "location": {"file": "/ci/build-1/infra/modules/db/main.tf", "line": 1}}
    assert fingerprint.identity(module, one)[2] == ":module.db.aws_db_instance.this"
    # a CloudFormation template is its own scope; a live finding has none
    template = {**finding, "source": "cloudformation", "resource": "AWS::RDS::DBInstance.Db",
                "location": {"file": "/ci/build-1/infra/prod/stacks/db.yaml", "line": 1}}
    assert fingerprint.identity(template, one)[3] == "stacks/db.yaml"
    live = {**finding, "source": "aws", "resource": "arn:aws-cn:rds:cn-north-1:123:db:a", "location": None,
            "account": "123", "region": "cn-north-1"}
    assert fingerprint.identity(live, one) == ("CKV_AWS_16", "aws", "arn:aws-cn:rds:cn-north-1:123:db:a", "", "123",
                                               "cn-north-1")


def test_diff_categories() -> None:
    def doc(*findings: tuple[str, str]) -> dict[str, Any]:
        return {"targets": [], "scanned_at": "2026-01-01T00:00:00Z", "score": None, "grade": "N/A",
                "frameworks": [], "findings": [
                    {"check_id": check, "status": status, "severity": "high", "source": "aws", "resource": "r",
                     "location": None, "account": "1", "region": "cn-north-1", "message": "m"}
                    for check, status in findings]}

    a = doc(("FIXED", "fail"), ("GONE", "error"), ("WAIVED", "fail"), ("SAME", "fail"), ("WAS_WAIVED", "suppressed"))
    b = doc(("FIXED", "pass"), ("WAIVED", "suppressed"), ("SAME", "fail"), ("WAS_WAIVED", "fail"), ("NEW", "error"))
    found = diff.findings(a, b)
    assert {name: sorted(e["check_id"] for e in entries) for name, entries in found.items()} == {
        "new": ["NEW", "WAS_WAIVED"], "fixed": ["FIXED", "GONE"], "waived": ["WAIVED"], "unchanged": ["SAME"]}


# ------------------------------------------------------------------------------------------------ commands


def test_history_list_and_show(tmp_path: Path, insecure: dict[str, Any], hardened: dict[str, Any]) -> None:
    url = str(tmp_path / "h.db")
    code, out, _ = run("history", "list", "--history", url)
    assert code == 2  # nothing recorded yet: no database
    store.record(insecure, url)
    store.record(hardened, url)
    code, out, _ = run("history", "list", "--history", url, "--json")
    runs = json.loads(out)
    assert code == 0 and [r["id"] for r in runs] == [1, 2]
    assert runs[0]["targets"] == insecure["targets"] and runs[1]["score"] == hardened["score"]
    assert runs[0]["grade"] == insecure["grade"]
    code, out, _ = run("history", "list", "--history", url, "--limit", "1", "--json")
    assert [r["id"] for r in json.loads(out)] == [2]
    code, out, _ = run("history", "list", "--history", url, "--lang", "zh")
    assert code == 0 and "扫描对象" in out and "aws-hardened" in out

    code, out, _ = run("history", "show", "1", "--history", url, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["counts"] == insecure["counts"]
    assert {fw["id"]: fw["score"] for fw in shown["frameworks"]} == {
        fw["id"]: fw["score"] for fw in insecure["frameworks"]}
    code, out, _ = run("history", "show", "1", "--history", url, "--lang", "en")
    assert code == 0 and "Run 1: scanned" in out and "pipl" in out and "non-compliant" in out
    code, out, _ = run("history", "show", "1", "--history", url, "--lang", "zh")
    assert code == 0 and "第 1 次运行" in out and "不符合" in out
    assert f"不合格 {insecure['counts']['fail']}" in out and "fail " not in out  # the counts in Chinese too
    # an English run's gate reasons, recorded as data, shown in Chinese
    gated = {**insecure, "gate": {"passed": False, "reasons": ["score 38.6 is under 80"],
                                  "details": [{"code": "under", "values": {"score": 38.6, "limit": 80}}]}}
    store.record(gated, url)
    code, out, _ = run("history", "show", "3", "--history", url, "--lang", "zh")
    assert code == 0 and "得分 38.6 低于 80" in out and "under" not in out
    code, _, err = run("history", "show", "9", "--history", url)
    assert code == 2 and err.strip().endswith("no run 9 (see baomi history list)")


def test_diff_arguments_that_are_neither_files_nor_runs(tmp_path: Path) -> None:
    code, _, err = run("diff", "nope", "1", "--history", str(tmp_path / "h.db"))
    assert code == 2 and "nope: neither a results file nor a run ID" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, _, err = run("diff", str(bad), str(bad))
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_history_is_not_imported_by_help() -> None:
    probe = "import sys, baomi.cli; print(','.join(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


# ------------------------------------------------------------------------------------- writers and errors


def test_two_writers_at_once_lose_nothing_on_sqlite(tmp_path: Path, insecure: dict[str, Any]) -> None:
    url = str(tmp_path / "shared" / "history.db")  # new: both writers also migrate it at once
    ids = support.record_at_once(insecure, url, tmp_path, writers=2, times=10)
    assert sorted(i for each in ids for i in each) == list(range(1, 21))
    with sqlite3.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM runs").fetchone()[0] == 20
        assert connection.execute("SELECT count(*) FROM findings").fetchone()[0] == 20 * len(insecure["findings"])
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1


def test_an_unreachable_postgresql_history_fails_with_one_line_and_the_report_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "env-secret-pw")
    port = support.closed_port()
    results = tmp_path / "r.json"
    code, out, err = run("scan", str(EXAMPLES / "aws-hardened"), "--format", f"json:{results}",
                         "--history", f"postgresql://historian:url-secret-pw@127.0.0.1:{port}/history")
    lines = [line for line in err.strip().splitlines() if line.startswith("baomi: error")]
    assert code == 2
    assert lines == [line for line in err.strip().splitlines() if "error" in line]
    assert len(lines) == 1 and f"postgresql://historian@127.0.0.1:{port}/history" in lines[0]
    assert "secret" not in out + err
    assert "Traceback" not in err
    assert json.loads(results.read_text(encoding="utf-8"))["findings"]  # the report was still written

    with pytest.raises(HistoryError) as raised:
        store.record({"findings": []}, f"postgresql://historian@127.0.0.1:{port}/history")
    assert "cannot open the history database" in str(raised.value) and "\n" not in str(raised.value)


def test_an_unwritable_sqlite_history_fails_with_one_line(tmp_path: Path, insecure: dict[str, Any]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(HistoryError) as raised:
        store.record(insecure, str(blocker / "history.db"))
    assert str(blocker) in str(raised.value) and "\n" not in str(raised.value)


# ------------------------------------------------------------------------------------------------ trend

#: four quarters of history: Q1 twice (hardened early, insecure last), Q2 insecure (scanned 2026-03-31 16:30 in
#: UTC-8, 2026-04-01 00:30 UTC), Q3 hardened, Q4 hardened
QUARTERS = [("hardened", "2026-01-10T08:00:00Z"), ("insecure", "2026-03-20T08:00:00Z"),
            ("insecure", "2026-03-31T16:30:00-08:00"), ("hardened", "2026-08-01T00:00:00Z"),
            ("hardened", "2026-11-30T23:59:59Z")]
LAST = {"2026Q1": ("insecure", 2), "2026Q2": ("insecure", 3), "2026Q3": ("hardened", 4),
        "2026Q4": ("hardened", 5)}


def record_quarters(url: str, insecure: dict[str, Any], hardened: dict[str, Any]) -> dict[str, dict[str, Any]]:
    documents = {"insecure": insecure, "hardened": hardened}
    for name, scanned_at in QUARTERS:
        store.record({**documents[name], "scanned_at": scanned_at}, url)
    return documents


def compliance_counts(fw: dict[str, Any]) -> dict[str, int]:
    states = ("compliant", "partially_compliant", "non_compliant", "not_assessed", "not_applicable")
    return {state: sum(1 for cl in fw["clauses"] if cl["compliance"] == state) for state in states}


def assert_trend(url: str, insecure: dict[str, Any], hardened: dict[str, Any]) -> None:
    """The trend of record_quarters' history (shared with tests/db/test_history_postgresql.py)."""
    documents = {"insecure": insecure, "hardened": hardened}
    code, out, err = run("trend", "--history", url, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert [q["quarter"] for q in result["quarters"]] == list(LAST)
    for q in result["quarters"]:
        name, run_id = LAST[q["quarter"]]
        document = documents[name]
        assert (q["run"], q["score"], q["grade"]) == (run_id, document["score"], document["grade"])
        assert q["evidence"] == {k: document["evidence"][k] for k in ("clauses_evidenced", "clauses_applicable")}
        assert [fw["id"] for fw in q["frameworks"]] == [fw["id"] for fw in document["frameworks"]]
        for fw, expected in zip(q["frameworks"], document["frameworks"], strict=True):
            assert (fw["run"], fw["score"], fw["grade"]) == (run_id, expected["score"], expected["grade"])
            assert fw["evidence"] == {k: expected["evidence"][k] for k in ("clauses_evidenced", "clauses_applicable")}
            assert fw["compliance"] == compliance_counts(expected)
    assert [q["runs"] for q in result["quarters"]] == [2, 1, 1, 1]
    assert result["quarters"][0]["score"] < result["quarters"][2]["score"] == 100.0

    # per clause: compliance per quarter, and exactly the clauses the examples differ in have changed
    code, out, err = run("trend", "--framework", "csl", "--history", url, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert all([fw["id"] for fw in q["frameworks"]] == ["csl"] for q in result["quarters"])
    csl = {name: {cl["id"]: cl for cl in next(fw for fw in doc["frameworks"] if fw["id"] == "csl")["clauses"]}
           for name, doc in documents.items()}
    assert [cl["id"] for cl in result["clauses"]] == list(csl["hardened"])
    for cl in result["clauses"]:
        assert cl["compliance"] == {q: csl[name][cl["id"]]["compliance"] for q, (name, _) in LAST.items()}
        assert cl["score"] == {q: csl[name][cl["id"]]["score"] for q, (name, _) in LAST.items()}
    changed = {cl["id"] for cl in result["clauses"] if cl["changed"]}
    assert changed == {c for c, cl in csl["insecure"].items() if cl["compliance"] != csl["hardened"][c]["compliance"]}
    by_id = {cl["id"]: cl for cl in result["clauses"]}
    assert by_id["Art. 23(2)"]["compliance"] == {"2026Q1": "non_compliant", "2026Q2": "non_compliant",
                                                 "2026Q3": "compliant", "2026Q4": "compliant"}
    assert "Art. 23(2)" in changed and "Art. 23(1)" not in changed

    # --since: from 2026-04-01 (UTC) on, Q1 is left out, and Q2's run (scanned 2026-04-01 00:30 UTC) kept
    code, out, _ = run("trend", "--since", "2026-04-01", "--history", url, "--json")
    assert code == 0 and [q["quarter"] for q in json.loads(out)["quarters"]] == ["2026Q2", "2026Q3", "2026Q4"]
    code, out, _ = run("trend", "--since", "2026-11-30", "--history", url, "--json")
    assert [(q["quarter"], q["run"]) for q in json.loads(out)["quarters"]] == [("2026Q4", 5)]


def test_trend_per_quarter_and_per_clause(tmp_path: Path, insecure: dict[str, Any],
                                          hardened: dict[str, Any]) -> None:
    url = str(tmp_path / "h.db")
    record_quarters(url, insecure, hardened)
    assert_trend(url, insecure, hardened)
    code, out, _ = run("trend", "--history", url, "--lang", "en")
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"Score per quarter (the last run of each quarter, UTC), {url}:"
    assert lines[2].split()[:5] == ["2026Q1", "2", "2026-03-20T08:00:00Z", f"{insecure['score']:.1f}",
                                    insecure["grade"]]
    assert lines[5].split()[:3] == ["2026Q4", "5", "2026-11-30T23:59:59Z"]
    code, out, _ = run("trend", "--framework", "csl", "--history", url, "--lang", "zh")
    assert code == 0 and "各季度条款符合性（* 有变化）：" in out
    assert "  * Art. 23(2)  不符合   不符合   符合" in out and "    Art. 23(1)  未评估" in out
    code, out, _ = run("trend", "--since", "2027-01-01", "--history", url, "--lang", "en")
    assert code == 0 and out == f"no runs recorded in {url} since 2027-01-01\n"


def test_trend_takes_a_framework_from_the_quarters_last_run_that_assessed_it(tmp_path: Path,
                                                                            insecure: dict[str, Any]) -> None:
    """A run scanned with --framework pipl last in 2026Q2: the other frameworks of 2026Q2 (those of 2026Q1's last
    run) are taken from the quarter's earlier run."""
    url = str(tmp_path / "h.db")
    only_pipl = {**insecure, "frameworks": [fw for fw in insecure["frameworks"] if fw["id"] == "pipl"],
                 "scanned_at": "2026-05-02T00:00:00Z"}
    store.record({**insecure, "scanned_at": "2026-02-01T00:00:00Z"}, url)
    store.record({**insecure, "scanned_at": "2026-05-01T00:00:00Z"}, url)
    store.record(only_pipl, url)
    result = json.loads(run("trend", "--history", url, "--json")[1])
    q1, q2 = result["quarters"]
    assert q2["run"] == 3 and [fw["id"] for fw in q2["frameworks"]] == [fw["id"] for fw in insecure["frameworks"]]
    assert {fw["id"]: fw["run"] for fw in q2["frameworks"]}["pipl"] == 3
    assert {fw["run"] for fw in q2["frameworks"] if fw["id"] != "pipl"} == {2}
    assert {fw["run"] for fw in q1["frameworks"]} == {1}
    code, _, err = run("trend", "--framework", "no-such", "--history", url)
    assert code == 2 and err.count("\n") == 1 and "no-such" in err


def test_trend_of_an_empty_history_is_one_line(tmp_path: Path) -> None:
    url = str(tmp_path / "h.db")
    code, _, err = run("trend", "--history", url)
    assert code == 2 and err.count("\n") == 1  # no database: not created for reading
    database.open_database(locate(url)).dispose()  # an empty history
    for lang, line in (("en", f"no runs recorded in {url}\n"), ("zh", f"{url} 中没有记录\n")):
        code, out, _ = run("trend", "--history", url, "--lang", lang)
        assert (code, out) == (0, line)
    code, out, _ = run("trend", "--history", url, "--framework", "csl", "--lang", "en")
    assert (code, out) == (0, f"no runs recorded in {url}\n")
    assert json.loads(run("trend", "--history", url, "--json")[1])["quarters"] == []


# ---------------------------------------------------------------------------------- history: in settings


def test_history_in_the_settings_file(tmp_path: Path) -> None:
    from baomi.history.context import settings_digest
    from baomi.settings import Settings

    folder = tmp_path / "conf"
    folder.mkdir()
    config = folder / "baomi.yaml"
    work = tmp_path / "work"
    work.mkdir()
    # a path, relative to the settings file's folder: every scan with the settings is recorded there
    config.write_text("history: history/baomi.db\n", encoding="utf-8")
    assert Settings.from_file(config).history == str(folder / "history" / "baomi.db")
    code, _, err = run("scan", str(EXAMPLES / "aws-hardened"), "--config", str(config), "--no-gate", cwd=work)
    assert code == 0, err
    assert f"recorded as run 1 in {folder / 'history' / 'baomi.db'}" in err
    # --record records there too, not in .baomi/history.db
    code, _, err = run("scan", str(EXAMPLES / "aws-hardened"), "--config", str(config), "--record", "--no-gate",
                       cwd=work)
    assert code == 0 and "recorded as run 2 in" in err and not (work / ".baomi").exists()
    # --history on the command line wins
    code, _, err = run("scan", str(EXAMPLES / "aws-hardened"), "--config", str(config), "--no-gate",
                       "--history", str(tmp_path / "other.db"), cwd=work)
    assert code == 0 and f"recorded as run 1 in {tmp_path / 'other.db'}" in err
    assert [r["id"] for r in store.runs(str(folder / "history" / "baomi.db"))] == [1, 2]
    # sqlite:///relative is relative to the settings file too; an absolute path or URL stays as written
    for written, resolved in (("sqlite:///h.db", f"sqlite:///{folder / 'h.db'}"),
                              (f"sqlite:///{tmp_path}/a.db", f"sqlite:///{tmp_path}/a.db"),
                              (str(tmp_path / "b.db"), str(tmp_path / "b.db")),
                              ("postgresql://u@db.internal/h", "postgresql://u@db.internal/h"), ("", "")):
        config.write_text(f"history: '{written}'\n", encoding="utf-8")
        assert Settings.from_file(config).history == resolved
    # without history:, a scan with the settings is not recorded; the settings digest ignores history:
    config.write_text("min_log_retention_days: 365\n", encoding="utf-8")
    plain = Settings.from_file(config)
    code, _, err = run("scan", str(EXAMPLES / "aws-hardened"), "--config", str(config), "--no-gate", cwd=work)
    assert code == 0 and "recorded" not in err and not (work / ".baomi").exists()
    assert settings_digest(plain) == settings_digest(dataclasses.replace(plain, history="x.db"))


def test_a_password_in_the_settings_files_history_url_is_never_printed(tmp_path: Path) -> None:
    from baomi.settings import Settings

    port = support.closed_port()
    config = tmp_path / "baomi.yaml"
    config.write_text(f"history: postgresql://historian:settings-secret-pw@127.0.0.1:{port}/history\n",
                      encoding="utf-8")
    assert "settings-secret-pw" not in repr(Settings.from_file(config))
    code, out, err = run("scan", str(EXAMPLES / "aws-hardened"), "--config", str(config), "--no-gate",
                         "--format", f"json:{tmp_path / 'r.json'}")
    assert code == 2 and (tmp_path / "r.json").exists()
    assert "settings-secret-pw" not in out + err
    assert f"postgresql://historian@127.0.0.1:{port}/history" in err and "a password in the history URL" in err
    config.write_text("history: mysql://historian:settings-secret-pw@db/history\n", encoding="utf-8")
    code, out, err = run("scan", str(EXAMPLES / "aws-hardened"), "--config", str(config), "--no-gate")
    assert code == 2 and "settings-secret-pw" not in out + err
    assert err.startswith("baomi: error: settings file: history: ") and "unsupported history database" in err


def test_findings_of_one_check_on_several_rules_of_a_file_are_told_apart(tmp_path: Path) -> None:
    """pg_hba.conf: each rule's finding is its own (one check, one resource, several lines); a comment inserted
    at the top moves every line and changes nothing; a rule appended is exactly what is new."""
    source = support.ROOT / "examples" / "databases" / "postgresql" / "insecure"
    before_tree, after_tree = tmp_path / "a" / "pg", tmp_path / "b" / "pg"
    shutil.copytree(source, before_tree)
    shutil.copytree(source, after_tree)
    hba = after_tree / "pg_hba.conf"
    hba.write_text("# reviewed 2026-11\n\n" + hba.read_text(encoding="utf-8")
                   + "host    all       all       192.168.0.0/16 password\n", encoding="utf-8")
    a, b = support.scan(before_tree), support.scan(after_tree)
    prints = fingerprint.fingerprints(a)
    same_check = [p for p, f in zip(prints, a["findings"], strict=True) if f["check_id"] == "PG_HBA_HOSTSSL_ONLY"]
    assert len(same_check) == 3 and len(set(prints)) == len(prints)
    result = diff.diff(a, b, ("a", "b"))
    assert result["counts"]["fixed"] == 0
    new = {(f["check_id"], f["location"]["line"]) for f in result["findings"]["new"]}
    last = len(hba.read_text(encoding="utf-8").splitlines())
    checks = ("PG_HBA_HOSTSSL_ONLY", "PG_HBA_NO_PASSWORD", "PG_HBA_NO_REMOTE_SUPERUSER")
    assert new == {(check, last) for check in checks}
