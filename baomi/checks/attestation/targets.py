"""The quantified targets of the seeds, judged from the figures an attestation records (its ``metrics``).

金融服务客户隐私保护承诺 §五: two-factor authentication on 90% of customer accounts; quarterly training that
95% attend and pass; 100% of customers sign the privacy-policy consent; every third party assessed at least
once a year. The thresholds are settings (docs/scoring.md#settings), each naming where it comes from.
"""
from __future__ import annotations

import datetime as _dt

from baomi.checks.attestation import REGISTRY
from baomi.checks.verdicts import judged, not_evaluated
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.attestations import Attestation


def _at_least(attestation: Attestation, *targets: tuple[str, float]) -> Verdict:
    """PASS when every attested figure named meets its target; ERROR naming a figure not attested, or one that is
    not a fraction (94 where 0.94 was meant would otherwise pass every target)."""
    missing = [metric for metric, _ in targets if metric not in attestation.metrics]
    if missing:
        return not_evaluated(f"the attestation gives no {', '.join(missing)} (metrics:)")
    odd = [f"{metric} = {attestation.metrics[metric]:g}" for metric, _ in targets if attestation.metrics[metric] > 1]
    if odd:
        return not_evaluated(f"{', '.join(odd)} is not a fraction from 0 to 1 (write 0.94 for 94%)")
    shown = ", ".join(f"{metric} {attestation.metrics[metric]:.1%} (target {target:.0%})" for metric, target in targets)
    ok = all(attestation.metrics[metric] >= target for metric, target in targets)
    return judged(ok, f"{shown}, attested by {attestation.owner} on {attestation.done.isoformat()}")


@REGISTRY.register("ATTEST_CUSTOMER_MFA_COVERAGE")
def customer_mfa(attestation: Attestation, settings: Settings, today: _dt.date) -> Verdict:
    return _at_least(attestation, ("customer_mfa_coverage", settings.customer_mfa_coverage_target))


@REGISTRY.register("ATTEST_GOV_TRAINING")
def training(attestation: Attestation, settings: Settings, today: _dt.date) -> Verdict:
    return _at_least(attestation, ("attendance_rate", settings.training_attendance_target),
                     ("pass_rate", settings.training_pass_target))


@REGISTRY.register("ATTEST_GOV_CONSENT")
def consent(attestation: Attestation, settings: Settings, today: _dt.date) -> Verdict:
    return _at_least(attestation, ("consent_signed_rate", settings.consent_signed_target))


@REGISTRY.register("ATTEST_GOV_THIRD_PARTY")
def third_parties(attestation: Attestation, settings: Settings, today: _dt.date) -> Verdict:
    if not attestation.third_parties:
        return not_evaluated("the attestation lists no third party (third_parties:)")
    future = [p for p in attestation.third_parties if p.assessed > today]
    if future:
        return not_evaluated(f"{future[0].name} assessed on {future[0].assessed.isoformat()}, a date in the future")
    oldest_allowed = today - _dt.timedelta(days=settings.third_party_assessment_days)
    late = [p for p in attestation.third_parties if p.assessed < oldest_allowed]
    if late:
        names = ", ".join(f"{p.name} (last assessed {p.assessed.isoformat()})" for p in late)
        return judged(False, f"not assessed within {settings.third_party_assessment_days} days: {names}")
    return judged(True, f"{len(attestation.third_parties)} third parties each assessed within "
                        f"{settings.third_party_assessment_days} days, attested by {attestation.owner}")
