"""The CI recipes of examples/ci: GitHub workflows clean under actionlint (the simple one against action.yml's
inputs), GitLab files valid against GitLab's CI schema (vendored), no install by name from a package index, no pip
cache without a dependency file, current action majors; and their shell run here: a scan job keeps no results of a
scan that exited 2, and an organization's merge fails naming an account whose results are missing."""
from __future__ import annotations

import copy
import json
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.distribution.steps import run_github_step, run_gitlab_script, step_named
from tests.distribution.support import CLEAN_TF, ROOT, offline_env, run, tool

RECIPES = ROOT / "examples" / "ci"
GITHUB = ("github-actions.yml", "aws-org-matrix-github.yml")
GITLAB = ("gitlab-ci.yml", "aws-org-matrix-gitlab.yml")
#: the current major of every action the recipes use (checked against each action's repository)
CURRENT = {"actions/checkout": "v7", "actions/setup-python": "v7", "actions/upload-artifact": "v7",
           "actions/download-artifact": "v8", "aws-actions/configure-aws-credentials": "v6",
           "github/codeql-action/upload-sarif": "v4"}
#: the baomi action as the simple recipe names it: your organisation's copy of this repository
BAOMI_ACTION = "your-org/baomi@v0.1.0"
ACCOUNTS = ["111111111111", "222222222222", "333333333333"]
GITLAB_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gitlab-ci.json").read_text(encoding="utf-8"))


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((RECIPES / name).read_text(encoding="utf-8"))
    return loaded


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", ())]


def test_the_recipes_are_the_four_tested_here() -> None:
    assert sorted(p.name for p in RECIPES.iterdir()) == sorted([*GITHUB, *GITLAB])


@pytest.mark.parametrize("name", [*GITHUB, *GITLAB])
def test_no_recipe_installs_baomi_by_name_from_an_index(name: str) -> None:
    text = (RECIPES / name).read_text(encoding="utf-8")
    assert not re.search(r"pip install[^\n]*[\"' ]baomi(==|[\"' ]|$)", text, re.M)
    installs = re.findall(r"pip install (\S+)", text)
    assert all(spec == '"$BAOMI_PIP_SPEC"' for spec in installs), installs
    specs = re.findall(r'BAOMI_PIP_SPEC: "(.*)"', text)
    assert all(re.fullmatch(r"baomi @ git\+https://\S+/your-org/baomi(\.git)?@v0\.1\.0", s) for s in specs)


@pytest.mark.parametrize("name", GITHUB)
def test_github_recipes_use_current_majors_and_no_pip_cache(name: str) -> None:
    for step in _steps(_load(name)):
        if "uses" in step and step["uses"] != BAOMI_ACTION:
            action, _, ref = step["uses"].partition("@")
            assert CURRENT[action] == ref, step["uses"]
        if step.get("uses", "").startswith("actions/setup-python"):
            assert "cache" not in step.get("with", {})


def _lint(tmp_path: Path, files: dict[str, str]) -> tuple[int, str]:
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ROOT / "action.yml", repo / "action.yml")
    for name, text in files.items():
        (repo / ".github" / "workflows" / name).write_text(text, encoding="utf-8")
    env = offline_env(tmp_path / "home")
    run(["git", "init", "-q"], repo, env)
    done = run([tool("actionlint"), "-oneline", "-no-color"], repo, env)
    return done.returncode, done.stdout + done.stderr


def _github_recipes(action: str = "./") -> dict[str, str]:
    """The GitHub recipes, the simple one using this repository's action.yml (``uses: ./``), so that actionlint
    checks its inputs against the action's."""
    texts = {name: (RECIPES / name).read_text(encoding="utf-8") for name in GITHUB}
    assert BAOMI_ACTION in texts["github-actions.yml"]
    texts["github-actions.yml"] = texts["github-actions.yml"].replace(BAOMI_ACTION, action)
    return texts


def test_actionlint_passes_the_github_recipes(tmp_path: Path) -> None:
    assert _lint(tmp_path, _github_recipes()) == (0, "")


def test_actionlint_sees_a_recipe_gone_wrong(tmp_path: Path) -> None:
    recipes = _github_recipes()
    recipes["github-actions.yml"] = recipes["github-actions.yml"].replace("fail-on: high", "fail_on: high")
    recipes["aws-org-matrix-github.yml"] = recipes["aws-org-matrix-github.yml"].replace(
        "needs.accounts.outputs.list", "needs.acounts.outputs.list", 1)
    code, out = _lint(tmp_path, recipes)
    assert code == 1
    assert 'input "fail_on" is not defined in action "baomi (保密) compliance scan"' in out
    assert 'property "acounts" is not defined in object type' in out


def _gitlab_errors(config: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(GITLAB_SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(config)]


@pytest.mark.parametrize("name", GITLAB)
def test_gitlab_recipes_are_valid_gitlab_ci(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(GITLAB_SCHEMA)
    assert _gitlab_errors(_load(name)) == []


def test_the_gitlab_schema_refuses_a_recipe_gone_wrong() -> None:
    broken = copy.deepcopy(_load("aws-org-matrix-gitlab.yml"))
    broken["aws-account"]["allow_failure"] = {"exit_code": [1]}
    broken["org-report"]["artifacts"]["reports"]["junitt"] = "org-junit.xml"
    assert len(_gitlab_errors(broken)) >= 2


@pytest.mark.parametrize("name", GITLAB)
def test_gitlab_reports_are_written_by_the_job_and_kept(name: str) -> None:
    """Every report GitLab is told to read is in the job's artifacts and written by its script."""
    for job_name, job in _load(name).items():
        if not isinstance(job, dict) or "artifacts" not in job:
            continue
        script = "\n".join(job["script"])
        for kind, path in job["artifacts"].get("reports", {}).items():
            assert path in job["artifacts"]["paths"], (job_name, kind)
            assert re.search(rf"--format [\w-]+:{re.escape(path)}\b", script), (job_name, kind)


def test_the_gitlab_account_list_is_the_matrix() -> None:
    recipe = _load("aws-org-matrix-gitlab.yml")
    assert recipe["variables"]["BAOMI_ACCOUNTS"].split() == ACCOUNTS
    assert recipe["aws-account"]["parallel"]["matrix"] == [{"ACCOUNT": ACCOUNTS}]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real results document (a scan of a small Terraform root) to stand for each account's."""
    where = tmp_path_factory.mktemp("results")
    (where / "infra").mkdir()
    (where / "infra" / "main.tf").write_text(CLEAN_TF, encoding="utf-8")
    done = run([tool("baomi"), "scan", "infra", "--lang", "en", "--format", "json:results.json"], where,
               offline_env(where / "home"))
    assert done.returncode == 0, done.stdout + done.stderr
    return where / "results.json"


def _account_results(results: Path, account: str) -> str:
    """The results document as another scan's: its own time (the same document twice is counted once)."""
    document = json.loads(results.read_text(encoding="utf-8"))
    document["scanned_at"] = f"2026-01-{ACCOUNTS.index(account) + 1:02d}T02:00:00Z"
    return json.dumps(document)


def _accounts_present(tmp_path: Path, results: Path, accounts: list[str]) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    for account in accounts:
        (work / f"results-{account}.json").write_text(_account_results(results, account), encoding="utf-8")
    return work


def _github_merge(tmp_path: Path, work: Path) -> tuple[int, str]:
    recipe = _load("aws-org-matrix-github.yml")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    env = offline_env(tmp_path / "home")
    listed = run_github_step(step_named(recipe["jobs"]["accounts"]["steps"], "List the accounts"), {}, work, env,
                             temp)
    assert json.loads(listed.outputs["list"]) == ACCOUNTS
    contexts = {"needs": {"accounts": {"outputs": listed.outputs}}}
    merged = run_github_step(step_named(recipe["jobs"]["merge"]["steps"], "Merge and render"), contexts, work, env,
                             temp)
    return merged.returncode, merged.stdout + merged.stderr


def test_github_merge_fails_naming_an_account_without_results(tmp_path: Path, results: Path) -> None:
    work = _accounts_present(tmp_path, results, ACCOUNTS[:2])
    code, out = _github_merge(tmp_path, work)
    assert code == 1
    assert "::error::no results for account(s) 333333333333: their scan failed or did not run" in out
    assert not (work / "org.json").exists()


def test_github_merge_of_every_account(tmp_path: Path, results: Path) -> None:
    work = _accounts_present(tmp_path, results, ACCOUNTS)
    code, out = _github_merge(tmp_path, work)
    assert code == 0, out
    single = json.loads(results.read_text(encoding="utf-8"))
    org = json.loads((work / "org.json").read_text(encoding="utf-8"))
    assert len(org["findings"]) == 3 * len(single["findings"])  # each account's findings, none collapsed
    assert (work / "org.html").is_file() and (work / "org-junit.xml").is_file()


def test_gitlab_report_fails_naming_an_account_without_results(tmp_path: Path, results: Path) -> None:
    recipe = _load("aws-org-matrix-gitlab.yml")
    env = {**offline_env(tmp_path / "home"), **recipe["variables"]}
    work = _accounts_present(tmp_path, results, [ACCOUNTS[0], ACCOUNTS[2]])
    done = run_gitlab_script(recipe["org-report"]["script"], work, env)
    assert done.returncode == 1
    assert "no results for account(s) 222222222222: their scan failed or did not run" in done.stderr
    assert not (work / "org.json").exists()
    (work / f"results-{ACCOUNTS[1]}.json").write_text(_account_results(results, ACCOUNTS[1]), encoding="utf-8")
    done = run_gitlab_script(recipe["org-report"]["script"], work, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert {"org.json", "org.html", "org-junit.xml"} <= {p.name for p in work.iterdir()}


def _stub_baomi(tmp_path: Path) -> Path:
    """A stand-in for ``baomi scan`` in the scan jobs (a live AWS scan needs AWS): it writes the results file it is
    asked for, notes the role and web-identity token it sees, and exits with $STUB_EXIT."""
    bin_dir = tmp_path / "stub-bin"
    bin_dir.mkdir()
    stub = bin_dir / "baomi"
    stub.write_text('#!/bin/bash\nfor arg; do case "$arg" in json:*) out="${arg#json:}";; esac; done\n'
                    'echo "{}" > "$out"\n'
                    'printf "%s\\n" "${AWS_ROLE_ARN:-}" "$(cat "${AWS_WEB_IDENTITY_TOKEN_FILE:-/dev/null}")" > seen\n'
                    'exit "$STUB_EXIT"\n', encoding="utf-8")
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    return bin_dir


@pytest.mark.parametrize(("scan_exit", "step_exit"), [(0, 0), (1, 0), (2, 2)])
def test_github_scan_job_accepts_a_failed_gate_and_fails_on_2(tmp_path: Path, scan_exit: int, step_exit: int) -> None:
    step = step_named(_load("aws-org-matrix-github.yml")["jobs"]["scan"]["steps"], "Scan the account")
    env = offline_env(tmp_path / "home")
    env.update(PATH=f"{_stub_baomi(tmp_path)}:{env['PATH']}", STUB_EXIT=str(scan_exit))
    (tmp_path / "temp").mkdir()
    done = run_github_step(step, {"matrix": {"account": ACCOUNTS[0]}}, tmp_path, env, tmp_path / "temp")
    assert done.returncode == step_exit  # the upload step after it runs only when this one succeeded


@pytest.mark.parametrize(("scan_exit", "kept"), [(0, True), (1, True), (2, False)])
def test_gitlab_scan_job_keeps_no_results_of_a_scan_that_exited_2(tmp_path: Path, scan_exit: int,
                                                                   kept: bool) -> None:
    recipe = _load("aws-org-matrix-gitlab.yml")
    env = {**offline_env(tmp_path / "home"), **recipe["aws-account"]["variables"], "ACCOUNT": ACCOUNTS[1],
           "CI_PIPELINE_ID": "42", "AWS_ID_TOKEN": "header.payload.signature", "STUB_EXIT": str(scan_exit)}
    env["PATH"] = f"{_stub_baomi(tmp_path)}:{env['PATH']}"
    done = run_gitlab_script(recipe["aws-account"]["script"], tmp_path, env)
    assert done.returncode == scan_exit
    assert (tmp_path / f"results-{ACCOUNTS[1]}.json").exists() is kept
    role, token = (tmp_path / "seen").read_text(encoding="utf-8").splitlines()
    assert (role, token) == ("arn:aws-cn:iam::222222222222:role/baomi-audit", "header.payload.signature")
