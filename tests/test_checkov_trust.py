"""How far baomi trusts a checkov result, on configurations as checkov hands them to its checks."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.checks.terraform.existence import never_created
from baomi.engines.checkov.trust import trust
from baomi.model import Status
from baomi.pipeline import judge


@pytest.mark.parametrize(("conf", "expected"), [
    ({"count": [0]}, True),
    ({"count": [False]}, True),
    ({"count": [1]}, False),
    ({"count": ["${var.create} ? 1 : 0"]}, False),  # unevaluated: it may be created
    ({"for_each": [[]]}, True),
    ({"for_each": [{}]}, True),
    # checkov leaves a for-expression as text when it cannot evaluate it; over an empty literal, or filtered
    # by a chain of && holding a literal false, it yields nothing (terraform-aws-rds' log groups)
    ({"for_each": ["toset([for log in [] : log if True && False && !var.use_identifier_prefix])"]}, True),
    ({"for_each": ["toset([for log in ['general'] : log if ${local.create} && False && !var.prefix])"]}, True),
    ({"for_each": ["{for k, v in {} : k => v}"]}, True),
    ({"for_each": ["toset([for log in ['general'] : log if ${local.create} && ${local.logs}])"]}, False),
    ({"for_each": ["[for x in var.y : x if false || var.z]"]}, False),
    ({"for_each": ["{for k, v in var.m : k => v if var.create}"]}, False),
    ({"for_each": ["[for x in ['a'] : x if (false) || true]"]}, False),
    ({}, False),
])
def test_never_created(conf: dict[str, Any], expected: bool) -> None:
    assert never_created(conf) is expected


def test_an_unknown_names_the_attributes_the_check_needs_that_are_not_set() -> None:
    # a CloudFormation read replica takes its engine from its source: checkov's check has nothing to judge
    spec = load_catalog().check["CKV_AWS_161"]
    conf = {"Type": "AWS::RDS::DBInstance", "Properties": {"SourceDBInstanceIdentifier": {"Ref": "MainDB"}}}
    verdict = trust(Status.ERROR, conf, [], [], spec, builtin=True)
    assert verdict.status is Status.ERROR
    assert verdict.message == "not evaluated: Properties/Engine is not set"


def test_an_unknown_names_an_unresolved_attribute_the_catalog_says_the_check_reads() -> None:
    spec = load_catalog().check["CKV_ALI_22"]
    verdict = trust(Status.ERROR, {"engine": ["${var.engine}"]}, [], [], spec, builtin=True)
    assert verdict == verdict.__class__(Status.ERROR, "not evaluated: could not resolve engine = ${var.engine}")


def test_a_builtin_pass_on_an_open_value_is_an_error_naming_it() -> None:
    spec = load_catalog().check["CKV_AWS_158"]
    verdict = trust(Status.PASS, {"kms_key_id": ["var.key"]}, ["kms_key_id"], [], spec, builtin=True)
    assert (verdict.status, verdict.message) == (Status.ERROR, "not evaluated: could not resolve kms_key_id = var.key")


def test_a_pass_on_a_reference_to_a_managed_resource_stands() -> None:
    spec = load_catalog().check["CKV_AWS_158"]
    verdict = trust(Status.PASS, {"kms_key_id": ["aws_kms_key.logs.arn"]}, ["kms_key_id"], [], spec, builtin=True)
    assert verdict.status is Status.PASS


def test_an_unknown_on_a_reference_checkov_could_not_render_names_it() -> None:
    # terraform-aws-vpc's flow-log role: checkov gives no verdict on a policy it could not render
    spec = load_catalog().check["CKV_AWS_286"]
    conf = {"policy": ["data.aws_iam_policy_document.this[0].json"], "name": ["flow-log"]}
    verdict = trust(Status.ERROR, conf, [], [], spec, builtin=True)
    assert verdict.message == "not evaluated: could not resolve policy = data.aws_iam_policy_document.this[0].json"


@pytest.mark.parametrize(("value", "open_value"), [
    ({"Ref": "KeyArn"}, True),  # a parameter without default: given only at deploy time
    ({"Fn::Sub": "arn:aws:kms:cn-north-1:111122223333:key/${KeyArn}"}, True),
    ({"Fn::Sub": ["${KeyArn}", {}]}, True),
    ({"Ref": "LogsKey"}, False),  # a resource of the template (or a parameter with a default, put in by checkov)
    ({"Fn::GetAtt": ["LogsKey", "Arn"]}, False),
    ({"Fn::Sub": "arn:aws:kms:${AWS::Region}:111122223333:key/abc"}, False),
])
def test_a_cloudformation_parameter_without_default_is_open(value: Any, open_value: bool) -> None:
    spec = load_catalog().check["CKV_AWS_158"]
    conf = {"Type": "AWS::Logs::LogGroup", "Properties": {"KmsKeyId": value}}
    verdict = trust(Status.PASS, conf, ["Properties/KmsKeyId"], [], spec, builtin=True, inputs=frozenset({"KeyArn"}))
    assert (verdict.status is Status.ERROR) is open_value


def test_a_scan_errs_on_a_pass_given_by_a_parameter_without_default(tmp_path: Path) -> None:
    from baomi.settings import Settings
    from baomi.sources.iac import IacSource

    (tmp_path / "logs.yaml").write_text("""AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  KeyArn:
    Type: String
  DefaultKeyArn:
    Type: String
    Default: arn:aws:kms:cn-north-1:111122223333:key/abc
Resources:
  FromInput:
    Type: AWS::Logs::LogGroup
    Properties:
      KmsKeyId: !Ref KeyArn
  FromDefault:
    Type: AWS::Logs::LogGroup
    Properties:
      KmsKeyId: !Ref DefaultKeyArn
""", encoding="utf-8")
    findings = judge(IacSource((tmp_path,)), [load_catalog().check["CKV_AWS_158"]], Settings())
    found = {f.resource: (f.status, f.message) for f in findings}
    assert found["AWS::Logs::LogGroup.FromInput"] == (
        Status.ERROR, "not evaluated: could not resolve Properties/KmsKeyId = {'Ref': 'KeyArn'}")
    assert found["AWS::Logs::LogGroup.FromDefault"][0] is Status.PASS


#: terraform-aws-opensearch's encrypt_at_rest, as checkov hands it over when it could not render the dynamic block
_DYNAMIC = {"encrypt_at_rest": [{"enabled": ["try(encrypt_at_rest.value.enabled,True)"]}],
            "dynamic": [{"encrypt_at_rest": [{"enabled": ["try(encrypt_at_rest.value.enabled,True)"]}]}]}


def test_a_builtin_fail_on_a_dynamic_blocks_iterator_is_an_error_naming_it() -> None:
    spec = load_catalog().check["CKV_AWS_5"]
    verdict = trust(Status.FAIL, _DYNAMIC, ["encrypt_at_rest/[0]/enabled"], [], spec, builtin=True)
    assert (verdict.status, verdict.message) == (
        Status.ERROR,
        "not evaluated: could not resolve encrypt_at_rest/[0]/enabled = try(encrypt_at_rest.value.enabled,True)")


def test_a_builtin_pass_on_a_named_iterator_is_an_error_naming_it() -> None:
    # dynamic "rule" { iterator = r ... }: r.value is the iterator, not a resource
    conf = {"rule": [{"kms_key_id": ["r.value.key"]}], "dynamic": [{"rule": {"iterator": ["r"], "content": [{}]}}]}
    verdict = trust(Status.PASS, conf, ["rule/[0]/kms_key_id"], [], load_catalog().check["CKV_AWS_158"], builtin=True)
    assert (verdict.status, verdict.message) == (
        Status.ERROR, "not evaluated: could not resolve rule/[0]/kms_key_id = r.value.key")


@pytest.mark.parametrize(("conf", "keys"), [
    ({"encrypt_at_rest": [{"enabled": [False]}], "dynamic": _DYNAMIC["dynamic"]}, ["encrypt_at_rest/[0]/enabled"]),
    ({"domain_name": ["search"]}, ["encrypt_at_rest/[0]/enabled"]),  # not set at all
    # a resource called "key" is not the iterator of a dynamic block called "key"
    ({"kms_key_id": ["aws_kms_key.key.arn"], "dynamic": [{"key": [{"a": ["key.value"]}]}]}, ["kms_key_id"]),
    # a list where only some items are open: a literal item may be what failed
    ({"statement": [{"actions": [["iam:PassRole", "var.more"]]}]}, ["statement/[*]/actions"]),
])
def test_a_builtin_fail_on_a_literal_an_absent_attribute_or_a_partly_open_list_stands(
        conf: dict[str, Any], keys: list[str]) -> None:
    verdict = trust(Status.FAIL, conf, keys, [], load_catalog().check["CKV_AWS_5"], builtin=True)
    assert verdict == verdict.__class__(Status.FAIL)


def test_a_builtin_unknown_on_a_dynamic_blocks_iterator_names_it() -> None:
    conf = {"cluster_config": [{"instance_count": ["try(cluster_config.value.instance_count,3)"]}],
            "dynamic": [{"cluster_config": [{"instance_count": ["try(cluster_config.value.instance_count,3)"]}]}]}
    verdict = trust(Status.ERROR, conf, ["cluster_config/[0]/instance_count"], [], load_catalog().check["CKV_AWS_6"],
                    builtin=True)
    assert verdict.message == ("not evaluated: could not resolve cluster_config/[0]/instance_count = "
                               "try(cluster_config.value.instance_count,3)")


def test_optional_attributes_take_their_type_defaults(tmp_path: Path) -> None:
    # tests/fixtures/iac/optional_defaults: checkov applies no type, and rendered minimum_protocol_version as ""
    from baomi.settings import Settings
    from baomi.sources.iac import IacSource

    fixture = Path(__file__).resolve().parent / "fixtures" / "iac" / "optional_defaults"
    checks = [load_catalog().check["CKV_AWS_174"], load_catalog().check["CKV_AWS_76"]]
    found = {(f.check_id, f.resource.partition(":module.")[2]): (f.status, f.message)
             for f in judge(IacSource((fixture,)), checks, Settings()) if f.check_id in ("CKV_AWS_174", "CKV_AWS_76")}
    statuses = {key: status for key, (status, _) in found.items()}
    assert statuses == {
        **{("CKV_AWS_174", f"{m}.aws_cloudfront_distribution.{r}"): Status.PASS
           for m in ("given", "defaulted") for r in ("dynamic", "direct")},
        **{("CKV_AWS_174", f"old.aws_cloudfront_distribution.{r}"): Status.FAIL for r in ("dynamic", "direct")},
        ("CKV_AWS_76", "logging.aws_apigatewayv2_stage.this"): Status.ERROR,
    }
    assert found[("CKV_AWS_76", "logging.aws_apigatewayv2_stage.this")][1].startswith(
        "not evaluated: could not resolve access_log_settings/[0]/destination_arn = "
        "access_log_settings.value.create_log_group ? ")
