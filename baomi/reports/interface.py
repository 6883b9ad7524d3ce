"""The extension point for report formats.

A format renders the canonical results document (docs/results-format.md), never internal objects,
so that any report can be produced again later from a saved results.json.
"""
from __future__ import annotations

from typing import Any, Protocol


class ReportFormat(Protocol):
    #: the name used in ``--format NAME[:FILE]``
    name: str
    #: default file extension, without the dot
    extension: str

    def render(self, result: dict[str, Any], lang: str) -> str:
        """Return the whole report as text. ``lang`` is ``zh`` or ``en``."""
        ...
