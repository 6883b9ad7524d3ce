"""The files users hand to baomi (waivers, settings, framework files), at their worst: one line on
stderr naming the file and why, exit code 2, at once, before anything is scanned, nothing of the file's
content printed."""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from baomi.userfiles import MAX_USER_FILE_BYTES

from .corpus import SECRET, alias_bomb, run_baomi

OPTIONS = {"waivers file": "--waivers", "settings file": "--config", "framework file": "--framework-file"}


def _bomb(path: Path) -> str:
    path.write_text(f"# {SECRET}\n" + alias_bomb(), encoding="utf-8")
    return "not read: its aliases expand to more than 200,000 nodes (an alias bomb?)"


def _bomb_under_a_valid_key(path: Path) -> str:
    """The bomb where the schema looks, so that validation would walk it."""
    path.write_text(alias_bomb(indent="  ").replace("  l0:", "bomb:\n  l0:", 1) + "waivers: *l8\nclauses: *l8\n",
                    encoding="utf-8")
    return "not read: its aliases expand to more than 200,000 nodes (an alias bomb?)"


def _recursive(path: Path) -> str:
    path.write_text(f"waivers: &w\n  - check: X\n    reason: {SECRET}\n    nested: *w\n", encoding="utf-8")
    return "not read: an alias refers to a node that contains it (a recursive alias)"


def _too_large(path: Path) -> str:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("waivers:\n")
        fh.write(f"# {SECRET}\n" * (MAX_USER_FILE_BYTES // len(SECRET) + 1))
    size = path.stat().st_size / 2**20
    return f"{{what}} is {size:.1f} MB, over the 2 MB limit; not read"


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "is a FIFO (named pipe), not a regular file; not read as a {what}"


def _device(path: Path) -> str:
    path.symlink_to("/dev/zero")
    return "is a character device, not a regular file; not read as a {what}"


def _deep(path: Path) -> str:
    path.write_text(f"# {SECRET}\nwaivers: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    return "nest"  # libyaml: "exceeded maximum nesting depth"; PyYAML alone: "nested too deeply"


def _one_huge_value(path: Path) -> str:
    """A 1.5 MB value of the wrong type, which jsonschema would quote whole."""
    path.write_text(f"waivers: '{'x' * (3 * 2**19)}{SECRET}'\n", encoding="utf-8")
    return "a string of 1,572,891 characters is not of type 'array'"


MAKERS: dict[str, Callable[[Path], str]] = {
    "alias bomb": _bomb, "alias bomb under a valid key": _bomb_under_a_valid_key, "recursive alias": _recursive,
    "too large": _too_large, "FIFO": _fifo, "device": _device, "deep nesting": _deep, "huge value": _one_huge_value,
}


@pytest.mark.parametrize("what", sorted(OPTIONS))
@pytest.mark.parametrize("case", sorted(MAKERS))
def test_a_hostile_user_file_is_one_line_at_once(tmp_path: Path, what: str, case: str) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(f'# {SECRET}\nresource "aws_s3_bucket" "b" {{}}\n', encoding="utf-8")
    expected = MAKERS[case](tmp_path / "user.yaml").format(what=what)
    started = time.monotonic()
    result = run_baomi(tmp_path, "scan", "infra", OPTIONS[what], "user.yaml", "--format", "json:r.json")
    assert time.monotonic() - started < 60
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and len(lines[0]) < 500, lines[0][:500]
    assert lines[0].startswith("baomi: error: user.yaml")
    if case == "deep nesting":
        assert expected in lines[0]
    elif case != "huge value" or what == "waivers file":  # to the others, waivers is an unknown key
        assert lines[0].endswith(expected)
    assert SECRET not in result.stderr
    assert not (tmp_path / "r.json").exists()  # refused before the scan
