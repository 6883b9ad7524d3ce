"""CloudTrail and CloudWatch Logs: trails everywhere, validated, encrypted, logging; log retention and KMS."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import failed, passed, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import cloudtrail, logs
from baomi.sources.aws.scope import ACCOUNT, Scope
from baomi.sources.cloud.memo import Resource


def _is_logging(scope: Scope, trail: Resource) -> bool:
    return bool(scope.get(cloudtrail.status, trail.arn, region=trail.region).get("IsLogging"))


@aws_check("AWS_CLOUDTRAIL_MULTI_REGION", ACCOUNT)
def multi_region(scope: Scope, account: Resource, settings: Settings) -> Verdict:
    candidates = [t for t in scope.get(cloudtrail.visible_trails) if t.data.get("IsMultiRegionTrail")]
    active = [t.name for t in candidates if _is_logging(scope, t)]
    if active:
        return passed(f"multi-region trail logging: {', '.join(active)}")
    if candidates:
        return failed(f"multi-region trail(s) {', '.join(t.name for t in candidates)} not logging")
    return failed("no multi-region CloudTrail trail")


@aws_check("AWS_CLOUDTRAIL_LOG_VALIDATION", cloudtrail.trails)
def log_validation(scope: Scope, trail: Resource, settings: Settings) -> Verdict:
    return verdict(bool(trail.data.get("LogFileValidationEnabled")), "log file validation on",
                   "log file validation off: tampering with delivered logs goes unnoticed")


@aws_check("AWS_CLOUDTRAIL_KMS", cloudtrail.trails)
def kms(scope: Scope, trail: Resource, settings: Settings) -> Verdict:
    return verdict(bool(trail.data.get("KmsKeyId")), "logs encrypted with KMS", "logs not encrypted with a KMS key")


@aws_check("AWS_CLOUDTRAIL_LOGGING", cloudtrail.trails)
def logging_on(scope: Scope, trail: Resource, settings: Settings) -> Verdict:
    return verdict(_is_logging(scope, trail), "trail is logging", "trail is stopped")


@aws_check("AWS_LOGS_RETENTION", logs.log_groups)
def retention(scope: Scope, group: Resource, settings: Settings) -> Verdict:
    days = group.data.get("retentionInDays")
    if days is None:
        return passed("events never expire")
    return verdict(days >= settings.min_log_retention_days, f"kept {days} days",
                   f"kept {days} days, required {settings.min_log_retention_days}")


@aws_check("AWS_LOGS_KMS", logs.log_groups)
def logs_kms(scope: Scope, group: Resource, settings: Settings) -> Verdict:
    return verdict(bool(group.data.get("kmsKeyId")), "encrypted with a KMS key", "not encrypted with a KMS key")
