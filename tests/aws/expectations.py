"""Expected findings of the two estates, written as check -> {resource label: status}.

Labels are keys of ``Estate.arn`` (glob patterns allowed, e.g. ``volume:*``), ``root`` for the account,
or ``<service>@<region>`` for a region's settings of a service.
"""
from __future__ import annotations

from fnmatch import fnmatch

from baomi.model import Status

from .estate import HARDENED_REGIONS, INSECURE_REGIONS, Estate

P, F = Status.PASS, Status.FAIL
Table = dict[str, dict[str, Status]]


def _regional(service: str, regions: tuple[str, ...], status: Status) -> dict[str, Status]:
    return {f"{service}@{region}": status for region in regions}


def resolve(estate: Estate, table: Table) -> set[tuple[str, str, Status]]:
    """(check id, ARN, status) for every entry of ``table``; a later label overrides an earlier one."""
    out: dict[tuple[str, str], Status] = {}
    for check_id, entries in table.items():
        for label, status in entries.items():
            if label == "root":
                arns = [estate.root]
            elif "@" in label:
                service, region = label.split("@")
                arns = [f"arn:{estate.partition}:{service}:{region}:{estate.account}:account"]
            else:
                arns = [arn for key, arn in estate.arn.items() if fnmatch(key, label)]
                assert arns, f"label {label!r} matches no seeded resource"
            out.update({(check_id, arn): status for arn in arns})
    return {(check_id, arn, status) for (check_id, arn), status in out.items()}


_HARDENED_BUCKETS = [f"bucket:hardened-{kind}-{r}" for kind in ("logs", "data") for r in HARDENED_REGIONS]


def _all(labels: list[str], status: Status = P) -> dict[str, Status]:
    return dict.fromkeys(labels, status)


HARDENED: Table = {
    "AWS_IAM_ROOT_MFA": {"root": F},  # moto cannot enable MFA on the root user
    **{c: {"root": P} for c in ("AWS_IAM_ROOT_ACCESS_KEYS", "AWS_IAM_MFA_COVERAGE", "AWS_IAM_PASSWORD_LENGTH",
                                "AWS_IAM_PASSWORD_COMPLEXITY", "AWS_IAM_PASSWORD_REUSE", "AWS_IAM_PASSWORD_MAX_AGE",
                                "AWS_S3_ACCOUNT_PUBLIC_ACCESS_BLOCK", "AWS_CLOUDTRAIL_MULTI_REGION")},
    **{c: {"user:*": P} for c in ("AWS_IAM_CONSOLE_USER_MFA", "AWS_IAM_UNUSED_CREDENTIALS",
                                  "AWS_IAM_USER_ADMIN_POLICY")},
    **{c: _all(_HARDENED_BUCKETS) for c in ("AWS_S3_DEFAULT_ENCRYPTION", "AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK",
                                            "AWS_S3_TLS_ONLY", "AWS_S3_VERSIONING", "AWS_S3_ACCESS_LOGGING",
                                            "AWS_S3_CLASSIFICATION_TAG")},
    # access-log delivery cannot write into SSE-KMS buckets, so the log buckets keep SSE-S3: the low note
    "AWS_S3_ENCRYPTION_KMS": {"bucket:hardened-logs-*": F, "bucket:hardened-data-*": P},
    # both classified at levels that mark customer data (L2, 3), both kept the ten years of min_record_retention_days
    "AWS_S3_CUSTOMER_DATA_LIFECYCLE": _all(_HARDENED_BUCKETS),
    "AWS_DATA_RESIDENCY": dict.fromkeys(("bucket:*", "db:*", "table:*", "cache:*", "redshift:*", "queue:*", "topic:*",
                                         "stream:*", "efs:*", "search:*", "dms:*", "vault:*", "volume:*",
                                         "ebs-snapshot:*"), P),
    **{c: {"db:*": P} for c in ("AWS_RDS_STORAGE_ENCRYPTED", "AWS_RDS_NOT_PUBLIC", "AWS_RDS_BACKUP_RETENTION",
                                "AWS_RDS_IAM_AUTH", "AWS_RDS_LOG_EXPORTS", "AWS_RDS_DELETION_PROTECTION",
                                "AWS_RDS_MULTI_AZ", "AWS_RDS_AUTO_MINOR_UPGRADE", "AWS_RDS_FORCE_SSL")},
    "AWS_RDS_NO_PUBLIC_SNAPSHOTS": {"snapshot:*": P},
    "AWS_EC2_EBS_DEFAULT_ENCRYPTION": _regional("ec2", HARDENED_REGIONS, P),
    "AWS_EC2_EBS_VOLUME_ENCRYPTED": {"volume:*": P},
    "AWS_EC2_IMDSV2": {"instance:*": P},
    "AWS_EC2_SG_ADMIN_PORTS": {"sg:*": P},
    "AWS_EC2_SG_DATABASE_PORTS": {"sg:*": P},
    "AWS_EC2_DEFAULT_SG_CLOSED": {"sg:default:*": P},
    "AWS_VPC_FLOW_LOGS": {"vpc:*": P},
    **{c: {"trail": P} for c in ("AWS_CLOUDTRAIL_LOG_VALIDATION", "AWS_CLOUDTRAIL_KMS", "AWS_CLOUDTRAIL_LOGGING")},
    "AWS_LOGS_RETENTION": {"loggroup:*": P},
    "AWS_LOGS_KMS": {"loggroup:*": P},
    "AWS_GUARDDUTY_ENABLED": _regional("guardduty", HARDENED_REGIONS, P),
    "AWS_CONFIG_RECORDING": _regional("config", HARDENED_REGIONS, P),
    "AWS_SECURITYHUB_ENABLED": _regional("securityhub", HARDENED_REGIONS, P),
    "AWS_INSPECTOR_ENABLED": _regional("inspector2", HARDENED_REGIONS, P),
    "AWS_KMS_KEY_ROTATION": {"key:*": P},
    "AWS_SECRETSMANAGER_ROTATION": {"secret:*": P},
    "AWS_DYNAMODB_PITR": {"table:*": P},
    "AWS_DYNAMODB_KMS": {"table:*": P},
    "AWS_ELASTICACHE_AT_REST": {"cache:*": P},
    "AWS_ELASTICACHE_IN_TRANSIT": {"cache:*": P},
    "AWS_REDSHIFT_ENCRYPTED": {"redshift:*": P},
    "AWS_REDSHIFT_NOT_PUBLIC": {"redshift:*": P},
    "AWS_REDSHIFT_REQUIRE_SSL": {"redshift:*": P},  # group require-ssl (stubs.required_ssl)
    "AWS_SQS_ENCRYPTED": {"queue:*": P},
    "AWS_SNS_ENCRYPTED": {"topic:*": P},
    "AWS_KINESIS_ENCRYPTED": {"stream:*": P},
    "AWS_EFS_ENCRYPTED": {"efs:*": P},
    "AWS_DMS_NOT_PUBLIC": {"dms:*": P},
    **{c: {"search:*": P} for c in ("AWS_OPENSEARCH_AT_REST", "AWS_OPENSEARCH_NODE_TO_NODE", "AWS_OPENSEARCH_HTTPS")},
    "AWS_ELB_LISTENER_ENCRYPTED": {"listener:*": P},
    "AWS_ACM_CERT_EXPIRY": {"cert:*": P},
    "AWS_CLOUDFRONT_VIEWER_HTTPS": {"cdn": P},
    "AWS_CLOUDFRONT_MIN_TLS": {"cdn": P},
    "AWS_APIGATEWAY_ACCESS_LOGGING": {"stage:*": P},
    "AWS_APIGATEWAYV2_ACCESS_LOGGING": {"http-stage:*": P},
    "AWS_APIGATEWAY_DOMAIN_TLS": {"api-domain:*": P},  # TLS_1_2
    "AWS_BACKUP_VAULT_CMK": {"vault:*": P},
    "AWS_BACKUP_VAULT_LOCKED": {"vault:*": P},
    # plan customer-daily selects every RDS instance, table and file system by type (stubs: moto has no selections)
    "AWS_BACKUP_PLAN_COVERAGE": {"db:*": P, "table:*": P, "efs:*": P},
    # an active external-access analyzer without findings in each region (stubs: moto has no Access Analyzer)
    "AWS_ACCESSANALYZER_ENABLED": _regional("access-analyzer", HARDENED_REGIONS, P),
    "AWS_ACCESSANALYZER_PUBLIC_FINDINGS": {"analyzer:*": P},
    "AWS_ELB_TLS_POLICY": {"listener:https:*": P},
    **{c: _all(_HARDENED_BUCKETS) for c in ("AWS_S3_POLICY_PUBLIC", "AWS_S3_ACL_PUBLIC", "AWS_S3_CROSS_ACCOUNT")},
    "AWS_KMS_KEY_POLICY_EXPOSURE": {"key:*": P},
    "AWS_RDS_SNAPSHOT_SHARED": {"snapshot:*": P},
    "AWS_RDS_SNAPSHOT_ENCRYPTED": {"snapshot:*": P},
    "AWS_EC2_EBS_SNAPSHOT_SHARED": {"ebs-snapshot:*": P},
    "AWS_LAMBDA_ENV_SECRETS": {"function:*": P},  # the environment names a secret's ARN
    "AWS_EC2_USER_DATA_SECRETS": {"instance:*": P},  # user data fetches the password at boot
    "AWS_ECS_TASK_SECRETS": {"task:*": P},  # the password comes through secrets/valueFrom
}

_INSECURE_BUCKETS = ["bucket:open", "bucket:trail", "bucket:customers", "bucket:statements"]

INSECURE: Table = {
    "AWS_IAM_ROOT_ACCESS_KEYS": {"root": P},
    **{c: {"root": F} for c in ("AWS_IAM_ROOT_MFA", "AWS_IAM_MFA_COVERAGE", "AWS_IAM_PASSWORD_LENGTH",
                                "AWS_IAM_PASSWORD_COMPLEXITY", "AWS_IAM_PASSWORD_REUSE", "AWS_IAM_PASSWORD_MAX_AGE",
                                "AWS_S3_ACCOUNT_PUBLIC_ACCESS_BLOCK", "AWS_CLOUDTRAIL_MULTI_REGION")},
    "AWS_IAM_CONSOLE_USER_MFA": {"user:bob": F, "user:carol": P},
    "AWS_IAM_ACCESS_KEY_AGE": {"user:carol": P, "user:dave": P},  # fresh keys; see the threshold test
    "AWS_IAM_UNUSED_CREDENTIALS": {"user:*": P},
    "AWS_IAM_USER_ADMIN_POLICY": {"user:bob": P, "user:carol": F, "user:dave": F},
    "AWS_S3_DEFAULT_ENCRYPTION": {"bucket:open": F, "bucket:trail": F, "bucket:customers": P, "bucket:statements": P},
    # open: no tag; trail: "confidential", not a level of the scheme; customers "3", statements "4级"
    "AWS_S3_CLASSIFICATION_TAG": {"bucket:open": F, "bucket:trail": F, "bucket:customers": P, "bucket:statements": P},
    **{c: _all(_INSECURE_BUCKETS, F) for c in ("AWS_S3_ENCRYPTION_KMS", "AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK",
                                               "AWS_S3_TLS_ONLY", "AWS_S3_VERSIONING", "AWS_S3_ACCESS_LOGGING")},
    # customers: no lifecycle rule; statements: expired after 365 days, under the minimum of 3653
    "AWS_S3_CUSTOMER_DATA_LIFECYCLE": {"bucket:customers": F, "bucket:statements": F},
    "AWS_DATA_RESIDENCY": dict.fromkeys(("bucket:*", "db:*", "table", "cache", "redshift", "queue:*", "topic", "stream",
                                         "efs", "search:*", "dms", "vault", "volume:*", "ebs-snapshot:*"), F),
    **{c: {"db:mysql": F, "db:postgres": F} for c in ("AWS_RDS_BACKUP_RETENTION", "AWS_RDS_IAM_AUTH",
                                                      "AWS_RDS_LOG_EXPORTS", "AWS_RDS_DELETION_PROTECTION",
                                                      "AWS_RDS_MULTI_AZ", "AWS_RDS_FORCE_SSL")},
    **{c: {"db:mysql": F, "db:postgres": P} for c in ("AWS_RDS_STORAGE_ENCRYPTED", "AWS_RDS_NOT_PUBLIC",
                                                      "AWS_RDS_AUTO_MINOR_UPGRADE")},
    "AWS_RDS_NO_PUBLIC_SNAPSHOTS": {"snapshot:public": F, "snapshot:partner": P},
    "AWS_EC2_EBS_DEFAULT_ENCRYPTION": _regional("ec2", INSECURE_REGIONS, F),
    "AWS_EC2_EBS_VOLUME_ENCRYPTED": {"volume:*": F},
    "AWS_EC2_IMDSV2": {"instance": F},
    "AWS_EC2_SG_ADMIN_PORTS": {"sg:default:*": P, "sg:pg": P, "sg:ssh": F},
    "AWS_EC2_SG_DATABASE_PORTS": {"sg:default:*": P, "sg:pg": F, "sg:ssh": P},
    "AWS_EC2_DEFAULT_SG_CLOSED": {"sg:default:*": F},
    "AWS_VPC_FLOW_LOGS": {"vpc:*": F},
    **{c: {"trail": F} for c in ("AWS_CLOUDTRAIL_LOG_VALIDATION", "AWS_CLOUDTRAIL_KMS", "AWS_CLOUDTRAIL_LOGGING")},
    "AWS_LOGS_RETENTION": {"loggroup": F},
    "AWS_LOGS_KMS": {"loggroup": F},
    "AWS_GUARDDUTY_ENABLED": _regional("guardduty", INSECURE_REGIONS, F),
    "AWS_CONFIG_RECORDING": _regional("config", INSECURE_REGIONS, F),
    "AWS_SECURITYHUB_ENABLED": _regional("securityhub", INSECURE_REGIONS, F),
    "AWS_INSPECTOR_ENABLED": _regional("inspector2", INSECURE_REGIONS, F),
    "AWS_MACIE_ENABLED": _regional("macie2", INSECURE_REGIONS, F),
    "AWS_KMS_KEY_ROTATION": {"key:*": P, "key:unrotated": F},  # moto's default keys rotate, as on AWS
    "AWS_SECRETSMANAGER_ROTATION": {"secret": F},
    "AWS_DYNAMODB_PITR": {"table": F},
    "AWS_DYNAMODB_KMS": {"table": F},
    "AWS_ELASTICACHE_AT_REST": {"cache": F},
    "AWS_ELASTICACHE_IN_TRANSIT": {"cache": F},
    "AWS_REDSHIFT_ENCRYPTED": {"redshift": F},
    "AWS_REDSHIFT_NOT_PUBLIC": {"redshift": F},
    "AWS_REDSHIFT_REQUIRE_SSL": {"redshift": F},  # the default parameter group: require_ssl false
    # payments: SqsManagedSseEnabled false; reports: SSE-SQS, as every new queue gets by default
    "AWS_SQS_ENCRYPTED": {"queue:plain": F, "queue:default": P},
    "AWS_SNS_ENCRYPTED": {"topic": F},
    "AWS_KINESIS_ENCRYPTED": {"stream": F},
    "AWS_EFS_ENCRYPTED": {"efs": F},
    "AWS_DMS_NOT_PUBLIC": {"dms": F},
    **{c: {"search:open": F, "search:tls10": P} for c in ("AWS_OPENSEARCH_AT_REST", "AWS_OPENSEARCH_NODE_TO_NODE")},
    "AWS_OPENSEARCH_HTTPS": {"search:open": F, "search:tls10": F},  # plain HTTP; TLS 1.0 still accepted
    "AWS_ELB_LISTENER_ENCRYPTED": {"listener:http": F, "listener:weak": P},
    "AWS_ACM_CERT_EXPIRY": {"cert:listener": P, "cert:expiring": F},
    "AWS_CLOUDFRONT_VIEWER_HTTPS": {"cdn:open": F, "cdn:tls1": P},
    "AWS_CLOUDFRONT_MIN_TLS": {"cdn:open": F, "cdn:tls1": F},
    "AWS_APIGATEWAY_ACCESS_LOGGING": {"stage": F},
    "AWS_APIGATEWAYV2_ACCESS_LOGGING": {"http-stage": F},
    "AWS_APIGATEWAY_DOMAIN_TLS": {"api-domain": F},  # TLS_1_0
    "AWS_BACKUP_VAULT_CMK": {"vault": F},  # its key is pending deletion
    "AWS_BACKUP_VAULT_LOCKED": {"vault": F},
    "AWS_BACKUP_PLAN_COVERAGE": {"db:*": F, "table": F, "efs": F},  # no backup plan at all
    # an analyzer in us-east-1 only, reporting the buckets and the snapshot made public there
    "AWS_ACCESSANALYZER_ENABLED": {"access-analyzer@us-east-1": P, "access-analyzer@ap-east-1": F},
    "AWS_ACCESSANALYZER_PUBLIC_FINDINGS": {"analyzer": F},
    "AWS_ELB_TLS_POLICY": {"listener:weak": F},
    # trail: a public Allow and a grant to an account nobody trusts; open: a public-read ACL
    "AWS_S3_POLICY_PUBLIC": {**_all(_INSECURE_BUCKETS), "bucket:trail": F},
    "AWS_S3_CROSS_ACCOUNT": {**_all(_INSECURE_BUCKETS), "bucket:trail": F},
    "AWS_S3_ACL_PUBLIC": {**_all(_INSECURE_BUCKETS), "bucket:open": F},
    "AWS_KMS_KEY_POLICY_EXPOSURE": {"key:*": P, "key:public": F, "key:shared": F},
    "AWS_RDS_SNAPSHOT_SHARED": {"snapshot:public": P, "snapshot:partner": F},  # public: NO_PUBLIC_SNAPSHOTS' F
    "AWS_RDS_SNAPSHOT_ENCRYPTED": {"snapshot:public": F, "snapshot:partner": P},
    "AWS_EC2_EBS_SNAPSHOT_SHARED": {"ebs-snapshot:public": F, "ebs-snapshot:shared": F},
    "AWS_LAMBDA_ENV_SECRETS": {"function": F},
    "AWS_EC2_USER_DATA_SECRETS": {"instance": F},
    "AWS_ECS_TASK_SECRETS": {"task": F},
}
