"""The extension point for sources: IaC files, a live cloud account, a database engine.

A source is built by the CLI from its options, then asked once for findings. It runs only the checks
of the catalog that are selected (``checks``), so a scan never asks for facts no check needs.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from baomi.catalog import CheckSpec
    from baomi.model import Finding
    from baomi.settings import Settings


class SourceError(Exception):
    """The whole source cannot be read (no credentials, connection refused, bad DSN).

    The message is one line, names what and where, and never contains a secret. The CLI prints it
    and exits with code 2. Partial faults are not SourceErrors: they become ERROR findings.
    """


class Source(Protocol):
    #: short name used in progress lines and logs
    name: str

    def collect(self, checks: Iterable[CheckSpec], settings: Settings) -> Iterable[Finding]:
        """Run the given checks (those of this source's engine) and yield one Finding per
        (check, resource) pair, including ERROR findings for what could not be evaluated."""
        ...
