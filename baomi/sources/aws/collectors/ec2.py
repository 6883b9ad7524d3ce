"""EC2 and VPC: EBS defaults and volumes, instances, security groups, VPCs and their flow logs."""
from __future__ import annotations

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
def vpcs(scope: Scope) -> tuple[Resource, ...]:
    return tuple(Resource(scope.arn("ec2", f"vpc/{v['VpcId']}"), v["VpcId"], scope.region, v)
                 for v in scope.api("ec2").items("describe_vpcs", "Vpcs"))


@fact()
def flow_logged_resources(scope: Scope) -> frozenset[str]:
    """IDs of the VPCs, subnets and interfaces that have an active flow log (one call per region)."""
    logs = scope.api("ec2").items("describe_flow_logs", "FlowLogs")
    return frozenset(f["ResourceId"] for f in logs if f.get("FlowLogStatus", "ACTIVE") == "ACTIVE")
