"""What the distribution tests share: the repository root, the virtualenv's tools, git in a throwaway repository."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: the virtualenv running the tests: baomi, pre-commit, actionlint, hadolint (the test extra)
BIN = Path(sys.executable).parent

INSECURE_TF = """\
resource "aws_s3_bucket" "customer_records" {
  bucket = "customer-records"
}
"""
#: judged by two checks, both passing: the default gate passes
CLEAN_TF = """\
resource "aws_kms_key" "customer_records" {
  description         = "customer records"
  enable_key_rotation = true
}
"""


def tool(name: str) -> str:
    """A tool of the test extra, from the virtualenv running the tests (never one found elsewhere on PATH)."""
    path = BIN / name
    assert path.is_file(), f"{name} is not installed in {BIN}: make install (setup.cfg, test extra)"
    return str(path)


def offline_env(home: Path) -> dict[str, str]:
    """The environment of a tool run by a test: the virtualenv first on PATH, git configured in ``home`` alone,
    English, no colour, and pip unable to reach any index (whatever tries to install fails instead of fetching)."""
    home.mkdir(parents=True, exist_ok=True)
    gitconfig = home / "gitconfig"
    gitconfig.write_text("[user]\n\tname = baomi tests\n\temail = tests@baomi.invalid\n"
                         "[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "GIT_", "PRE_COMMIT", "PIP_"))}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", HOME=str(home), GIT_CONFIG_GLOBAL=str(gitconfig),
               GIT_CONFIG_NOSYSTEM="1", LANG="C.UTF-8", NO_COLOR="1", PRE_COMMIT_HOME=str(home / "pre-commit"),
               PIP_NO_INDEX="1", PIP_FIND_LINKS="", PIP_CONFIG_FILE=os.devnull)
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def git(repo: Path, env: dict[str, str], *args: str) -> str:
    done = run(["git", *args], repo, env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout
