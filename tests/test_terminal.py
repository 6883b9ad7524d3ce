"""What ``baomi scan`` prints, as a CI log and a terminal show it: the failed findings named (severity, check,
resource, file:line), grouped and capped with a pointer to the report; -q; a report on standard output with the
rest on stderr; colour on a terminal only and never with NO_COLOR; progress counts on a terminal only; and in
Chinese, no English word but check IDs, resource names and file paths.

Every scan here is the real command on the bundled examples (checkov included).
"""
from __future__ import annotations

import io
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from baomi.cli import cli, progress
from baomi.cli.output import MAX_FAILURE_LINES, failure_lines, use_colour
from baomi.reports import rendering
from tests.test_attestations import EXAMPLE as ATTESTATIONS
from tests.test_attestations import _as_of_today

ROOT = Path(__file__).resolve().parent.parent
INSECURE = ROOT / "examples" / "terraform" / "aws-insecure"
PG_INSECURE = ROOT / "examples" / "databases" / "postgresql" / "insecure"
BROKEN = ROOT / "tests" / "fixtures" / "iac_source" / "broken"  # a file that does not parse: an input error
SUPPRESSED = ROOT / "tests" / "fixtures" / "iac_source" / "suppressed"  # one small Terraform root, quick


@dataclass(frozen=True)
class Scan:
    code: int
    out: str
    err: str
    document: dict[str, Any]
    report: Path


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Scan]:
    """The examples (Terraform, a PostgreSQL configuration, a broken file, the attestations with their dates
    moved to today) scanned once per language, with a JSON report."""
    folder = tmp_path_factory.mktemp("terminal")
    attestations = folder / "attestations"
    shutil.copytree(ATTESTATIONS, attestations)
    path = attestations / "attestations.yaml"
    path.write_text(_as_of_today(path.read_text(encoding="utf-8")), encoding="utf-8")
    done: dict[str, Scan] = {}

    def run(lang: str) -> Scan:
        if lang not in done:
            report = folder / f"results-{lang}.json"
            command = [sys.executable, "-m", "baomi", "scan", str(INSECURE), str(PG_INSECURE), str(BROKEN),
                       "--attestations", str(path), "--lang", lang, "--format", f"json:{report}"]
            env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LANG", "LC_ALL", "LC_MESSAGES")}
            process = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
            done[lang] = Scan(process.returncode, process.stdout, process.stderr,
                              json.loads(report.read_text(encoding="utf-8")), report)
        return done[lang]

    return run


# ------------------------------------------------------------------------------------- Chinese all the way


#: typed as they are in either language: the tool's name, and the value of ``--fail-on none``
COMMAND_WORDS = {"baomi", "none"}
_OPTION = re.compile(r"--[a-z][a-z-]*")
_WORD = re.compile(r"[A-Za-z]{2,}")


def _names(document: dict[str, Any], report: Path) -> list[str]:
    """What may stay as it is in any language: check IDs, resource names, file paths (the findings' files, the
    scanned paths and the report written) and framework IDs."""
    names = {str(report)}
    for finding in document["findings"]:
        names |= {finding["check_id"], finding["resource"]}
        if finding["location"]:
            names.add(finding["location"]["file"])
    names |= {t["target"] for t in document["targets"]} | {fw["id"] for fw in document["frameworks"]}
    return sorted(names, key=len, reverse=True)  # a path before the directory it is in


def _catalog_words(document: dict[str, Any]) -> set[str]:
    """ASCII words the catalog's own Chinese titles use (RDS, CloudTrail, pg_hba, TLS; JR/T of a standard's
    number): product, setting and document names a Chinese reader sees in the catalog too, allowed only from
    the titles of the checks found and the frameworks scored."""
    titles = [f["title"]["zh"] for f in document["findings"]] + [fw["title"]["zh"] for fw in document["frameworks"]]
    return {word for title in titles for word in _WORD.findall(title)}


def test_a_chinese_scan_prints_no_english_word_but_ids_resources_and_paths(scan: Callable[[str], Scan]) -> None:
    run = scan("zh")
    assert run.code == 1
    text = run.out + run.err
    for name in _names(run.document, run.report):
        text = text.replace(name, " ")
    text = _OPTION.sub(" ", text)
    left = set(_WORD.findall(text)) - COMMAND_WORDS
    assert left <= _catalog_words(run.document), sorted(left - _catalog_words(run.document))
    # and the words are there: statuses, severities, the gate, the finding's title for its English message
    counts = run.document["counts"]
    assert f"检查结果: 通过 {counts['pass']}, 不合格 {counts['fail']}, 无法评估 {counts['error']}" in run.out
    assert f"不合格（{counts['fail']} 项）：" in run.out and "  严重（" in run.out and "  高（" in run.out
    assert "CKV_AWS_16 aws_db_instance.customer_records (examples/terraform/aws-insecure/database.tf:51): " \
           "RDS 实例存储已加密" in run.out
    assert "未能评估（" in run.out and "输入无法读取: " in run.out
    assert run.out.splitlines()[-1].startswith("门禁：未通过: ")
    assert run.err.strip() == f"已写入结果文件：{run.report}"
    # the document keeps the English detail messages
    rds = next(f for f in run.document["findings"] if f["check_id"] == "CKV_AWS_16" and f["status"] == "fail")
    assert re.search(r"[A-Za-z]{4,} [A-Za-z]{2,}", rds["message"])


def test_an_english_scan_prints_english(scan: Callable[[str], Scan]) -> None:
    run = scan("en")
    counts = run.document["counts"]
    assert f"Findings: pass {counts['pass']}, fail {counts['fail']}, error {counts['error']}" in run.out
    assert f"Failed ({counts['fail']}):" in run.out and "  critical (" in run.out
    rds = next(f for f in run.document["findings"] if f["check_id"] == "CKV_AWS_16" and f["status"] == "fail")
    assert f"CKV_AWS_16 aws_db_instance.customer_records (examples/terraform/aws-insecure/database.tf:51): " \
           f"{rds['message']}" in run.out
    assert "Not evaluated (" in run.out and "could not" in run.out
    assert run.out.splitlines()[-1].startswith("Gate: FAILED: ")
    assert run.err.strip() == f"wrote json report: {run.report}"
    assert not re.search(r"[\u4e00-\u9fff]", run.out.replace(_framework_titles(run.document), ""))


def _framework_titles(document: dict[str, Any]) -> str:
    return "".join(fw["title"]["zh"] for fw in document["frameworks"])


# ---------------------------------------------------------------------------------- the failures, listed


def test_failures_are_grouped_by_severity_capped_and_point_at_the_report(scan: Callable[[str], Scan]) -> None:
    run = scan("en")
    groups = rendering.failures_by_severity(run.document)
    total = sum(len(found) for _, found in groups)
    assert total > MAX_FAILURE_LINES  # the example has more failures than the terminal names
    lines = [click.unstyle(line) for line in failure_lines(run.document, "en", [run.report])]
    assert lines[0] == f"Failed ({total}):"
    headings = [line.strip() for line in lines if line.startswith("  ") and not line.startswith("    ")]
    listed = [line.strip() for line in lines if line.startswith("    ")]
    assert len(listed) == MAX_FAILURE_LINES
    expected = [f for _, found in groups for f in found][:MAX_FAILURE_LINES]
    assert [line.split(" ")[0] for line in listed] == [f["check_id"] for f in expected]
    assert [line.split(" ")[1] for line in listed] == [f["resource"] for f in expected]
    shown_groups = [(severity, found) for severity, found in groups if any(f in expected for f in found)]
    assert headings[:-1] == [f"{severity} ({len(found)})" for severity, found in shown_groups]
    assert headings[-1] == f"… and {total - MAX_FAILURE_LINES} more: every one is in {run.report}"
    assert "\n".join(lines) in run.out  # the command prints exactly these


def test_fewer_failures_than_the_cap_are_all_listed_without_a_pointer(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code, out, _ = _invoke("scan", str(SUPPRESSED), "--lang", "en", "--format", f"json:{report}")
    assert code == 1
    document = json.loads(report.read_text(encoding="utf-8"))
    failed = [f for _, found in rendering.failures_by_severity(document) for f in found]
    assert 0 < len(failed) <= MAX_FAILURE_LINES
    block = out[out.index("Failed ("):out.index("Gate: ")].splitlines()
    assert block[0] == f"Failed ({len(failed)}):"
    assert block[1:] == [line for severity, found in rendering.failures_by_severity(document)
                         for line in [f"  {severity} ({len(found)})",
                                      *(f"    {f['check_id']} {f['resource']} ({f['location']['file']}:"
                                        f"{f['location']['line']}): {f['message']}" for f in found)]]


# ------------------------------------------------------------------------------- quiet, stdout, colour


def test_quiet_prints_only_the_gate_line(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code, out, err = _invoke("scan", str(SUPPRESSED), "-q", "--lang", "en", "--format", f"json:{report}")
    assert code == 1 and report.exists()
    assert out.splitlines() == [out.strip()] and out.startswith("Gate: FAILED: 3 failure(s) at or above high")
    assert err == ""
    code, out, _ = _invoke("scan", str(SUPPRESSED), "--quiet", "--no-gate", "--lang", "zh")
    assert code == 0 and out == "门禁：未设置门禁（--no-gate），检查结果不影响退出码\n"


def test_a_report_on_stdout_leaves_the_summary_to_stderr(tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    code, out, err = _invoke("scan", str(SUPPRESSED), "--lang", "en", "--format", "json:-", "--format", f"html:{html}")
    assert code == 1
    document = json.loads(out)  # stdout is the report and nothing else
    rendering.validate(document)
    assert document["gate"]["passed"] is False
    assert not (tmp_path / "-").exists() and not Path("-").exists()
    assert f"wrote html report: {html}" in err and "Failed (15):" in err
    assert err.rstrip().splitlines()[-1].startswith("Gate: FAILED: ")
    assert "wrote json" not in err


def test_one_report_at_most_on_stdout() -> None:
    code, out, err = _invoke("scan", str(SUPPRESSED), "--format", "json:-", "--format", "sarif:-")
    assert code == 2 and out == ""
    assert err == ("baomi: error: --format json:- and --format sarif:-: only one report can go to standard output "
                   "(只能有一个报告写到标准输出)\n")


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    master, slave = os.openpty()
    try:
        with open(slave, "w", encoding="utf-8", closefd=False) as tty:
            assert use_colour(tty, {}) is True
            assert use_colour(tty, {"NO_COLOR": "1"}) is False
            assert use_colour(tty, {"NO_COLOR": ""}) is True  # set but empty: not set (no-color.org)
        assert use_colour(io.StringIO(), {}) is False
    finally:
        os.close(master)
        os.close(slave)


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """``python -m baomi`` with its stdout on a pseudo-terminal: what the terminal received."""
    master, slave = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "baomi", *args], stdout=slave, stderr=subprocess.DEVNULL,
                               cwd=ROOT, env=env)
    os.close(slave)
    received = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(master)
        process.wait(timeout=120)
    return received.decode("utf-8")


def test_a_terminal_gets_colour_unless_no_color_is_set() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI")}
    args = ("scan", str(SUPPRESSED), "--lang", "en")
    coloured = _on_a_terminal(*args, env=env)
    assert "  \x1b[31mhigh (3)\x1b[0m\r\n" in coloured and "  \x1b[33mmedium (12)\x1b[0m\r\n" in coloured
    assert "\x1b[31m\x1b[1mGate: FAILED\x1b[0m: " in coloured
    plain = _on_a_terminal(*args, env={**env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain and "Gate: FAILED: " in plain and "  high (3)\r\n" in plain


# ------------------------------------------------------------------------------------------- progress


def _drain(fd: int) -> str:
    out = b""
    while select.select([fd], [], [], 0.2)[0]:
        out += os.read(fd, 65536)
    return out.decode("utf-8")


def test_progress_counts_the_inputs_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "_DELAY", 0.0)
    master, slave = os.openpty()
    try:
        with open(slave, "w", encoding="utf-8", closefd=False) as tty, \
                progress.Progress(2, "zh", tty) as shown:
            shown.update("infrastructure code")
            time.sleep(0.6)
            shown.update("database configuration files")
            time.sleep(0.6)
        seen = _drain(master)
    finally:
        os.close(master)
        os.close(slave)
    assert re.search(r"\[1/2\] 正在扫描基础设施代码（\d+ 秒）", seen)
    assert re.search(r"\[2/2\] 正在扫描数据库配置文件（\d+ 秒）", seen)
    assert seen.endswith("\r\x1b[K")  # the line is wiped before the summary


def test_progress_says_nothing_off_a_terminal_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "_DELAY", 0.0)
    monkeypatch.delenv("CI", raising=False)
    log = io.StringIO()
    with progress.Progress(1, "en", log) as shown:
        shown.update("infrastructure code")
        time.sleep(0.5)
    assert log.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    master, slave = os.openpty()
    try:
        with open(slave, "w", encoding="utf-8", closefd=False) as tty, \
                progress.Progress(1, "en", tty) as shown:
            shown.update("infrastructure code")
            time.sleep(0.5)
        assert _drain(master) == ""
    finally:
        os.close(master)
        os.close(slave)


def test_the_steps_are_named_in_the_language_asked_for() -> None:
    assert progress.step_name("live AWS account", "zh") == "在线 AWS 账户"
    assert progress.step_name("infrastructure code", "en") == "infrastructure code"
    assert progress.step_name("a plugin's own source", "zh") == "a plugin's own source"
