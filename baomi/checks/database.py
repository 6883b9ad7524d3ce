"""What the PostgreSQL and MySQL checks share: verdicts on settings, on items one by one, on overrides.

Checks judge a ``Facts`` snapshot only (``sources/database/snapshot.py``), so the same check function gives
the same verdict on a live server and on its configuration files.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from baomi.checks.verdicts import judged
from baomi.model import Location, Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import FactMissing, FactOutOfReach, Facts, RoleSetting, as_bool

#: a check takes the snapshot of one server and returns one verdict or several (one per pg_hba line, per account)
CheckFunction = Callable[[Facts, Settings], "Verdict | Iterable[Verdict]"]


class Judged(Protocol):
    """One of several things a check judges one by one (a pg_hba rule, an account)."""

    @property
    def subject(self) -> str: ...  # starts the message: "pg_hba.conf line 3:", "account 'app'@'%'"

    @property
    def key(self) -> str: ...  # which one it is, never where: "pg_hba.conf: host all all 0.0.0.0/0 md5", "role 'app'"

    @property
    def location(self) -> Location | None: ...


Item = TypeVar("Item", bound=Judged)


def per_item(items: Sequence[Item], offence: Callable[[Item], str | None], clean: str, noun: str) -> list[Verdict]:
    """One FAIL per offending item, so each can be located and fixed; one PASS counting them if none offends."""
    failures = [Verdict(Status.FAIL, f"{item.subject} {reason}", item.location, item.key)
                for item in items if (reason := offence(item))]
    return failures or [Verdict(Status.PASS, f"{clean} ({len(items)} {noun})")]


def setting_is(facts: Facts, name: str, wanted: bool, detail: Callable[[bool], str] | None = None,
               boolean: Callable[[str], bool | None] = as_bool) -> Verdict:
    """The verdict for a boolean setting that must be ``wanted`` (on or off); ``detail`` says what its value
    means, ``boolean`` reads it (PostgreSQL's words by default, ``as_mysql_bool`` for MySQL). A value that is
    not a boolean is an ERROR naming the setting, never a pass."""
    setting = facts.setting(name)
    value = boolean(setting.value)
    if value is None:
        return Verdict(Status.ERROR, f"{name} = {setting.value!r} is not a boolean ({setting.origin})",
                       setting.location)
    state = "on" if value else "off"
    meaning = f": {detail(value)}" if detail else ""
    return judged(value == wanted, f"{name} is {state}{meaning} ({setting.origin})", setting.location)


def overrides(facts: Facts, name: str) -> list[RoleSetting]:
    """Per-role and per-database values of setting ``name`` (PostgreSQL, live); none where a source
    cannot show them (files); FactMissing when they could not be read, since they may undo the setting."""
    try:
        settings: Sequence[RoleSetting] = facts.table("role_settings")
    except FactOutOfReach:
        return []
    return [s for s in settings if s.name == name.lower()]


def with_overrides(facts: Facts, name: str, verdict: Verdict, ok: Callable[[str], bool], why: str) -> list[Verdict]:
    """``verdict`` on the server-wide value, then one FAIL per role or database whose own value of ``name``
    is not ``ok`` (``why`` says what is wrong with it): such sessions run without the protection."""
    try:
        found = overrides(facts, name)
    except FactMissing:
        if verdict.status is Status.FAIL:
            return [verdict]  # already failing: the overrides could only add to it
        raise
    failures = [Verdict(Status.FAIL, f"{name} is {o.value!r} for {o.scope}: {why}", item=o.scope)
                for o in found if not ok(o.value)]
    if not failures:
        return [verdict]
    return ([verdict] if verdict.status is not Status.PASS else []) + failures
