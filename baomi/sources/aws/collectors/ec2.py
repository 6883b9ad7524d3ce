"""EC2 and VPC: EBS defaults, volumes and snapshots, instances and their user data, security groups and the
prefix lists their rules name, VPCs and their flow logs."""
from __future__ import annotations

import base64
import gzip
import zlib
from collections.abc import Mapping
from typing import Any

from baomi.sources.aws.answers import Malformed
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def ebs_encryption_by_default(scope: Scope) -> bool:
    response = scope.api("ec2").call("get_ebs_encryption_by_default")
    return bool((response or {}).get("EbsEncryptionByDefault"))


@fact()
def volumes(scope: Scope) -> tuple[Resource, ...]:
    return tuple(Resource(scope.arn("ec2", f"volume/{v['VolumeId']}"), v["VolumeId"], scope.region, v)
                 for v in scope.api("ec2").items("describe_volumes", "Volumes"))


@fact()
def instances(scope: Scope) -> tuple[Resource, ...]:
    """Instances that are not terminated."""
    reservations = scope.api("ec2").items("describe_instances", "Reservations")
    return tuple(Resource(scope.arn("ec2", f"instance/{i['InstanceId']}"), i["InstanceId"], scope.region, i)
                 for r in reservations for i in r.get("Instances", [])
                 if i.get("State", {}).get("Name") != "terminated")


@fact()
def security_groups(scope: Scope) -> tuple[Resource, ...]:
    return tuple(Resource(scope.arn("ec2", f"security-group/{g['GroupId']}"), g["GroupId"], scope.region, g)
                 for g in scope.api("ec2").items("describe_security_groups", "SecurityGroups"))


@fact()
def prefix_list_cidrs(scope: Scope, prefix_list_id: str) -> tuple[str, ...]:
    """The CIDRs of a managed prefix list (the customer's or AWS's), which security-group rules name as a source:
    read once per list and region, only for lists a rule names."""
    entries = scope.api("ec2").items("get_managed_prefix_list_entries", "Entries", PrefixListId=prefix_list_id)
    return tuple(e["Cidr"] for e in entries)


@fact()
def vpcs(scope: Scope) -> tuple[Resource, ...]:
    return tuple(Resource(scope.arn("ec2", f"vpc/{v['VpcId']}"), v["VpcId"], scope.region, v)
                 for v in scope.api("ec2").items("describe_vpcs", "Vpcs"))


@fact()
def flow_logged_resources(scope: Scope) -> frozenset[str]:
    """IDs of the VPCs, subnets and interfaces that have an active flow log (one call per region)."""
    logs = scope.api("ec2").items("describe_flow_logs", "FlowLogs")
    return frozenset(f["ResourceId"] for f in logs if f.get("FlowLogStatus", "ACTIVE") == "ACTIVE")


@fact()
def snapshots(scope: Scope) -> tuple[Resource, ...]:
    """EBS snapshots the account owns (the only ones it can share)."""
    items = scope.api("ec2").items("describe_snapshots", "Snapshots", OwnerIds=["self"])
    return tuple(Resource(scope.arn("ec2", f"snapshot/{s['SnapshotId']}"), s["SnapshotId"], scope.region, s)
                 for s in items)


@fact()
def snapshot_volume_permissions(scope: Scope, snapshot_id: str) -> tuple[Mapping[str, Any], ...]:
    """Who may create volumes from the snapshot: ``{"Group": "all"}`` (public) or ``{"UserId": account}``."""
    response = scope.api("ec2").call("describe_snapshot_attribute", SnapshotId=snapshot_id,
                                     Attribute="createVolumePermission")
    return tuple(response["CreateVolumePermissions"]) if response else ()


@fact()
def user_data(scope: Scope, instance_id: str) -> Mapping[str, Any]:
    """``{"UserData": bytes}``: the instance's user data decoded from base64 (and gunzipped, as cloud-init
    reads it), ``None`` when it has none. Under a key the evidence redacts: it may hold secrets."""
    response = scope.api("ec2").call("describe_instance_attribute", InstanceId=instance_id, Attribute="userData")
    encoded = ((response or {}).get("UserData") or {}).get("Value")
    if not encoded:
        return {"UserData": None}
    raw = base64.b64decode(encoded, validate=True)
    if raw[:2] != b"\x1f\x8b":
        return {"UserData": raw}
    try:
        return {"UserData": gzip.decompress(raw)}
    except (OSError, EOFError, zlib.error):  # truncated or corrupt: what the instance boots with is not known
        raise Malformed("user data is gzip that cannot be decompressed") from None
