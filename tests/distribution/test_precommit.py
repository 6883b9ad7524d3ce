"""The pre-commit hook (.pre-commit-hooks.yaml, baomi/cli/precommit.py): the roots a change maps to, and the hook run
by the real pre-commit (try-repo, and an installed hook refusing a real commit) in throwaway git repositories,
offline: the `baomi-system` hook uses the baomi of the virtualenv, so pre-commit builds no environment."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from baomi.cli import cli
from baomi.cli.precommit import _claims, _is_template, roots_of
from tests.distribution.support import CLEAN_TF, INSECURE_TF, ROOT, git, offline_env, run, tool

MANIFEST = ROOT / ".pre-commit-hooks.yaml"

CFN_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Records:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-records"
"""
K8S_MANIFEST = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
PLAN = '{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {"root_module": {}}}\n'


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _hooks() -> dict[str, dict[str, object]]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def test_the_manifest_is_valid_for_pre_commit_and_declares_both_hooks(tmp_path: Path) -> None:
    done = run([tool("pre-commit"), "validate-manifest", str(MANIFEST)], ROOT, offline_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = _hooks()
    assert sorted(hooks) == ["baomi", "baomi-system"]
    assert hooks["baomi"]["language"] == "python"
    assert hooks["baomi-system"]["language"] == "system"
    for hook in hooks.values():  # one scan over all the files: never split into parallel batches
        assert (hook["entry"], hook["pass_filenames"], hook["require_serial"]) == ("baomi precommit", True, True)
    assert hooks["baomi"]["files"] == hooks["baomi-system"]["files"]


@pytest.mark.parametrize(("name", "matched"), [
    ("main.tf", True), ("infra/net/variables.tf", True), ("cdk.tf.json", True), ("prod.tfvars", True),
    ("prod.tfvars.json", True), ("stacks/bucket.yaml", True), ("stacks/bucket.yml", True),
    ("stacks/bucket.template", True), ("plan.json", True), ("etc/postgresql/15/main/postgresql.conf", True),
    ("pg_hba.conf", True), ("etc/mysql/my.cnf", True),
    ("README.md", False), ("app/main.py", False), ("Dockerfile", False), ("nginx.conf", False),
    ("main.tf.bak", False), ("terraform.tfstate", False),
])
def test_the_hook_is_given_infrastructure_files_only(name: str, matched: bool) -> None:
    assert bool(re.search(str(_hooks()["baomi"]["files"]), name)) is matched


def test_changed_files_map_to_their_roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {
        "infra/main.tf": CLEAN_TF, "infra/net/main.tf": INSECURE_TF, "infra/net/prod.tfvars": "x = 1\n",
        "modules/vpc/main.tf": CLEAN_TF, "modules/vpc/terraform.tfvars.json": "{}\n",
        "stacks/bucket.yaml": CFN_TEMPLATE, "stacks/broken.yaml": "a: {{ .Values.x }}\n  - : [\n",
        "k8s/deploy.yml": K8S_MANIFEST, "plan.json": PLAN, "notes.txt": "x\n",
        "db/pg_hba.conf": "hostssl all all 0.0.0.0/0 scram-sha-256\n",
    })
    files = [Path(p) for p in ("infra/net/main.tf", "infra/net/prod.tfvars", "infra/main.tf", "./modules/vpc/main.tf",
                               "modules/vpc/terraform.tfvars.json", "stacks/bucket.yaml", "stacks/broken.yaml",
                               "k8s/deploy.yml", "plan.json", "db/pg_hba.conf", "notes.txt")]
    roots, left_out = roots_of(files, _claims, _is_template)
    # infra/net is read by the scan of infra; a file that does not parse may be a template: the scan names its error
    assert roots == (Path("db/pg_hba.conf"), Path("infra"), Path("modules/vpc"), Path("stacks/broken.yaml"),
                     Path("stacks/bucket.yaml"))
    assert left_out == (Path("k8s/deploy.yml"), Path("plan.json"), Path("notes.txt"))


def test_a_file_under_the_repository_root_scans_the_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"main.tf": CLEAN_TF, "stacks/bucket.yaml": CFN_TEMPLATE})
    assert roots_of([Path("main.tf"), Path("stacks/bucket.yaml")], _claims, _is_template) == ((Path("."),), ())


def test_nothing_to_scan_is_said_and_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"k8s/deploy.yml": K8S_MANIFEST})
    result = CliRunner().invoke(cli, ["precommit", "k8s/deploy.yml"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "baomi precommit: not scanned, not Terraform, CloudFormation or a database configuration "
        "(未扫描：非 Terraform、CloudFormation 或数据库配置): k8s/deploy.yml",
        "baomi precommit: nothing to scan among the changed files (变更的文件中没有可扫描的文件)"]
    assert result.stdout == ""


def test_a_file_that_is_not_there_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["precommit", "gone/main.tf"])
    assert (result.exit_code, result.stderr) == (2, "baomi: error: gone/main.tf: not a file (不是文件)\n")


def test_scan_options_pass_through_and_the_directory_is_scanned(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"infra/main.tf": INSECURE_TF, "infra/kms.tf": CLEAN_TF, "k8s/deploy.yml": K8S_MANIFEST})
    result = CliRunner().invoke(cli, ["precommit", "--lang", "en", "--fail-on", "critical", "--format",
                                      "json:out.json", "infra/main.tf", "k8s/deploy.yml"])
    assert result.exit_code == 0, result.output  # the bucket's failures are high: under --fail-on critical
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    judged = {(f["resource"], f["check_id"], f["status"]) for f in document["findings"]}
    assert ("aws_s3_bucket.customer_records", "CKV2_AWS_6", "fail") in judged
    assert ("aws_kms_key.customer_records", "CKV_AWS_7", "pass") in judged  # kms.tf, unchanged, read with its root
    assert {f["location"]["file"] for f in document["findings"]} == {"infra/main.tf", "infra/kms.tf"}


@pytest.fixture
def hook_repo(tmp_path: Path) -> Path:
    """A git repository holding the manifest under test, as pre-commit clones a hook repository."""
    repo = tmp_path / "hooks"
    repo.mkdir()
    shutil.copy(MANIFEST, repo / ".pre-commit-hooks.yaml")
    env = offline_env(tmp_path / "home")
    git(repo, env, "init", "-q")
    git(repo, env, "add", ".pre-commit-hooks.yaml")
    git(repo, env, "commit", "-q", "-m", "hooks")
    return repo


def _work_repo(tmp_path: Path, files: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """A repository with ``files`` staged, as before a commit."""
    repo = tmp_path / "work"
    repo.mkdir()
    env = offline_env(tmp_path / "home")
    git(repo, env, "init", "-q")
    _write(repo, files)
    git(repo, env, "add", *files)
    return repo, env


def test_try_repo_fails_a_change_with_an_insecure_bucket_naming_the_findings(tmp_path: Path,
                                                                              hook_repo: Path) -> None:
    repo, env = _work_repo(tmp_path, {"infra/bad/main.tf": INSECURE_TF, "k8s/deploy.yml": K8S_MANIFEST})
    done = run([tool("pre-commit"), "try-repo", str(hook_repo), "baomi-system", "--color", "never"], repo, env)
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert re.search(r"^baomi \(保密\) compliance scan \(installed baomi\)\.+Failed$", out, re.M), out
    assert "- exit code: 1" in out
    for check in ("CKV2_AWS_6", "BAOMI_AWS_S3_TLS_ONLY"):  # the two high failures, with where they are
        assert re.search(rf"^\s+{check} aws_s3_bucket\.customer_records \(infra/bad/main\.tf:1\)", out, re.M), out
    assert "not scanned, not Terraform, CloudFormation or a database configuration" in out
    assert "k8s/deploy.yml" in out


def test_try_repo_passes_a_clean_change(tmp_path: Path, hook_repo: Path) -> None:
    repo, env = _work_repo(tmp_path, {"infra/good/main.tf": CLEAN_TF})
    done = run([tool("pre-commit"), "try-repo", str(hook_repo), "baomi-system", "--color", "never"], repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^baomi \(保密\) compliance scan \(installed baomi\)\.+Passed$", done.stdout, re.M)


def test_the_installed_hook_refuses_the_commit_and_installs_nothing(tmp_path: Path, hook_repo: Path) -> None:
    rev = git(hook_repo, offline_env(tmp_path / "home"), "rev-parse", "HEAD").strip()
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "baomi-system"}]}]}
    repo, env = _work_repo(tmp_path, {"infra/bad/main.tf": INSECURE_TF,
                                      ".pre-commit-config.yaml": yaml.safe_dump(config)})
    installed = run([tool("pre-commit"), "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    commit = run(["git", "commit", "-m", "an open bucket"], repo, env)
    assert commit.returncode == 1
    assert "CKV2_AWS_6 aws_s3_bucket.customer_records (infra/bad/main.tf:1)" in commit.stderr  # the git hook's output
    assert run(["git", "rev-parse", "--verify", "-q", "HEAD"], repo, env).returncode != 0  # no commit was made
    store = Path(env["PRE_COMMIT_HOME"])
    assert [p.name for p in store.glob("repo*")], "pre-commit cloned no hook repository"
    assert not [p for p in store.rglob("*") if p.is_dir() and p.name.startswith(("py_env", "node_env"))]
