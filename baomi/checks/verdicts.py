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


def by_flag(value: object, attribute: str, good: bool, if_good: str, if_bad: str) -> Verdict:
    """PASS when the boolean ``value`` is ``good``, FAIL when it is the other; a value that is no boolean
    (absent, a string) is not understood, so an ERROR naming ``attribute``, never a pass."""
    if not isinstance(value, bool):
        return not_evaluated(f"{attribute} is {'absent' if value is None else repr(value)}, expected true or false")
    return verdict(value is good, if_good, if_bad)
