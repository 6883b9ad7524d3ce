"""Alibaba Cloud and Tencent Cloud readers on the text checkov really hands them.

Security group modules look a rule's protocol and ports up by name in a table (``var.rules["mysql-tcp"]``);
checkov renders what it cannot evaluate as the table followed by the index, e.g.
``{'mysql-tcp': [3306, 3306, 'tcp']}["var.rules[count.index]"][2]``. Dynamic blocks come out of checkov's
renderer damaged in two ways measured on public modules: a ``dynamic`` nested in another is dropped, and
two ``dynamic`` blocks of one name are rendered into one another (every value "1"). None of that may
end as a PASS, nor as a FAIL of something baomi could not see: it is UNKNOWN, with details naming it.
"""
from __future__ import annotations

import copy
from types import ModuleType
from typing import Any

import pytest

from baomi.checks.terraform import alicloud_network, alicloud_settings, tencent_network
from baomi.checks.terraform.values import from_dynamic, hidden

#: a module's rule table as checkov renders it, indexed by a key it could not evaluate
_TABLE = "{'_': ['', '', ''], 'http-80-tcp': [80, 80, 'tcp'], 'mysql-tcp': [3306, 3306, 'tcp']}"
LOOKUP_PROTOCOL = _TABLE + '["var.rules[count.index]"][2]'
LOOKUP_PORTS = f'{_TABLE}["var.rules[count.index]"][0]/{_TABLE}["var.rules[count.index]"][1]'
#: terraform-alicloud-security-group's ingress_rules port_range, as checkov rendered it (table shortened)
MODULE_PORTS = ("\"['${{\\'_\\': [\\'\\', \\'\\', \\'\\'], \\'mysql-tcp\\': [3306, 3306, \\'MySQL\\', \\'tcp\\']}"
                "[local.ingress_rules[count.index][\"rule\"]][1]}']\"")
OPEN, PRIVATE = "0.0.0.0/0", "10.0.0.0/8"


def judge(module: ModuleType, check_id: str, conf: dict[str, Any], entity_type: str) -> tuple[str, list[str]]:
    """The verdict of one check on one configuration, and its details, as checkov would record them."""
    check = next(c for c in module.checks if c.id == check_id)
    check.details = []
    result = check.scan_entity_conf(copy.deepcopy(conf), entity_type)
    return result.name, list(check.details)


def ali_rule(**attributes: Any) -> dict[str, list[Any]]:
    conf = {"type": "ingress", "ip_protocol": "tcp", "port_range": "3306/3306", "cidr_ip": OPEN, **attributes}
    return {k: [v] for k, v in conf.items() if v is not None}


# -- Alibaba Cloud security group rules ------------------------------------------------------------------

@pytest.mark.parametrize("check_id", ["BAOMI_ALI_SG_DB_PORTS_OPEN", "BAOMI_ALI_SG_ADMIN_PORTS_OPEN"])
@pytest.mark.parametrize("port_range", [LOOKUP_PORTS, MODULE_PORTS])
def test_a_rule_looked_up_by_name_and_open_to_any_address_is_unknown(check_id: str, port_range: str) -> None:
    result, details = judge(alicloud_network, check_id, ali_rule(ip_protocol=LOOKUP_PROTOCOL, port_range=port_range),
                            "alicloud_security_group_rule")
    assert result == "UNKNOWN"
    assert details[0].startswith("ip_protocol, port_range could not be read")


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"ip_protocol": LOOKUP_PROTOCOL, "port_range": LOOKUP_PORTS, "cidr_ip": PRIVATE}, "PASSED"),  # never any address
    ({"ip_protocol": LOOKUP_PROTOCOL, "port_range": LOOKUP_PORTS, "type": "egress"}, "PASSED"),
    ({"ip_protocol": LOOKUP_PROTOCOL, "port_range": "3306/3306"}, "UNKNOWN"),
    ({"ip_protocol": "tcp", "port_range": LOOKUP_PORTS}, "UNKNOWN"),
    ({"ip_protocol": "all", "port_range": LOOKUP_PORTS}, "FAILED"),  # every protocol opens every port
    ({"policy": _TABLE + '["var.policy"]'}, "UNKNOWN"),
    ({"policy": "drop"}, "PASSED"),
])
def test_ali_rule_reading(attributes: dict[str, Any], expected: str) -> None:
    result, _ = judge(alicloud_network, "BAOMI_ALI_SG_DB_PORTS_OPEN", ali_rule(**attributes),
                      "alicloud_security_group_rule")
    assert result == expected


def test_a_rule_whose_direction_cannot_be_read_names_type() -> None:
    result, details = judge(alicloud_network, "BAOMI_ALI_SG_DB_PORTS_OPEN", ali_rule(type="var.direction"),
                            "alicloud_security_group_rule")
    assert (result, details[0].split(" could")[0]) == ("UNKNOWN", "type")


@pytest.mark.parametrize(("port_range", "expected"), [("3306/3306", "UNKNOWN"), ("443/443", "PASSED")])
def test_a_prefix_list_source_may_be_any_address(port_range: str, expected: str) -> None:
    conf = ali_rule(cidr_ip=None, port_range=port_range, prefix_list_id="pl-123")
    result, details = judge(alicloud_network, "BAOMI_ALI_SG_DB_PORTS_OPEN", conf, "alicloud_security_group_rule")
    assert result == expected
    if expected == "UNKNOWN":
        assert details[0].startswith("prefix_list_id could not be read")


# -- Alibaba Cloud RDS whitelist -------------------------------------------------------------------------

@pytest.mark.parametrize(("security_ips", "expected"), [
    ([["10.0.0.0/8", "127.0.0.1"]], "PASSED"),
    ([[]], "PASSED"),  # empty: the default whitelist 127.0.0.1
    ([["10.0.0.0/8,0.0.0.0/0"]], "FAILED"),
    ([[_TABLE + '["var.env"]']], "UNKNOWN"),
    ([[_TABLE + '["var.env"]', OPEN]], "FAILED"),  # one open entry decides
])
def test_rds_whitelist(security_ips: list[Any], expected: str) -> None:
    result, details = judge(alicloud_network, "BAOMI_ALI_RDS_SECURITY_IPS_OPEN", {"security_ips": security_ips},
                            "alicloud_db_instance")
    assert result == expected
    if expected == "UNKNOWN":
        assert details[0].startswith("security_ips could not be read")


# -- Alibaba Cloud settings ------------------------------------------------------------------------------

def test_a_looked_up_redundancy_type_is_unknown_and_named() -> None:
    result, details = judge(alicloud_settings, "BAOMI_ALI_OSS_ZONE_REDUNDANT",
                            {"redundancy_type": [_TABLE + '["var.env"]']}, "alicloud_oss_bucket")
    assert result == "UNKNOWN"
    assert details[0].startswith("redundancy_type could not be read: {'_'") and len(details[0]) < 140


#: terraform-alicloud-oss-bucket called by its examples/complete: the lifecycle_rule as checkov passes it,
#: rendered from the dynamic block, with the nested dynamic "expiration" (days = 365) gone
NESTED_DYNAMIC_DROPPED = {
    "bucket": ["bucket-terraform-20211216"],
    "dynamic": [{"lifecycle_rule": [{"enabled": [True], "id": ["rule-days"], "prefix": ["path1/"]}]}],
    "lifecycle_rule": [{"enabled": [True], "id": ["rule-days"], "prefix": ["path1/"]}],
}


def test_a_lifecycle_rule_whose_nested_dynamic_expiration_checkov_dropped_is_not_failed() -> None:
    result, details = judge(alicloud_settings, "BAOMI_ALI_OSS_LIFECYCLE", NESTED_DYNAMIC_DROPPED, "alicloud_oss_bucket")
    assert result == "UNKNOWN"
    assert "lifecycle_rule" in details[0] and 'dynamic "expiration"' in details[0]


def rule(expiration: dict[str, Any] | None = None, enabled: Any = True) -> dict[str, Any]:
    block: dict[str, Any] = {"enabled": [enabled], "id": ["r"]}
    if expiration is not None:
        block["expiration"] = expiration
    return block


@pytest.mark.parametrize(("conf", "expected"), [
    # a nested static expiration survives checkov's expansion of the dynamic block
    ({"dynamic": [{"lifecycle_rule": [rule({"days": [365]})]}], "lifecycle_rule": [rule({"days": [365]})]},
     "PASSED"),
    # a dynamic rule that is disabled does not expire anything, whatever checkov dropped from it
    ({"dynamic": [{"lifecycle_rule": [rule(enabled=False)]}], "lifecycle_rule": [rule(enabled=False)]}, "FAILED"),
    ({"lifecycle_rule": [rule({"days": [30]})]}, "PASSED"),
    ({"lifecycle_rule": [rule({"expired_object_delete_marker": [True]})]}, "FAILED"),  # deletes no data
    ({"lifecycle_rule": [rule({"days": ["None"], "date": ["None"]})]}, "FAILED"),  # checkov's rendering of null
    ({"lifecycle_rule": [rule({"days": ["var.days"]})]}, "UNKNOWN"),  # may still be null
    ({"lifecycle_rule": [rule()]}, "FAILED"),  # a static rule without expiration
])
def test_oss_lifecycle_reading(conf: dict[str, Any], expected: str) -> None:
    assert judge(alicloud_settings, "BAOMI_ALI_OSS_LIFECYCLE", conf, "alicloud_oss_bucket")[0] == expected


# -- Tencent Cloud ---------------------------------------------------------------------------------------

def tc_rule(**attributes: Any) -> dict[str, list[Any]]:
    conf = {"type": "ingress", "ip_protocol": "TCP", "port_range": "3306", "cidr_ip": OPEN, "policy": "ACCEPT",
            **attributes}
    return {k: [v] for k, v in conf.items() if v is not None}


@pytest.mark.parametrize(("attributes", "expected", "named"), [
    # terraform-tencentcloud-security-group: ip_protocol = var.rules[lookup(local.ingress_rules[count.index], ...)][2]
    ({"ip_protocol": _TABLE + '[lookup(local.ingress_rules[count.index],"rule",)][2]',
      "port_range": _TABLE + '[lookup(local.ingress_rules[count.index],"rule",)][0] - '
                    + _TABLE + '[lookup(local.ingress_rules[count.index],"rule",)][1]'},
     "UNKNOWN", "ip_protocol, port_range"),
    # a protocol template holds protocol and ports: not the provider's default ALL
    ({"ip_protocol": None, "port_range": None, "protocol_template": {"template_id": ["ppm-1"]}},
     "UNKNOWN", "protocol_template"),
    ({"cidr_ip": None, "address_template": {"template_id": ["ipm-1"]}}, "UNKNOWN", "address_template"),
    ({"cidr_ip": None, "port_range": "443", "address_template": {"template_id": ["ipm-1"]}}, "PASSED", ""),
    ({"cidr_ip": None, "source_sgid": "sg-1"}, "PASSED", ""),
    ({"ip_protocol": None, "port_range": None}, "FAILED", ""),  # absent: ALL protocols and ports
])
def test_tencent_rule_reading(attributes: dict[str, Any], expected: str, named: str) -> None:
    result, details = judge(tencent_network, "BAOMI_TC_SG_DB_PORTS_OPEN", tc_rule(**attributes),
                            "tencentcloud_security_group_rule")
    assert result == expected
    if named:
        assert details[0].startswith(f"{named} could not be read")


@pytest.mark.parametrize(("ingress", "expected"), [
    (["ACCEPT#sg-123abc#3306#TCP"], "PASSED"),  # a security group is no address
    (["ACCEPT#ipm-123abc#3306#TCP"], "UNKNOWN"),  # an address template may hold 0.0.0.0/0
    (["ACCEPT#0.0.0.0/0#3306#TCP"], "FAILED"),
    ([_TABLE + '["var.env"]'], "UNKNOWN"),
    ("var.ingress_for_lite_rule", "UNKNOWN"),
])
def test_tencent_lite_rule_reading(ingress: Any, expected: str) -> None:
    assert judge(tencent_network, "BAOMI_TC_SG_DB_PORTS_OPEN", {"ingress": [ingress]},
                 "tencentcloud_security_group_lite_rule")[0] == expected


#: terraform-tencentcloud-security-group's modules/rule_set: a dynamic "ingress" from var.ingress and a
#: second one for the default deny, as checkov renders them: into one another, every value "1"
SMEARED = {"dynamic": [
    {"ingress": [{"action": ["1"], "cidr_block": ["1"], "description": ["1"], "port": ["1"], "protocol": ["1"]}]},
    {"ingress": [{"action": ["1"], "cidr_block": ["1"], "description": ["1"], "port": ["1"], "protocol": ["1"]}]},
]}


def test_two_dynamic_ingress_blocks_checkov_rendered_into_each_other_are_unknown() -> None:
    result, details = judge(tencent_network, "BAOMI_TC_SG_DB_PORTS_OPEN", SMEARED,
                            "tencentcloud_security_group_rule_set")
    assert result == "UNKNOWN"
    assert details[0].startswith("ingress could not be read")


@pytest.mark.parametrize(("block", "expected"), [
    ({"action": ["ACCEPT"], "cidr_block": [OPEN], "protocol": ["TCP"], "port": ["3306"]}, "FAILED"),
    ({"action": ["ACCEPT"], "cidr_block": [OPEN], "service_template_id": ["ppm-1"]}, "UNKNOWN"),
    ({"action": ["ACCEPT"], "address_template_group": ["ipmg-1"], "protocol": ["TCP"], "port": ["3306"]}, "UNKNOWN"),
    ({"action": ["ACCEPT"], "source_security_id": ["sg-1"], "protocol": ["TCP"], "port": ["3306"]}, "PASSED"),
])
def test_tencent_rule_set_reading(block: dict[str, Any], expected: str) -> None:
    assert judge(tencent_network, "BAOMI_TC_SG_DB_PORTS_OPEN", {"ingress": [block]},
                 "tencentcloud_security_group_rule_set")[0] == expected


# -- values ----------------------------------------------------------------------------------------------

def test_blocks_of_a_name_rendered_from_several_dynamic_blocks_are_hidden() -> None:
    one = {"dynamic": [{"ingress": [{"port": ["22"]}]}], "ingress": [{"port": ["22"]}]}
    assert not hidden(one, "ingress") and from_dynamic(one, "ingress")
    assert hidden(SMEARED, "ingress")
    assert not from_dynamic({"ingress": [{"port": ["22"]}]}, "ingress")
