"""Redshift: provisioned clusters."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def clusters(scope: Scope) -> tuple[Resource, ...]:
    items = scope.api("redshift").items("describe_clusters", "Clusters")
    return tuple(Resource(scope.arn("redshift", f"cluster:{c['ClusterIdentifier']}"), c["ClusterIdentifier"],
                          scope.region, c) for c in items)
