"""The live security-group checks judge protocol as the IaC checks do (baomi.checks.ports): a UDP-only
rule reaches only what listens on UDP (RDP, and SSH as the shared port set guards it), an all-protocols
rule reaches every port, ICMP and port-less protocols reach none. Seeded in an account of its own, so
the estates stay as they are."""
from __future__ import annotations

from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status

from .conftest import scan
from .estate import Estate, role_clients

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


def _findings(moto, estate: Estate, check_id: str) -> dict[str, Any]:
    """The finding of each seeded group (the default group passes: it admits only itself)."""
    checks = tuple(c for c in load_catalog().checks_for("aws") if c.id == check_id)
    by_arn = {f.resource: f for f in scan(estate, moto, checks)}
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
