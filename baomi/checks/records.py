"""Classification labels and how long customer records are kept: one judgement for code and cloud.

Presence is not compliance. A data store's classification tag (a key of ``classification_tag_keys``) must
carry a level of the institution's scheme (``classification_values``: the five data security levels of
JR/T 0197-2020 by default), not any text; the levels of ``customer_data_tag_values`` mark the stores that
hold customer data; and a lifecycle rule on such a store must not expire objects sooner than
``min_record_retention_days`` (customer identity and transaction records: the anti-money-laundering
minimum). The Terraform, CloudFormation and live AWS checks read their own shapes into tag maps and
``Expiry`` values and judge them here, so that a store gets the same verdict wherever it is read.

Answers are three-valued: True, False, or None when a value the answer depends on could not be read;
what "could not be read" means is the caller's (``unresolved``: a Terraform expression, a CloudFormation
intrinsic function; a live value is always read). Nothing here imports checkov or boto3.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baomi.checks.terraform.values import integer
from baomi.settings import Settings, level_of
from baomi.userfiles import clip

RETENTION_SETTING = "min_record_retention_days"


def _never(value: Any) -> bool:
    return False


@dataclass(frozen=True)
class Judgement:
    """A three-valued answer (None: could not be told) and the sentence that says why."""

    ok: bool | None
    message: str


@dataclass(frozen=True)
class Unread:
    """A tag map that could not be read (an expression, an intrinsic function): it hides every key."""

    value: Any


def shown(value: Any) -> str:
    """A value for a message, on one line and short: unresolved text can be thousands of characters."""
    return clip(str(value), 80)


# -- the classification scheme (its spellings: settings.spellings) -----------------------------------------

def labels(layers: Sequence[Any], keys: Iterable[str]) -> dict[str, Any]:
    """A store's classification tags, key -> value, from its tag maps in rising precedence (a provider's
    default tags, then the resource's own): the highest map that sets a key gives its value. A map that
    could not be read (anything but a mapping or None) hides the key from the maps below it: ``Unread``.
    Keys set nowhere, or set empty, are left out."""
    found: dict[str, Any] = {}
    for key in keys:
        for layer in reversed(layers):
            if layer is None:
                continue
            if not isinstance(layer, Mapping):
                found[key] = Unread(layer)
                break
            if layer.get(key) not in (None, ""):
                found[key] = layer[key]
                break
    return found


def _unread(value: Any, unresolved: Callable[[Any], bool]) -> bool:
    return isinstance(value, Unread) or unresolved(value)


def classification(found: Mapping[str, Any], settings: Settings, unresolved: Callable[[Any], bool] = _never,
                   tags: str = "tags") -> Judgement:
    """Is the store labelled with a level of the scheme? ``found`` as ``labels`` gives it; ``tags`` names
    the attribute holding the tags in a message. A label outside the scheme fails even beside a good one
    (two labels that disagree say nothing); an unread label leaves the answer open."""
    keys, scheme = settings.classification_tag_keys, settings.classification_values
    if not found:
        return Judgement(False, f"no tag named {' / '.join(keys)}")
    for key, value in found.items():
        if not _unread(value, unresolved) and level_of(value, scheme) is None:
            return Judgement(False, f"{key} = {shown(value)!r} is not a level of the classification scheme "
                                    f"(classification_values: {', '.join(scheme)})")
    for key, value in found.items():
        if isinstance(value, Unread):
            return Judgement(None, f"{tags} could not be read: {shown(value.value)}")
        if unresolved(value):
            return Judgement(None, f"{key} could not be read: {shown(value)}")
    key, value = next(iter(found.items()))
    return Judgement(True, f"{key} = {shown(value)!r}: level {level_of(value, scheme)} of the classification scheme")


def customer_data(found: Mapping[str, Any], settings: Settings,
                  unresolved: Callable[[Any], bool] = _never) -> bool | None:
    """Does a classification tag mark the store as holding customer data (a level of
    ``customer_data_tag_values``, each side however spelled: "L3" there marks "3级")? None when a label
    could not be read."""
    scheme, marking = settings.classification_values, settings.customer_data_tag_values
    levels = {level_of(v, scheme) for v in marking} - {None}

    def marks(value: Any) -> bool:
        return level_of(value, scheme) in levels or level_of(value, marking) is not None

    values = list(found.values())
    if any(marks(v) for v in values if not _unread(v, unresolved)):
        return True
    return None if any(_unread(v, unresolved) for v in values) else False


# -- retention of customer records -----------------------------------------------------------------------

@dataclass(frozen=True)
class Expiry:
    """One way an enabled lifecycle rule deletes objects: after ``days`` days, or by a date (``date``, as
    written; ``by`` names the setting). ``rule`` names the rule in a message ("rule 'retention'")."""

    rule: str
    days: Any = None
    date: Any = None
    by: str = "days"


def expiry(found: Expiry, settings: Settings, unresolved: Callable[[Any], bool] = _never) -> Judgement:
    """Does this expiry keep customer data at least ``min_record_retention_days``? An expiry by date deletes
    whatever it reaches on that date, however young: no minimum holds for it."""
    minimum = settings.min_record_retention_days
    if found.date is not None:
        if unresolved(found.date):
            return Judgement(None, f"{found.rule}: {found.by} could not be read: {shown(found.date)}")
        return Judgement(False, f"{found.rule} expires customer data by {found.by} {shown(found.date)}, whatever "
                                f"its age: the minimum of {minimum} days ({RETENTION_SETTING}) cannot hold")
    days = None if unresolved(found.days) else integer(found.days)
    if days is None:
        return Judgement(None, f"{found.rule}: {found.by} could not be read: {shown(found.days)}")
    if days < minimum:
        return Judgement(False, f"{found.rule} expires customer data after {days} days, under the minimum of "
                                f"{minimum} days ({RETENTION_SETTING})")
    return Judgement(True, f"{found.rule} expires customer data after {days} days, at least the minimum of "
                           f"{minimum} days ({RETENTION_SETTING})")


def kept_long_enough(judgements: Iterable[Judgement]) -> Judgement:
    """Every expiry of a store together: the first that expires too soon, else the first that could not be
    read, else all is well (the message of the first)."""
    collected = list(judgements)
    for wanted in (False, None):
        found = next((j for j in collected if j.ok is wanted), None)
        if found is not None:
            return found
    return collected[0] if collected else Judgement(True, "nothing expires")
