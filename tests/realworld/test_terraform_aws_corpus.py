"""Hand-reviewed verdicts on public Terraform (terraform-aws-modules' security-group and rds modules).

Each assertion is a defect class issue 7 measured on these repositories: a rule open to the internet on
a database port, looked up by rule name, was passed; two example roots that both declare ``module "db"``
were collapsed into one finding (the PASS kept, the unencrypted database lost); IAM authentication on SQL
Server was an ERROR. The review of every verdict is in docs/validation.md.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from baomi.catalog import load_catalog
from baomi.model import Finding, Status
from baomi.settings import Settings
from baomi.sources.iac import IacSource
from baomi.pipeline import judge

CORPUS = Path(__file__).resolve().parent
SG = "tests/realworld/terraform-aws-security-group"
RDS = "tests/realworld/terraform-aws-rds"


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    source = IacSource((CORPUS / "terraform-aws-security-group", CORPUS / "terraform-aws-rds"))
    return list(judge(source, load_catalog().checks, Settings()))


def verdicts(findings: Iterable[Finding], check_id: str) -> dict[str, Status]:
    return {f.resource: f.status for f in findings if f.check_id == check_id}


def test_a_mysql_rule_looked_up_by_name_and_open_to_the_internet_is_never_a_pass(findings: list[Finding]) -> None:
    # examples/complete: ingress_with_cidr_blocks = [{ rule = "mysql-tcp", cidr_blocks = "0.0.0.0/0,2.2.2.2/32" }]
    # The module looks port and protocol up in var.rules[...]; checkov leaves the lookup unevaluated.
    found = verdicts(findings, "BAOMI_AWS_SG_DB_PORTS_OPEN")
    address = f"{SG}/examples/complete:module.complete_sg.aws_security_group_rule.ingress_with_cidr_blocks"
    assert found[address] is Status.ERROR, address
    # fixed_name_sg, main_sg and only_rules leave ingress_with_cidr_blocks at its default []: the rule's
    # count = local.create ? length(var.ingress_with_cidr_blocks) : 0 is 0, nothing is created, nothing judged
    for module in ("fixed_name_sg", "main_sg", "only_rules"):
        assert f"{SG}/examples/complete:module.{module}.aws_security_group_rule.ingress_with_cidr_blocks" not in found
    # ingress_rules opens whatever the rule names only to ingress_cidr_blocks = ["10.10.0.0/16"]: whatever
    # the port, no address outside the VPC reaches it, so it passes on a value checkov did resolve
    assert found[f"{SG}/examples/complete:module.complete_sg.aws_security_group_rule.ingress_rules"] is Status.PASS
    assert Status.PASS not in {s for a, s in found.items() if a.endswith("ingress_with_cidr_blocks")}


def test_a_rule_whose_source_is_a_prefix_list_is_never_a_pass(findings: list[Finding]) -> None:
    # examples/complete: module "prefix_list" (ingress_prefix_list_ids = the S3 and DynamoDB lists of
    # data.aws_prefix_list) and module "prefix_list_sg" (a managed list of the VPC's CIDR). The lists' entries
    # are not in the code, so these rules, whose ports checkov leaves unresolved too, are ERRORs naming
    # prefix_list_ids; they passed while a rule with no CIDR had no source at all.
    for check_id in ("BAOMI_AWS_SG_DB_PORTS_OPEN", "BAOMI_AWS_SG_ADMIN_PORTS_OPEN"):
        messages = {f.resource: (f.status, f.message) for f in findings if f.check_id == check_id}
        for module in ("prefix_list", "prefix_list_sg"):
            address = f"{SG}/examples/complete:module.{module}.aws_security_group_rule.ingress_with_prefix_list_ids[0]"
            status, message = messages[address]
            assert status is Status.ERROR, address
            assert "prefix_list_ids could not be read" in message, message
    # complete_sg keeps the module's default ingress_prefix_list_ids = []: no source added, its verdict stands
    # (asserted PASS above)


def test_two_roots_declaring_module_db_are_two_databases(findings: list[Finding]) -> None:
    # complete-mssql sets storage_encrypted = false; complete-mysql keeps the module's default (true)
    found = verdicts(findings, "CKV_AWS_16")
    assert found[f"{RDS}/examples/complete-mssql:module.db.module.db_instance.aws_db_instance.this"] is Status.FAIL
    assert found[f"{RDS}/examples/complete-mysql:module.db.module.db_instance.aws_db_instance.this"] is Status.PASS


def test_each_root_calling_module_db_keeps_its_verdicts(findings: list[Finding]) -> None:
    # complete-mssql's and complete-mysql's module.db give checkov records with the same check, file, lines and
    # address; checkov's runner kept one of each identical pair (mysql's), so mssql's database went without them
    for check_id, status in (("CKV_AWS_129", Status.PASS), ("CKV_AWS_17", Status.PASS), ("CKV_AWS_226", Status.PASS),
                             ("CKV_AWS_293", Status.FAIL), ("BAOMI_AWS_DATA_CLASSIFICATION_TAG", Status.FAIL)):
        found = verdicts(findings, check_id)
        for root in ("complete-mssql", "complete-mysql"):
            assert found[f"{RDS}/examples/{root}:module.db.module.db_instance.aws_db_instance.this"] is status, \
                (check_id, root)


def test_an_engine_checkov_could_not_resolve_is_an_error_naming_it(findings: list[Finding]) -> None:
    # engine = local.is_replica ? null : var.engine: the conditional is left unevaluated by checkov
    errors = {f.resource: f.message for f in findings if f.check_id == "CKV_AWS_161"}
    message = errors[f"{RDS}/examples/complete-mssql:module.db.module.db_instance.aws_db_instance.this"]
    assert message.startswith("not evaluated: could not resolve engine = ")


def test_a_remote_module_not_downloaded_is_one_error_naming_it(findings: list[Finding]) -> None:
    errors = [f for f in findings if f.check_id == "BAOMI_SOURCE_ERROR"]
    assert sorted((f.resource, f.location.file if f.location else "") for f in errors) == [
        ("module.security_group", f"{RDS}/examples/complete-mssql/main.tf"),
        ("module.security_group", f"{RDS}/examples/complete-mysql/main.tf"),
        ("module.vpc", f"{RDS}/examples/complete-mssql/main.tf"),
        ("module.vpc", f"{RDS}/examples/complete-mysql/main.tf"),
        ("module.vpc", f"{SG}/examples/complete/main.tf"),
    ]


def test_nothing_is_de_duplicated_away(findings: list[Finding]) -> None:
    keys = [(f.check_id, f.resource, f.location.file if f.location else None, f.location.line if f.location else None)
            for f in findings]
    assert len(keys) == len(set(keys))


def test_a_module_called_with_create_false_gets_no_findings(findings: list[Finding]) -> None:
    # create_db_instance = false: checkov renders count = var.create ? 1 : 0 as one instance (this[0]); the
    # code says none (baomi.sources.iac.terraform_count)
    disabled = [f.resource for f in findings if ":module.db_disabled." in f.resource and ".aws_db_instance." in f.resource]
    assert disabled == []


def test_security_groups_of_modules_called_with_create_false_get_no_findings(findings: list[Finding]) -> None:
    # examples/disabled: create = false reaches count = local.create ? length(var.ingress_rules) : 0 (and the
    # http-80 wrapper passes it on to module "sg"): checkov renders the rules, Terraform creates none
    disabled = [f.resource for f in findings if f.resource.startswith(f"{SG}/examples/disabled:")]
    assert disabled == []
