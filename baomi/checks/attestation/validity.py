"""Whether an attestation holds at all: not dated in the future, not expired, its evidence intact."""
from __future__ import annotations

import calendar
import datetime as _dt

from baomi.model import Status, Verdict
from baomi.sources.attestations import Attestation

_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def expires(attestation: Attestation) -> _dt.date:
    """The last day it holds: ``valid_until``, else the day its frequency brings the next one due."""
    if attestation.valid_until is not None:
        return attestation.valid_until
    assert attestation.frequency is not None  # the file's schema demands one of the two
    return add_months(attestation.done, _MONTHS[attestation.frequency])


def add_months(day: _dt.date, months: int) -> _dt.date:
    """The same day ``months`` later, or the month's last day (31 January + 1 month = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def problem(attestation: Attestation, today: _dt.date) -> Verdict | None:
    """Why the attestation does not hold (a FAIL or an ERROR with the reason), or None when it does."""
    ends = expires(attestation)
    if attestation.done > today:
        return Verdict(Status.ERROR, f"not evaluated: attested as done on {attestation.done.isoformat()}, "
                                     "a date in the future")
    if ends < today:
        return Verdict(Status.FAIL, f"attestation by {attestation.owner} ({attestation.role}) expired on "
                                    f"{ends.isoformat()}")
    evidence = attestation.evidence
    if evidence.file is not None:
        if evidence.actual_sha256 is None:
            return Verdict(Status.ERROR, f"not evaluated: evidence file {evidence.file} cannot be read "
                                         f"({evidence.unreadable})")
        if evidence.actual_sha256 != evidence.recorded_sha256:
            recorded = evidence.recorded_sha256 or ""
            return Verdict(Status.FAIL, f"evidence file {evidence.file} changed since it was attested (SHA-256 now "
                                        f"{evidence.actual_sha256[:12]}…, attested {recorded[:12]}…)")
    return None


def holds(attestation: Attestation) -> str:
    """The PASS message of a current attestation."""
    return (f"attested by {attestation.owner} ({attestation.role}) on {attestation.done.isoformat()}, valid "
            f"until {expires(attestation).isoformat()}: {attestation.statement}")
