"""EC2 and VPC: EBS encryption, IMDSv2, security groups open to the internet, default groups, flow logs.

A security-group rule whose source is a prefix list is judged on the list's entries (ec2:GetManagedPrefixListEntries,
read once per list and region); a list that cannot be read leaves the rule not evaluated, naming the list."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from baomi.checks.aws import aws_check
from baomi.checks.ports import ADMIN_PORTS, DB_PORTS, IngressRule, PortSet, exposed, port_range, unread
from baomi.checks.verdicts import not_evaluated, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import ec2
from baomi.sources.aws.errors import Unreadable
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


#: the CIDRs of each prefix list security-group rules name, or why the list could not be read
PrefixLists = Mapping[str, tuple[str, ...] | str]


def ingress_rule(permission: Mapping[str, Any], prefix_lists: PrefixLists | None = None) -> IngressRule:
    """An EC2 ``IpPermissions`` entry as a rule. A prefix list's CIDRs are sources too; one whose entries could not
    be read is an unknown source, named with the reason. Group references are not addresses."""
    cidrs = [r.get("CidrIp") for r in permission.get("IpRanges", [])] + \
            [r.get("CidrIpv6") for r in permission.get("Ipv6Ranges", [])]
    sources: list[Any] = [s for s in cidrs if s is not None]
    unknown = []
    for entry in permission.get("PrefixListIds", []):
        listed = (prefix_lists or {}).get(entry.get("PrefixListId"))
        if isinstance(listed, tuple):
            sources += listed
        else:
            sources.append(None)
            unknown.append(f"prefix list {entry.get('PrefixListId')} ({listed or 'not read'})")
    return IngressRule(protocol=permission.get("IpProtocol"),
                       ports=port_range(permission.get("FromPort"), permission.get("ToPort")),
                       sources=tuple(sources),
                       names=("IpProtocol", "FromPort/ToPort", "; ".join(unknown) or "IpRanges/Ipv6Ranges",
                              "IpProtocol"))


def judge_group(permissions: Iterable[Mapping[str, Any]], guarded: PortSet,
                prefix_lists: PrefixLists | None = None) -> Verdict:
    """A security group's inbound permissions against a port set, as the Terraform and CloudFormation
    checks judge the same rules; ``prefix_lists`` resolves the prefix lists the rules name."""
    rules = [ingress_rule(p, prefix_lists) for p in permissions]
    opened, details = exposed(rules, guarded)
    if opened is None:
        names = dict.fromkeys(n for rule in rules for n in unread(rule, guarded))
        lists = [n for n in names if n.startswith("prefix list ")]
        reasons = [f"{'; '.join(lists)} could not be read, and a rule admitting it reaches {guarded.kind} ports"] \
            if lists else []
        if len(lists) < len(names) or not names:
            reasons.append(f"a rule's protocol or ports could not be read for {guarded.kind} ports")
        return not_evaluated("; ".join(reasons))
    return verdict(not opened, f"no {guarded.kind} port open to the internet", "; ".join(details))


def _prefix_lists(scope: Scope, permissions: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, ...] | str]:
    """The CIDRs of each prefix list the rules name (memoised per list and region, so read once for every group
    and check), or why they could not be read; no call at all when no rule names one."""
    found: dict[str, tuple[str, ...] | str] = {}
    for permission in permissions:
        for entry in permission.get("PrefixListIds", []):
            listed = entry.get("PrefixListId")
            if not isinstance(listed, str) or listed in found:
                continue
            try:
                found[listed] = scope.get(ec2.prefix_list_cidrs, listed)
            except Unreadable as exc:
                found[listed] = exc.reason
    return found


def _exposure_check(check_id: str, guarded: PortSet) -> None:
    @aws_check(check_id, ec2.security_groups)
    def evaluate(scope: Scope, group: Resource, settings: Settings) -> Verdict:
        permissions = group.data.get("IpPermissions", [])
        return judge_group(permissions, guarded, _prefix_lists(scope, permissions))


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
