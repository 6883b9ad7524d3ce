"""Other data stores: DynamoDB backups and KMS, ElastiCache encryption, Redshift encryption."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import dynamodb, elasticache, redshift
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource

_CACHES = (elasticache.replication_groups, elasticache.standalone_clusters)


@aws_check("AWS_DYNAMODB_PITR", dynamodb.tables)
def dynamodb_pitr(scope: Scope, table: Resource, settings: Settings) -> Verdict:
    backups = scope.get(dynamodb.continuous_backups, table.name)
    status = backups.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
    return verdict(status == "ENABLED", "point-in-time recovery on", "point-in-time recovery off")


@aws_check("AWS_DYNAMODB_KMS", dynamodb.tables)
def dynamodb_kms(scope: Scope, table: Resource, settings: Settings) -> Verdict:
    sse = table.data.get("SSEDescription") or {}
    kms = sse.get("SSEType") == "KMS" and sse.get("Status", "ENABLED") in ("ENABLED", "ENABLING", "UPDATING")
    return verdict(kms, "encrypted with a KMS key", "encrypted with an AWS-owned key only, not KMS")


@aws_check("AWS_ELASTICACHE_AT_REST", *_CACHES)
def elasticache_at_rest(scope: Scope, cache: Resource, settings: Settings) -> Verdict:
    return verdict(bool(cache.data.get("AtRestEncryptionEnabled")), "encrypted at rest", "not encrypted at rest")


@aws_check("AWS_ELASTICACHE_IN_TRANSIT", *_CACHES)
def elasticache_in_transit(scope: Scope, cache: Resource, settings: Settings) -> Verdict:
    return verdict(bool(cache.data.get("TransitEncryptionEnabled")), "TLS in transit", "clients connect without TLS")


@aws_check("AWS_REDSHIFT_ENCRYPTED", redshift.clusters)
def redshift_encrypted(scope: Scope, cluster: Resource, settings: Settings) -> Verdict:
    return verdict(bool(cluster.data.get("Encrypted")), "cluster encrypted", "cluster is not encrypted")
