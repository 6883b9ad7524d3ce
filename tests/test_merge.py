"""``baomi merge``: findings of different scans are never collapsed, a repeated scan of one AWS account
counts once (the newest, said on stderr), and results written by any scan variant are accepted."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from baomi import document as results
from baomi import scoring
from baomi.catalog import load_catalog
from baomi.cli import cli
from baomi.model import Finding, Status
from baomi.reports import rendering as results_file

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT, OTHER = "111122223333", "444455556666"
BUCKET = "arn:aws:s3:::customer-statements"

UNENCRYPTED_RDS = """\
resource "aws_db_instance" "customers" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_encrypted = false
}
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _document(path: Path, scanned_at: str, findings: list[Finding], target: str = "profile default") -> Path:
    """A results file as `baomi scan --aws` writes it (the real builder, a fixed scan time)."""
    import datetime as dt

    catalog = load_catalog()
    selected = [f.id for f in catalog.frameworks]
    document = results.build(catalog, scoring.score(catalog, findings, selected), findings,
                             [results.Target("aws", target)], None,
                             dt.datetime.fromisoformat(scanned_at.replace("Z", "+00:00")))
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _versioning(status: Status, account: str = ACCOUNT, bucket: str = BUCKET) -> Finding:
    return Finding("AWS_S3_VERSIONING", status, "aws", bucket, "versioning " + status.value, account=account,
                   region="cn-north-1")


def _merged(tmp_path: Path, *files: Path, expect: int = 0):
    out = tmp_path / "merged.json"
    result = run("merge", *map(str, files), "-o", str(out), "--no-gate")
    assert result.exit_code == expect, result.stderr
    said = "".join(line for line in result.stderr.splitlines(keepends=True) if line.startswith("baomi:"))
    return (json.loads(out.read_text(encoding="utf-8")) if expect == 0 else None), said


@pytest.mark.parametrize("order", ["stale first", "fresh first"])
def test_two_scans_of_one_account_count_the_newest_only(tmp_path, order):
    stale = _document(tmp_path / "monday.json", "2026-03-02T08:00:00Z",
                      [_versioning(Status.FAIL), _versioning(Status.FAIL, OTHER)])
    fresh = _document(tmp_path / "tuesday.json", "2026-03-03T08:00:00Z", [_versioning(Status.PASS)])
    files = (stale, fresh) if order == "stale first" else (fresh, stale)
    merged, stderr = _merged(tmp_path, *files)
    assert [(f["account"], f["status"]) for f in merged["findings"]] in (
        [(ACCOUNT, "pass"), (OTHER, "fail")], [(OTHER, "fail"), (ACCOUNT, "pass")])
    assert merged["counts"]["pass"] == 1 and merged["counts"]["fail"] == 1  # the other account stays
    assert stderr.strip().splitlines() == [
        f"baomi: warning: AWS account {ACCOUNT} was scanned more than once: kept the newest scan "
        f"(2026-03-03T08:00:00Z, {fresh}); left out the findings of {stale} (2026-03-02T08:00:00Z)"]


def test_two_different_scans_of_one_account_at_the_same_time_are_refused(tmp_path):
    a = _document(tmp_path / "a.json", "2026-03-02T08:00:00Z", [_versioning(Status.FAIL)])
    b = _document(tmp_path / "b.json", "2026-03-02T08:00:00Z", [_versioning(Status.PASS)])
    _, stderr = _merged(tmp_path, a, b, expect=2)
    assert stderr.strip().splitlines() == [
        f"baomi: error: {a} and {b} both hold a scan of AWS account {ACCOUNT} made at 2026-03-02T08:00:00Z with "
        "different findings: cannot tell which is newer; merge only one of them"]


def test_the_same_results_file_twice_counts_once(tmp_path):
    a = _document(tmp_path / "a.json", "2026-03-02T08:00:00Z", [_versioning(Status.FAIL)])
    merged, stderr = _merged(tmp_path, a, a)
    assert merged["counts"]["fail"] == 1 and len(merged["findings"]) == 1
    assert stderr.strip().splitlines() == [f"baomi: warning: {a} is the same scan as {a}: counted once"]


def test_identical_findings_of_two_accounts_are_both_counted(tmp_path):
    """Same bucket name, check and status in two accounts: two findings (the account tells them apart)."""
    a = _document(tmp_path / "a.json", "2026-03-02T08:00:00Z", [_versioning(Status.FAIL)])
    b = _document(tmp_path / "b.json", "2026-03-02T08:00:00Z", [_versioning(Status.FAIL, OTHER)])
    merged, stderr = _merged(tmp_path, a, b)
    assert merged["counts"]["fail"] == 2 and stderr == ""


def _scan_checkout(checkout: Path, out: Path) -> None:
    """`baomi scan .` run inside a checkout, as a CI job of that repository does."""
    command = [sys.executable, "-m", "baomi", "scan", ".", "--no-gate", "--format", f"json:{out}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=checkout, env=env)
    assert result.returncode == 0, result.stderr


def test_identical_findings_of_two_repositories_are_not_collapsed(tmp_path):
    """Two repositories with the same main.tf, each scanned as `.` in its own CI checkout: the merged
    report has both unencrypted databases, not one."""
    outputs = []
    for repo in ("retail-infra", "wealth-infra"):
        checkout = tmp_path / repo
        checkout.mkdir()
        (checkout / "main.tf").write_text(UNENCRYPTED_RDS, encoding="utf-8")
        outputs.append(tmp_path / f"{repo}.json")
        _scan_checkout(checkout, outputs[-1])
    alone = json.loads(outputs[0].read_text(encoding="utf-8"))
    merged, stderr = _merged(tmp_path, *outputs)
    assert len(merged["findings"]) == 2 * len(alone["findings"]) > 0
    assert merged["counts"] == {k: 2 * v for k, v in alone["counts"].items()}
    assert stderr.strip().splitlines() == [
        f"baomi: warning: iac target '.' appears in {outputs[0]}, {outputs[1]}: their findings are all counted, "
        "as of different inputs; if these are two scans of the same input, merge only the newest"]


def test_results_of_scan_db_config_are_accepted_by_report_and_merge(tmp_path):
    conf = tmp_path / "postgresql.conf"
    conf.write_text("ssl = off\nlisten_addresses = '*'\n", encoding="utf-8")
    written = tmp_path / "r.json"
    assert run("scan", "--db-config", str(conf), "--no-gate", "--format", f"json:{written}").exit_code == 0
    assert {t["source"] for t in json.loads(written.read_text(encoding="utf-8"))["targets"]} == {"database-config"}
    report = run("report", str(written), "--format", "markdown")
    assert report.exit_code == 0 and "ssl" in report.stdout, report.stderr
    merged, _ = _merged(tmp_path, written)
    assert merged["counts"] == json.loads(written.read_text(encoding="utf-8"))["counts"]


@pytest.mark.parametrize("source", ["iac", "database-config", "database", "aws"])
def test_every_target_kind_a_scan_writes_is_valid(source):
    """The scan plan (baomi/cli/scan.py) names its targets with these sources; the schema must take them all."""
    catalog = load_catalog()
    document = results.build(catalog, scoring.score(catalog, [], []), [], [results.Target(source, "x")])
    results_file.validate(document)


def test_a_merged_result_is_recorded_in_the_history(tmp_path):
    """``baomi merge --history`` records the merged result (one run for the estate), after writing it."""
    from baomi.history import store

    one = _document(tmp_path / "a.json", "2026-03-02T08:00:00Z", [_versioning(Status.FAIL)])
    two = _document(tmp_path / "b.json", "2026-03-02T09:00:00Z", [_versioning(Status.PASS, OTHER)], "profile other")
    history, out = tmp_path / "h.db", tmp_path / "merged.json"
    result = run("merge", str(one), str(two), "-o", str(out), "--no-gate", "--history", str(history), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert f"recorded as run 1 in {history}" in result.stderr
    merged = json.loads(out.read_text(encoding="utf-8"))
    recorded = store.run(history, 1)
    assert [t["target"] for t in recorded["targets"]] == [t["target"] for t in merged["targets"]]
    assert [(f["account"], f["status"]) for f in recorded["findings"]] == [
        (f["account"], f["status"]) for f in merged["findings"]]
    assert recorded["score"] == merged["score"] and recorded["run"]["settings_digest"] is None


def test_the_bundle_of_a_merged_run_says_it_holds_no_inputs_or_facts(tmp_path):
    """A merged run keeps the merged results only: its bundle says so in run.json, the manifest and the command's
    output, rather than claiming its evidence was recorded."""
    import zipfile

    from baomi.history.bundle import NO_EVIDENCE

    one = _document(tmp_path / "a.json", "2026-03-02T08:00:00Z", [_versioning(Status.FAIL)])
    two = _document(tmp_path / "b.json", "2026-03-02T09:00:00Z", [_versioning(Status.PASS, OTHER)], "profile other")
    history, bundle = tmp_path / "h.db", tmp_path / "run1.zip"
    assert run("merge", str(one), str(two), "-o", str(tmp_path / "m.json"), "--no-gate",
               "--history", str(history)).exit_code == 0
    result = run("evidence", "1", "-o", str(bundle), "--history", str(history), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "run 1: no input or fact was recorded with it" in result.stderr
    with zipfile.ZipFile(bundle) as archive:
        assert sorted(archive.namelist()) == ["MANIFEST.sha256", "results.json", "run.json"]
        about = json.loads(archive.read("run.json"))["bundle"]
        assert about["evidence_recorded"] is False and about["note"] == NO_EVIDENCE
        assert archive.read("MANIFEST.sha256").decode().startswith(f"# {NO_EVIDENCE}\n")
    assert run("evidence", "verify", str(bundle)).exit_code == 0
