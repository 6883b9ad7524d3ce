"""The CI gate: decides exit code 0 or 1 from the score, failure severities and unreadable inputs.

With no gate option the gate is not off: it fails on a failed high or critical check, on anything that
could not be evaluated and on a scan that evaluated nothing (docs/scoring.md, "The gate"), because a
compliance scanner whose default build is green over an F-grade estate hides exactly what it exists to
show. Turning the gate off is an explicit choice (``--no-gate``), recorded as ``"gate": null``.

Each reason is kept as data (a code and its values) and written through the translation table
(``baomi/i18n.py``, ``gate_reason_<code>``): the results document records its text in the run's language and
the data, so that a report or the terminal in the other language says it in theirs.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baomi import i18n
from baomi.catalog import Catalog
from baomi.model import Finding, Severity, Status

_EVALUATED = (Status.PASS, Status.FAIL)  # an ERROR judged nothing: a scan of errors alone evaluated nothing

#: the severity threshold applied when no --fail-on is given
DEFAULT_FAIL_ON = Severity.HIGH
#: the --fail-on value that switches severity gating off
FAIL_ON_NONE = "none"
FAIL_ON_CHOICES = (*(s.value for s in Severity), FAIL_ON_NONE)

#: how a reason's values are written into its text (``gate_reason_<code>`` in the translation table)
_SHOWN: dict[str, Callable[[Any, str], str]] = {
    "score": lambda value, lang: f"{value:.1f}",
    "limit": lambda value, lang: f"{value:g}",
    "severity": lambda value, lang: i18n.severity(value, lang),
}


def describe(code: str, values: Mapping[str, Any], lang: str) -> str:
    """One reason of a failed gate in ``lang``: the table's text for ``code`` with ``values`` filled in (a severity
    in words of that language)."""
    shown = {name: _SHOWN[name](value, lang) if name in _SHOWN else str(value) for name, value in values.items()}
    return i18n.text(f"gate_reason_{code}", lang, **shown)


@dataclass(frozen=True)
class GatePolicy:
    """What fails a run; the field defaults are baomi's documented default gate."""

    fail_under: float | None = None
    fail_on: Severity | None = DEFAULT_FAIL_ON
    allow_errors: bool = False


@dataclass(frozen=True)
class GateReason:
    """Why a gate failed, as data: its code (``severity``, ``errors_new`` …) and the values its text names, so that
    each report and the terminal say it in their own language (``describe``)."""

    code: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class GateResult:
    """The verdict: ``reasons`` in the run's language (what results documents have always recorded) and the same
    reasons as data (``details``), in the same order."""

    passed: bool
    reasons: tuple[str, ...]
    details: tuple[GateReason, ...] = ()


def policy_from_options(fail_under: float | None, fail_on: str | None, allow_errors: bool) -> GatePolicy:
    """The policy of the command-line options: no --fail-on is the default threshold, ``none`` is no threshold."""
    if fail_on is None:
        threshold: Severity | None = DEFAULT_FAIL_ON
    elif fail_on == FAIL_ON_NONE:
        threshold = None
    else:
        threshold = Severity(fail_on)
    return GatePolicy(fail_under=fail_under, fail_on=threshold, allow_errors=allow_errors)


def evaluate(policy: GatePolicy, catalog: Catalog, findings: Sequence[Finding], score: float | None,
             lang: str = "en", new: Sequence[Finding] | None = None) -> GateResult:
    """Every reason the gate fails, in a stable order; no reasons means it passed.

    ``new``: in baseline mode (docs/baseline.md), the findings not open in the baseline; failures and errors are
    then counted among them only, while "nothing evaluated" and ``fail_under`` still judge the whole scan."""
    reasons: list[GateReason] = []
    judged, suffix = (findings, "") if new is None else (new, "_new")

    def say(code: str, **values: Any) -> None:
        reasons.append(GateReason(code, values))

    if not any(f.status in _EVALUATED for f in findings):
        # an empty directory, a mistyped path, files of a kind baomi does not read: never a green build
        say("nothing")
    if policy.fail_under is not None:
        if score is None:
            say("unassessed", limit=policy.fail_under)
        elif score < policy.fail_under:
            say("under", score=round(score, 1), limit=policy.fail_under)
    if policy.fail_on is not None:
        threshold = policy.fail_on.rank
        failing = [f for f in judged if f.status is Status.FAIL and f.check_id in catalog.check
                   and catalog.check[f.check_id].severity.rank >= threshold]
        if failing:
            say("severity" + suffix, count=len(failing), severity=policy.fail_on.value)
    if not policy.allow_errors:
        errors = sum(1 for f in judged if f.status is Status.ERROR)
        if errors:
            say("errors" + suffix, count=errors)
    return GateResult(not reasons, tuple(describe(r.code, r.values, lang) for r in reasons), tuple(reasons))
