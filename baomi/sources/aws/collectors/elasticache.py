"""ElastiCache: replication groups and the cache clusters that belong to none."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def replication_groups(scope: Scope) -> tuple[Resource, ...]:
    groups = scope.api("elasticache").items("describe_replication_groups", "ReplicationGroups")
    return tuple(Resource(g.get("ARN") or scope.arn("elasticache", f"replicationgroup:{g['ReplicationGroupId']}"),
                          g["ReplicationGroupId"], scope.region, g) for g in groups)


@fact()
def standalone_clusters(scope: Scope) -> tuple[Resource, ...]:
    clusters = scope.api("elasticache").items("describe_cache_clusters", "CacheClusters")
    return tuple(Resource(c.get("ARN") or scope.arn("elasticache", f"cluster:{c['CacheClusterId']}"),
                          c["CacheClusterId"], scope.region, c)
                 for c in clusters if not c.get("ReplicationGroupId"))
