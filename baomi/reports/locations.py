"""Files named relative to the repository root, for the formats a code host reads (SARIF, GitLab, Markdown links).

A finding's file is recorded as the scan named it, relative to the directory baomi ran in (or absolute). A code
host matches files by their path from the repository root, so each scanned path's target in the results
document records its root (``targets[].root``, docs/results-format.md): the git work tree that holds it, else
the scanned path itself. A file is placed by the innermost scanned path that holds it, or by that path's
directory (a database configuration file's ``pg_hba.conf`` beside it); an absolute file by the root it lies in.
A document without roots (before 1.2) or a file no root holds keeps the path as recorded, with no root.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: the SARIF base ID code hosts resolve against their checkout (GitHub, Azure DevOps)
SRCROOT = "%SRCROOT%"


@dataclass(frozen=True)
class Root:
    """A directory files are named from: a git work tree, or a scanned path outside one."""

    id: str  # SARIF uriBaseId: %SRCROOT% for the first, %SRCROOT2%... for others
    path: str  # absolute, as the scanning machine saw it
    git: bool


@dataclass(frozen=True)
class Placed:
    """A file as a code host names it: ``path`` from ``root``, or as recorded when ``root`` is None."""

    root: Root | None
    path: str


class Locator:
    """Places the files of one results document in the roots its targets recorded."""

    def __init__(self, targets: Iterable[Mapping[str, Any]]) -> None:
        self.roots: list[Root] = []
        by_path: dict[str, Root] = {}
        #: (prefix as the scan named it, its root, the same place from the root), longest prefix first
        prefixes: list[tuple[str, Root, str]] = []
        scanned: list[str] = []
        for target in targets:
            recorded = target.get("root")
            if not isinstance(recorded, Mapping):
                continue
            root_path = str(recorded["path"])
            if root_path not in by_path:
                suffix = "" if not self.roots else str(len(self.roots) + 1)
                by_path[root_path] = Root(f"%SRCROOT{suffix}%", root_path, recorded.get("kind") == "git")
                self.roots.append(by_path[root_path])
            root = by_path[root_path]
            named, in_root = _clean(str(target["target"])), _clean(str(recorded["target"]))
            scanned.append(named)
            prefixes.append((named, root, in_root))
            if in_root != ".":  # the scanned path's directory (a file's siblings, a directory's parent)
                prefixes.append((_clean(posixpath.dirname(named)), root, _clean(posixpath.dirname(in_root))))
            prefixes.append((_clean(root_path), root, "."))
        self._prefixes = sorted(prefixes, key=lambda p: len(p[0]), reverse=True)
        self._scanned = frozenset(scanned)

    def place(self, file: str) -> Placed:
        """``file`` relative to the root whose scanned path holds it."""
        name = _clean(file.replace("\\", "/"))
        for prefix, root, in_root in self._prefixes:
            rest = _within(name, prefix)
            if rest is not None:
                return Placed(root, _clean(posixpath.join(in_root, rest)))
        return Placed(None, file)

    def concerned(self, finding: Mapping[str, Any]) -> str | None:
        """The file a finding concerns: its location's, else the scanned file its resource names (an attestation
        ``attestations.yaml#ATTEST_…``, a database configuration file), else None (a live account or server)."""
        location = finding.get("location")
        if location and location.get("file"):
            return str(location["file"])
        path = str(finding.get("resource") or "").split("#", 1)[0]
        return path if path and _clean(path) in self._scanned else None


def _clean(path: str) -> str:
    return posixpath.normpath(path) if path else "."


def _within(name: str, prefix: str) -> str | None:
    """What follows ``prefix`` in ``name`` ("" for the prefix itself), None when ``prefix`` does not hold it.
    ``.`` holds every relative name that does not climb out of it."""
    if prefix == ".":
        return None if name.startswith(("/", "../")) or name == ".." else name
    if name == prefix:
        return ""
    if name.startswith(prefix.rstrip("/") + "/"):
        return name[len(prefix.rstrip("/")) + 1:]
    return None
