"""The attestation engine: every selected attestation check judged on the attestations one file records.

With an attestations file given, a check it has no attestation for fails ("no attestation"): the file is
the institution's statement of what it did. Without one, the engine is never asked, and the procedural
controls stay unevidenced (docs/scoring.md).
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence

from baomi.catalog import CheckSpec
from baomi.checks.attestation import REGISTRY
from baomi.checks.attestation.validity import expires, holds, problem
from baomi.model import Attested, Finding, Location, Status, Verdict
from baomi.settings import Settings
from baomi.sources.attestations import Attestation, AttestationFile


class AttestationEngine:
    name = "attestation"

    def judge(self, facts: object, checks: Sequence[CheckSpec], settings: Settings) -> Iterator[Finding]:
        if not isinstance(facts, AttestationFile):
            raise TypeError(f"the attestation engine judges an AttestationFile, not {type(facts).__name__}")
        today = _dt.date.today()
        targets = REGISTRY.checks()
        for spec in checks:
            resource = f"{facts.path}#{spec.id}"
            entries = facts.of(spec.id)
            if not entries:
                yield Finding(spec.id, Status.FAIL, "attestation", resource,
                              f"no attestation of {spec.id} in {facts.path}", Location(facts.path))
                continue
            newest = max(entries, key=lambda a: a.done)
            verdict = problem(newest, today)
            if verdict is None:
                target = targets.get(spec.id)
                verdict = Verdict(Status.PASS, holds(newest)) if target is None else _with_expiry(
                    target(newest, settings, today), newest)
            yield Finding(spec.id, verdict.status, "attestation", resource, verdict.message,
                          Location(facts.path, newest.line), attested=_attested(newest))


def _with_expiry(verdict: Verdict, attestation: Attestation) -> Verdict:
    """A judged target says until when its attestation holds; one that could not be judged only says why."""
    if verdict.status is Status.ERROR:
        return verdict
    return Verdict(verdict.status, f"{verdict.message}; valid until {expires(attestation).isoformat()}",
                   verdict.location)


def _attested(attestation: Attestation) -> Attested:
    return Attested(attestation.owner, attestation.role, attestation.statement, attestation.done.isoformat(),
                    expires(attestation).isoformat(), attestation.evidence.describe())
