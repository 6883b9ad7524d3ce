"""A Terraform AWS firewall rule that cannot be judged names what could not be read (the twin of
test_cloudformation_rules_named.py).

terraform-aws-modules' efs and opensearch modules write their rules as ``aws_vpc_security_group_ingress_rule``
over ``for_each``, every attribute ``each.value.<name>``: the verdict was "not evaluated: checkov could not
resolve the values this check needs", naming nothing (docs/validation.md, data stores).
"""
from __future__ import annotations

from typing import Any

import pytest

from baomi.engines.checkov import runtime as checkov_runtime


@pytest.mark.parametrize(("entity_type", "conf", "named"), [
    # terraform-aws-efs / terraform-aws-opensearch: every attribute from the for_each iterator
    ("aws_vpc_security_group_ingress_rule",
     {"ip_protocol": ["each.value.ip_protocol"], "from_port": ["each.value.from_port"],
      "to_port": ["try(coalesce(each.value.to_port,each.value.from_port),None)"],
      "cidr_ipv4": ["each.value.cidr_ipv4"], "cidr_ipv6": ["each.value.cidr_ipv6"]},
     "ip_protocol, from_port/to_port, cidr_ipv4/cidr_ipv6"),
    ("aws_vpc_security_group_ingress_rule",
     {"ip_protocol": ["tcp"], "from_port": [3306], "to_port": [3306], "cidr_ipv4": ["var.cidr"]},
     "cidr_ipv4"),
    ("aws_security_group_rule",
     {"type": ["ingress"], "protocol": ["tcp"], "from_port": ["var.port"], "to_port": ["var.port"],
      "cidr_blocks": [["0.0.0.0/0"]]},
     "from_port/to_port"),
    # ingress or egress is not known: whether it opens port 3306 to the internet is not known either
    ("aws_security_group_rule",
     {"type": ["var.type"], "protocol": ["tcp"], "from_port": [3306], "to_port": [3306],
      "cidr_blocks": [["0.0.0.0/0"]]},
     "type"),
    # a prefix list's entries are not in the code: as a literal ID, a reference, or a variable checkov left
    ("aws_security_group_rule",
     {"type": ["ingress"], "protocol": ["tcp"], "from_port": [3306], "to_port": [3306],
      "cidr_blocks": [["10.0.0.0/8"]], "prefix_list_ids": [["pl-0123456789abcdef0"]]},
     "prefix_list_ids"),
    ("aws_security_group_rule",
     {"type": ["ingress"], "protocol": ["tcp"], "from_port": [3306], "to_port": [3306],
      "prefix_list_ids": ["var.prefix_lists"]},
     "prefix_list_ids"),
    ("aws_security_group",
     {"ingress": [{"protocol": ["tcp"], "from_port": [3306], "to_port": [3306], "cidr_blocks": [[]],
                   "prefix_list_ids": [["${var.prefix_list}"]]}]},
     "prefix_list_ids"),
    ("aws_vpc_security_group_ingress_rule",
     {"ip_protocol": ["tcp"], "from_port": [3306], "to_port": [3306],
      "prefix_list_id": ["aws_ec2_managed_prefix_list.office.id"]},
     "prefix_list_id"),
    ("aws_vpc_security_group_ingress_rule",
     {"ip_protocol": ["tcp"], "from_port": [3306], "to_port": [3306], "cidr_ipv4": ["var.cidr"],
      "prefix_list_id": ["pl-0123456789abcdef0"]},
     "cidr_ipv4/prefix_list_id"),
])
def test_an_unknown_rule_is_named(entity_type: str, conf: dict[str, Any], named: str) -> None:
    checkov_runtime.load()
    from baomi.checks.terraform.aws_security_group import checks

    check = next(c for c in checks if c.id == "BAOMI_AWS_SG_DB_PORTS_OPEN")
    check.entity_type = entity_type
    result = check.scan_resource_conf(conf)
    assert result.name == "UNKNOWN"
    assert check.details == [f"{named} could not be read: an expression checkov left unresolved, or a value baomi "
                             "does not recognise"]


@pytest.mark.parametrize(("entity_type", "conf", "expected"), [
    # an empty list, or one a variable's default leaves empty, adds no source: judged on the CIDRs alone
    ("aws_security_group_rule",
     {"type": ["ingress"], "protocol": ["tcp"], "from_port": [3306], "to_port": [3306],
      "cidr_blocks": [["10.0.0.0/8"]], "prefix_list_ids": [[]]}, "PASSED"),
    ("aws_security_group",
     {"ingress": [{"protocol": ["tcp"], "from_port": [3306], "to_port": [3306], "cidr_blocks": [["0.0.0.0/0"]],
                   "prefix_list_ids": [[]]}]}, "FAILED"),
    # a prefix list beside 0.0.0.0/0: open whatever the list holds
    ("aws_security_group_rule",
     {"type": ["ingress"], "protocol": ["tcp"], "from_port": [3306], "to_port": [3306],
      "cidr_blocks": [["0.0.0.0/0"]], "prefix_list_ids": [["pl-0123456789abcdef0"]]}, "FAILED"),
    # another security group is no address
    ("aws_vpc_security_group_ingress_rule",
     {"ip_protocol": ["tcp"], "from_port": [3306], "to_port": [3306],
      "referenced_security_group_id": ["sg-0123456789abcdef0"]}, "PASSED"),
])
def test_a_prefix_list_adds_a_source_only_when_it_names_one(entity_type: str, conf: dict[str, Any],
                                                            expected: str) -> None:
    checkov_runtime.load()
    from baomi.checks.terraform.aws_security_group import checks

    check = next(c for c in checks if c.id == "BAOMI_AWS_SG_DB_PORTS_OPEN")
    check.entity_type = entity_type
    assert check.scan_resource_conf(conf).name == expected
