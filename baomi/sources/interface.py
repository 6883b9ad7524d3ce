"""The extension point for sources: IaC files, a live cloud account, a database engine.

A source collects facts and judges nothing: ``collect`` hands each engine it serves the facts that engine
judges (``EngineFacts``), plus an ERROR finding for each part of its input it could not read at all. The
join ("run the checks of engine E on these facts") is the engine's (``baomi/engines``). How a source is
asked for on the command line (its options, its targets) is its ``SourcePlugin``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import click

    from baomi.catalog import CheckSpec
    from baomi.model import EvidenceFile, Finding
    from baomi.settings import Settings


class SourceError(Exception):
    """The whole source cannot be read (no credentials, connection refused, bad DSN).

    The message is one line, names what and where, and never contains a secret. The CLI prints it
    and exits with code 2. Partial faults are not SourceErrors: they become ERROR findings.
    """


@dataclass(frozen=True)
class EngineFacts:
    """Facts for one engine (the catalog's ``engine`` of the checks that judge them)."""

    engine: str
    facts: object


@dataclass(frozen=True)
class Collected:
    """What a source collected: facts for its engines, and ERROR findings for what it could not read."""

    facts: tuple[EngineFacts, ...] = ()
    findings: tuple[Finding, ...] = ()


class Source(Protocol):
    @property
    def name(self) -> str:
        """Short name used in messages."""
        ...

    def prepare(self) -> None:
        """Check the source's own input and do anything interactive (a password prompt) before the scan
        starts; SourceError (one line) when it cannot be used at all. Safe to call more than once."""
        ...

    def collect(self, checks: Sequence[CheckSpec], settings: Settings) -> Collected:
        """Facts for the selected checks (those of the engines this source serves); a source may skip
        what no selected check needs (a server with no check of its engine is not connected to)."""
        ...


class ShowsEvidence(Protocol):
    """A source that says what the scan read from it, for an examiner's evidence bundle (``baomi evidence``,
    docs/evidence.md): IaC files' hashes, a server's or an account's facts as collected (secrets redacted), an
    attestations file and its evidence files. Optional: the pipeline asks a source that has ``evidence``."""

    def evidence(self, collected: Collected) -> Sequence[EvidenceFile]:
        """Called once the source's engines have judged ``collected`` (lazily fetched facts are then all there).
        Paths are relative (``inputs/…``, ``facts/…``, ``attestations/…``); the pipeline numbers ``inputs/``
        and ``facts/`` files in the order of the scan and keeps every path unique."""
        ...


@dataclass(frozen=True)
class ScanInputs:
    """What a scan was asked for: the paths, the excludes and every source option by its parameter name."""

    paths: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    #: the settings of the scan (a source may be named there, as attestations are)
    settings: Settings | None = None

    def option(self, name: str) -> Any:
        return self.options.get(name)


@dataclass(frozen=True)
class SourcePlugin:
    """A kind of source as ``baomi scan`` offers it: its own options, when it is asked for, how it is built,
    the engines it serves and how the report names what it scanned."""

    name: str
    #: progress line: "scanning <label>"
    label: str
    engines: tuple[str, ...]
    asked: Callable[[ScanInputs], bool]
    build: Callable[[ScanInputs], Source]
    targets: Callable[[ScanInputs], tuple[tuple[str, str], ...]] = lambda inputs: ()
    #: the source's option group on ``baomi scan`` (click options; parameter names unique across sources)
    options: Sequence[click.Option] = ()
    #: title of that group in ``baomi scan --help``
    options_title: str = ""
    #: the option that asks for this source on its own ("--aws"), for "nothing to scan" messages
    asked_by: str | None = None
    #: parameter names of options that name input files, which must exist and be readable
    input_options: tuple[str, ...] = ()
    #: whether a file named as a PATH is one this source reads, and how to say which files those are
    claims: Callable[[Path], bool] | None = None
    reads: str = ""
