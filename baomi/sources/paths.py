"""Walking scanned paths, shared by the sources that read files: one meaning of ``--exclude`` everywhere."""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

#: directories never worth walking: provider caches, VCS data, virtualenvs, dependency caches
SKIPPED_DIRS = frozenset({".terraform", ".git", ".venv", "node_modules", "__pycache__"})


def excluded(path: Path, exclude: Sequence[str]) -> bool:
    """``--exclude`` globs match the whole path, a trailing part of it, or a leading directory."""
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, g) or fnmatch.fnmatch(text, f"*/{g}") or fnmatch.fnmatch(text, f"{g}/*")
               for g in exclude)


def walk(root: Path, exclude: Sequence[str]) -> Iterator[Path]:
    """Files under ``root`` in a stable order, without skipped and excluded directories and files."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not excluded(Path(dirpath, d), exclude))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if not excluded(path, exclude):
                yield path


def display_path(path: str) -> str:
    """Paths relative to the working directory when under it (stable in reports and CI annotations)."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if rel.startswith("..") else Path(rel).as_posix()
