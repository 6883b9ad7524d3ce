"""Other data stores: DynamoDB backups and KMS, ElastiCache encryption, Redshift encryption and public access,
EFS encryption, DMS replication instances' public access, OpenSearch domains' encryption and HTTPS."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import by_flag, failed, not_evaluated, passed, verdict
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import dms, dynamodb, efs, elasticache, opensearch, redshift
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


@aws_check("AWS_REDSHIFT_NOT_PUBLIC", redshift.clusters)
def redshift_not_public(scope: Scope, cluster: Resource, settings: Settings) -> Verdict:
    return by_flag(cluster.data.get("PubliclyAccessible"), "PubliclyAccessible", False,
                   "cluster not publicly accessible", "cluster is publicly accessible from the internet")


@aws_check("AWS_EFS_ENCRYPTED", efs.file_systems)
def efs_encrypted(scope: Scope, file_system: Resource, settings: Settings) -> Verdict:
    return by_flag(file_system.data.get("Encrypted"), "Encrypted", True,
                   "file system encrypted at rest", "file system is not encrypted at rest")


@aws_check("AWS_DMS_NOT_PUBLIC", dms.replication_instances)
def dms_not_public(scope: Scope, instance: Resource, settings: Settings) -> Verdict:
    """A replication instance reads and writes whole databases: a public address exposes that traffic."""
    return by_flag(instance.data.get("PubliclyAccessible"), "PubliclyAccessible", False,
                   "replication instance not publicly accessible",
                   "replication instance is publicly accessible from the internet")


def _option(domain: Resource, group: str, key: str) -> object:
    options = domain.data.get(group)
    return options.get(key) if isinstance(options, dict) else None


@aws_check("AWS_OPENSEARCH_AT_REST", opensearch.domains)
def opensearch_at_rest(scope: Scope, domain: Resource, settings: Settings) -> Verdict:
    return by_flag(_option(domain, "EncryptionAtRestOptions", "Enabled"), "EncryptionAtRestOptions.Enabled", True,
                   "domain encrypted at rest", "domain is not encrypted at rest")


@aws_check("AWS_OPENSEARCH_NODE_TO_NODE", opensearch.domains)
def opensearch_node_to_node(scope: Scope, domain: Resource, settings: Settings) -> Verdict:
    return by_flag(_option(domain, "NodeToNodeEncryptionOptions", "Enabled"), "NodeToNodeEncryptionOptions.Enabled",
                   True, "traffic between the domain's nodes is encrypted",
                   "traffic between the domain's nodes is not encrypted")


#: TLSSecurityPolicy names by the lowest TLS version they accept (AWS names them Policy-Min-TLS-<major>-<minor>-…)
_TLS12_POLICY_PREFIX, _TLS10_POLICY_PREFIX = "Policy-Min-TLS-1-2-", "Policy-Min-TLS-1-0-"


@aws_check("AWS_OPENSEARCH_HTTPS", opensearch.domains)
def opensearch_https(scope: Scope, domain: Resource, settings: Settings) -> Verdict:
    """HTTPS enforced, with a policy that refuses TLS below 1.2 (a name outside AWS's scheme is not judged)."""
    enforced = by_flag(_option(domain, "DomainEndpointOptions", "EnforceHTTPS"), "DomainEndpointOptions.EnforceHTTPS",
                       True, "", "the domain accepts plain HTTP (EnforceHTTPS false)")
    if enforced.status is not Status.PASS:
        return enforced
    policy = _option(domain, "DomainEndpointOptions", "TLSSecurityPolicy")
    if isinstance(policy, str) and policy.startswith(_TLS12_POLICY_PREFIX):
        return passed(f"HTTPS enforced with {policy} (TLS 1.2 or later)")
    if isinstance(policy, str) and policy.startswith(_TLS10_POLICY_PREFIX):
        return failed(f"HTTPS enforced, but {policy} accepts TLS 1.0 and 1.1")
    return not_evaluated(f"DomainEndpointOptions.TLSSecurityPolicy {policy!r} is not a policy this check knows")
