"""What a source contributes to an examiner's evidence bundle (docs/evidence.md), and the helpers the sources
share for it: the SHA-256 and size of the files a scan read, and a name safe for a file in the bundle.

A source that has evidence to give implements ``evidence(collected)`` (``interface.ShowsEvidence``); the
pipeline calls it once the source's engines have judged what it collected, so that facts fetched lazily while
the checks ran (a cloud account's) are all there. Contents are never read here but where an examiner needs
them (attestations' evidence files): a manifest of hashes says which files were judged.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: characters kept in a name in the bundle; anything else becomes "-"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str) -> str:
    """``text`` as one file name in the bundle: letters, digits, ``.``, ``_`` and ``-``."""
    return _UNSAFE.sub("-", text).strip("-.") or "input"


def last_name(path: Path) -> str:
    """The last name of a scanned path (``examples/terraform/aws-insecure`` -> ``aws-insecure``; ``.`` -> the
    working directory's name)."""
    return safe_name(Path(os.path.abspath(path)).name)


def digest(path: Path) -> tuple[str, int] | None:
    """The file's SHA-256 (hex) and size; None when it cannot be read."""
    sha = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                sha.update(block)
                size += len(block)
    except OSError:
        return None
    return sha.hexdigest(), size


def hashed(files: Iterable[Path], relative_to: Path | None) -> list[dict[str, Any]]:
    """One entry per file read: its path (relative to ``relative_to`` where it lies under it, ``/``-separated),
    SHA-256 and size; a file that can no longer be read says so."""
    out = []
    base = None if relative_to is None else os.path.abspath(relative_to)
    for path in files:
        absolute = os.path.abspath(path)
        shown = Path(absolute).name if base == absolute else (
            Path(os.path.relpath(absolute, base)).as_posix() if base is not None else Path(path).as_posix())
        found = digest(Path(path))
        out.append({"path": shown, "sha256": found[0], "size": found[1]} if found is not None else
                   {"path": shown, "sha256": None, "size": None, "unreadable": True})
    return out
