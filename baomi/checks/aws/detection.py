"""Detection and vulnerability management: GuardDuty, AWS Config, Security Hub, Inspector, Macie, per region."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import failed, not_evaluated, passed, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import config, guardduty, inspector2, macie2, securityhub
from baomi.sources.aws.scope import Scope, region_settings
from baomi.sources.cloud.memo import Resource


@aws_check("AWS_GUARDDUTY_ENABLED", region_settings("guardduty"))
def guardduty_enabled(scope: Scope, region: Resource, settings: Settings) -> Verdict:
    statuses = scope.get(guardduty.detector_statuses)
    return verdict("ENABLED" in statuses, "GuardDuty detector enabled",
                   f"no enabled GuardDuty detector in {scope.region}")


@aws_check("AWS_CONFIG_RECORDING", region_settings("config"))
def config_recording(scope: Scope, region: Resource, settings: Settings) -> Verdict:
    recording = scope.get(config.recording_recorders)
    return verdict(bool(recording), f"recorder {', '.join(recording)} is recording",
                   f"no AWS Config recorder is recording in {scope.region}")


@aws_check("AWS_SECURITYHUB_ENABLED", region_settings("securityhub"))
def securityhub_enabled(scope: Scope, region: Resource, settings: Settings) -> Verdict:
    standards = scope.get(securityhub.enabled_standards)
    if standards is None:
        return failed(f"Security Hub is not enabled in {scope.region}")
    return verdict(bool(standards), f"{len(standards)} standard(s) ready",
                   "Security Hub is enabled but no standard is ready")


@aws_check("AWS_INSPECTOR_ENABLED", region_settings("inspector2"))
def inspector_enabled(scope: Scope, region: Resource, settings: Settings) -> Verdict:
    status = scope.get(inspector2.account_status)
    state = (status or {}).get("state", {}).get("status", "DISABLED")
    if state != "ENABLED":
        return failed(f"Inspector is {state.lower()} in {scope.region}")
    scanned = [kind for kind, s in (status or {}).get("resourceState", {}).items() if s.get("status") == "ENABLED"]
    return passed(f"Inspector scans {', '.join(sorted(scanned)) or 'no resource type yet'}")


@aws_check("AWS_MACIE_ENABLED", region_settings("macie2"))
def macie_enabled(scope: Scope, region: Resource, settings: Settings) -> Verdict | None:
    if not macie2.offered(scope):
        return None
    status = scope.get(macie2.session_status)
    if status is None:
        return failed(f"Macie is not enabled in {scope.region}")
    if status == "PAUSED":
        return failed(f"Macie is paused in {scope.region}: it runs no discovery job and publishes no finding")
    if status != "ENABLED":
        return not_evaluated(f"Macie session status {status!r} is not ENABLED or PAUSED")
    return passed("Macie is enabled")
