"""The command line as a user meets it: exit codes, one-line errors, reports written, catalog listings."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from baomi.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "iac_source"
EXAMPLES = ROOT / "examples"


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def test_help_is_instant_because_heavy_modules_are_not_imported() -> None:
    probe = ("import sys, baomi.cli; heavy = [m for m in ('checkov', 'boto3', 'botocore', 'psycopg', 'pymysql', "
             "'jinja2', 'jsonschema', 'yaml') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_nothing_to_scan_is_a_usage_error() -> None:
    result = run("scan")
    assert result.code == 2
    assert result.err.strip() == "baomi: error: nothing to scan: give PATHs, --aws, --db or --db-config"


def test_missing_path_is_a_usage_error() -> None:
    result = run("scan", "no/such/dir")
    assert result.code == 2
    assert result.err.strip() == "baomi: error: no/such/dir: no such file or directory"


def test_invalid_framework_file_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("id: my-policy\ntitle: {zh: 制度, en: Policy}\nkind: internal\nclauses: []\n", encoding="utf-8")
    result = run("scan", str(FIXTURES / "suppressed"), "--framework-file", str(bad))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert str(bad) in result.err and "Traceback" not in result.err


def test_unknown_framework_and_format_are_usage_errors() -> None:
    assert run("scan", str(FIXTURES / "suppressed"), "--framework", "nope").code == 2
    result = run("scan", str(FIXTURES / "suppressed"), "--format", "pdf")
    assert result.code == 2 and "unknown report format 'pdf'" in result.err


def test_a_broken_file_fails_the_gate_unless_errors_are_allowed(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run("scan", str(FIXTURES / "broken"), "--format", f"json:{out}")
    assert result.code == 1
    assert "could not be evaluated" in result.out
    document = json.loads(out.read_text(encoding="utf-8"))
    errors = [f for f in document["findings"] if f["check_id"] == "BAOMI_SOURCE_ERROR"]
    assert len(errors) == 1 and errors[0]["location"]["file"].endswith("broken/main.tf")
    # ok.tf beside it fails one high check: the default gate still fails on that, not on the error
    allowed = run("scan", str(FIXTURES / "broken"), "--allow-errors", "--lang", "en")
    assert allowed.code == 1 and "1 failure(s) at or above high" in allowed.out
    assert "could not be evaluated" not in allowed.out
    assert run("scan", str(FIXTURES / "broken"), "--allow-errors", "--fail-on", "none").code == 0


def test_fail_on_and_fail_under_gate_the_exit_code() -> None:
    target = str(FIXTURES / "suppressed")  # one unencrypted RDS instance (CKV_AWS_16 is high)
    # the default gate (no option) fails on a high failure, like --fail-on high (docs/scoring.md)
    default = run("scan", target, "--framework", "fin-confidentiality-spec", "--lang", "en")
    assert default.code == 1 and "failure(s) at or above high" in default.out
    assert run("scan", target, "--framework", "fin-confidentiality-spec", "--fail-on", "none").code == 0
    failed = run("scan", target, "--framework", "fin-confidentiality-spec", "--fail-on", "high")
    assert failed.code == 1 and "at or above high" in failed.out
    assert run("scan", target, "--framework", "fin-confidentiality-spec", "--fail-on", "critical").code == 0
    under = run("scan", target, "--fail-under", "99.5")
    assert under.code == 1 and "is under 99.5" in under.out


def test_scan_writes_every_format_and_report_renders_them_again(tmp_path: Path) -> None:
    args = ["scan", str(FIXTURES / "suppressed"), "--lang", "en"]
    for fmt, ext in (("json", "json"), ("html", "html"), ("markdown", "md"), ("sarif", "sarif"), ("junit", "xml"),
                     ("csv", "csv")):
        args += ["--format", f"{fmt}:{tmp_path / ('r.' + ext)}"]
    assert run(*args).code == 1  # the default gate fails on the unencrypted RDS instance (high); reports are written
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert document["schema_version"].startswith("1.")
    assert document["counts"]["suppressed"] == 1  # the one inline skip, with its reason
    [suppressed] = [f for f in document["findings"] if f["status"] == "suppressed"]
    assert suppressed["suppression"] == "read replica of an encrypted source, encryption is inherited"
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    assert any(r["ruleId"] == "CKV_AWS_16" for r in sarif["runs"][0]["results"])
    again = run("report", str(tmp_path / "r.json"), "--format", "html", "--lang", "zh")
    assert again.code == 0 and "<html" in again.out and "得分" in again.out


def test_report_rejects_a_file_that_is_not_results(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}', encoding="utf-8")
    result = run("report", str(junk), "--format", "html")
    assert result.code == 2 and str(junk) in result.err and len(result.err.strip().splitlines()) == 1


def test_merge_rescores_the_union_of_findings(tmp_path: Path) -> None:
    a, b, merged = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "m.json"
    # each input fails a high check, so the default gate fails the scans and the merge
    assert run("scan", str(FIXTURES / "suppressed"), "--format", f"json:{a}").code == 1
    assert run("scan", str(FIXTURES / "broken" / "ok.tf"), "--format", f"json:{b}").code == 1
    assert run("merge", str(a), str(b), "-o", str(merged)).code == 1
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in (a, b, merged)]
    assert len(docs[2]["findings"]) == len(docs[0]["findings"]) + len(docs[1]["findings"])
    assert {t["target"] for t in docs[2]["targets"]} == {t["target"] for d in docs[:2] for t in d["targets"]}
    rds = lambda d: next(c for c in d["controls"] if c["id"] == "ENC-REST")  # noqa: E731
    # one encrypted and one unencrypted instance judged by CKV_AWS_16 after the merge
    check = next(c for c in rds(docs[2])["checks"] if c["id"] == "CKV_AWS_16")
    assert check["counts"]["pass"] == 1 and check["counts"]["fail"] == 1


def test_catalog_listings_as_json() -> None:
    frameworks = json.loads(run("frameworks", "--json").out)
    assert {f["id"] for f in frameworks} >= {"fin-privacy-commitment", "fin-confidentiality-spec",
                                             "bank-pi-protection", "microloan-cip", "advisory-privacy-risk", "pipl",
                                             "csl"}
    csl = next(f for f in frameworks if f["id"] == "csl")
    assert any("LOG-RETENTION" in c["controls"] for c in csl["clauses"])
    controls = json.loads(run("controls", "--framework", "csl", "--json").out)
    assert "LOG-RETENTION" in {c["id"] for c in controls}
    assert all(c["manual"] == c["id"].startswith("GOV-") for c in controls)
    pg = json.loads(run("checks", "--source", "postgresql", "--json").out)
    assert pg and all(c["sources"] == ["postgresql"] and c["remediation"]["zh"] for c in pg)
    assert "PG_SSL_ON" in {c["id"] for c in pg}


def test_catalog_listings_as_tables() -> None:
    table = run("controls", "--lang", "zh").out.splitlines()
    assert table[0].split() == ["编号", "领域", "权重", "检查数", "名称"]
    assert any(line.split()[:3] == ["ENC-TRANSIT", "加密", "5"] and "客户信息传输加密" in line for line in table)
    assert any(line.startswith("GOV-TRAINING") and " 人工核查 " in line for line in table)
    english = run("controls", "--lang", "en").out.splitlines()
    assert english[0].split() == ["ID", "DOMAIN", "WEIGHT", "CHECKS", "TITLE"]
    assert any(line.startswith("GOV-TRAINING") and " manual " in line for line in english)


def test_catalog_tables_align_chinese_columns() -> None:
    """A Chinese character takes two terminal columns: every row's title starts in the header's title column."""
    from baomi.cli.common import columns

    table = run("checks", "--source", "postgresql", "--lang", "zh").out.splitlines()
    assert table[0].split()[:3] == ["编号", "严重程度", "输入类型"]
    start = columns(table[0][:table[0].index("名称")])
    rows = [line for line in table[1:] if line.startswith("PG_SSL_ON ")]
    assert rows and all(columns(line[:line.index("PostgreSQL 启用")]) == start for line in rows)
    assert rows[0].split()[1] == "高"


def test_checks_filter_by_source_and_control() -> None:
    rows = json.loads(run("checks", "--source", "terraform", "--control", "ENC-TRANSIT", "--json").out)
    assert rows and all("terraform" in r["sources"] and "ENC-TRANSIT" in r["controls"] for r in rows)
    assert any(r["id"] == "BAOMI_AWS_S3_TLS_ONLY" for r in rows)


def test_report_writes_several_formats_and_merge_gates(tmp_path: Path) -> None:
    results = tmp_path / "r.json"
    run("scan", str(FIXTURES / "suppressed"), "--format", f"json:{results}")
    html, junit = tmp_path / "r.html", tmp_path / "r.xml"
    assert run("report", str(results), "--format", f"html:{html}", "--format", f"junit:{junit}").code == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and "<testsuite" in junit.read_text()
    assert run("report", str(results), "--format", "html:x.html", "-o", "y.html").code == 2
    merged = tmp_path / "m.json"
    assert run("merge", str(results), "-o", str(merged)).code == 1  # the default gate: a high failure
    assert run("merge", str(results), "-o", str(merged), "--fail-on", "none").code == 0
    gated = run("merge", str(results), "-o", str(merged), "--fail-on", "high")
    assert gated.code == 1 and "at or above high" in gated.out


@pytest.mark.parametrize("content,problem", [
    (b"min_log_retention_days: [\n", "not valid YAML"),
    (b"allowed_regions: cn-north-1\n", "allowed_regions: 'cn-north-1' is not of type 'array'"),
    (b"min_log_retention_days: x\n", "min_log_retention_days: 'x' is not of type 'integer'"),
    (b"mfa_coverage_target: 90\n", "mfa_coverage_target: 90 is greater than the maximum of 1"),
    (b"min_log_retension_days: 180\n", "'min_log_retension_days' was unexpected"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_bad_settings_files_are_one_line_errors(tmp_path: Path, content: bytes, problem: str) -> None:
    config = tmp_path / "baomi.yaml"
    config.write_bytes(content)
    result = run("scan", str(FIXTURES / "suppressed"), "--config", str(config))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and problem in result.err and str(config) in result.err


def test_settings_file_changes_thresholds(tmp_path: Path) -> None:
    config = tmp_path / "baomi.yaml"
    config.write_text("min_backup_retention_days: 0\nallowed_regions: [us-east-1]\n", encoding="utf-8")
    out = tmp_path / "r.json"
    run("scan", str(FIXTURES / "suppressed"), "--config", str(config), "--format", f"json:{out}")
    statuses = {f["status"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]
                if f["check_id"] == "BAOMI_AWS_RDS_BACKUP_RETENTION"}
    assert statuses == {"pass"}  # the default minimum of 7 days fails both instances


def test_a_framework_file_that_is_not_utf8_or_is_a_directory(tmp_path: Path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_bytes(b"\xff\xfe")
    for path in (bad, tmp_path):
        result = run("scan", str(FIXTURES / "suppressed"), "--framework-file", str(path))
        assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def test_a_scan_that_judges_nothing_fails_the_gate(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing for baomi here", encoding="utf-8")
    result = run("scan", str(tmp_path))
    assert result.code == 1 and "nothing was evaluated" in result.out


def test_a_named_file_no_source_reads_is_a_usage_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    result = run("scan", str(notes))
    assert result.code == 2 and "not a file baomi reads" in result.err


def test_a_database_config_file_can_be_given_as_a_path(tmp_path: Path) -> None:
    conf = tmp_path / "postgresql.conf"
    conf.write_text("ssl = off\n", encoding="utf-8")
    out = tmp_path / "r.json"
    run("scan", str(conf), "--format", f"json:{out}")
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert any(f["check_id"] == "PG_SSL_ON" and f["status"] == "fail" for f in findings)


def test_merge_refuses_findings_of_unknown_checks(tmp_path: Path) -> None:
    results = tmp_path / "r.json"
    run("scan", str(FIXTURES / "suppressed"), "--format", f"json:{results}")
    document = json.loads(results.read_text(encoding="utf-8"))
    document["findings"][0]["check_id"] = "FUTURE_CHECK_FROM_A_NEWER_BAOMI"
    results.write_text(json.dumps(document), encoding="utf-8")
    result = run("merge", str(results), "-o", str(tmp_path / "m.json"))
    assert result.code == 2 and "FUTURE_CHECK_FROM_A_NEWER_BAOMI" in result.err


def test_gate_reasons_follow_the_report_language() -> None:
    result = run("scan", str(FIXTURES / "suppressed"), "--fail-on", "high", "--lang", "zh")
    assert result.code == 1 and "达到或高于「高」严重级别" in result.out


def test_the_baseline_lines_name_a_severity_this_version_does_not_know_as_it_is() -> None:
    """A baseline written by a newer baomi may carry a severity this one has no word for: it is shown as written,
    the known ones in the language asked for."""
    from baomi.cli.baseline_cmds import print_baseline

    fixed = [{"check_id": "CKV_NEW", "resource": "aws_s3_bucket.a", "severity": "informational",
              "location": {"file": "main.tf", "line": 3}},
             {"check_id": "CKV_OLD", "resource": "aws_s3_bucket.b", "severity": "high", "location": None}]
    document = {"findings": [], "baseline": {"label": "base.json", "scanned_at": "2026-01-01T00:00:00Z",
                                             "counts": {"new": 0, "fixed": 2, "unchanged": 0, "waived": 0},
                                             "fixed": fixed}}
    lines: list[str] = []
    print_baseline(document, "zh", lines.append)
    assert lines[-2:] == ["  [informational] CKV_NEW aws_s3_bucket.a (main.tf:3)", "  [高] CKV_OLD aws_s3_bucket.b"]
