"""Baseline mode (docs/baseline.md): a scripted pull request on the examples through the real ``baomi`` command,
and the baselines it refuses.

The pull request: ``examples/terraform/aws-insecure`` as ``infra/`` of a git repository, baseline made on
``main``; on a branch, one failure fixed (the customer-records database encrypted), one violation planted (MySQL
open to 0.0.0.0/0 on the database security group), a block moved to the top of its file and a file renamed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baomi.baseline import Baseline, compare
from baomi.document import findings_of, targets_of
from baomi.reports import rendering

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "terraform" / "aws-insecure"
PLANTED = "aws_vpc_security_group_ingress_rule.db_mysql_from_anywhere"
PLANTED_BLOCK = f'''
resource "{PLANTED.replace('.', '" "')}" {{
  security_group_id = aws_security_group.db.id
  description       = "MySQL for the analytics vendor"
  ip_protocol       = "tcp"
  from_port         = 3306
  to_port           = 3306
  cidr_ipv4         = "0.0.0.0/0"
}}
'''
MOVED = '# Opened for the reporting vendor, whose addresses "change too often to list".\n'


def baomi(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command, in ``cwd``, in a locale that says nothing about the language."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "baomi", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The repository on ``main`` with the baseline made from it (``baseline.json`` beside it)."""
    root = tmp_path_factory.mktemp("pr")
    repo = root / "repo"
    shutil.copytree(EXAMPLE, repo / "infra")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "baomi test")
    git(repo, "config", "user.email", "test@example.invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main")
    made = baomi("baseline", "create", "infra", "-o", "../baseline.json", "--lang", "en", cwd=repo)
    assert made.returncode == 0, made.stderr
    assert "baseline written to ../baseline.json" in made.stderr
    yield repo


def change(repo: Path, plant: bool) -> None:
    """The pull request's branch: fix one, plant one (or not), move a block, rename a file."""
    git(repo, "checkout", "-q", "-B", "pr-plant" if plant else "pr-clean", "main")
    database = repo / "infra" / "database.tf"
    text = database.read_text()
    assert text.count("storage_encrypted     = false") == 1
    database.write_text(text.replace("storage_encrypted     = false", "storage_encrypted     = true"))
    network = repo / "infra" / "network.tf"
    text = network.read_text()
    start = text.index(MOVED)
    text = "# Moved first in review.\n\n" + text[start:] + "\n" + text[:start]
    network.write_text(text + (PLANTED_BLOCK if plant else ""))
    git(repo, "mv", "infra/storage.tf", "infra/buckets.tf")
    git(repo, "commit", "-q", "-am", "pull request")


def test_a_pull_request_fails_on_its_planted_violation_only(repo: Path, tmp_path: Path) -> None:
    baseline = json.loads((repo.parent / "baseline.json").read_text())
    assert baseline["gate"] is None and "baseline" not in baseline
    fixed_before = [f for f in baseline["findings"] if f["check_id"] == "CKV_AWS_16"]
    assert [f["status"] for f in fixed_before] == ["fail"]
    change(repo, plant=True)

    scanned = baomi("scan", "infra", "--baseline", "../baseline.json", "--format", f"markdown:{tmp_path}/pr.md",
                    "--format", f"json:{tmp_path}/pr.json", "--lang", "en", cwd=repo)
    assert scanned.returncode == 1, scanned.stderr
    document = rendering.load(tmp_path / "pr.json")
    new = [f for f in document["findings"] if f["new"]]
    assert [(f["check_id"], f["resource"], f["location"]["file"]) for f in new] == [
        ("BAOMI_AWS_SG_DB_PORTS_OPEN", PLANTED, "infra/network.tf")]
    assert document["baseline"]["label"] == "../baseline.json"
    assert document["baseline"]["run"] is None
    assert document["baseline"]["scanned_at"] == baseline["scanned_at"]
    unchanged = sum(1 for f in baseline["findings"] if f["status"] in ("fail", "error")) - 1
    assert document["baseline"]["counts"] == {"new": 1, "fixed": 1, "waived": 0, "unchanged": unchanged}
    assert [(f["check_id"], f["resource"], f["status"]) for f in document["baseline"]["fixed"]] == [
        ("CKV_AWS_16", "aws_db_instance.customer_records", "pass")]
    # the moved block and the renamed file's findings are the same findings: unchanged, not new and fixed
    moved = [f for f in document["findings"] if f["resource"].endswith(".db_from_anywhere") and f["status"] == "fail"]
    assert [(f["check_id"], f["new"]) for f in moved] == [("BAOMI_AWS_SG_DB_PORTS_OPEN", False)]
    assert moved[0]["location"]["line"] < 10
    renamed = [f for f in document["findings"] if f["location"] and f["location"]["file"] == "infra/buckets.tf"
               and f["status"] == "fail"]
    assert renamed and not any(f["new"] for f in renamed)
    assert (document["gate"]["passed"], document["gate"]["reasons"]) == (False, [
        "1 new failure(s) at or above high, not in the baseline (--fail-on sets the threshold)"])

    # the terminal names the planted violation, and only it, as new
    out = scanned.stdout
    assert f"Baseline ../baseline.json (scanned {baseline['scanned_at']}): 1 new, 1 fixed, {unchanged} unchanged" in out
    listed = out[out.index("New findings (open now, not open in the baseline):"):].splitlines()
    line = new[0]["location"]["line"]
    assert listed[1] == f"  [critical] BAOMI_AWS_SG_DB_PORTS_OPEN {PLANTED} (infra/network.tf:{line})"
    assert listed[2] == "Fixed since the baseline:"
    assert listed[3] == "  [high] CKV_AWS_16 aws_db_instance.customer_records (infra/database.tf:51)"

    markdown = (tmp_path / "pr.md").read_text()
    assert f"**1 new, 1 fixed, {unchanged} unchanged**" in markdown
    section = markdown[markdown.index("### Against the baseline"):markdown.index("### Failures")]
    assert "#### New findings (1)" in section and "#### Fixed (1)" in section
    assert section.count("BAOMI_AWS_SG_DB_PORTS_OPEN") == 1 and "db\\_mysql\\_from\\_anywhere" in section
    assert "db\\_from\\_anywhere" not in section

    chinese = baomi("report", str(tmp_path / "pr.json"), "--format", "markdown", "--lang", "zh", cwd=repo)
    assert chinese.returncode == 0, chinese.stderr
    assert f"**新增 1，已修复 1，未变 {unchanged}**" in chinese.stdout
    assert "#### 新增问题 (1)" in chinese.stdout and "#### 已修复 (1)" in chinese.stdout


def test_the_same_pull_request_without_the_planted_violation_passes(repo: Path, tmp_path: Path) -> None:
    change(repo, plant=False)
    scanned = baomi("scan", "infra", "--baseline", "../baseline.json", "--format", f"json:{tmp_path}/pr.json",
                    "--lang", "zh", cwd=repo)
    assert scanned.returncode == 0, scanned.stdout + scanned.stderr
    document = json.loads((tmp_path / "pr.json").read_text())
    assert document["baseline"]["counts"]["new"] == 0
    assert document["baseline"]["counts"]["fixed"] == 1
    assert (document["gate"]["passed"], document["gate"]["reasons"]) == (True, [])
    assert "没有新增问题。" in scanned.stdout
    assert "新增 0，已修复 1" in scanned.stdout


def test_a_baseline_made_from_a_results_file_is_that_file(repo: Path, tmp_path: Path) -> None:
    copied = baomi("baseline", "create", "--from", "../baseline.json", "-o", str(tmp_path / "b.json"), cwd=repo)
    assert copied.returncode == 0, copied.stderr
    assert json.loads((tmp_path / "b.json").read_text()) == json.loads((repo.parent / "baseline.json").read_text())
    mixed = baomi("baseline", "create", "infra", "--from", "../baseline.json", "-o", str(tmp_path / "c.json"),
                  cwd=repo)
    assert mixed.returncode == 2
    assert mixed.stderr.startswith("baomi: error: --from takes a results file as it is") and "paths" in mixed.stderr
    assert not (tmp_path / "c.json").exists()


def test_a_baseline_of_an_older_minor_version_is_read(repo: Path) -> None:
    """A 1.1 document (no roots, no baseline, no ``new``) compares as the 1.2 one does."""
    current = json.loads((repo.parent / "baseline.json").read_text())
    old = json.loads(json.dumps(current))
    old["schema_version"] = "1.1"
    for target in old["targets"]:
        target.pop("root", None)
    rendering.validate(old)
    findings, targets = findings_of(current), [{"source": t.source, "target": t.target} for t in targets_of(current)]
    counts = {version: dict(compare(Baseline.of(doc, "b"), findings, targets).counts)
              for version, doc in (("1.2", current), ("1.1", old))}
    opened = sum(1 for f in current["findings"] if f["status"] in ("fail", "error"))
    assert counts["1.1"] == counts["1.2"] == {"new": 0, "fixed": 0, "waived": 0, "unchanged": opened}


@pytest.mark.parametrize(("content", "expected"), [
    ('{"runs": [{"tool": {"driver": {"name": "checkov"}}}], "version": "2.1.0"}',
     "baomi: error: --baseline: {path}: missing field schema_version (基线应为 baomi 的结果 JSON 文件)"),
    ("[1, 2]", "baomi: error: --baseline: {path}: not a results document: expected a JSON object, got list "
               "(基线应为 baomi 的结果 JSON 文件)"),
    ('{"schema_version": "2.0"}', "baomi: error: --baseline: {path}: schema_version '2.0' is not supported: this "
                                  "baomi reads 1.x (基线应为 baomi 的结果 JSON 文件)"),
    ("not json", "baomi: error: --baseline: {path}: not JSON: Expecting value at line 1 column 1 "
                 "(基线应为 baomi 的结果 JSON 文件)"),
])
def test_a_baseline_that_is_not_a_results_document_is_refused(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content)
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    result = baomi("scan", "main.tf", "--baseline", str(path), "--format", "json:out.json", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == expected.format(path=path) + "\n"
    assert not (tmp_path / "out.json").exists()  # refused before the scan


def test_a_missing_run_or_a_name_that_is_nothing_is_refused(tmp_path: Path, repo: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    recorded = baomi("scan", str(repo / "infra"), "--record", "--no-gate", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stderr
    missing = baomi("scan", "main.tf", "--baseline", "history:7", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.startswith("baomi: error: ") and "7" in missing.stderr
    assert len(missing.stderr.splitlines()) == 1
    for text, message in (
            ("history:x", "--baseline history:x: history: takes a run ID, as baomi history list shows "
                          "(history: 后应为运行编号)"),
            ("nope.json", "--baseline nope.json: no such results file, and not a run ID (history:RUN) "
                          "(既不是结果文件，也不是运行编号)")):
        result = baomi("scan", "main.tf", "--baseline", text, cwd=tmp_path)
        assert (result.returncode, result.stderr) == (2, f"baomi: error: {message}\n")
    # the run that exists is a baseline, by history:RUN and by its bare ID (no such file here)
    for text in ("history:1", "1"):
        against = baomi("scan", str(repo / "infra"), "--baseline", text, "--format", f"json:{text[-1]}.json",
                        "--lang", "en", cwd=tmp_path)
        assert against.returncode == 0, against.stdout + against.stderr
        document: dict[str, Any] = json.loads((tmp_path / f"{text[-1]}.json").read_text())
        assert document["baseline"]["label"] == "run 1" and document["baseline"]["run"] == 1
        assert document["baseline"]["counts"]["new"] == 0
