"""The CI gate: decides exit code 0 or 1 from the score, failure severities and unreadable inputs.

With no gate option the gate is not off: it fails on a failed high or critical check, on anything that
could not be evaluated and on a scan that evaluated nothing (docs/scoring.md, "The gate"), because a
compliance scanner whose default build is green over an F-grade estate hides exactly what it exists to
show. Turning the gate off is an explicit choice (``--no-gate``), recorded as ``"gate": null``.

Reasons are written in the report's language: they end up in CI logs and in management reports.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from baomi.catalog import Catalog
from baomi.model import Finding, Severity, Status

_EVALUATED = (Status.PASS, Status.FAIL)  # an ERROR judged nothing: a scan of errors alone evaluated nothing

#: the severity threshold applied when no --fail-on is given
DEFAULT_FAIL_ON = Severity.HIGH
#: the --fail-on value that switches severity gating off
FAIL_ON_NONE = "none"
FAIL_ON_CHOICES = (*(s.value for s in Severity), FAIL_ON_NONE)

_REASONS = {
    "nothing": {
        "en": "nothing was evaluated: no resource, account or database baomi could judge was found",
        "zh": "未评估任何内容：没有找到 baomi 可以检查的资源、账户或数据库",
    },
    "unassessed": {
        "en": "no control was assessed, so the score cannot reach {limit}",
        "zh": "没有任何控制被评估，得分无法达到 {limit}",
    },
    "under": {"en": "score {score} is under {limit}", "zh": "得分 {score} 低于 {limit}"},
    "severity": {
        "en": "{count} failure(s) at or above {severity} (--fail-on sets the threshold, --fail-on none turns it off)",
        "zh": "{count} 项失败达到或高于 {severity} 严重级别（--fail-on 可设置阈值，--fail-on none 可关闭此项）",
    },
    "errors": {
        "en": "{count} finding(s) could not be evaluated (use --allow-errors to accept)",
        "zh": "{count} 项结果无法评估（如可接受，请使用 --allow-errors）",
    },
    "severity_new": {
        "en": "{count} new failure(s) at or above {severity}, not in the baseline (--fail-on sets the threshold)",
        "zh": "{count} 项基线中没有的新增失败达到或高于 {severity} 严重级别（--fail-on 可设置阈值）",
    },
    "errors_new": {
        "en": "{count} new finding(s) could not be evaluated, not in the baseline (use --allow-errors to accept)",
        "zh": "{count} 项基线中没有的新增结果无法评估（如可接受，请使用 --allow-errors）",
    },
}

#: said instead of a verdict when the run was not gated (--no-gate): neither passed nor failed
NOT_GATED = {
    "en": "Gate: none requested (--no-gate); the findings do not decide the exit code",
    "zh": "门禁：未设置门禁（--no-gate），检查结果不影响退出码",
}


@dataclass(frozen=True)
class GatePolicy:
    """What fails a run; the field defaults are baomi's documented default gate."""

    fail_under: float | None = None
    fail_on: Severity | None = DEFAULT_FAIL_ON
    allow_errors: bool = False


@dataclass(frozen=True)
class GateResult:
    passed: bool
    reasons: tuple[str, ...]


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
    reasons: list[str] = []
    judged, suffix = (findings, "") if new is None else (new, "_new")

    def say(key: str, **values: object) -> None:
        reasons.append(_REASONS[key][lang].format(**values))

    if not any(f.status in _EVALUATED for f in findings):
        # an empty directory, a mistyped path, files of a kind baomi does not read: never a green build
        say("nothing")
    if policy.fail_under is not None:
        if score is None:
            say("unassessed", limit=f"{policy.fail_under:g}")
        elif score < policy.fail_under:
            say("under", score=f"{score:.1f}", limit=f"{policy.fail_under:g}")
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
    return GateResult(passed=not reasons, reasons=tuple(reasons))
