"""Detection and vulnerability management: GuardDuty, AWS Config, Security Hub, Inspector, Macie, per region; Macie's
findings on the buckets tagged as customer data."""
from __future__ import annotations

from collections import Counter

from baomi.checks.aws import aws_check
from baomi.checks.aws.s3 import holds_customer_data
from baomi.checks.records import shown
from baomi.checks.secrets import named
from baomi.checks.verdicts import failed, not_evaluated, passed, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import config, guardduty, inspector2, macie2, s3, securityhub
from baomi.sources.aws.errors import Unreadable
from baomi.sources.aws.scope import Scope, region_settings
from baomi.sources.cloud.memo import Resource, fact


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


#: the finding types Macie has (botocore's FindingType), every one counted when not archived: see below
_SENSITIVE_DATA = ("SensitiveData:S3Object/Personal", "SensitiveData:S3Object/Financial",
                   "SensitiveData:S3Object/Credentials", "SensitiveData:S3Object/CustomIdentifier",
                   "SensitiveData:S3Object/Multiple")
_POLICY = ("Policy:IAMUser/S3BucketPublic", "Policy:IAMUser/S3BucketSharedExternally",
           "Policy:IAMUser/S3BucketReplicatedExternally", "Policy:IAMUser/S3BucketSharedWithCloudFront",
           "Policy:IAMUser/S3BlockPublicAccessDisabled", "Policy:IAMUser/S3BucketEncryptionDisabled")
_SEVERITIES = ("High", "Medium", "Low")


def _quoted(attribute: str, value: object) -> str:
    return f"{attribute} absent" if value is None else f"{attribute} {shown(value)!r}"


def _customer_data(scope: Scope, bucket: Resource, settings: Settings) -> bool:
    """``holds_customer_data`` for a neighbour of the bucket judged: one whose tags cannot be read is left out of the
    query (its own finding says why) rather than making every bucket of its region an ERROR."""
    try:
        return bool(holds_customer_data(scope, bucket, settings))
    except Unreadable:
        return False


#: what decides whether a bucket holds customer data: the classification tag keys, the scheme's levels and the
#: levels that mark customer data (the settings holds_customer_data reads)
Labelling = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _labelling(settings: Settings) -> Labelling:
    return settings.classification_tag_keys, settings.classification_values, settings.customer_data_tag_values


@fact()
def customer_buckets(scope: Scope, labelling: Labelling) -> tuple[str, ...]:
    """The names of the buckets of the scope's region tagged as customer data, sorted: the region's findings query,
    worked out once per region (memoised with the account's facts) rather than once per bucket judged."""
    keys, levels, marking = labelling
    settings = Settings(classification_tag_keys=keys, classification_values=levels, customer_data_tag_values=marking)
    listed: tuple[Resource, ...] = scope.get(s3.buckets)
    return tuple(sorted(b.name for b in listed if b.region == scope.region and _customer_data(scope, b, settings)))


@aws_check("AWS_MACIE_CUSTOMER_DATA_FINDINGS", s3.buckets)
def macie_customer_data_findings(scope: Scope, bucket: Resource, settings: Settings) -> Verdict | None:
    """A bucket tagged as customer data (the decision of AWS_S3_CUSTOMER_DATA_LIFECYCLE) has no unarchived Macie
    finding, in a region where Macie is enabled (elsewhere AWS_MACIE_ENABLED judges the region, and there is
    nothing to read).

    Every finding type counts, sensitive-data (SensitiveData:S3Object/*) and policy (Policy:IAMUser/*) alike, as
    long as it is not archived. Personal or financial data is expected in a customer bucket, and a sharing may be
    intended: what fails is a finding nobody has dealt with. Dealing with it ends in archiving it, or in a
    suppression rule that archives what is expected (SensitiveData:S3Object/Personal in the customer buckets, say).
    Credentials among customer data are never expected; a policy finding left open is an exposure nobody looked
    at: the bucket public, shared with or replicated to another account, read through CloudFront (customer data
    served to whoever reaches the distribution), its public access block or default encryption turned off.
    A type or severity Macie adds later is not guessed at: an ERROR naming it.

    The findings are read once per region for all its customer-data buckets (``macie2.bucket_findings``); the
    message names types and counts per severity, never what the finding says about an object."""
    if not holds_customer_data(scope, bucket, settings):
        return None
    if bucket.region is None:
        return not_evaluated("the bucket's region is not known")
    if not macie2.offered(scope.at(bucket.region)):
        return None
    status = scope.get(macie2.session_status, region=bucket.region)
    if status is None or status == "PAUSED":
        return None  # AWS_MACIE_ENABLED fails the region: Macie publishes no finding there
    if status != "ENABLED":
        return not_evaluated(f"Macie session status {status!r} in {bucket.region} is not ENABLED or PAUSED")
    findings = scope.get(macie2.bucket_findings, scope.get(customer_buckets, _labelling(settings),
                                                           region=bucket.region), region=bucket.region)
    unnamed = [shown(f["id"]) for f in findings if not isinstance(f["bucket"], str)]
    if unnamed:  # it may be this bucket's
        return not_evaluated(f"Macie finding(s) {named(unnamed)} name no affected bucket")
    mine = [f for f in findings if f["bucket"] == bucket.name]
    odd = sorted({_quoted("type", f["type"]) for f in mine if f["type"] not in (*_SENSITIVE_DATA, *_POLICY)}
                 | {_quoted("severity", f["severity"]) for f in mine if f["severity"] not in _SEVERITIES})
    if odd:
        return not_evaluated(f"Macie finding {named(odd)}: not a finding type or severity this check knows")
    if not mine:
        return passed("Macie has no unarchived sensitive-data or policy finding on the bucket")
    by_type: dict[str, Counter[str]] = {}
    for f in mine:
        by_type.setdefault(f["type"], Counter())[f["severity"]] += 1
    listed = "; ".join(f"{kind} ({', '.join(f'{counts[s]} {s}' for s in _SEVERITIES if counts[s])})"
                       for kind, counts in sorted(by_type.items()))
    return failed(f"Macie has {len(mine)} unarchived finding(s) on the bucket: {listed}")
