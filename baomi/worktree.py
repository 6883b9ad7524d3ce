"""Where a scanned path sits: the root a code host names its files from, recorded in the results document
(``targets[].root``) so that a report rendered later, elsewhere, still names files from the repository root."""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Placement:
    """``path``: the absolute root; ``kind``: ``git`` (a work tree: a ``.git`` directory or file) or ``scanned``
    (no work tree holds it: the scanned directory, or a scanned file's directory); ``target``: the scanned path
    from that root, with forward slashes (``.`` for the root itself)."""

    path: str
    kind: str
    target: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "kind": self.kind, "target": self.target}


def place(scanned: str) -> Placement:
    """The work tree holding ``scanned`` (walking up from it), else the scanned path itself. Links are not
    followed: the path stays the one the user named, as the findings' files do."""
    absolute = Path(os.path.normpath(Path(scanned).absolute()))
    start = absolute if absolute.is_dir() else absolute.parent
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return Placement(str(directory), "git", _relative(absolute, directory))
    return Placement(str(start), "scanned", _relative(absolute, start))


def _relative(path: Path, root: Path) -> str:
    return posixpath.normpath(path.relative_to(root).as_posix()) if path != root else "."
