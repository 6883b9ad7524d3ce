"""action.yml, the composite GitHub Action: valid against the action-metadata schema (SchemaStore, vendored), its
steps and a workflow using it clean under actionlint, inputs kept out of its scripts, and its scan, summary and exit
steps run here on a real scan (the setup and install steps need GitHub's runner and the network)."""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.distribution.steps import run_github_step, step_named
from tests.distribution.support import INSECURE_TF, ROOT, offline_env, run, tool

ACTION = ROOT / "action.yml"
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "github-action.json").read_text(encoding="utf-8"))


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


def _schema_errors(metadata: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(metadata)]


def test_the_action_is_valid_action_metadata() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert _schema_errors(_action()) == []


def test_the_schema_refuses_a_composite_run_step_without_its_shell() -> None:
    broken = copy.deepcopy(_action())
    del step_named(broken["runs"]["steps"], "Scan")["shell"]  # type: ignore[attr-defined]
    assert _schema_errors(broken)


def test_inputs_reach_the_scripts_through_the_environment_only() -> None:
    """An expression in a script is pasted into the shell before it runs: script injection."""
    for step in _action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def test_the_action_uses_current_majors_and_caches_nothing() -> None:
    uses = {s["uses"] for s in _action()["runs"]["steps"] if "uses" in s}
    assert uses == {"actions/setup-python@v7", "github/codeql-action/upload-sarif@v4"}
    setup = step_named(_action()["runs"]["steps"], "Set up Python")
    assert "cache" not in setup["with"]  # no dependency file to key a pip cache on


def _lint(tmp_path: Path, workflows: dict[str, Any]) -> tuple[int, str]:
    """actionlint over these workflows in a repository holding action.yml at its root (``uses: ./``)."""
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ACTION, repo / "action.yml")
    for name, workflow in workflows.items():
        (repo / ".github" / "workflows" / name).write_text(yaml.safe_dump(workflow, sort_keys=False,
                                                                          allow_unicode=True), encoding="utf-8")
    env = offline_env(tmp_path / "home")
    run(["git", "init", "-q"], repo, env)
    done = run([tool("actionlint"), "-oneline", "-no-color"], repo, env)
    return done.returncode, done.stdout + done.stderr


def _using_the_action(with_: dict[str, str]) -> dict[str, Any]:
    return {"name": "baomi", "on": {"pull_request": {}},
            "permissions": {"contents": "read", "security-events": "write"},
            "jobs": {"scan": {"runs-on": "ubuntu-latest", "steps": [
                {"uses": "actions/checkout@v7", "with": {"persist-credentials": False}},
                {"id": "baomi", "uses": "./", "with": with_},
                {"run": "echo \"exit code $CODE\"", "env": {"CODE": "${{ steps.baomi.outputs.exit-code }}"}}]}}}


def _the_action_as_a_job() -> dict[str, Any]:
    """The action's steps as one job of a workflow whose dispatch inputs are the action's inputs, so that
    actionlint checks them as it checks any workflow (expressions, the actions used and their inputs)."""
    action = _action()
    inputs = {name: {"description": spec["description"], "required": False, "default": spec["default"]}
              for name, spec in action["inputs"].items()}
    return {"name": "action steps", "on": {"workflow_dispatch": {"inputs": inputs}},
            "permissions": {"contents": "read", "security-events": "write"},
            "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}}


def test_actionlint_passes_the_action_and_a_workflow_using_it(tmp_path: Path) -> None:
    every_input = dict.fromkeys(_action()["inputs"], "x")
    code, out = _lint(tmp_path, {"use.yml": _using_the_action(every_input), "steps.yml": _the_action_as_a_job()})
    assert (code, out) == (0, "")


def test_actionlint_sees_a_wrong_input_in_both(tmp_path: Path) -> None:
    job = _the_action_as_a_job()
    step_named(job["jobs"]["action"]["steps"], "Set up Python")["with"]["python_version"] = "3.11"
    code, out = _lint(tmp_path, {"use.yml": _using_the_action({"path": "infra/"}), "steps.yml": job})
    assert code == 1
    assert 'input "path" is not defined in action "baomi (保密) compliance scan"' in out
    assert 'input "python_version" is not defined in action "actions/setup-python@v7"' in out


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A checkout with an insecure Terraform root, and a runner temp directory whose baomi-venv is the test
    virtualenv (what the install step would have made)."""
    work, temp = tmp_path / "work", tmp_path / "runner-temp"
    (work / "infra").mkdir(parents=True)
    (work / "infra" / "main.tf").write_text(INSECURE_TF, encoding="utf-8")
    temp.mkdir()
    os.symlink(sys.prefix, temp / "baomi-venv")
    return work, temp, offline_env(tmp_path / "home")


def _inputs(**given: str) -> dict[str, str]:
    return {**{name: spec["default"] for name, spec in _action()["inputs"].items()}, **given}


def test_the_scan_summary_and_exit_steps_on_a_real_scan(workspace: tuple[Path, Path, dict[str, str]]) -> None:
    work, temp, env = workspace
    steps = _action()["runs"]["steps"]
    contexts: dict[str, Any] = {"inputs": _inputs(paths="infra", frameworks="pipl csl", **{
        "fail-on": "high", "fail-under": "50", "extra-args": "--lang en --format json:results.json"})}
    scan = run_github_step(step_named(steps, "Scan"), contexts, work, env, temp)
    assert scan.returncode == 0, scan.stderr  # the step keeps the code for the last step
    assert scan.outputs == {"exit-code": "1", "sarif-file": "baomi.sarif", "markdown-file": "baomi.md"}
    document = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in document["frameworks"]) == ["csl", "pipl"]
    assert [r for r in document["gate"]["reasons"] if re.fullmatch(r"score \d+\.\d is under 50", r)]  # --fail-under
    sarif = json.loads((work / "baomi.sarif").read_text(encoding="utf-8"))
    assert "CKV2_AWS_6" in {r["ruleId"] for r in sarif["runs"][0]["results"]}

    contexts["steps"] = {"scan": {"outputs": scan.outputs}}
    summary = run_github_step(step_named(steps, "Write the Markdown report to the job summary"), contexts, work,
                              env, temp)
    assert summary.returncode == 0, summary.stderr
    assert (temp / "step_summary").read_text(encoding="utf-8") == (work / "baomi.md").read_text(encoding="utf-8")
    assert run_github_step(step_named(steps, "Exit with the scan's code"), contexts, work, env, temp).returncode == 1


def test_an_input_is_never_run_as_shell(workspace: tuple[Path, Path, dict[str, str]]) -> None:
    work, temp, env = workspace
    hostile = '$(touch pwned) `touch pwned`; touch pwned'
    contexts = {"inputs": _inputs(paths=f"infra {hostile}", frameworks=hostile, **{"extra-args": hostile})}
    scan = run_github_step(step_named(_action()["runs"]["steps"], "Scan"), contexts, work, env, temp)
    assert scan.outputs == {"exit-code": "2"}  # baomi refused the words as options or paths; no report written
    assert not (work / "pwned").exists()
    assert sorted(p.name for p in work.iterdir()) == ["infra"]
