"""Terraform's optional() defaults, read from a variable's type as python-hcl2 renders it."""
from __future__ import annotations

from typing import Any

import pytest

from baomi.engines.checkov.optional_defaults import parse_type, with_defaults

#: terraform-aws-apigateway-v2's stage_access_log_settings, as checkov keeps its type
STAGE = ["${object({'create_log_group': '${optional(bool,True)}', 'destination_arn': '${optional(string)}', "
         "'log_group_retention_in_days': '${optional(number,30)}', 'log_group_tags': '${optional(map(string),{})}', "
         "'format': '${optional(string,\"$context.requestId\")}'})}"]


@pytest.mark.parametrize(("value", "expected"), [
    ({}, {"create_log_group": True, "log_group_retention_in_days": 30, "log_group_tags": {},
          "format": "$context.requestId"}),
    # what the caller sets stays; null takes the default, as in Terraform (left null without one); optional
    # attributes without a default are not added
    ({"create_log_group": False, "log_group_retention_in_days": None, "destination_arn": None},
     {"create_log_group": False, "log_group_retention_in_days": 30, "destination_arn": None, "log_group_tags": {},
      "format": "$context.requestId"}),
    ("${var.settings}", "${var.settings}"),  # text checkov could not render: nothing to fill
])
def test_missing_optional_attributes_take_their_literal_defaults(value: Any, expected: Any) -> None:
    assert with_defaults(value, parse_type(STAGE)) == expected


def test_defaults_apply_inside_collections_and_nested_objects() -> None:
    kind = parse_type("${list(object({'rule': '${optional(object({\\'on\\': \\'${optional(bool,true)}\\'}),{})}', "
                      "'days': '${optional(number,7)}'}))}")
    assert with_defaults([{}, {"days": 1, "rule": {}}], kind) == [{"rule": {"on": True}, "days": 7},
                                                                  {"days": 1, "rule": {"on": True}}]


@pytest.mark.parametrize("attribute", [
    "${optional(string,var.default_policy)}",  # an expression: not known here
    "${optional(string,\"${local.prefix}-logs\")}",  # an interpolation
    "${optional(bool,\"yes\")}",  # not a literal of its type
    "${optional(list(string),[\"a\"])}",  # a non-empty collection is not read
])
def test_a_default_that_is_not_a_plain_literal_of_its_type_is_not_applied(attribute: str) -> None:
    kind = parse_type("${object({'a': '" + attribute.replace("'", "\\'") + "'})}")
    assert with_defaults({}, kind) == {}


@pytest.mark.parametrize("text", ["${tuple([string, number])}", "${object(var.shape)}", "string)", None, 3])
def test_a_type_not_understood_leaves_the_value_alone(text: Any) -> None:
    assert with_defaults({"a": 1}, parse_type(text)) == {"a": 1}
