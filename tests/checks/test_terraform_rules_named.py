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
