"""baomi.checks.ports: one judgement of firewall rules for Terraform, CloudFormation and live AWS.

The same security-group rule, written as a live ``IpPermissions`` entry, a CloudFormation
``AWS::EC2::SecurityGroupIngress`` and a Terraform ``aws_vpc_security_group_ingress_rule``, must get
the same verdict from the live check and from both checkov checks; the fixtures and the moto tests
cover each source's own shapes and what it leaves unresolved.
"""
from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from baomi.checks import ports
from baomi.checks.aws.ec2 import judge_group
from baomi.model import Status

_OPEN_V4, _OPEN_V6, _PRIVATE = "0.0.0.0/0", "::/0", "10.0.0.0/8"

#: (protocol, from port, to port, source CIDR; expected admin-ports status, expected database-ports status)
RULES = [
    ("tcp", 22, 22, _OPEN_V4, Status.FAIL, Status.PASS),
    ("tcp", 22, 22, _PRIVATE, Status.PASS, Status.PASS),
    ("udp", 22, 22, _OPEN_V4, Status.FAIL, Status.PASS),  # the port set guards SSH on UDP too
    ("udp", 3389, 3389, _OPEN_V6, Status.FAIL, Status.PASS),
    ("udp", 5432, 5432, _OPEN_V4, Status.PASS, Status.PASS),  # no database listens on UDP
    ("tcp", 5432, 5432, _OPEN_V6, Status.PASS, Status.FAIL),
    ("6", 3300, 3310, _OPEN_V4, Status.PASS, Status.FAIL),  # protocol by number
    ("17", 3389, 3389, _OPEN_V4, Status.FAIL, Status.PASS),
    ("-1", -1, -1, _OPEN_V4, Status.FAIL, Status.FAIL),  # all protocols: every port
    ("-1", 443, 443, _OPEN_V4, Status.FAIL, Status.FAIL),  # ... whatever ports it names
    ("-1", -1, -1, _PRIVATE, Status.PASS, Status.PASS),
    ("icmp", -1, -1, _OPEN_V4, Status.PASS, Status.PASS),  # every ICMP type, no port at all
    ("icmpv6", -1, -1, _OPEN_V6, Status.PASS, Status.PASS),
    ("50", 0, 65535, _OPEN_V4, Status.PASS, Status.PASS),  # IPsec ESP
    ("tcp", 0, 65535, _OPEN_V4, Status.FAIL, Status.FAIL),
]
GUARDED = {"admin": (ports.ADMIN_PORTS, "BAOMI_AWS_SG_ADMIN_PORTS_OPEN"),
           "database": (ports.DB_PORTS, "BAOMI_AWS_SG_DB_PORTS_OPEN")}
_FROM_CHECKOV = {"PASSED": Status.PASS, "FAILED": Status.FAIL, "UNKNOWN": Status.ERROR}


def _live(protocol: str, low: int, high: int, cidr: str, guarded: ports.PortSet) -> Status:
    ranges = {"Ipv6Ranges": [{"CidrIpv6": cidr}]} if ":" in cidr else {"IpRanges": [{"CidrIp": cidr}]}
    permission = {"IpProtocol": protocol, "FromPort": low, "ToPort": high, **ranges}
    return judge_group([permission], guarded).status


def _checkov(module: Any, check_id: str, conf: dict[str, Any], entity_type: str) -> Status:
    check = next(c for c in module.checks if c.id == check_id)
    return _FROM_CHECKOV[check.scan_entity_conf(conf, entity_type).name]


def _cloudformation(protocol: str, low: int, high: int, cidr: str, check_id: str) -> Status:
    from baomi.checks.cloudformation import aws_security_group

    properties = {"GroupId": "sg-1", "IpProtocol": protocol, "FromPort": low, "ToPort": high,
                  "CidrIpv6" if ":" in cidr else "CidrIp": cidr}
    return _checkov(aws_security_group, check_id, {"Properties": properties}, "AWS::EC2::SecurityGroupIngress")


def _terraform(protocol: str, low: int, high: int, cidr: str, check_id: str) -> Status:
    from baomi.checks.terraform import aws_security_group

    conf = {"ip_protocol": [protocol], "from_port": [low], "to_port": [high],
            "cidr_ipv6" if ":" in cidr else "cidr_ipv4": [cidr]}
    return _checkov(aws_security_group, check_id, conf, "aws_vpc_security_group_ingress_rule")


@pytest.mark.parametrize("kind", sorted(GUARDED))
@pytest.mark.parametrize(("protocol", "low", "high", "cidr", "admin", "database"), RULES)
def test_live_and_iac_judge_a_rule_alike(kind, protocol, low, high, cidr, admin, database):
    guarded, check_id = GUARDED[kind]
    expected = {"admin": admin, "database": database}[kind]
    assert {
        "live": _live(protocol, low, high, cidr, guarded),
        "cloudformation": _cloudformation(protocol, low, high, cidr, check_id),
        "terraform": _terraform(protocol, low, high, cidr, check_id),
    } == dict.fromkeys(("live", "cloudformation", "terraform"), expected)


def test_code_and_cloud_guard_the_same_ports():
    assert dict(ports.DB_PORTS.ports).keys() == {3306, 5432, 1433, 1521, 27017, 6379}
    assert ports.DB_PORTS.protocols == {"tcp", "6"}
    assert dict(ports.ADMIN_PORTS.ports).keys() == {22, 3389}
    assert ports.ADMIN_PORTS.protocols == {"tcp", "6", "udp", "17"}


@pytest.mark.parametrize(("protocol", "expected"), [
    ("TCP", True), (6, True), ("all", True), ("-1", True), (-1, True), ("udp", False), ("icmp", False),
    ("var.protocol", None), (None, None), (True, None),
])
def test_carries_tcp(protocol, expected):
    assert ports.carries(protocol, ports.DB_PORTS.protocols) is expected


def test_a_rule_that_cannot_be_read_is_not_evaluated_live():
    verdict = judge_group([{"IpProtocol": "tcp", "IpRanges": [{"CidrIp": _OPEN_V4}]}], ports.DB_PORTS)
    assert verdict.status == Status.ERROR
    assert verdict.message == "not evaluated: a rule's protocol or ports could not be read for database ports"


def test_exposed_names_every_opening_rule():
    rules = [ports.IngressRule("tcp", ((22, 22),), (_OPEN_V4,)), ports.IngressRule("udp", ((3389, 3389),), (_OPEN_V6,)),
             ports.IngressRule("tcp", ((22, 22),), (_PRIVATE,))]
    assert ports.exposed(rules, ports.ADMIN_PORTS) == (True, [
        "ingress from any address to administration port(s) 22 (SSH)",
        "ingress from any address to administration port(s) 3389 (RDP)"])
    assert ports.exposed([None, rules[2]], ports.ADMIN_PORTS) == (None, [])


def test_neither_the_rules_nor_the_live_checks_import_checkov():
    code = ("import sys, baomi.checks.ports, baomi.checks.terraform.network, baomi.checks.aws.ec2; "
            "sys.exit(any(m == 'checkov' or m.startswith('checkov.') or m == 'boto3' for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(("cidrs", "expected"), [
    ("AccessDenied on ec2:GetManagedPrefixListEntries", Status.ERROR),  # the list could not be read
    (("10.0.0.0/8", "192.168.0.0/16"), Status.PASS),
    (("10.0.0.0/8", _OPEN_V4), Status.FAIL),
    ((), Status.PASS),  # an empty list admits nobody
])
def test_a_prefix_list_is_judged_on_its_entries_live(cidrs, expected):
    permission = {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "PrefixListIds": [{"PrefixListId": "pl-1"}]}
    verdict = judge_group([permission], ports.DB_PORTS, {"pl-1": cidrs})
    assert verdict.status == expected
    if expected == Status.ERROR:
        assert verdict.message == ("not evaluated: prefix list pl-1 (AccessDenied on ec2:GetManagedPrefixListEntries) "
                                   "could not be read, and a rule admitting it reaches database ports")


def test_a_prefix_list_in_code_is_not_evaluated_alike():
    """A rule whose only source is a prefix list whose entries were not read (code never holds them) is not
    evaluated, from every source alike."""
    from baomi.checks.cloudformation import aws_security_group as cloudformation
    from baomi.checks.terraform import aws_security_group as terraform

    check_id = GUARDED["database"][1]
    assert {
        "live": judge_group([{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306,
                              "PrefixListIds": [{"PrefixListId": "pl-1"}]}], ports.DB_PORTS).status,
        "cloudformation": _checkov(cloudformation, check_id, {"Properties": {
            "GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306,
            "SourcePrefixListId": "pl-1"}}, "AWS::EC2::SecurityGroupIngress"),
        "terraform": _checkov(terraform, check_id, {"ip_protocol": ["tcp"], "from_port": [3306], "to_port": [3306],
                                                    "prefix_list_id": ["pl-1"]}, "aws_vpc_security_group_ingress_rule"),
    } == dict.fromkeys(("live", "cloudformation", "terraform"), Status.ERROR)
