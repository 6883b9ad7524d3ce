"""Redshift: provisioned clusters and their parameter groups."""
from __future__ import annotations

from collections.abc import Mapping

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def clusters(scope: Scope) -> tuple[Resource, ...]:
    items = scope.api("redshift").items("describe_clusters", "Clusters")
    return tuple(Resource(scope.arn("redshift", f"cluster:{c['ClusterIdentifier']}"), c["ClusterIdentifier"],
                          scope.region, c) for c in items)


@fact()
def parameters(scope: Scope, group: str) -> Mapping[str, str]:
    """Values of a cluster parameter group, the default group included (read once per group, shared by its
    clusters)."""
    items = scope.api("redshift").items("describe_cluster_parameters", "Parameters", ParameterGroupName=group)
    return {p["ParameterName"]: p["ParameterValue"] for p in items if "ParameterValue" in p}
