"""Directories and files baomi may not read are ERROR findings, never a silent skip.

Permissions do not bite root, and the suite runs as root in CI (``make test`` installs database servers).
So when the tests run as root, baomi runs with the two capabilities that let root read anything dropped
(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, through util-linux ``setpriv``): the kernel then applies the file
modes to it as to anyone, and the test sees real behaviour, not a simulation. ``walk`` is also tested
in-process, with the listing failure injected, so the rule holds wherever setpriv is missing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from baomi.sources import paths
from baomi.sources.paths import Unreadable, walk

from .corpus import FAILING_TF, Outcome, scan

_DROP = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
         "--inh-caps", "-dac_override,-dac_read_search"]


def _unprivileged_prefix() -> list[str]:
    """How to run baomi so that file modes apply to it."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.fail("running as root without util-linux setpriv: cannot make permissions apply to baomi")
    probe = subprocess.run([*_DROP, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(f"setpriv cannot drop capabilities here: {probe.stderr.strip()}")
    return _DROP


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    root = tmp_path_factory.mktemp("unreadable")
    infra = root / "infra"
    (infra / "locked").mkdir(parents=True)
    (infra / "main.tf").write_text(FAILING_TF, encoding="utf-8")
    (infra / "locked" / "hidden.tf").write_text(FAILING_TF.replace("customers", "hidden"), encoding="utf-8")
    (infra / "secret.tf").write_text(FAILING_TF.replace("customers", "secret"), encoding="utf-8")
    (infra / "locked").chmod(0)
    (infra / "secret.tf").chmod(0)
    try:
        yield scan(root, "infra", prefix=_unprivileged_prefix())
    finally:
        (infra / "locked").chmod(0o755)
        (infra / "secret.tf").chmod(0o644)


def test_an_unreadable_directory_and_file_are_errors_naming_them(locked: Outcome) -> None:
    assert locked.code == 1, locked.err
    locked.assert_no_traceback()
    assert locked.errors() == {
        "infra/locked": "could not read directory infra/locked: Permission denied; nothing under it was evaluated",
        "infra/secret.tf": "could not read infra/secret.tf: Permission denied; nothing in it was evaluated",
    }
    assert "could not read directory infra/locked: Permission denied" in locked.out
    assert "could not read infra/secret.tf: Permission denied" in locked.out


def test_the_readable_rest_is_still_judged(locked: Outcome) -> None:
    statuses = {(f["check_id"], f["resource"], f["status"]) for f in locked.document["findings"]}
    assert ("CKV_AWS_16", "aws_db_instance.customers", "fail") in statuses
    assert not any(resource.endswith((".hidden", ".secret")) for _, resource, _ in statuses)


def test_no_planted_secret_in_any_output(locked: Outcome) -> None:
    locked.assert_no_secret()


def test_walk_records_a_directory_it_cannot_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "main.tf").write_text("", encoding="utf-8")
    (tmp_path / "denied").mkdir()
    (tmp_path / "denied" / "main.tf").write_text("", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)).name == "denied":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    problems: list[Unreadable] = []
    assert list(walk(tmp_path, (), problems)) == [tmp_path / "ok" / "main.tf"]
    assert problems == [Unreadable(tmp_path / "denied", "Permission denied", is_dir=True)]


def test_walk_records_a_file_it_may_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.tf").write_text("", encoding="utf-8")
    (tmp_path / "b.tf").write_text("", encoding="utf-8")
    monkeypatch.setattr(paths.os, "access", lambda path, mode: Path(path).name != "b.tf")
    problems: list[Unreadable] = []
    assert list(walk(tmp_path, (), problems)) == [tmp_path / "a.tf"]
    assert problems == [Unreadable(tmp_path / "b.tf", "Permission denied")]
