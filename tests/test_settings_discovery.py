"""Settings found by themselves (docs/settings.md): ``baomi.yaml`` or ``.baomi.yaml`` at the repository root, read
when no ``--config`` is given, the command line over it, ``--no-config``, and ``baomi config show``."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from baomi.cli.common import columns
from baomi.settings import SettingsFile, discover
from baomi.userfiles import UserFileError

BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n'


def baomi(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "baomi", *args], cwd=cwd, env={**base, **env}, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree (a ``.git`` directory is all discovery looks at) with Terraform under infra/."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "infra").mkdir()
    (root / "infra" / "main.tf").write_text(BUCKET)
    return root


def test_the_file_at_the_work_tree_root_is_found_from_below_it(repo: Path) -> None:
    (repo / ".baomi.yaml").write_text("min_password_length: 20\n")
    assert discover(repo / "infra") == repo / ".baomi.yaml"
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: ../elsewhere\n")  # a linked worktree's .git is a file
    assert discover(repo / "infra") == repo / ".baomi.yaml"


def test_outside_git_only_the_current_directory_counts(tmp_path: Path) -> None:
    (tmp_path / "baomi.yaml").write_text("min_password_length: 20\n")
    (tmp_path / "sub").mkdir()
    assert discover(tmp_path / "sub") is None
    assert discover(tmp_path) == tmp_path / "baomi.yaml"


def test_both_names_at_once_are_refused(repo: Path) -> None:
    (repo / "baomi.yaml").write_text("{}\n")
    (repo / ".baomi.yaml").write_text("{}\n")
    with pytest.raises(UserFileError, match=r"both baomi.yaml and .baomi.yaml are there; keep one"):
        discover(repo)


def test_the_scan_options_of_a_file_are_relative_to_it(repo: Path) -> None:
    (repo / "baomi.yaml").write_text(
        "frameworks: [csl]\nformats: ['json:out/r.json', 'markdown', 'json:-']\nexclude: ['**/modules/**']\n"
        "waivers: policy/waivers.yaml\nbaseline: base/b.json\ngate: {fail_on: critical, allow_errors: true}\n"
        "min_password_length: 20\n")
    read = SettingsFile.read(repo / "baomi.yaml")
    assert read.scan.frameworks == ("csl",)
    assert read.scan.formats == (f"json:{repo}/out/r.json", "markdown", "json:-")
    assert read.scan.waivers == f"{repo}/policy/waivers.yaml"
    assert read.scan.baseline == f"{repo}/base/b.json"
    assert (read.scan.fail_on, read.scan.allow_errors, read.scan.fail_under) == ("critical", True, None)
    assert read.settings.min_password_length == 20
    assert read.keys == {"frameworks", "formats", "exclude", "waivers", "baseline", "gate.fail_on",
                         "gate.allow_errors", "min_password_length"}
    assert SettingsFile.read(_write(repo, "baseline: history:12\n")).scan.baseline == "history:12"


def _write(repo: Path, text: str) -> Path:
    path = repo / "other.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(("text", "problem"), [
    ("gate: {fail_on: severe}\n", "gate/fail_on: 'severe' is not one of"),
    ("gate: {fail_under: 120}\n", "gate/fail_under: 120 is greater than the maximum of 100"),
    ("formats: json:r.json\n", "formats"),
    ("gate: {no_gate: true}\n", "gate"),
])
def test_a_wrong_scan_option_in_the_file_is_one_line(repo: Path, text: str, problem: str) -> None:
    (repo / "baomi.yaml").write_text(text)
    result = baomi("scan", "infra", cwd=repo)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"baomi: error: {repo / 'baomi.yaml'}: ") and problem in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_scan_reads_the_discovered_file_and_the_command_line_wins(repo: Path) -> None:
    (repo / "baomi.yaml").write_text("formats: ['json:reports/r.json']\ngate: {fail_on: none, allow_errors: true}\n"
                                     "frameworks: [csl]\n")
    found = baomi("scan", "infra", "--lang", "en", cwd=repo / "infra")  # from below the root: paths relative to it
    assert found.returncode == 2 and "infra: no such file or directory" in found.stderr
    passed = baomi("scan", "infra", "--lang", "en", cwd=repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    document = json.loads((repo / "reports" / "r.json").read_text())
    assert [fw["id"] for fw in document["frameworks"]] == ["csl"]
    assert (document["gate"]["passed"], document["gate"]["reasons"]) == (True, [])
    strict = baomi("scan", "infra", "--fail-on", "low", "--format", "json:cli.json", "--lang", "en", cwd=repo)
    assert strict.returncode == 1
    assert json.loads((repo / "cli.json").read_text())["gate"]["passed"] is False
    ignored = baomi("scan", "infra", "--no-config", "--format", "json:none.json", "--lang", "en", cwd=repo)
    document = json.loads((repo / "none.json").read_text())
    assert len(document["frameworks"]) > 1  # the file's frameworks: [csl] not read
    assert ignored.returncode == 1  # the default gate: the bucket fails high checks
    both = baomi("scan", "infra", "--no-config", "--config", "baomi.yaml", cwd=repo)
    assert both.returncode == 2 and "--config and --no-config cannot be combined" in both.stderr


def test_config_show_names_where_each_value_came_from(repo: Path) -> None:
    (repo / "baomi.yaml").write_text("min_password_length: 20\ngate: {fail_under: 70}\n"
                                     "history: postgresql://auditor:s3cret-pw@db.internal/baomi\n")
    shown = baomi("config", "show", "--json", "--fail-on", "critical", cwd=repo / "infra", LANG="zh_CN.UTF-8")
    assert shown.returncode == 0, shown.stderr
    result = json.loads(shown.stdout)
    values = result["values"]
    assert result["file"] == str(repo / "baomi.yaml")
    assert values["min_password_length"] == {"value": 20, "origin": "file"}
    assert values["gate.fail_under"] == {"value": 70.0, "origin": "file"}
    assert values["gate.fail_on"] == {"value": "critical", "origin": "command line"}
    assert values["max_password_age_days"] == {"value": 90, "origin": "default"}
    assert values["lang"] == {"value": "zh", "origin": "environment LANG"}
    assert values["history"] == {"value": "postgresql://auditor@db.internal:5432/baomi", "origin": "file"}
    assert "s3cret-pw" not in shown.stdout + shown.stderr

    text = baomi("config", "show", "--allowed-region", "cn-north-1", cwd=repo, LANG="zh_CN.UTF-8")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == f"设置文件：{repo / 'baomi.yaml'}"
    row = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert row["min_password_length"] == ["20", "文件", str(repo / "baomi.yaml")]
    assert row["allowed_regions"] == ["cn-north-1", "命令行"]
    assert row["max_password_age_days"] == ["90", "默认值"]
    assert row["lang"] == ["zh", "环境变量", "LANG"]
    assert "s3cret-pw" not in text.stdout + text.stderr

    # a Chinese value takes two columns a character: the origins still line up
    wide = baomi("config", "show", "--exclude", "归档/**", cwd=repo, LANG="zh_CN.UTF-8").stdout.splitlines()
    exclude = next(line for line in wide if line.split()[0] == "exclude")
    default = next(line for line in wide if line.split()[0] == "max_password_age_days")
    assert columns(exclude[:exclude.index("命令行")]) == columns(default[:default.index("默认值")])

    english = baomi("config", "show", "--no-config", "--lang", "en", cwd=repo)
    assert english.stdout.splitlines()[0] == "Settings file: none read (--no-config)"
    assert "  min_password_length" in english.stdout and "14" in english.stdout
    (repo / "baomi.yaml").unlink()
    none = baomi("config", "show", "--lang", "en", cwd=repo / "infra")
    assert none.stdout.splitlines()[0] == f"Settings file: none (no baomi.yaml or .baomi.yaml in {repo})"
