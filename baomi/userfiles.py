"""Reading the YAML files users hand to baomi (settings, waivers, framework files) with one-line errors.

Every way such a file can be unreadable (missing, not a regular file, too large, not UTF-8, bad YAML,
an alias bomb, an impossible date) becomes a UserFileError naming the file, which the CLI prints as one
line with exit code 2. What a message quotes from the input is clipped: a message never grows with the
input (docs/architecture.md, "Limits").
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

#: Larger user files are refused before reading: a policy of hundreds of clauses or thousands of
#: waivers is far below it; a file above it is a mistake (or an attack) that would take minutes.
MAX_USER_FILE_BYTES = 2 * 1024 * 1024
#: Nodes a user file may have once its YAML aliases are expanded (docs/architecture.md, "Limits").
MAX_USER_FILE_NODES = 200_000
#: Longest piece of a message taken from the input (a key name, a parser's problem).
MAX_ECHO = 120
#: Longest value quoted in a message about a user file; longer ones are named by kind and size.
MAX_QUOTED_VALUE = 60


class UserFileError(Exception):
    """A user's file cannot be used; the message names the file and the problem."""


def read_yaml(path: Path, what: str) -> Any:
    """The parsed YAML of ``path``; ``what`` names the kind of file in messages (e.g. "waivers file")."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses anything not a file
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise UserFileError(f"{path}: is a directory, not a {what}") from None
    except OSError as exc:
        raise UserFileError(f"{path}: cannot read {what}: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_USER_FILE_BYTES:
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UserFileError(f"{path}: is a directory, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise UserFileError(f"{path}: is {special_kind(info.st_mode)}, not a regular file; not read as a {what}")
        raise UserFileError(f"{path}: {what} is {info.st_size / 2**20:.1f} MB, over the "
                            f"{MAX_USER_FILE_BYTES // 2**20} MB limit; not read")
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(MAX_USER_FILE_BYTES + 1)
        except OSError as exc:
            raise UserFileError(f"{path}: cannot read {what}: {exc.strerror}") from None
    if len(data) > MAX_USER_FILE_BYTES:  # grew while being read
        raise UserFileError(f"{path}: {what} is over the {MAX_USER_FILE_BYTES // 2**20} MB limit; not read")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserFileError(f"{path}: {what} is not UTF-8 text") from None
    return parse_yaml(text, str(path))


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


def parse_yaml(text: str, where: str, max_nodes: int = MAX_USER_FILE_NODES) -> Any:
    """Parse YAML text; errors name ``where`` and the line."""
    import yaml

    from baomi import safeyaml  # imports yaml: not at module level, so `baomi --help` stays instant

    try:
        return safeyaml.load(text, max_nodes=max_nodes)
    except safeyaml.YamlLimitError as exc:
        raise UserFileError(f"{where}: not read: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f" line {mark.line + 1}:" if mark is not None else ""
        raise UserFileError(f"{where}:{line} not valid YAML: {clip(str(exc.problem))}") from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        # ValueError: an impossible date such as 2027-13-45; TypeError: an unhashable key ({[1]: x})
        raise UserFileError(f"{where}: not valid YAML: {clip(first_line(str(exc)))}") from None


def schema_problem(error: Any) -> str:
    """A jsonschema error as ``where: problem``. jsonschema quotes the offending value whole: a short
    one is kept (``'cn-north-1' is not of type 'array'``), a long one is named by its kind and size, so a
    value of megabytes never becomes a message of megabytes."""
    where = "/".join(clip(str(p), 40) for p in error.absolute_path) or "(top)"
    message, shown = str(error.message), repr(error.instance)
    if len(shown) > MAX_QUOTED_VALUE and shown in message:
        message = message.replace(shown, describe(error.instance))
    return f"{where}: {clip(message, 300)}"


def describe(value: Any) -> str:
    """A value named by its kind and size, not by its content."""
    if isinstance(value, str):
        return f"a string of {len(value):,} characters"
    if isinstance(value, list):
        return f"a list of {len(value):,} items"
    if isinstance(value, dict):
        return f"a mapping of {len(value):,} keys"
    return f"a {type(value).__name__}"


def clip(text: str, limit: int = MAX_ECHO) -> str:
    """One line of at most ``limit`` characters: input echoed in a message must not flood a terminal."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown error"
