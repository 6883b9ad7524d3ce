"""The scanned tree itself: what under the scanned paths no parser could be allowed to read.

The file sources (infrastructure code, database configuration) walk the same paths and never open a
special file, a broken link or what they may not read (``sources/paths.walk``). This source reports
those entries, once for all sources, as ERROR findings: a FIFO named ``main.tf`` or a directory without
read permission may hide exactly the configuration that fails, so it is never a silent skip. Entries
with names no source reads (a socket named ``agent.sock``) are left alone, as a scan leaves such files.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from baomi.catalog import CheckSpec
from baomi.model import SOURCE_ERROR_CHECK, Finding, Location, Status
from baomi.settings import Settings
from baomi.sources.interface import Collected, SourcePlugin
from baomi.sources.paths import Unreadable, display_path, walk

#: names of the files the infrastructure-code source reads (checkov's Terraform runner reads .tfvars too)
_IAC_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json", ".hcl", ".json", ".yaml", ".yml", ".template")


@dataclass(frozen=True)
class TreeSource:
    paths: tuple[Path, ...]
    exclude: tuple[str, ...] = ()
    name: str = "files"

    def prepare(self) -> None:
        """Nothing to ask."""

    def collect(self, checks: Sequence[CheckSpec], settings: Settings) -> Collected:
        findings: list[Finding] = []
        for root in self.paths:
            problems: list[Unreadable] = []
            if root.is_dir():
                for _ in walk(root, self.exclude, problems):
                    pass
            findings += (_finding(p) for p in problems if p.is_dir or read_by_a_source(p.path))
        return Collected(findings=tuple(findings))


def read_by_a_source(path: Path) -> bool:
    """Would a file source read a file of this name? Judged by the name alone: the file cannot be opened."""
    from baomi.sources.database.discovery import kind_of

    name = path.name.lower()
    return name.endswith(_IAC_SUFFIXES) or kind_of(path) is not None


def _finding(problem: Unreadable) -> Finding:
    shown = display_path(str(problem.path))
    what, inside = ("directory ", "under it") if problem.is_dir else ("", "in it")
    return Finding(
        check_id=SOURCE_ERROR_CHECK,
        status=Status.ERROR,
        source="files",
        resource=shown,
        message=f"could not read {what}{shown}: {problem.reason}; nothing {inside} was evaluated",
        location=None if problem.is_dir else Location(shown),
    )


#: what no file source could read under the scanned paths: always asked for with PATHs
PLUGIN = SourcePlugin(
    name="files", label="scanned files", engines=(),
    asked=lambda inputs: bool(inputs.paths),
    build=lambda inputs: TreeSource(inputs.paths, inputs.exclude),
)
