"""Shorthands for the verdicts checks return (``baomi.model.Verdict``)."""
from __future__ import annotations

from baomi.model import Location, Status, Verdict


def passed(message: str) -> Verdict:
    return Verdict(Status.PASS, message)


def failed(message: str) -> Verdict:
    return Verdict(Status.FAIL, message)


def verdict(ok: bool, if_ok: str, if_not: str) -> Verdict:
    """PASS or FAIL, each with its own message."""
    return passed(if_ok) if ok else failed(if_not)


def judged(ok: bool, message: str, location: Location | None = None) -> Verdict:
    """PASS or FAIL with one message: the check states the fact and lets the status carry the judgement."""
    return Verdict(Status.PASS if ok else Status.FAIL, message, location)


def not_evaluated(reason: str) -> Verdict:
    """What was read but cannot be judged is an error, never a pass."""
    return Verdict(Status.ERROR, f"not evaluated: {reason}")
