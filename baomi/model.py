"""The data that flows through the pipeline: sources emit Findings, scoring and reports read them.

Everything here is a frozen dataclass so that a finding, once produced, cannot be changed behind the
scorer's back.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(str, enum.Enum):
    """Verdict for one (check, resource) pair."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # could not be evaluated: counts as a failure in scores
    SUPPRESSED = "suppressed"  # inline skip or waiver, with a reason; excluded from scores
    NOT_APPLICABLE = "not_applicable"  # excluded from scores


class Severity(str, enum.Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def weight(self) -> int:
        """Weight in the severity-weighted control score (docs/scoring.md)."""
        return _SEVERITY_WEIGHTS[self]

    @property
    def rank(self) -> int:
        """Higher is more severe; used by --fail-on."""
        return _SEVERITY_RANKS[self]


_SEVERITY_WEIGHTS = {Severity.CRITICAL: 10, Severity.HIGH: 7, Severity.MEDIUM: 4, Severity.LOW: 1}
_SEVERITY_RANKS = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}

#: check_id of findings that say a whole input could not be read (a file that does not parse, a
#: region that cannot be reached). They are not tied to a control but always fail the gate.
SOURCE_ERROR_CHECK = "BAOMI_SOURCE_ERROR"


@dataclass(frozen=True)
class Location:
    """Where a finding comes from: a file and line, or for live sources the setting's origin."""

    file: str
    line: int | None = None
    end_line: int | None = None


@dataclass(frozen=True)
class Attested:
    """Who attested what a finding of an attestation check judged, and until when it holds."""

    owner: str
    role: str
    statement: str
    done: str  # ISO date
    expires: str  # ISO date
    evidence: str  # the document reference, URL and/or file it rests on


@dataclass(frozen=True)
class Finding:
    """One verdict of one check on one resource.

    ``source`` names the kind of input (terraform, terraform_plan, cloudformation, aws, postgresql,
    mysql); ``resource`` is the IaC address, the ARN or the database endpoint (never with secrets).
    """

    check_id: str
    status: Status
    source: str
    resource: str
    message: str
    location: Location | None = None
    account: str | None = None
    region: str | None = None
    suppression: str | None = None  # the reason, when status is SUPPRESSED
    attested: Attested | None = None  # findings of attestation checks: who attested, until when
    #: which one of several things one check judges on one resource this finding is about (a pg_hba rule, a role,
    #: an account), never a line number: part of the fingerprint (baomi/fingerprint.py); None: the resource itself
    item: str | None = None


@dataclass(frozen=True)
class Verdict:
    """What a check concluded about one thing it looked at; its engine makes it a Finding."""

    status: Status
    message: str
    location: Location | None = None
    #: the thing judged, when a check judges several on one resource one by one (``Finding.item``)
    item: str | None = None


@dataclass(frozen=True)
class EvidenceFile:
    """A file of what a scan read, as an examiner's evidence bundle holds it (``baomi evidence``): a manifest of
    the IaC files' hashes, the facts of a live server or account as collected (secrets redacted), an
    attestations file or the evidence it names. ``path`` is relative and uses ``/``."""

    path: str
    content: bytes
