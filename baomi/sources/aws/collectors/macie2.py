"""Amazon Macie: the account's Macie session in a region (sensitive-data discovery on S3), and its findings on
named buckets."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from baomi.sources.aws import scope as scopes
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import fact

#: AWS answers AccessDeniedException "Macie is not enabled" (moto: ResourceNotFoundException) where the
#: account has no Macie session; any other AccessDeniedException is a missing permission
_NOT_ENABLED = (("AccessDeniedException", "Macie is not enabled"), "ResourceNotFoundException")


def offered(scope: Scope) -> bool:
    """Whether AWS offers Macie in the scope's region (the China regions have none: there is nothing to enable,
    and the endpoint's name does not resolve)."""
    return scopes.offered(scope, "macie2")


@fact()
def session_status(scope: Scope) -> str | None:
    """The session's status (ENABLED or PAUSED); None when Macie is not enabled in the region."""
    session = scope.api("macie2").call("get_macie_session", absent=_NOT_ENABLED)
    return None if session is None else str(session.get("status", ""))


#: finding IDs GetFindings takes in one call; bucket names put in one ListFindings condition (Macie documents
#: no limit on a condition's values: 50 keeps each request small)
_BATCH = 50


def _batches(values: Sequence[str]) -> list[list[str]]:
    return [list(values[i:i + _BATCH]) for i in range(0, len(values), _BATCH)]


@fact()
def bucket_findings(scope: Scope, buckets: tuple[str, ...]) -> tuple[Mapping[str, Any], ...]:
    """Macie's unarchived findings on ``buckets`` (ListFindings on ``resourcesAffected.s3Bucket.name`` and
    ``archived`` false, then GetFindings for the IDs, 50 a call), each as its ``id``, ``type``, ``severity`` (its
    description: Low, Medium, High) and ``bucket`` (the affected bucket's name; None when the finding names none).
    The rest of a finding is left out: an object's key, or where in it Macie detected sensitive data, can name a
    customer, and has no place in a fact (nor, so, in the evidence bundle)."""
    api = scope.api("macie2")
    ids: list[str] = []
    for names in _batches(buckets):
        ids += api.items("list_findings", "findingIds", findingCriteria={"criterion": {
            "resourcesAffected.s3Bucket.name": {"eq": names}, "archived": {"eq": ["false"]}}})
    found = [f for batch in _batches(ids) for f in api.items("get_findings", "findings", findingIds=batch)]
    return tuple({"id": f.get("id"), "type": f.get("type"), "severity": (f.get("severity") or {}).get("description"),
                  "bucket": ((f.get("resourcesAffected") or {}).get("s3Bucket") or {}).get("name")} for f in found)
