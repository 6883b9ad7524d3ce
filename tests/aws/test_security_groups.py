"""The live security-group checks judge protocol as the IaC checks do (baomi.checks.ports): a UDP-only
rule reaches only what listens on UDP (RDP, and SSH as the shared port set guards it), an all-protocols
rule reaches every port, ICMP and port-less protocols reach none. A rule whose source is a prefix list is
judged on the list's entries, read once per list; a list that cannot be read leaves the rule not evaluated.
Seeded in an account of its own, so the estates stay as they are."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from tests.support.recording import Recorder

from .conftest import scan
from .estate import Estate, role_clients
from .faults import Inject

pytestmark = pytest.mark.aws

ROLE = "arn:aws:iam::444444444444:role/baomi-audit"
REGION = "us-east-1"
P, F = Status.PASS, Status.FAIL
_ANY_V4 = {"IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
_ANY_V6 = {"Ipv6Ranges": [{"CidrIpv6": "::/0"}]}


def _rule(protocol: str, ports: tuple[int, int] | None, sources: dict[str, Any]) -> dict[str, Any]:
    span = {} if ports is None else {"FromPort": ports[0], "ToPort": ports[1]}
    return {"IpProtocol": protocol, **span, **sources}


#: group -> (its ingress rules; expected admin-ports status; expected database-ports status)
GROUPS = {
    "udp-ssh": ([_rule("udp", (22, 22), _ANY_V4)], F, P),
    "udp-rdp": ([_rule("udp", (3389, 3389), _ANY_V6)], F, P),
    "udp-databases": ([_rule("udp", (3306, 3306), _ANY_V4), _rule("udp", (5432, 5432), _ANY_V6)], P, P),
    "all-protocols": ([_rule("-1", None, _ANY_V4)], F, F),
    "all-protocols-private": ([_rule("-1", None, {"IpRanges": [{"CidrIp": "10.0.0.0/8"}]})], P, P),
    "icmp-any-type": ([_rule("icmp", (-1, -1), _ANY_V4)], P, P),
    "esp-every-port": ([_rule("50", (0, 65535), _ANY_V4)], P, P),  # IPsec ESP carries neither TCP nor UDP
    "tcp-range": ([_rule("tcp", (1000, 2000), _ANY_V6)], P, F),
}


@pytest.fixture(scope="module")
def groups(moto) -> Estate:
    estate = Estate("444444444444", ROLE, (REGION,), "aws")
    ec2 = role_clients(moto.url, ROLE)("ec2", REGION)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    for name, (rules, _, _) in GROUPS.items():
        group = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=rules)
        estate.arn[name] = f"arn:aws:ec2:{REGION}:{estate.account}:security-group/{group}"
    return estate


def _findings(moto, estate: Estate, check_id: str, recorder: Recorder | None = None) -> dict[str, Any]:
    """The finding of each seeded group (the default group passes: it admits only itself)."""
    checks = tuple(c for c in load_catalog().checks_for("aws") if c.id == check_id)
    by_arn = {f.resource: f for f in scan(estate, moto, checks, recorder=recorder)}
    defaults = [f for arn, f in by_arn.items() if arn not in estate.arn.values()]
    assert [f.status for f in defaults] == [P], "only the default group besides the seeded ones"
    return {name: by_arn[arn] for name, arn in estate.arn.items()}


def test_admin_ports_follow_protocol(moto, groups):
    findings = _findings(moto, groups, "AWS_EC2_SG_ADMIN_PORTS")
    assert {name: f.status for name, f in findings.items()} == {name: admin for name, (_, admin, _) in GROUPS.items()}
    assert findings["udp-rdp"].message == "ingress from any address to administration port(s) 3389 (RDP)"
    assert findings["all-protocols"].message == \
        "ingress from any address to administration port(s) 22 (SSH), 3389 (RDP)"
    assert findings["esp-every-port"].message == "no administration port open to the internet"


def test_database_ports_follow_protocol(moto, groups):
    findings = _findings(moto, groups, "AWS_EC2_SG_DATABASE_PORTS")
    assert {name: f.status for name, f in findings.items()} == {name: db for name, (_, _, db) in GROUPS.items()}
    assert findings["all-protocols"].message == (
        "ingress from any address to database port(s) 3306 (MySQL/MariaDB), 5432 (PostgreSQL), 1433 (SQL Server), "
        "1521 (Oracle), 27017 (MongoDB), 6379 (Redis)")
    assert findings["tcp-range"].message == \
        "ingress from any address to database port(s) 1433 (SQL Server), 1521 (Oracle)"


# Prefix lists as sources: seeded in another region of the same account, so the groups above name none.
PL_REGION = "us-west-2"
_LIST_OPEN, _LIST_PRIVATE = "anywhere", "private"
#: group -> (its ingress rules, prefix lists by label; expected admin-ports status; expected database-ports status)
PL_GROUPS = {
    "pl-open-mysql": ([_rule("tcp", (3306, 3306), {"PrefixListIds": [_LIST_OPEN]})], P, F),
    "pl-private-mysql": ([_rule("tcp", (3306, 3306), {"PrefixListIds": [_LIST_PRIVATE]})], P, P),
    "pl-open-https": ([_rule("tcp", (443, 443), {"PrefixListIds": [_LIST_OPEN]})], P, P),  # no guarded port
    "pl-open-ssh": ([_rule("tcp", (22, 22), {"PrefixListIds": [_LIST_OPEN]})], F, P),
    "pl-private-and-open-cidr": ([_rule("tcp", (5432, 5432), {"PrefixListIds": [_LIST_PRIVATE], **_ANY_V4})], P, F),
}
_DENIED_RULE = "UnauthorizedOperation on ec2:GetManagedPrefixListEntries"


@pytest.fixture(scope="module")
def prefix_list_groups(moto) -> tuple[Estate, dict[str, str]]:
    """The groups of PL_GROUPS, and the ID of each prefix list by label."""
    estate = Estate("444444444444", ROLE, (PL_REGION,), "aws")
    ec2 = role_clients(moto.url, ROLE)("ec2", PL_REGION)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    lists = {label: ec2.create_managed_prefix_list(PrefixListName=label, AddressFamily="IPv4", MaxEntries=5,
                                                   Entries=[{"Cidr": cidr}])["PrefixList"]["PrefixListId"]
             for label, cidr in ((_LIST_OPEN, "0.0.0.0/0"), (_LIST_PRIVATE, "10.0.0.0/8"))}
    for name, (rules, _, _) in PL_GROUPS.items():
        group = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        seeded = [{**r, "PrefixListIds": [{"PrefixListId": lists[label]} for label in r["PrefixListIds"]]}
                  for r in rules]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=seeded)
        estate.arn[name] = f"arn:aws:ec2:{PL_REGION}:{estate.account}:security-group/{group}"
    return estate, lists


def _prefix_list_calls(recorder: Recorder) -> list[Any]:
    return [c.params["body"]["PrefixListId"] for c in recorder.calls if c.operation == "GetManagedPrefixListEntries"]


def test_a_prefix_list_is_judged_on_its_entries_read_once(moto, prefix_list_groups):
    estate, lists = prefix_list_groups
    recorder = Recorder()
    checks = tuple(c for c in load_catalog().checks_for("aws")
                   if c.id in ("AWS_EC2_SG_ADMIN_PORTS", "AWS_EC2_SG_DATABASE_PORTS"))
    findings = {(f.check_id, f.resource): f for f in scan(estate, moto, checks, recorder=recorder)}
    admin = {name: findings["AWS_EC2_SG_ADMIN_PORTS", arn] for name, arn in estate.arn.items()}
    database = {name: findings["AWS_EC2_SG_DATABASE_PORTS", arn] for name, arn in estate.arn.items()}
    assert {name: f.status for name, f in admin.items()} == {name: a for name, (_, a, _) in PL_GROUPS.items()}
    assert {name: f.status for name, f in database.items()} == {name: d for name, (_, _, d) in PL_GROUPS.items()}
    assert database["pl-open-mysql"].message == "ingress from any address to database port(s) 3306 (MySQL/MariaDB)"
    assert admin["pl-open-ssh"].message == "ingress from any address to administration port(s) 22 (SSH)"
    assert database["pl-private-mysql"].message == "no database port open to the internet"
    # each list once in the scan, whatever the number of groups and checks naming it
    assert sorted(_prefix_list_calls(recorder)) == sorted(lists.values())
    # and the shipped read-only policy allows the call (tests/aws/test_read_only.py's estates name no prefix list)
    policy = json.loads((Path(__file__).resolve().parents[2] / "docs" / "aws-permissions.json").read_text())
    assert "ec2:GetManagedPrefixListEntries" in {a for s in policy["Statement"] for a in s["Action"]}


def test_a_prefix_list_that_cannot_be_read_is_not_evaluated_naming_it(moto, prefix_list_groups):
    estate, lists = prefix_list_groups
    denied = Inject("ec2", "GetManagedPrefixListEntries", 403, "UnauthorizedOperation", times=None)
    database = _findings(moto, estate, "AWS_EC2_SG_DATABASE_PORTS", Recorder(extra=[denied]))
    assert {name: f.status for name, f in database.items()} == {
        "pl-open-mysql": Status.ERROR, "pl-private-mysql": Status.ERROR,
        "pl-open-https": P,  # port 443: whatever the list holds, no database port is reached
        "pl-open-ssh": P,
        "pl-private-and-open-cidr": F,  # its 0.0.0.0/0 opens 5432, whatever the list holds
    }
    assert database["pl-open-mysql"].message == (
        f"not evaluated: prefix list {lists[_LIST_OPEN]} ({_DENIED_RULE}) could not be read, and a rule admitting it "
        "reaches database ports")
    assert database["pl-private-mysql"].message == (
        f"not evaluated: prefix list {lists[_LIST_PRIVATE]} ({_DENIED_RULE}) could not be read, and a rule admitting "
        "it reaches database ports")
    assert denied.attempts == 2, "one attempt per list: a refusal is remembered, not asked again"


def test_no_prefix_list_is_read_when_no_rule_names_one(moto, groups):
    recorder = Recorder()
    _findings(moto, groups, "AWS_EC2_SG_DATABASE_PORTS", recorder)
    assert ("ec2", "DescribeSecurityGroups") in recorder.operations()
    assert _prefix_list_calls(recorder) == []
