"""Amazon DocumentDB and Neptune (encryption at rest, DocumentDB's TLS) and Redshift's require_ssl.

DocumentDB and Neptune clusters come from the RDS API's DB-cluster listing the RDS checks already read,
told by engine; Aurora clusters are left to the RDS checks. TLS is a setting of the cluster parameter group
(Redshift's too): each group is read once and shared by every cluster that uses it. What a parameter says is
taken from the group as AWS answers for it, the default groups included, never from what AWS documents as
their defaults: a parameter the answer does not carry is not evaluated.
"""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.records import shown
from baomi.checks.verdicts import by_flag, failed, not_evaluated, passed
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import rds, redshift
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource

#: DocumentDB's ``tls`` values (AWS documents these five): all but ``disabled`` make clients use TLS
_DOCDB_TLS_ON = frozenset({"enabled", "fips-140-3", "tls1.2+", "tls1.3+"})
_DOCDB_TLS_OFF = "disabled"


@aws_check("AWS_DOCDB_ENCRYPTED", rds.docdb_clusters)
@aws_check("AWS_NEPTUNE_ENCRYPTED", rds.neptune_clusters)
def cluster_encrypted(scope: Scope, cluster: Resource, settings: Settings) -> Verdict:
    """One judgement for both engines: their clusters carry StorageEncrypted as every DB cluster does."""
    return by_flag(cluster.data.get("StorageEncrypted"), "StorageEncrypted", True,
                   "cluster storage encrypted", "cluster storage is not encrypted")


@aws_check("AWS_DOCDB_TLS", rds.docdb_clusters)
def docdb_tls(scope: Scope, cluster: Resource, settings: Settings) -> Verdict:
    group = cluster.data.get("DBClusterParameterGroup")
    if not isinstance(group, str) or not group:
        return not_evaluated("DBClusterParameterGroup is absent")
    value = scope.get(rds.cluster_parameters, group).get("tls")
    if value is None:
        return not_evaluated(f"tls is not among the parameters of {group}")
    if value in _DOCDB_TLS_ON:
        return passed(f"tls = {value} in {group}")
    if value == _DOCDB_TLS_OFF:
        return failed(f"tls = disabled in {group}: clients may connect without TLS")
    return not_evaluated(f"tls = {shown(repr(value))} in {group} is not a value this check knows")


@aws_check("AWS_REDSHIFT_REQUIRE_SSL", redshift.clusters)
def redshift_require_ssl(scope: Scope, cluster: Resource, settings: Settings) -> Verdict:
    groups = cluster.data.get("ClusterParameterGroups")
    names = [g.get("ParameterGroupName") for g in groups if isinstance(g, dict)] if isinstance(groups, list) else []
    if len(names) != 1 or not isinstance(names[0], str) or not names[0]:
        return not_evaluated(f"ClusterParameterGroups names {len(names)} parameter group(s), expected one")
    group = names[0]
    value = scope.get(redshift.parameters, group).get("require_ssl")
    if value is None:
        return not_evaluated(f"require_ssl is not among the parameters of {group}")
    if value.lower() == "true":
        return passed(f"require_ssl = true in {group}")
    if value.lower() == "false":
        return failed(f"require_ssl = false in {group}: clients may connect without TLS")
    return not_evaluated(f"require_ssl = {shown(repr(value))} in {group} is not true or false")
