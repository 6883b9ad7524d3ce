"""EC2 and VPC: EBS encryption, IMDSv2, security groups open to the internet, default groups, flow logs."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from baomi.checks.aws import Verdict, aws_check, verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import ec2
from baomi.sources.aws.facts import Resource, Scope, region_settings

ADMIN_PORTS = (22, 3389)
#: SQL Server, Oracle, MySQL, PostgreSQL, Redshift, Redis, Memcached, MongoDB, Elasticsearch, Cassandra
DATABASE_PORTS = (1433, 1521, 3306, 5432, 5439, 6379, 11211, 27017, 9200, 9042)
_ANYWHERE = {"0.0.0.0/0", "::/0"}


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
    return verdict(required, "IMDSv2 required", f"instance metadata accepts IMDSv1 (HttpTokens={options.get('HttpTokens')})")


def _open_ports(rules: Iterable[Mapping[str, Any]], ports: Iterable[int]) -> list[str]:
    """'<port> from <cidr>' for every listed port an ingress rule opens to the whole internet."""
    found = []
    for rule in rules:
        sources = [r.get("CidrIp") for r in rule.get("IpRanges", [])] + \
                  [r.get("CidrIpv6") for r in rule.get("Ipv6Ranges", [])]
        anywhere = sorted(s for s in sources if s in _ANYWHERE)
        if not anywhere:
            continue
        every_port = rule.get("IpProtocol") == "-1"
        low, high = rule.get("FromPort", 0), rule.get("ToPort", 65535)
        found += [f"{port} from {cidr}" for port in ports if every_port or low <= port <= high for cidr in anywhere]
    return found


def _exposure_check(check_id: str, ports: tuple[int, ...], kind: str) -> None:
    @aws_check(check_id, ec2.security_groups)
    def evaluate(scope: Scope, group: Resource, settings: Settings) -> Verdict:
        opened = _open_ports(group.data.get("IpPermissions", []), ports)
        return verdict(not opened, f"no {kind} port open to the internet",
                       f"{kind} ports open to the internet: {', '.join(opened)}")


_exposure_check("AWS_EC2_SG_ADMIN_PORTS", ADMIN_PORTS, "administration")
_exposure_check("AWS_EC2_SG_DATABASE_PORTS", DATABASE_PORTS, "database")


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
