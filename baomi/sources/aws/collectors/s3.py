"""S3: buckets (with their region) and per-bucket settings; the account-wide public access block."""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from baomi.sources.aws.clients import MAX_WORKERS
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact

#: buckets per ListBuckets page; asking for a page size is what makes S3 return each bucket's BucketRegion
PAGE_SIZE = 10000


@fact(is_global=True)
def buckets(scope: Scope) -> tuple[Resource, ...]:
    """All buckets of the account, each with its region.

    S3 puts ``BucketRegion`` in a ListBuckets answer only when the request carries a parameter, so the
    listing names its page size. A bucket whose region is not given (an older endpoint, an emulator) is
    located with GetBucketLocation, those calls spread over the worker threads rather than made one by one."""
    api = scope.api("s3")
    listed = api.items("list_buckets", "Buckets", PaginationConfig={"PageSize": PAGE_SIZE})
    unplaced = [b["Name"] for b in listed if not b.get("BucketRegion")]
    located = dict(zip(unplaced, _in_parallel(lambda name: _location(api.call("get_bucket_location", Bucket=name)),
                                              unplaced), strict=True))
    return tuple(Resource(f"arn:{scope.partition}:s3:::{b['Name']}", b["Name"],
                          b.get("BucketRegion") or located[b["Name"]], b) for b in listed)


def _in_parallel(call: Callable[[str], str], names: list[str]) -> list[str]:
    """``call`` on every name over up to MAX_WORKERS threads; the first failure is raised, as a serial loop would."""
    if len(names) < 2:
        return [call(name) for name in names]
    with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(names)), thread_name_prefix="baomi-s3-location") as pool:
        return list(pool.map(call, names))


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


@fact()
def acl(scope: Scope, bucket: str) -> Mapping[str, Any]:
    """The bucket's owner and grants (GetBucketAcl)."""
    response = scope.api("s3").call("get_bucket_acl", Bucket=bucket)
    return {"Owner": response["Owner"], "Grants": response["Grants"]} if response else {}
