"""Database Migration Service: replication instances."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def replication_instances(scope: Scope) -> tuple[Resource, ...]:
    items = scope.api("dms").items("describe_replication_instances", "ReplicationInstances")
    return tuple(Resource(i["ReplicationInstanceArn"], i["ReplicationInstanceIdentifier"], scope.region, i)
                 for i in items)
