"""RDS and Aurora: encryption, exposure, backups, IAM auth, logs, deletion protection, Multi-AZ, TLS, patches.

Storage and backup settings of an Aurora member live on its cluster, so those checks judge standalone
instances and clusters; exposure and patching are per instance. The RDS API lists DocumentDB and Neptune
clusters among the DB clusters: their backups, deletion protection, availability zones and log exports are
judged here like any cluster's, their encryption by AWS_DOCDB_ENCRYPTED and AWS_NEPTUNE_ENCRYPTED (not twice),
and DocumentDB, which has no IAM database authentication of the RDS kind, not by AWS_RDS_IAM_AUTH.
"""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import by_flag, failed, passed, verdict
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import rds
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource

_DATABASES = (rds.standalone_instances, rds.clusters)
#: engine family -> (parameter, values that force TLS)
_TLS_PARAMETERS = {"postgres": ("rds.force_ssl", {"1"}), "mysql": ("require_secure_transport", {"1", "ON"})}


def _kind(db: Resource) -> str:
    return "cluster" if "DBClusterIdentifier" in db.data and "DBInstanceIdentifier" not in db.data else "instance"


@aws_check("AWS_RDS_STORAGE_ENCRYPTED", rds.standalone_instances, rds.relational_clusters)
def storage_encrypted(scope: Scope, db: Resource, settings: Settings) -> Verdict:
    return verdict(bool(db.data.get("StorageEncrypted")), "storage encrypted", f"{_kind(db)} storage is not encrypted")


@aws_check("AWS_RDS_NOT_PUBLIC", rds.instances)
def not_public(scope: Scope, db: Resource, settings: Settings) -> Verdict:
    return by_flag(db.data.get("PubliclyAccessible"), "PubliclyAccessible", False, "not publicly accessible",
                   "instance is publicly accessible")


@aws_check("AWS_RDS_BACKUP_RETENTION", *_DATABASES)
def backup_retention(scope: Scope, db: Resource, settings: Settings) -> Verdict:
    days = int(db.data.get("BackupRetentionPeriod") or 0)
    return verdict(days >= settings.min_backup_retention_days, f"backups kept {days} days",
                   f"backups kept {days} days, required {settings.min_backup_retention_days}")


@aws_check("AWS_RDS_IAM_AUTH", *_DATABASES)
def iam_auth(scope: Scope, db: Resource, settings: Settings) -> Verdict | None:
    if db.data.get("Engine") == "docdb":
        return None
    enabled = db.data.get("IAMDatabaseAuthenticationEnabled", db.data.get("IAMDatabaseAuthentication"))
    return verdict(bool(enabled), "IAM database authentication enabled", "IAM database authentication disabled")


@aws_check("AWS_RDS_LOG_EXPORTS", *_DATABASES)
def log_exports(scope: Scope, db: Resource, settings: Settings) -> Verdict:
    exported = db.data.get("EnabledCloudwatchLogsExports") or []
    return verdict(bool(exported), f"exports logs: {', '.join(exported)}", "no logs exported to CloudWatch")


@aws_check("AWS_RDS_DELETION_PROTECTION", *_DATABASES)
def deletion_protection(scope: Scope, db: Resource, settings: Settings) -> Verdict:
    return verdict(bool(db.data.get("DeletionProtection")), "deletion protection on", "deletion protection off")


@aws_check("AWS_RDS_MULTI_AZ", *_DATABASES)
def multi_az(scope: Scope, db: Resource, settings: Settings) -> Verdict:
    return verdict(bool(db.data.get("MultiAZ")), "Multi-AZ", f"{_kind(db)} runs in a single availability zone")


@aws_check("AWS_RDS_AUTO_MINOR_UPGRADE", rds.instances)
def auto_minor_upgrade(scope: Scope, db: Resource, settings: Settings) -> Verdict:
    return verdict(bool(db.data.get("AutoMinorVersionUpgrade")), "automatic minor version upgrade on",
                   "automatic minor version upgrade off")


def _family(engine: str) -> str | None:
    if "postgres" in engine:
        return "postgres"
    if "mysql" in engine or "mariadb" in engine:
        return "mysql"
    return None


def _default_forces_tls(family: str, version: str) -> bool:
    """Engine defaults: rds.force_ssl is 1 from PostgreSQL 15 on; MySQL never requires TLS by default."""
    major = version.split(".")[0]
    return family == "postgres" and major.isdigit() and int(major) >= 15


@aws_check("AWS_RDS_FORCE_SSL", *_DATABASES)
def force_ssl(scope: Scope, db: Resource, settings: Settings) -> Verdict | None:
    family = _family(db.data.get("Engine", ""))
    if family is None:
        return Verdict(Status.NOT_APPLICABLE, f"engine {db.data.get('Engine')} is not PostgreSQL or MySQL")
    name, forcing = _TLS_PARAMETERS[family]
    if _kind(db) == "cluster":
        group = db.data.get("DBClusterParameterGroup", "")
        values = scope.get(rds.cluster_parameters, group)
    else:
        group = (db.data.get("DBParameterGroups") or [{}])[0].get("DBParameterGroupName", "")
        values = scope.get(rds.parameters, group)
    if name not in values:
        default_ok = _default_forces_tls(family, db.data.get("EngineVersion", ""))
        return verdict(default_ok, f"{name} engine default forces TLS", f"{name} is not set in {group}")
    return verdict(values[name] in forcing, f"{name} = {values[name]} in {group}",
                   f"{name} = {values[name]} in {group}: clients may connect without TLS")


@aws_check("AWS_RDS_NO_PUBLIC_SNAPSHOTS", rds.manual_snapshots)
def no_public_snapshots(scope: Scope, snapshot: Resource, settings: Settings) -> Verdict:
    is_cluster = "DBClusterSnapshotIdentifier" in snapshot.data
    restorers = scope.get(rds.snapshot_restorers, snapshot.name, is_cluster)
    if "all" in restorers:
        return failed("snapshot can be restored by any AWS account")
    return passed(f"shared with {len(restorers)} named account(s)" if restorers else "not shared")
