"""Values given on the command line that would quietly change what a scan means: NaN as a threshold
(every comparison with NaN is false, so every score passed), an empty path (the working directory), two
reports to one file (only the last survives). Each is refused before anything is scanned, in one line.
The error list of the terminal summary is capped."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from baomi.cli import cli
from baomi.cli.output import MAX_ERROR_GROUPS, error_lines

FIXTURE = str(Path(__file__).parents[1] / "fixtures" / "iac_source" / "suppressed")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _error_line(err: str) -> str:
    """click's usage errors: a usage line, a hint, and one line saying what is wrong."""
    lines = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("value", ["nan", "NaN", " nan ", "-nan", "inf", "-inf", "1e400", "-1", "100.5", "x"])
@pytest.mark.parametrize("command", ["scan", "merge"])
def test_a_threshold_that_is_not_a_number_from_0_to_100_is_refused(value: str, command: str) -> None:
    target = FIXTURE if command == "scan" else __file__
    code, out, err = _run(command, target, *(["-o", "merged.json"] if command == "merge" else []),
                          "--fail-under", value)
    assert code == 2 and out == ""
    assert _error_line(err).startswith("Error: Invalid value for '--fail-under': ")


def test_a_threshold_in_range_is_taken() -> None:
    code, out, _ = _run("scan", FIXTURE, "--fail-under", "0", "--fail-on", "none", "--allow-errors")
    assert code == 0 and "Gate: passed" in out


@pytest.mark.parametrize("args", [
    ("scan", ""), ("scan", FIXTURE, ""), ("scan", FIXTURE, "--waivers", ""), ("scan", FIXTURE, "--config", ""),
    ("scan", FIXTURE, "--framework-file", ""), ("scan", "--db-config", ""), ("report", ""),
])
def test_an_empty_path_is_refused_not_taken_for_the_working_directory(args: tuple[str, ...]) -> None:
    code, out, err = _run(*args)
    assert code == 2 and out == ""
    assert _error_line(err).endswith("an empty path was given (an unset variable?); name a file or directory, "
                                     "'.' for the working directory (路径为空)")


def test_an_empty_allowed_region_is_refused() -> None:
    code, _, err = _run("scan", FIXTURE, "--allowed-region", "")
    assert code == 2 and err == "baomi: error: --allowed-region: an empty region was given (an unset variable?)\n"


@pytest.mark.parametrize("second", ["r.html", "./r.html", "sub/../r.html", "link.html", "hard.html", "{abs}"])
def test_two_reports_to_one_file_are_refused_before_the_scan(tmp_path: Path, second: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "r.html").write_text("old", encoding="utf-8")
    (tmp_path / "link.html").symlink_to("r.html")
    os.link(tmp_path / "r.html", tmp_path / "hard.html")
    second = second.format(abs=tmp_path / "r.html")
    code, out, err = _run("scan", FIXTURE, "--format", "html:r.html", "--format", f"json:{second}")
    assert code == 2 and out == ""
    assert err == (f"baomi: error: --format html:r.html and --format json:{Path(second)} write the same file; give "
                   "each report its own file (两个报告不能写入同一文件)\n")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == "old"  # nothing was scanned nor written


def test_a_link_to_a_report_not_yet_written_is_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "later.html").symlink_to("new.html")
    code, _, err = _run("scan", FIXTURE, "--format", "html:new.html", "--format", "json:later.html")
    assert code == 2 and "write the same file" in err
    assert not (tmp_path / "new.html").exists()


def _errors(n: int) -> dict[str, object]:
    findings = [{"check_id": "CKV_AWS_16", "status": "error", "resource": f"aws_db_instance.db{i}",
                 "location": {"file": "main.tf", "line": i + 1}, "message": f"not evaluated: reason {i % 15}"}
                for i in range(n)]
    findings.append({"check_id": "BAOMI_SOURCE_ERROR", "status": "error", "resource": "x.tf",
                     "location": {"file": "x.tf", "line": None}, "message": "could not read x.tf: " + "y" * 500})
    findings.append({"check_id": "CKV_AWS_16", "status": "fail", "resource": "r", "location": None, "message": "m"})
    return {"findings": findings}


def test_the_error_list_is_grouped_capped_and_points_at_the_reports() -> None:
    lines = error_lines(_errors(45), "en", [Path("r.json")])
    assert lines[0] == "Not evaluated (46, each fails the gate unless --allow-errors):"
    assert lines[1].startswith("  could not read x.tf: yyy") and len(lines[1]) <= 242  # whole inputs first, clipped
    assert lines[2] == "  CKV_AWS_16 aws_db_instance.db0 (main.tf:1) and 2 more: not evaluated: reason 0"
    assert len(lines) == 1 + MAX_ERROR_GROUPS + 1
    assert lines[-1] == "  … and 6 more: every one is in r.json"  # 16 groups, 10 shown


def test_without_reports_the_error_list_says_how_to_get_one_and_in_chinese_too() -> None:
    assert error_lines(_errors(1), "en")[-1] == "  write a report for the full list (--format html:report.html)"
    assert error_lines(_errors(1), "zh")[0] == "未能评估（2 项，除非 --allow-errors，均使门禁不通过）："
    assert error_lines({"findings": []}, "en") == []
