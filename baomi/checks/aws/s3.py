"""S3: encryption, public access blocks, TLS-only policy, versioning, logging, lifecycle, classification.

Classification and the retention of customer data are judged by ``checks/records.py``, as in code."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from baomi.checks.aws import aws_check
from baomi.checks.policy import NO_TLS_DENY, requires_tls
from baomi.checks.records import Expiry, classification, customer_data, expiry, kept_long_enough, labels
from baomi.checks.verdicts import failed, judged, not_evaluated, passed, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import s3
from baomi.sources.aws.scope import ACCOUNT, Scope
from baomi.sources.cloud.memo import Resource

_BLOCK_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
_KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


def _algorithms(scope: Scope, bucket: Resource) -> list[str]:
    rules = scope.get(s3.encryption_rules, bucket.name, region=bucket.region)
    return [r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm", "") for r in rules]


@aws_check("AWS_S3_DEFAULT_ENCRYPTION", s3.buckets)
def default_encryption(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    algorithms = [a for a in _algorithms(scope, bucket) if a]
    return verdict(bool(algorithms), f"default encryption {', '.join(algorithms)}",
                   "no default encryption configured")


@aws_check("AWS_S3_ENCRYPTION_KMS", s3.buckets)
def kms_encryption(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    """The lower-severity note of the issue: SSE-S3 encrypts, but with keys the institution cannot manage."""
    algorithms = _algorithms(scope, bucket)
    return verdict(any(a in _KMS_ALGORITHMS for a in algorithms), "default encryption uses KMS keys",
                   f"default encryption is {', '.join(a for a in algorithms if a) or 'absent'}, not SSE-KMS")


def _fully_blocked(config: Mapping[str, bool] | None) -> bool:
    return config is not None and all(config.get(flag) for flag in _BLOCK_FLAGS)


def _missing_flags(config: Mapping[str, bool] | None) -> str:
    return ", ".join(f for f in _BLOCK_FLAGS if not (config or {}).get(f))


@aws_check("AWS_S3_ACCOUNT_PUBLIC_ACCESS_BLOCK", ACCOUNT)
def account_public_access_block(scope: Scope, account: Resource, settings: Settings) -> Verdict:
    config = scope.get(s3.account_public_access_block)
    return verdict(_fully_blocked(config), "account-wide S3 public access block is on",
                   f"account-wide S3 public access block lacks: {_missing_flags(config)}")


@aws_check("AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK", s3.buckets)
def bucket_public_access_block(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    config = scope.get(s3.public_access_block, bucket.name, region=bucket.region)
    if _fully_blocked(config):
        return passed("bucket public access block is on")
    if _fully_blocked(scope.get(s3.account_public_access_block)):
        return passed("covered by the account-wide public access block")
    return failed(f"public access not blocked, missing: {_missing_flags(config)}")


@aws_check("AWS_S3_TLS_ONLY", s3.buckets)
def tls_only(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    policy = scope.get(s3.policy, bucket.name, region=bucket.region)
    if policy is None:
        return failed("no bucket policy, so requests without TLS are accepted")
    tls = requires_tls(policy)
    if tls is None:
        return not_evaluated("the bucket policy has no readable Statement list")
    return verdict(tls, "bucket policy denies requests without TLS", NO_TLS_DENY)


@aws_check("AWS_S3_VERSIONING", s3.buckets)
def versioning(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    state = scope.get(s3.versioning, bucket.name, region=bucket.region)
    return verdict(state == "Enabled", "versioning enabled", f"versioning is {state or 'never enabled'}")


@aws_check("AWS_S3_ACCESS_LOGGING", s3.buckets)
def access_logging(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    target = scope.get(s3.access_logging, bucket.name, region=bucket.region)
    return verdict(target is not None, f"server access logs go to {(target or {}).get('TargetBucket')}",
                   "server access logging is off")


def _labels(scope: Scope, bucket: Resource, settings: Settings) -> dict[str, Any]:
    return labels([scope.get(s3.tags, bucket.name, region=bucket.region)], settings.classification_tag_keys)


def holds_customer_data(scope: Scope, bucket: Resource, settings: Settings) -> bool | None:
    """Whether the bucket's classification tag marks customer data (``records.customer_data``; None: a label could
    not be read). The one decision of the checks that judge customer-data buckets only."""
    return customer_data(_labels(scope, bucket, settings), settings)


def _expiry(rule: Mapping[str, Any]) -> Expiry | None:
    """How an enabled rule expires current objects (after days, or on a date); None if it does not."""
    expiration = rule.get("Expiration") or {}
    if rule.get("Status") != "Enabled" or not (expiration.get("Days") or expiration.get("Date")):
        return None
    name = f"rule {rule['ID']!r}" if rule.get("ID") else "a lifecycle rule"
    date = expiration.get("Date")
    if date:
        return Expiry(name, date=date.date().isoformat() if isinstance(date, datetime) else date, by="Expiration.Date")
    return Expiry(name, days=expiration.get("Days"), by="Expiration.Days")


@aws_check("AWS_S3_CUSTOMER_DATA_LIFECYCLE", s3.buckets)
def customer_data_lifecycle(scope: Scope, bucket: Resource, settings: Settings) -> Verdict | None:
    """A bucket whose classification tag marks customer data expires it, and no sooner than the minimum."""
    if not holds_customer_data(scope, bucket, settings):
        return None
    expiries = [e for e in map(_expiry, scope.get(s3.lifecycle_rules, bucket.name, region=bucket.region)) if e]
    if not expiries:
        return failed("bucket holds customer data but no enabled lifecycle rule expires it")
    kept = kept_long_enough(expiry(e, settings) for e in expiries)
    return not_evaluated(kept.message) if kept.ok is None else judged(kept.ok, kept.message)


@aws_check("AWS_S3_CLASSIFICATION_TAG", s3.buckets)
def classification_tag(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    """A classification tag whose value is a level of the scheme (``classification_values``)."""
    label = classification(_labels(scope, bucket, settings), settings)
    return not_evaluated(label.message) if label.ok is None else judged(label.ok, label.message)
