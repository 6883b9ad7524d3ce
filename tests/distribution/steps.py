"""Run the shell of a GitHub Actions step or a GitLab CI job here, as their runners do, to test the recipes' and the
action's scripts without GitHub or GitLab: ``${{ … }}`` property paths are filled in from the contexts given (any
other expression is refused, so nothing is guessed), the step's ``env:`` is set, and ``$GITHUB_OUTPUT`` is read
back as the step's outputs."""
from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_PROPERTY_PATH = re.compile(r"[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*")


def expand(text: str, contexts: Mapping[str, Any]) -> str:
    """``text`` with each ``${{ a.b.c }}`` replaced by that property of ``contexts`` ('' when absent, as GitHub)."""
    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if not _PROPERTY_PATH.fullmatch(expression):
            raise ValueError(f"not evaluated by the tests: ${{{{ {expression} }}}}")
        node: Any = contexts
        for part in expression.split("."):
            node = node.get(part, "") if isinstance(node, Mapping) else ""
        return str(node)
    return _EXPRESSION.sub(value, text)


@dataclass(frozen=True)
class StepRun:
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


def run_github_step(step: Mapping[str, Any], contexts: Mapping[str, Any], cwd: Path, env: Mapping[str, str],
                    runner_temp: Path) -> StepRun:
    """A ``run:`` step, in bash as GitHub runs ``shell: bash`` (``-eo pipefail``; a step without ``shell``, in
    ``bash -e``), with ``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY`` and ``RUNNER_TEMP`` under ``runner_temp``."""
    output, summary = runner_temp / "github_output", runner_temp / "step_summary"
    output.write_text("", encoding="utf-8")
    summary.touch()
    step_env = {**env, "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
                "RUNNER_TEMP": str(runner_temp)}
    step_env.update({k: expand(str(v), contexts) for k, v in (step.get("env") or {}).items()})
    script = runner_temp / "step.sh"
    script.write_text(expand(step["run"], contexts), encoding="utf-8")
    flags = ["--noprofile", "--norc", "-eo", "pipefail"] if step.get("shell") == "bash" else ["-e"]
    done = subprocess.run(["bash", *flags, str(script)], cwd=cwd, env=step_env, capture_output=True, text=True,
                          timeout=300, check=False)
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
    return StepRun(done.returncode, done.stdout, done.stderr, outputs)


def run_gitlab_script(lines: Sequence[str], cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """A job's ``script:`` lines in one bash, stopping at the first that fails, as GitLab's shell executor does."""
    return subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(lines)], cwd=cwd, env=dict(env),
                          capture_output=True, text=True, timeout=300, check=False)


def step_named(steps: Sequence[Mapping[str, Any]], name: str) -> Mapping[str, Any]:
    found = [s for s in steps if s.get("name") == name]
    assert len(found) == 1, f"no single step named {name!r}"
    return found[0]
