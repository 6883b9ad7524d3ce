"""EC2 and VPC: EBS encryption, IMDSv2, security groups open to the internet, default groups, flow logs."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from baomi.checks.aws import aws_check
from baomi.checks.ports import ADMIN_PORTS, DB_PORTS, IngressRule, PortSet, exposed, port_range
from baomi.checks.verdicts import not_evaluated, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import ec2
from baomi.sources.aws.scope import Scope, region_settings
from baomi.sources.cloud.memo import Resource


@aws_check("AWS_EC2_EBS_DEFAULT_ENCRYPTION", region_settings("ec2"))
def ebs_default_encryption(scope: Scope, region: Resource, settings: Settings) -> Verdict:
    return verdict(scope.get(ec2.ebs_encryption_by_default), "new EBS volumes are encrypted by default",
                   f"EBS encryption by default is off in {scope.region}")


@aws_check("AWS_EC2_EBS_VOLUME_ENCRYPTED", ec2.volumes)
def volume_encrypted(scope: Scope, volume: Resource, settings: Settings) -> Verdict:
    return verdict(bool(volume.data.get("Encrypted")), "volume encrypted", "volume is not encrypted")


@aws_check("AWS_EC2_IMDSV2", ec2.instances)
def imdsv2(scope: Scope, instance: Resource, settings: Settings) -> Verdict:
    options = instance.data.get("MetadataOptions", {})
    required = options.get("HttpTokens") == "required" or options.get("HttpEndpoint") == "disabled"
    return verdict(required, "IMDSv2 required",
                   f"instance metadata accepts IMDSv1 (HttpTokens={options.get('HttpTokens')})")


def ingress_rule(permission: Mapping[str, Any]) -> IngressRule:
    """An EC2 ``IpPermissions`` entry as a rule; prefix lists and group references are not addresses."""
    sources = [r.get("CidrIp") for r in permission.get("IpRanges", [])] + \
              [r.get("CidrIpv6") for r in permission.get("Ipv6Ranges", [])]
    return IngressRule(protocol=permission.get("IpProtocol"),
                       ports=port_range(permission.get("FromPort"), permission.get("ToPort")),
                       sources=tuple(s for s in sources if s is not None))


def judge_group(permissions: Iterable[Mapping[str, Any]], guarded: PortSet) -> Verdict:
    """A security group's inbound permissions against a port set, as the Terraform and CloudFormation
    checks judge the same rules."""
    opened, details = exposed((ingress_rule(p) for p in permissions), guarded)
    if opened is None:
        return not_evaluated(f"a rule's protocol or ports could not be read for {guarded.kind} ports")
    return verdict(not opened, f"no {guarded.kind} port open to the internet", "; ".join(details))


def _exposure_check(check_id: str, guarded: PortSet) -> None:
    @aws_check(check_id, ec2.security_groups)
    def evaluate(scope: Scope, group: Resource, settings: Settings) -> Verdict:
        return judge_group(group.data.get("IpPermissions", []), guarded)


_exposure_check("AWS_EC2_SG_ADMIN_PORTS", ADMIN_PORTS)
_exposure_check("AWS_EC2_SG_DATABASE_PORTS", DB_PORTS)


@aws_check("AWS_EC2_DEFAULT_SG_CLOSED", ec2.security_groups)
def default_group_closed(scope: Scope, group: Resource, settings: Settings) -> Verdict | None:
    if group.data.get("GroupName") != "default":
        return None
    rules = len(group.data.get("IpPermissions", [])) + len(group.data.get("IpPermissionsEgress", []))
    return verdict(rules == 0, "default security group allows no traffic",
                   f"default security group of {group.data.get('VpcId')} has {rules} rule(s)")


@aws_check("AWS_VPC_FLOW_LOGS", ec2.vpcs)
def flow_logs(scope: Scope, vpc: Resource, settings: Settings) -> Verdict:
    return verdict(vpc.name in scope.get(ec2.flow_logged_resources), "flow logs active",
                   "no active flow log on the VPC")
