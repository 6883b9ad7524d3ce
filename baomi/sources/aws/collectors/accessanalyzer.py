"""IAM Access Analyzer: the region's analyzers, and the active findings of one analyzer."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baomi.sources.aws import scope as scopes
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


def offered(scope: Scope) -> bool:
    """Whether AWS offers Access Analyzer in the scope's region (every commercial region and both China regions
    have it)."""
    return scopes.offered(scope, "accessanalyzer")


@fact()
def analyzers(scope: Scope) -> tuple[Resource, ...]:
    """Every analyzer of the region, whatever its type (one ListAnalyzers, unfiltered, so that the checks
    see unused-access and unknown kinds too); none where AWS offers no Access Analyzer (not called)."""
    if not offered(scope):
        return ()
    items = scope.api("accessanalyzer").items("list_analyzers", "analyzers")
    return tuple(Resource(a["arn"], a["name"], scope.region, a) for a in items)


@fact()
def active_findings(scope: Scope, analyzer_arn: str) -> tuple[Mapping[str, Any], ...]:
    """The analyzer's ACTIVE findings, filtered by AWS (ListFindings, paginated). ListFindings rather than
    ListFindingsV2: only its summaries say whether a finding is public (``isPublic``); V2's would need a
    GetFindingV2 per finding."""
    items = scope.api("accessanalyzer").items("list_findings", "findings", analyzerArn=analyzer_arn,
                                              filter={"status": {"eq": ["ACTIVE"]}})
    return tuple(items)
