"""Residency: data stores must sit in an allowed region (mainland China by default): every store that holds
customer data at rest, even for a while (queues, topics, streams, a DMS instance's cached changes, backups, the
block volumes of servers and their snapshots)."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import (
    backup,
    dms,
    dynamodb,
    ec2,
    efs,
    elasticache,
    kinesis,
    opensearch,
    rds,
    redshift,
    s3,
    sns,
    sqs,
)
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource

_DATA_STORES = (s3.buckets, rds.standalone_instances, rds.clusters, dynamodb.tables,
                elasticache.replication_groups, elasticache.standalone_clusters, redshift.clusters, sqs.queues,
                sns.topics, kinesis.streams, efs.file_systems, opensearch.domains, dms.replication_instances,
                backup.vaults, ec2.volumes, ec2.snapshots)


@aws_check("AWS_DATA_RESIDENCY", *_DATA_STORES)
def data_residency(scope: Scope, store: Resource, settings: Settings) -> Verdict:
    region = store.region or scope.region
    return verdict(region in settings.allowed_regions, f"stored in {region}",
                   f"stored in {region}, outside the allowed regions")
