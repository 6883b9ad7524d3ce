"""The Dockerfile, linted by hadolint and read instruction by instruction: this machine has no container engine to
build it (docs/ci.md says how to build and smoke-test the image where there is one)."""
from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

from baomi import __version__
from tests.distribution.support import ROOT, offline_env, run, tool


def _instructions() -> list[tuple[str, str]]:
    """(instruction, arguments) in order, continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(word.upper(), rest.strip()) for word, _, rest in (line.partition(" ") for line in lines)]


def test_hadolint_passes_the_dockerfile(tmp_path: Path) -> None:
    done = run([tool("hadolint"), "--no-color", str(ROOT / "Dockerfile")], tmp_path, offline_env(tmp_path / "home"))
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_hadolint_sees_a_dockerfile_gone_wrong(tmp_path: Path) -> None:
    broken = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("pip install --no-cache-dir /tmp/wheels/*.whl",
                                                                       "pip install baomi")
    (tmp_path / "Dockerfile").write_text(broken.replace("USER 10001:10001", "USER root"), encoding="utf-8")
    done = run([tool("hadolint"), "--no-color", "Dockerfile"], tmp_path, offline_env(tmp_path / "home"))
    assert done.returncode == 1
    assert {"DL3013", "DL3042", "DL3002"} <= set(re.findall(r"DL\d{4}", done.stdout))


def test_the_image_installs_the_wheel_of_make_dist_and_runs_baomi_unprivileged() -> None:
    instructions = _instructions()
    assert [i for i in instructions if i[0] == "FROM"] == [("FROM", "python:3.11-slim")]
    copies = [args for name, args in instructions if name == "COPY"]
    assert copies == ["dist/*.whl /tmp/wheels/"]
    assert fnmatch.fnmatch(f"dist/baomi-{__version__}-py3-none-any.whl", copies[0].split()[0])  # what make dist writes
    (install,) = [args for name, args in instructions if name == "RUN"]
    assert "pip install --no-cache-dir /tmp/wheels/*.whl;" in install
    assert "useradd --create-home --uid 10001 --user-group baomi;" in install
    assert install.endswith("baomi --version")  # the build fails if the command does not run
    user = [args for name, args in instructions if name == "USER"]
    assert user == ["10001:10001"]
    last = instructions[-4:]
    assert [name for name, _ in last] == ["USER", "WORKDIR", "ENTRYPOINT", "CMD"]
    assert last[1][1] == "/src"
    assert json.loads(last[2][1]) == ["baomi"]  # exec form: signals reach baomi, arguments follow `docker run`
    assert json.loads(last[3][1]) == ["--help"]


def test_the_build_context_is_the_wheel_alone() -> None:
    lines = [line for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines == ["*", "!dist/*.whl"]
