"""The extension point for engines (``docs/architecture.md``, "Extending")."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from baomi.catalog import CheckSpec
    from baomi.model import Finding
    from baomi.settings import Settings


class Engine(Protocol):
    #: the catalog's ``engine`` of the checks it runs
    name: str

    def judge(self, facts: object, checks: Sequence[CheckSpec], settings: Settings) -> Iterable[Finding]:
        """One Finding per (check, resource) pair of the given checks on the facts one source collected for
        this engine, including ERROR findings for what could not be evaluated; SourceError when nothing can."""
        ...
