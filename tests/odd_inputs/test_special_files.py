"""Special files where a file is expected: each is one ERROR finding naming it and why, never a block.

A FIFO named ``main.tf`` blocked the scan for ever (checkov opens every file of a Terraform root); a link
to ``/dev/zero`` never ends; sockets, link loops and broken links were silently dropped or crashed the
parser. The whole tree is scanned in a process of its own, under a timeout.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from .corpus import FAILING_CFN, FAILING_TF, SECRET, Outcome, run_baomi, scan

#: entry -> the reason its finding must give
SPECIAL = {
    "infra/fifo.tf": "a FIFO (named pipe), not a regular file",
    "infra/terraform.tfvars": "a FIFO (named pipe), not a regular file",
    "infra/nested/fifo.yaml": "a FIFO (named pipe), not a regular file",
    "infra/nested/plan.json": "a FIFO (named pipe), not a regular file",
    "infra/zero.tf": "a character device, not a regular file",
    "infra/agent.tf": "a socket, not a regular file",
    "infra/loop.tf": "a symbolic link loop",
    "infra/gone.yaml": "a broken symbolic link (its target does not exist)",
}


def _make_tree(root: Path) -> None:
    infra = root / "infra"
    (infra / "nested").mkdir(parents=True)
    (infra / "main.tf").write_text(FAILING_TF, encoding="utf-8")
    (infra / "nested" / "template.yaml").write_text(FAILING_CFN, encoding="utf-8")
    (infra / "notes.txt").write_text(f"db password: {SECRET}\n", encoding="utf-8")
    for name in ("fifo.tf", "terraform.tfvars", "nested/fifo.yaml", "nested/plan.json"):
        os.mkfifo(infra / name)
    (infra / "zero.tf").symlink_to("/dev/zero")
    (infra / "loop.tf").symlink_to("loop.tf")
    (infra / "gone.yaml").symlink_to(f"missing-{SECRET}.yaml")
    os.mkfifo(infra / "ignored.fifo")  # a name no source reads: left alone, as any such file
    # a socket's path is limited to ~100 bytes: bind from inside the directory
    cwd = os.getcwd()
    os.chdir(infra)
    try:
        listener = socket.socket(socket.AF_UNIX)
        listener.bind("agent.tf")
        listener.close()
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    root = tmp_path_factory.mktemp("special")
    _make_tree(root)
    return scan(root, "infra")


def test_the_scan_ends_with_the_gate_failed_and_no_traceback(hostile: Outcome) -> None:
    assert hostile.code == 1, hostile.err
    hostile.assert_no_traceback()
    assert set(hostile.reports) == {"html", "json", "markdown", "sarif", "junit", "csv"}


@pytest.mark.parametrize("entry", sorted(SPECIAL))
def test_each_special_file_is_one_error_naming_it_and_why(hostile: Outcome, entry: str) -> None:
    errors = hostile.errors()
    assert errors.get(entry) == f"could not read {entry}: {SPECIAL[entry]}; nothing in it was evaluated"
    assert f"could not read {entry}: {SPECIAL[entry]}" in hostile.out  # named on the terminal, not only counted


def test_only_the_special_files_are_errors_and_the_rest_is_judged(hostile: Outcome) -> None:
    assert set(hostile.errors()) == set(SPECIAL)  # once each: no second finding from checkov or another source
    statuses = {(f["check_id"], f["resource"], f["status"]) for f in hostile.document["findings"]}
    assert ("CKV_AWS_16", "aws_db_instance.customers", "fail") in statuses
    assert ("CKV_AWS_16", "AWS::RDS::DBInstance.Ledger", "fail") in statuses


def test_no_planted_secret_in_any_output(hostile: Outcome) -> None:
    hostile.assert_no_secret()


def test_a_special_file_named_on_the_command_line_is_a_one_line_usage_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "main.tf")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    for name, reason in (("main.tf", "a FIFO (named pipe), not a regular file"),
                         ("zero.yaml", "a character device, not a regular file")):
        result = run_baomi(tmp_path, "scan", name, "--db-config", name)
        assert result.returncode == 2
        assert result.stderr == f"baomi: error: {name}: {reason}\n"
        assert result.stdout == ""
