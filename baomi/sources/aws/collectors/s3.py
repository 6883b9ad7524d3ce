"""S3: buckets (with their region) and per-bucket settings; the account-wide public access block."""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact(is_global=True)
def buckets(scope: Scope) -> tuple[Resource, ...]:
    """All buckets of the account; the region comes from ListBuckets or, if absent, GetBucketLocation."""
    api = scope.api("s3")
    out = []
    for bucket in api.items("list_buckets", "Buckets"):
        name = bucket["Name"]
        region = bucket.get("BucketRegion") or _location(api.call("get_bucket_location", Bucket=name))
        out.append(Resource(f"arn:{scope.partition}:s3:::{name}", name, region, bucket))
    return tuple(out)


def _location(response: Mapping[str, Any] | None) -> str:
    """GetBucketLocation answers nothing for us-east-1 and the legacy "EU" for eu-west-1."""
    constraint = str((response or {}).get("LocationConstraint") or "us-east-1")
    return "eu-west-1" if constraint == "EU" else constraint


@fact()
def encryption_rules(scope: Scope, bucket: str) -> tuple[Mapping[str, Any], ...]:
    response = scope.api("s3").call("get_bucket_encryption", Bucket=bucket,
                                    absent=("ServerSideEncryptionConfigurationNotFoundError",))
    return tuple(response["ServerSideEncryptionConfiguration"]["Rules"]) if response else ()


@fact()
def public_access_block(scope: Scope, bucket: str) -> Mapping[str, bool] | None:
    response = scope.api("s3").call("get_public_access_block", Bucket=bucket,
                                    absent=("NoSuchPublicAccessBlockConfiguration",))
    return response["PublicAccessBlockConfiguration"] if response else None


@fact(is_global=True)
def account_public_access_block(scope: Scope) -> Mapping[str, bool] | None:
    response = scope.api("s3control").call("get_public_access_block", AccountId=scope.account_id,
                                           absent=("NoSuchPublicAccessBlockConfiguration",))
    return response["PublicAccessBlockConfiguration"] if response else None


@fact()
def policy(scope: Scope, bucket: str) -> Mapping[str, Any] | None:
    response = scope.api("s3").call("get_bucket_policy", Bucket=bucket, absent=("NoSuchBucketPolicy",))
    return json.loads(response["Policy"]) if response else None


@fact()
def versioning(scope: Scope, bucket: str) -> str | None:
    response = scope.api("s3").call("get_bucket_versioning", Bucket=bucket)
    return (response or {}).get("Status")


@fact()
def access_logging(scope: Scope, bucket: str) -> Mapping[str, Any] | None:
    response = scope.api("s3").call("get_bucket_logging", Bucket=bucket)
    return (response or {}).get("LoggingEnabled")


@fact()
def lifecycle_rules(scope: Scope, bucket: str) -> tuple[Mapping[str, Any], ...]:
    response = scope.api("s3").call("get_bucket_lifecycle_configuration", Bucket=bucket,
                                    absent=("NoSuchLifecycleConfiguration",))
    return tuple(response["Rules"]) if response else ()


@fact()
def tags(scope: Scope, bucket: str) -> Mapping[str, str]:
    response = scope.api("s3").call("get_bucket_tagging", Bucket=bucket, absent=("NoSuchTagSet",))
    return {t["Key"]: t["Value"] for t in (response or {}).get("TagSet", [])}
