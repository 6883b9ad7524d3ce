"""Whether a clause binds this institution, judged from the profile in the settings (docs/scoring.md).

A clause's conditions (``applies_when``) are alternative grounds: it binds when any of them holds (PIPL
Art. 40 binds operators of critical information infrastructure, and handlers above the volume threshold).
A condition the profile does not state is taken to hold: unknown is never a reason to drop a clause.
"""
from __future__ import annotations

from dataclasses import dataclass

from baomi.catalog import Applicability, Text
from baomi.settings import Profile

_UNSTATED = Text("机构画像未说明，按适用处理", "the profile does not say; taken as applicable")


@dataclass(frozen=True)
class Applies:
    applies: bool
    #: why not (the clause's own reason), or a note that the profile did not say
    reason: Text | None = None


def judge(condition: Applicability | None, profile: Profile) -> Applies:
    if condition is None:
        return Applies(True)
    answers: list[bool | None] = []
    if condition.institution_types is not None:
        kind = profile.institution_type
        answers.append(None if kind is None else kind in condition.institution_types)
    if condition.ciio is not None:
        answers.append(None if profile.ciio is None else profile.ciio == condition.ciio)
    if condition.pi_subjects_at_least is not None:
        count = profile.pi_subjects
        answers.append(None if count is None else count >= condition.pi_subjects_at_least)
    if any(a is True for a in answers):
        return Applies(True)
    if answers and all(a is False for a in answers):
        return Applies(False, condition.reason or Text("机构画像表明不适用", "not applicable to this profile"))
    return Applies(True, _UNSTATED)
