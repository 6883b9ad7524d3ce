"""Walking scanned paths, shared by the sources that read files: one meaning of ``--exclude`` everywhere,
and one rule for what cannot be read.

Only regular files that can be read are ever handed to a parser. A FIFO named ``main.tf`` blocks the
first ``open()`` for ever, a symbolic link to ``/dev/zero`` never ends, a socket cannot be opened, a link
loop or a directory without read permission cannot be listed: each is left out of the walk and recorded
as ``Unreadable``, which the scanned-tree source (``sources/tree.py``) reports as one ERROR finding, so
nothing is skipped silently and nothing hangs.
"""
from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from baomi.userfiles import special_kind

#: directories never worth walking: provider caches, VCS data, virtualenvs, dependency caches
SKIPPED_DIRS = frozenset({".terraform", ".git", ".venv", "node_modules", "__pycache__"})


@dataclass(frozen=True)
class Unreadable:
    """An entry under a scanned path that no parser may open, and why (one line, no secrets)."""

    path: Path
    reason: str
    is_dir: bool = False


def excluded(path: Path, exclude: Sequence[str]) -> bool:
    """``--exclude`` globs match the whole path, a trailing part of it, or a leading directory."""
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, g) or fnmatch.fnmatch(text, f"*/{g}") or fnmatch.fnmatch(text, f"{g}/*")
               for g in exclude)


def walk(root: Path, exclude: Sequence[str], unreadable: list[Unreadable] | None = None) -> Iterator[Path]:
    """Readable regular files under ``root`` in a stable order, without skipped and excluded directories
    and files. Whatever else is there (special files, broken links, what cannot be read) is left out,
    and appended to ``unreadable`` when given."""

    def listing_failed(exc: OSError) -> None:
        if unreadable is not None:
            reason = "not a directory" if exc.errno == errno.ENOTDIR else str(exc.strerror or exc)
            unreadable.append(Unreadable(Path(exc.filename or root), reason, is_dir=True))

    for dirpath, dirnames, filenames in os.walk(root, onerror=listing_failed):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not excluded(Path(dirpath, d), exclude))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if excluded(path, exclude):
                continue
            reason = why_unreadable(path)
            if reason is None:
                yield path
            elif unreadable is not None:
                unreadable.append(Unreadable(path, reason))


def why_unreadable(path: Path) -> str | None:
    """None for a regular file this process may read; else why no parser may open it. Never opens it."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return "a broken symbolic link (its target does not exist)"
        return str(exc.strerror or exc)
    if stat.S_ISDIR(info.st_mode):
        return None if os.access(path, os.R_OK | os.X_OK) else "Permission denied"
    if not stat.S_ISREG(info.st_mode):
        return f"{special_kind(info.st_mode)}, not a regular file"
    if not os.access(path, os.R_OK):
        return "Permission denied"
    return None


def display_path(path: str) -> str:
    """Paths relative to the working directory when under it (stable in reports and CI annotations)."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if rel.startswith("..") else Path(rel).as_posix()
