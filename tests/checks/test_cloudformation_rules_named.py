"""A CloudFormation firewall rule that cannot be judged names what could not be read."""
from __future__ import annotations

from typing import Any

import pytest

from baomi.engines.checkov import runtime as checkov_runtime


@pytest.mark.parametrize(("entity_type", "conf", "named"), [
    # VPCPeering-Updates: every protocol from a CIDR given by a parameter
    ("AWS::EC2::SecurityGroupIngress", {"Properties": {"IpProtocol": "-1", "CidrIp": {"Ref": "PeerVPCCIDR"}}},
     "CidrIp"),
    ("AWS::EC2::SecurityGroupIngress",
     {"Properties": {"IpProtocol": "tcp", "FromPort": {"Ref": "Port"}, "ToPort": {"Ref": "Port"},
                     "CidrIp": "0.0.0.0/0"}},
     "FromPort/ToPort"),
    ("AWS::EC2::SecurityGroup", {"Properties": {"SecurityGroupIngress": {"Fn::If": ["Open", [], []]}}},
     "SecurityGroupIngress"),
    ("AWS::EC2::SecurityGroup", {"Properties": {"SecurityGroupIngress": [{"Fn::If": ["Open", {}, {}]}]}},
     "SecurityGroupIngress"),
    # a prefix list's entries are not in the template, whether its ID is literal or a parameter
    ("AWS::EC2::SecurityGroupIngress",
     {"Properties": {"IpProtocol": "-1", "SourcePrefixListId": "pl-0123456789abcdef0"}},
     "SourcePrefixListId"),
    ("AWS::EC2::SecurityGroup",
     {"Properties": {"SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 5432,
                                               "SourcePrefixListId": {"Ref": "PrefixList"}}]}},
     "SourcePrefixListId"),
])
def test_an_unknown_rule_is_named(entity_type: str, conf: dict[str, Any], named: str) -> None:
    checkov_runtime.load()
    from baomi.checks.cloudformation.aws_security_group import checks

    for check in checks:
        check.entity_type = entity_type
        result = check.scan_resource_conf({"Type": entity_type, **conf})
        assert result.name == "UNKNOWN"
        assert check.details and check.details[0].startswith(f"{named} could not be read"), check.details
