"""RDS and Aurora: instances, clusters, parameter groups, manual snapshots and who may restore them."""
from __future__ import annotations

from collections.abc import Mapping

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def instances(scope: Scope) -> tuple[Resource, ...]:
    """Every DB instance, Aurora members included."""
    return tuple(Resource(db["DBInstanceArn"], db["DBInstanceIdentifier"], scope.region, db)
                 for db in scope.api("rds").items("describe_db_instances", "DBInstances"))


@fact()
def standalone_instances(scope: Scope) -> tuple[Resource, ...]:
    """Instances that are not members of a cluster (their cluster carries storage and backup settings)."""
    return tuple(r for r in scope.get(instances) if not r.data.get("DBClusterIdentifier"))


@fact()
def clusters(scope: Scope) -> tuple[Resource, ...]:
    return tuple(Resource(c["DBClusterArn"], c["DBClusterIdentifier"], scope.region, c)
                 for c in scope.api("rds").items("describe_db_clusters", "DBClusters"))


@fact()
def docdb_clusters(scope: Scope) -> tuple[Resource, ...]:
    """Amazon DocumentDB clusters: the RDS API lists them among the DB clusters, with engine ``docdb``
    (no call of their own; DocumentDB elastic clusters are another API, not listed here)."""
    return tuple(r for r in scope.get(clusters) if r.data.get("Engine") == "docdb")


@fact()
def neptune_clusters(scope: Scope) -> tuple[Resource, ...]:
    """Amazon Neptune clusters, from the same listing (engine ``neptune``)."""
    return tuple(r for r in scope.get(clusters) if r.data.get("Engine") == "neptune")


@fact()
def relational_clusters(scope: Scope) -> tuple[Resource, ...]:
    """Aurora (and Multi-AZ DB) clusters: the listing without DocumentDB and Neptune."""
    return tuple(r for r in scope.get(clusters) if r.data.get("Engine") not in ("docdb", "neptune"))


@fact()
def parameters(scope: Scope, group: str) -> Mapping[str, str]:
    """Values set in a DB parameter group (read once per group, shared by its instances)."""
    items = scope.api("rds").items("describe_db_parameters", "Parameters", DBParameterGroupName=group)
    return {p["ParameterName"]: p["ParameterValue"] for p in items if "ParameterValue" in p}


@fact()
def cluster_parameters(scope: Scope, group: str) -> Mapping[str, str]:
    items = scope.api("rds").items("describe_db_cluster_parameters", "Parameters",
                                   DBClusterParameterGroupName=group)
    return {p["ParameterName"]: p["ParameterValue"] for p in items if "ParameterValue" in p}


@fact()
def manual_snapshots(scope: Scope) -> tuple[Resource, ...]:
    """Manual instance and cluster snapshots: the only kind that can be shared."""
    api = scope.api("rds")
    plain = [Resource(s["DBSnapshotArn"], s["DBSnapshotIdentifier"], scope.region, s)
             for s in api.items("describe_db_snapshots", "DBSnapshots", SnapshotType="manual")]
    cluster = [Resource(s["DBClusterSnapshotArn"], s["DBClusterSnapshotIdentifier"], scope.region, s)
               for s in api.items("describe_db_cluster_snapshots", "DBClusterSnapshots", SnapshotType="manual")]
    return tuple(plain + cluster)


@fact()
def snapshot_restorers(scope: Scope, snapshot: str, is_cluster: bool) -> tuple[str, ...]:
    """Accounts allowed to restore the snapshot; ``all`` means public."""
    api = scope.api("rds")
    if is_cluster:
        response = api.call("describe_db_cluster_snapshot_attributes", DBClusterSnapshotIdentifier=snapshot)
        attributes = (response or {}).get("DBClusterSnapshotAttributesResult", {})
        entries = attributes.get("DBClusterSnapshotAttributes", [])
    else:
        response = api.call("describe_db_snapshot_attributes", DBSnapshotIdentifier=snapshot)
        entries = (response or {}).get("DBSnapshotAttributesResult", {}).get("DBSnapshotAttributes", [])
    return tuple(v for e in entries if e.get("AttributeName") == "restore" for v in e.get("AttributeValues", []))
