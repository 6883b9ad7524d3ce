"""Reading the YAML files users hand to baomi (settings, waivers, framework files) with one-line errors.

Every way such a file can be unreadable (missing, not UTF-8, bad YAML, an impossible date) becomes a
UserFileError naming the file, which the CLI prints as one line with exit code 2.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any


class UserFileError(Exception):
    """A user's file cannot be used; the message names the file and the problem."""


def read_yaml(path: Path, what: str) -> Any:
    """The parsed YAML of ``path``; ``what`` names the kind of file in messages (e.g. "waivers file")."""
    try:
        text = path.read_text(encoding="utf-8")
    except IsADirectoryError:
        raise UserFileError(f"{path}: is a directory, not a {what}") from None
    except OSError as exc:
        raise UserFileError(f"{path}: cannot read {what}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserFileError(f"{path}: {what} is not UTF-8 text") from None
    return parse_yaml(text, str(path))


def parse_yaml(text: str, where: str) -> Any:
    """Parse YAML text; errors name ``where`` and the line."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f" line {mark.line + 1}:" if mark is not None else ""
        raise UserFileError(f"{where}:{line} not valid YAML: {exc.problem}") from None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date such as 2027-13-45
        raise UserFileError(f"{where}: not valid YAML: {str(exc).splitlines()[0]}") from None
