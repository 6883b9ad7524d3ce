"""IAM Access Analyzer, per region: an external-access analyzer is active, and it reports nothing public.

Only the external-access kinds (``ACCOUNT``, ``ORGANIZATION``) say who outside the account or organization
can reach its buckets, keys, queues, snapshots and roles; the unused-access kinds report idle permissions
and count for neither check. A type or status outside the API's is not judged (an ERROR naming it).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from baomi.checks.aws import aws_check
from baomi.checks.secrets import named
from baomi.checks.verdicts import failed, not_evaluated, passed
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import accessanalyzer
from baomi.sources.aws.scope import Scope, region_settings
from baomi.sources.cloud.memo import Resource

_EXTERNAL = ("ACCOUNT", "ORGANIZATION")
_UNUSED = ("ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS")
_NOT_ACTIVE = ("CREATING", "DISABLED", "FAILED")
#: public findings named in a message; the rest are counted
_NAMED = 3


def _status(analyzer: Resource) -> str:
    status = analyzer.data.get("status")
    reason = analyzer.data.get("statusReason")
    code = reason.get("code") if isinstance(reason, Mapping) else None
    return f"{status} ({code})" if code else str(status)


@aws_check("AWS_ACCESSANALYZER_ENABLED", region_settings("access-analyzer"))
def analyzer_enabled(scope: Scope, region: Resource, settings: Settings) -> Verdict | None:
    """One ACTIVE analyzer of type ACCOUNT or ORGANIZATION in the region (ListAnalyzers, unfiltered)."""
    if not accessanalyzer.offered(scope):
        return None
    found: Sequence[Resource] = scope.get(accessanalyzer.analyzers)
    external = [a for a in found if a.data.get("type") in _EXTERNAL]
    active = [a for a in external if a.data.get("status") == "ACTIVE"]
    if active:
        return passed(f"external-access analyzer {active[0].name} ({active[0].data['type']}) is active")
    odd_status = next((a for a in external if a.data.get("status") not in _NOT_ACTIVE), None)
    if odd_status is not None:
        return not_evaluated(f"analyzer {odd_status.name}'s status {odd_status.data.get('status')!r} is not "
                             "ACTIVE, CREATING, DISABLED or FAILED")
    odd_type = next((a for a in found if a.data.get("type") not in _EXTERNAL + _UNUSED), None)
    if odd_type is not None:
        return not_evaluated(f"analyzer {odd_type.name}'s type {odd_type.data.get('type')!r} is not one this check "
                             "knows (ACCOUNT, ORGANIZATION, or their unused-access kinds)")
    if external:
        states = ", ".join(f"{a.name} is {_status(a)}" for a in external)
        return failed(f"no external-access analyzer is active in {scope.region}: {states}")
    if found:
        names = ", ".join(a.name for a in found)
        return failed(f"no external-access analyzer in {scope.region}: {names} only report(s) unused access")
    return failed(f"no IAM Access Analyzer analyzer in {scope.region}")


def _named(finding: Mapping[str, Any]) -> str:
    return str(finding.get("resource") or f"finding {finding.get('id')}")


@aws_check("AWS_ACCESSANALYZER_PUBLIC_FINDINGS", accessanalyzer.analyzers)
def public_findings(scope: Scope, analyzer: Resource, settings: Settings) -> Verdict | None:
    """No ACTIVE finding of an active external-access analyzer is public (ListFindings, filtered by AWS on status
    ACTIVE: a finding of another status in the answer is not understood, an ERROR, unless an active public one
    fails).
    Findings of access from other accounts that is not public are counted, not failed (AWS_S3_CROSS_ACCOUNT and
    the like judge those against the trusted accounts). Other analyzers are not judged here: one that is not
    active is AWS_ACCESSANALYZER_ENABLED's finding."""
    if analyzer.data.get("type") not in _EXTERNAL or analyzer.data.get("status") != "ACTIVE":
        return None
    listed = scope.get(accessanalyzer.active_findings, analyzer.arn)
    findings = [f for f in listed if f.get("status") == "ACTIVE"]
    public = [f for f in findings if f.get("isPublic") is True]
    shared = sum(f.get("isPublic") is False for f in findings)
    others = f"; {shared} active finding(s) of access from other accounts, not public" if shared else ""
    if public:
        kinds = ", ".join(sorted({str(f.get("resourceType")) for f in public}))
        return failed(f"{len(public)} active public finding(s) on {kinds}: "
                      f"{named((_named(f) for f in public), limit=_NAMED)}{others}")
    # AWS was asked for ACTIVE findings only: one of another status (or none) is an answer not understood
    odd = next((f for f in listed if f.get("status") != "ACTIVE"), None)
    if odd is not None:
        status = odd.get("status")
        return not_evaluated(f"ListFindings, filtered on status ACTIVE, answered a finding on {_named(odd)} with "
                             f"status {'absent' if status is None else repr(status)}")
    unclear = next((f for f in findings if not isinstance(f.get("isPublic"), bool)), None)
    if unclear is not None:
        why = f" (error {unclear['error']})" if unclear.get("error") else ""
        return not_evaluated(f"active finding on {_named(unclear)} ({unclear.get('resourceType')}){why}: isPublic is "
                             f"{'absent' if unclear.get('isPublic') is None else repr(unclear.get('isPublic'))}")
    return passed(f"no active public finding{others}")
