"""What the catalog holds: frameworks (clauses) -> controls <- checks, as frozen dataclasses.

Loading and validating the YAML is ``baomi.catalog.loading``; this module is the shape everything else reads.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from baomi.model import Severity


class CatalogError(Exception):
    """A catalog or framework file is invalid; the message names the file and the problem."""


@dataclass(frozen=True)
class Text:
    """A bilingual piece of user-facing text."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class ControlSpec:
    id: str
    domain: str
    weight: float
    title: Text
    rationale: Text
    manual: bool = False


@dataclass(frozen=True)
class ClauseSource:
    """A clause's text as the document states it (verbatim Chinese, optional English translation), where it
    stands in the document, and whether baomi checked it against a published copy."""

    location: str
    verified: bool
    #: verbatim; None when no published copy could be read (``note`` says why)
    zh: str | None = None
    en: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Applicability:
    """Who a clause binds; a condition left None binds everyone. Judged against the institution profile."""

    institution_types: tuple[str, ...] | None = None
    ciio: bool | None = None
    pi_subjects_at_least: int | None = None
    reason: Text | None = None


@dataclass(frozen=True)
class ClauseSpec:
    id: str
    title: Text
    summary: Text
    controls: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    source: ClauseSource | None = None
    #: shall (应当) / should (宜) / may (可)
    obligation: str | None = None
    evidence: Text | None = None
    related: tuple[str, ...] = ()
    applies_when: Applicability | None = None


@dataclass(frozen=True)
class FrameworkSpec:
    id: str
    title: Text
    kind: str
    clauses: tuple[ClauseSpec, ...]
    reference: str = ""
    version: str | None = None
    effective: str | None = None
    #: in_force, superseded, expired, draft, not_law (commentary)
    status: str | None = None

    def clause(self, clause_id: str) -> ClauseSpec | None:
        """The clause by its ID or by an alias (an article number before an amendment renumbered it)."""
        for clause in self.clauses:
            if clause.id == clause_id or clause_id in clause.aliases:
                return clause
        return None

    @property
    def control_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for clause in self.clauses:
            seen.update(dict.fromkeys(clause.controls))
        return tuple(seen)


@dataclass(frozen=True)
class Remediation:
    text: Text
    terraform: str | None = None


@dataclass(frozen=True)
class NotApplicableWhen:
    """A literal value of ``attribute`` (checkov's path syntax) matching ``pattern`` (a regular expression,
    case-insensitive, anchored at the start) makes the check not apply, for ``reason``."""

    attribute: str
    pattern: str
    reason: str

    def matches(self, value: str) -> bool:
        return re.match(self.pattern, value.strip(), re.IGNORECASE) is not None


@dataclass(frozen=True)
class CheckSpec:
    id: str
    engine: str
    sources: tuple[str, ...]
    title: Text
    severity: Severity
    controls: tuple[str, ...]
    resource_types: tuple[str, ...]
    remediation: Remediation
    #: attributes a built-in checkov check's verdict depends on besides those it reports as evaluated
    reads: tuple[str, ...] = ()
    not_applicable_when: tuple[NotApplicableWhen, ...] = ()


@dataclass(frozen=True)
class Catalog:
    frameworks: tuple[FrameworkSpec, ...]
    controls: tuple[ControlSpec, ...]
    checks: tuple[CheckSpec, ...]

    @cached_property
    def control(self) -> Mapping[str, ControlSpec]:
        return {c.id: c for c in self.controls}

    @cached_property
    def check(self) -> Mapping[str, CheckSpec]:
        return {c.id: c for c in self.checks}

    @cached_property
    def framework(self) -> Mapping[str, FrameworkSpec]:
        return {f.id: f for f in self.frameworks}

    def checks_for(self, engine: str) -> tuple[CheckSpec, ...]:
        return tuple(c for c in self.checks if c.engine == engine)

    def assessment_mode(self, clause: ClauseSpec) -> str:
        """automated (every control has technical checks), manual (every control is procedural, judged from
        attestations) or partly."""
        manual = [self.control[c].manual for c in clause.controls]
        return "manual" if all(manual) else "automated" if not any(manual) else "partly"

    def checks_of_control(self, control_id: str) -> tuple[CheckSpec, ...]:
        return tuple(c for c in self.checks if control_id in c.controls)

    def with_frameworks(self, extra: Iterable[FrameworkSpec]) -> Catalog:
        """The catalog plus user frameworks; an ID clash with a shipped framework is an error."""
        frameworks = list(self.frameworks)
        for fw in extra:
            if fw.id in self.framework:
                raise CatalogError(f"framework id {fw.id!r} is already defined by the catalog")
            check_references(f"framework {fw.id}", [c for cl in fw.clauses for c in cl.controls], self.control)
            frameworks.append(fw)
        return Catalog(tuple(frameworks), self.controls, self.checks)

    def with_checks(self, extra: Iterable[CheckSpec]) -> Catalog:
        """The catalog plus the checks an engine outside it brings; an ID clash is an error."""
        checks = list(self.checks)
        for check in extra:
            if check.id in self.check or check.id in {c.id for c in checks}:
                raise CatalogError(f"check id {check.id!r} is already defined by the catalog")
            check_references(f"check {check.id}", check.controls, self.control)
            checks.append(check)
        return Catalog(self.frameworks, self.controls, tuple(checks))


def check_references(where: str, control_ids: Iterable[str], known: Mapping[str, ControlSpec]) -> None:
    unknown = sorted(set(control_ids) - set(known))
    if unknown:
        raise CatalogError(f"{where}: unknown control(s): {', '.join(unknown)}")
