"""Each finding's open and closed periods across a series of recorded runs (the remediation figures of the
quarterly report, docs/quarterly.md).

A finding is *open* in a run where it failed or could not be evaluated (``fail``, ``error``), as in
``baomi diff``. Its open period starts at the first run of a streak of runs in which it is open, and ends at the
first run after it where it is not: passed, not applicable or gone (*closed*), or suppressed (*waived*: an
accepted risk is not a fix).
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baomi.baseline import OPEN
from baomi.history.series import States


@dataclass(frozen=True)
class Period:
    """One open period of one finding: from the run it was first open in, to the run it was no longer open in
    (None: still open at the last run)."""

    fingerprint: str
    check_id: str
    severity: str | None
    opened: _dt.datetime
    ended: _dt.datetime | None = None
    #: how it ended: closed (passed, not applicable or gone) or waived (suppressed); None while open
    outcome: str | None = None

    def days(self, until: _dt.datetime) -> float:
        """How long it was open, in days: to its end, or to ``until`` while still open."""
        return ((self.ended or until) - self.opened).total_seconds() / 86400


def periods(runs: Sequence[Mapping[str, Any]],
            states: States) -> list[Period]:
    """Every open period of every finding over ``runs`` (oldest first, each with ``id`` and ``scanned`` as a
    datetime), from their findings' ``states`` (``series.statuses``)."""
    started: dict[str, Period] = {}
    done: list[Period] = []
    for r in runs:
        now = states.get(r["id"], {})
        for fingerprint, (status, check_id, severity) in now.items():
            if status in OPEN and fingerprint not in started:
                started[fingerprint] = Period(fingerprint, check_id, severity, r["scanned"])
        for fingerprint in [fp for fp in started if now.get(fp, ("gone",))[0] not in OPEN]:
            period = started.pop(fingerprint)
            outcome = "waived" if now.get(fingerprint, ("gone",))[0] == "suppressed" else "closed"
            done.append(Period(period.fingerprint, period.check_id, period.severity, period.opened, r["scanned"],
                               outcome))
    return done + list(started.values())
