"""Is a module's resource created at all? Evaluated from the HCL of the module calls (terraform_count)."""
from __future__ import annotations

from pathlib import Path

import pytest

from baomi.pipeline import judge
from baomi.sources.iac.terraform_count import Counts, ModuleCall

MODULE = """
variable "create" {
  type    = bool
  default = true
}
variable "enabled_by_default" {
  default = true
}
variable "kind" {
  default = "cloud-watch-logs"
}
variable "replicas" {
  default = 2
}
variable "no_default" {}
locals {
  create_db   = var.create && var.enabled_by_default
  is_cw       = var.kind == "cloud-watch-logs"
  create_logs = local.create_db && local.is_cw
}
resource "aws_db_instance" "this" {
  count = local.create_db ? 1 : 0
}
resource "aws_cloudwatch_log_group" "this" {
  count = local.create_logs && !false ? 1 : 0
}
resource "aws_db_instance" "replica" {
  count = var.create ? var.replicas : 0
}
resource "aws_db_instance" "by_input" {
  count = var.no_default ? 1 : 0
}
resource "aws_db_instance" "by_function" {
  count = length(var.names) > 0 ? 1 : 0
}
resource "aws_db_instance" "plain" {
}
"""


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "modules" / "db" / "main.tf").write_text(MODULE, encoding="utf-8")
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "main.tf").write_text("""
variable "enable" {
  default = false
}
module "off" {
  source = "../modules/db"
  create = false
}
module "on" {
  source = "../modules/db"
}
module "s3_logs" {
  source = "../modules/db"
  kind   = "s3"
}
module "by_root_variable" {
  source = "../modules/db"
  create = var.enable
}
module "counted_off" {
  source = "../modules/db"
  count  = 0
}
module "remote" {
  source = "terraform-aws-modules/rds/aws"
  create = false
}
""", encoding="utf-8")
    return tmp_path


def _created(tree: Path, call: str, address: str) -> bool | None:
    return Counts().created(str(tree / "modules" / "db" / "main.tf"), f"module.{call}.{address}",
                   [ModuleCall(str(tree / "root" / "main.tf"), call)])


@pytest.mark.parametrize(("call", "address", "expected"), [
    ("off", "aws_db_instance.this[0]", False),  # create = false passed down: count 0 (checkov renders this[0])
    ("off", "aws_cloudwatch_log_group.this", False),
    ("off", "aws_db_instance.replica", False),
    ("off", "aws_db_instance.plain", True),  # no count: one instance wherever the module is created
    ("on", "aws_db_instance.this", True),
    ("on", "aws_db_instance.replica", True),  # count = 2
    ("on", "aws_db_instance.by_input", None),  # a variable without default that the call does not pass
    ("on", "aws_db_instance.by_function", None),  # functions are not evaluated: unknown, never dropped
    ("s3_logs", "aws_cloudwatch_log_group.this", False),  # kind == "cloud-watch-logs" is false
    ("s3_logs", "aws_db_instance.this", True),
    ("by_root_variable", "aws_db_instance.this", None),  # a root variable: -var or tfvars may set it
    ("counted_off", "aws_db_instance.plain", False),  # the module call itself has count = 0
    ("remote", "aws_db_instance.this", None),  # a registry module: its code is not here
])
def test_created(tree: Path, call: str, address: str, expected: bool | None) -> None:
    assert _created(tree, call, address) is expected


def test_a_file_that_does_not_parse_leaves_it_unknown(tree: Path) -> None:
    (tree / "modules" / "db" / "broken.tf").write_text('resource "x" {\n', encoding="utf-8")
    assert _created(tree, "off", "aws_db_instance.this") is None


@pytest.mark.parametrize("expression", [
    "local.loop ? 1 : 0",  # locals that refer to each other in a loop end as unknown
    '"${var.create}" ? 1 : 0',
    "var.create ? 1 : 0 + ",
    "try(var.create, false) ? 1 : 0",
    "var.create[0] ? 1 : 0",
])
def test_what_is_not_read_is_unknown(tmp_path: Path, expression: str) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(
        'variable "create" {\n  default = false\n}\nlocals {\n  loop = local.loop2\n  loop2 = local.loop\n}\n'
        f'resource "aws_db_instance" "this" {{\n  count = {expression}\n}}\n', encoding="utf-8")
    (tmp_path / "main.tf").write_text('module "m" {\n  source = "./m"\n}\n', encoding="utf-8")
    assert Counts().created(str(tmp_path / "m" / "main.tf"), "module.m.aws_db_instance.this",
                   [ModuleCall(str(tmp_path / "main.tf"), "m")]) is None


@pytest.mark.parametrize(("expression", "expected"), [
    ("var.off ? length(var.rules) : 0", False),  # the branch not taken may be anything
    ("var.off && length(var.rules) > 0 ? length(var.rules) : 0", False),
    ("var.on ? length(var.rules) : 0", False),  # var.rules defaults to []
    ("var.on ? 2 * 3 - 6 : 1", False),
    ("var.on ? 10 % 3 : 0", True),
    ("var.on ? lookup(var.m, \"k\", 1)[0].x : 0", None),
    ("var.on ? [for r in var.rules : r][0] : 0", None),
    ("var.on ? 1 / 0 : 0", None),
    ('var.kind == "a" ? 1 : 0', True),
    ('var.kind != "${var.x}" ? 1 : 0', None),
    # python-hcl2 writes true, false and null inside an expression as True, False and None
    ("var.on == true ? 1 : 0", True),
    ("var.off == true ? 1 : 0", False),
    ("var.kind != null ? 1 : 0", True),
    ("var.kind == null ? 1 : 0", False),
    ("var.nothing != null ? 1 : 0", False),
    ("var.nothing == null ? 1 : 0", True),
    ("length(var.rules)", False),  # terraform-aws-security-group: count = length(var.ingress_rules), default []
    ("length(var.rules) > 0 ? 1 : 0", False),
    ("length(tolist([]))", False),
    ("length(var.kind)", None),  # a string's length: not evaluated here
    ("length([1])", None),
])
def test_branches_and_arithmetic(tmp_path: Path, expression: str, expected: bool | None) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(
        'variable "off" {\n  default = false\n}\nvariable "on" {\n  default = true\n}\n'
        'variable "kind" {\n  default = "a"\n}\nvariable "rules" {\n  default = []\n}\n'
        'variable "nothing" {\n  default = null\n}\n'
        f'resource "aws_security_group_rule" "this" {{\n  count = {expression}\n}}\n', encoding="utf-8")
    (tmp_path / "main.tf").write_text('module "m" {\n  source = "./m"\n}\n', encoding="utf-8")
    assert Counts().created(str(tmp_path / "m" / "main.tf"), "module.m.aws_security_group_rule.this",
                   [ModuleCall(str(tmp_path / "main.tf"), "m")]) is expected


def test_a_scan_reads_counts_from_the_files_checkov_parsed(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The HCL is parsed once, by checkov: baomi keeps a copy of what it parsed, before rendering."""
    from baomi.catalog import load_catalog
    from baomi.settings import Settings
    from baomi.sources.iac import IacSource, terraform_count

    def no_second_parse(path: str) -> None:
        raise AssertionError(f"parsed again: {path}")

    monkeypatch.setattr(terraform_count, "_parse", no_second_parse)
    (tree / "modules" / "db" / "main.tf").write_text(
        MODULE.replace('resource "aws_db_instance" "plain" {\n}',
                       'resource "aws_db_instance" "plain" {\n  count = local.create_db ? 1 : 0\n'
                       '  storage_encrypted = false\n}'),
        encoding="utf-8")
    (tree / "root" / "main.tf").write_text('module "off" {\n  source = "../modules/db"\n  create = false\n}\n'
                                           'module "on" {\n  source = "../modules/db"\n}\n', encoding="utf-8")
    findings = list(judge(IacSource((tree / "root",)), [load_catalog().check["CKV_AWS_16"]], Settings()))
    judged = {f.resource for f in findings if f.resource.endswith("aws_db_instance.plain[0]")
              or f.resource.endswith("aws_db_instance.plain")}
    assert judged and all(".on." in r or r.startswith("module.on.") for r in judged), judged


@pytest.mark.parametrize(("caller", "call", "expected"), [
    ("off", "acm", False),  # create = false passed down to the call's count
    ("on", "acm", True),
    ("off", "always", True),  # no count: instantiated wherever the module is
    ("counted_off", "always", False),  # the call above it has count = 0
    ("on", "unknown", None),  # a variable without default that the caller does not pass
    ("on", "missing", None),  # no such call: nothing known
])
def test_a_module_call_inside_a_module_is_created_as_the_counts_say(tmp_path: Path, caller: str, call: str,
                                                                   expected: bool | None) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(
        'variable "create" {\n  default = true\n}\nvariable "no_default" {}\n'
        'module "acm" {\n  source = "terraform-aws-modules/acm/aws"\n  count  = var.create ? 1 : 0\n}\n'
        'module "always" {\n  source = "terraform-aws-modules/acm/aws"\n}\n'
        'module "unknown" {\n  source = "terraform-aws-modules/acm/aws"\n  count  = var.no_default ? 1 : 0\n}\n',
        encoding="utf-8")
    (tmp_path / "main.tf").write_text(
        'module "off" {\n  source = "./m"\n  create = false\n}\nmodule "on" {\n  source = "./m"\n}\n'
        'module "counted_off" {\n  source = "./m"\n  count  = 0\n}\n', encoding="utf-8")
    assert Counts().call_created(str(tmp_path / "m" / "main.tf"), call,
                                 [ModuleCall(str(tmp_path / "main.tf"), caller)]) is expected


def test_a_module_call_instance_is_named_as_terraform_names_it() -> None:
    assert [ModuleCall("main.tf", "m", index).address for index in (None, 0, "a")] == \
        ["module.m", "module.m[0]", 'module.m["a"]']


def _created_by(tmp_path: Path, attribute: str, locals_: str = "") -> bool | None:
    """``created`` of a module's block whose ``count`` or ``for_each`` is ``attribute`` (``off`` is false, ``on``
    true, ``rules`` defaults to [])."""
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(
        'variable "off" {\n  default = false\n}\nvariable "on" {\n  default = true\n}\n'
        'variable "rules" {\n  default = []\n}\nvariable "no_default" {}\n'
        f'locals {{\n{locals_}\n}}\n'
        f'resource "aws_cloudwatch_log_group" "this" {{\n  {attribute}\n}}\n', encoding="utf-8")
    (tmp_path / "main.tf").write_text('module "m" {\n  source = "./m"\n}\n', encoding="utf-8")
    return Counts().created(str(tmp_path / "m" / "main.tf"), 'module.m.aws_cloudwatch_log_group.this["a"]',
                            [ModuleCall(str(tmp_path / "main.tf"), "m")])


@pytest.mark.parametrize(("for_each", "expected"), [
    # the branch taken is an empty collection
    ('var.on && var.off ? toset(["a", "b"]) : toset([])', False),
    ("var.off ? toset([for r in try(var.x.logs, []) : r]) : toset([])", False),  # redshift's log groups
    ('var.off ? { a = 1 } : {}', False),
    ("var.on ? tomap({}) : var.x", False),
    ("var.off ? var.x : []", False),
    ("var.no_default ? [] : toset([])", False),  # either branch is empty
    ("var.rules", False),  # a module variable left at its default []
    ("toset(var.rules)", False),
    # a for-expression whose filter is false whatever the element, or whose source is empty
    ("{ for k, v in var.x : k => v if var.off }", False),
    ("{ for o in var.x : o.type => o if try(o.enabled, true) && var.off }", False),  # opensearch's log groups
    ('{ for k, v in { "this" = var.x } : k => v if var.off && v != null }', False),  # apigateway-v2's
    ("{ for o in var.x : o.type => o... if var.off }", False),  # grouping mode
    ("[for r in var.x : r if var.on && !var.on]", False),
    ("[for r in [] : r]", False),
    # not known to be empty: judged as checkov renders it
    ('var.on ? toset(["a"]) : toset([])', None),
    ("var.no_default ? toset([]) : toset(var.x)", None),
    ("{ for k, v in var.x : k => v if var.on }", None),
    ("[for r in var.x : r if r.enabled]", None),  # the filter depends on the element
    ("[for r in var.x : r[0].if if r.enabled]", None),
    ("[for r in var.x : r]", None),
    ("[for var in var.x : var if var.off]", None),  # the iteration variable hides var.*
    ('{ for k, v in var.x : k => "${v ? "a if" : "b"}" if var.off }', None),  # a template the tokens cut apart
    ("var.off ? var.x : tomap([])", None),  # tomap of a list is not the empty map
    ("var.off ? var.x : try(var.y, [])", None),
    ("[] == [] ? [] : [1]", None),  # comparing collections is not followed
    ("var.x", None),
])
def test_a_for_each_known_to_be_empty_creates_nothing(tmp_path: Path, for_each: str, expected: bool | None) -> None:
    assert _created_by(tmp_path, f"for_each = {for_each}") is expected


@pytest.mark.parametrize(("count", "expected"), [
    # hcl2 drops these parentheses; read without them, each gives the other answer
    ("var.off && (var.on || var.on) ? 1 : 0", False),  # `var.off && var.on || var.on`: true
    ("!(var.on && var.off) ? 1 : 0", True),  # `!var.on && var.off`: false, which would drop the findings
    ("(var.on || var.off) && var.off ? 1 : 0", False),
    ("(1 - 1) * 5", False),
    ("local.create_policy ? 1 : 0", False),  # opensearch's access policy, a local with a parenthesised `||`
])
def test_parentheses_are_read_as_written(tmp_path: Path, count: str, expected: bool | None) -> None:
    policy = "  create_policy = var.on && var.off && (length(var.a) > 0 || length(var.b) > 0)"
    assert _created_by(tmp_path, f"count = {count}", policy) is expected


def test_a_file_checkov_parsed_without_its_parentheses_is_read_again(tmp_path: Path) -> None:
    """checkov's copy of the HCL has the parentheses dropped: a file that groups is parsed again."""
    import hcl2

    assert _created_by(tmp_path, "count = var.off && (var.on || var.on) ? 1 : 0") is False
    module = tmp_path / "m" / "main.tf"
    with module.open(encoding="utf-8") as handle:
        checkov_copy = hcl2.load(handle)
    assert checkov_copy["resource"][0]["aws_cloudwatch_log_group"]["this"]["count"] == [
        "${var.off && var.on || var.on ? 1 : 0}"]
    assert Counts({str(module): checkov_copy}).created(
        str(module), "module.m.aws_cloudwatch_log_group.this[0]",
        [ModuleCall(str(tmp_path / "main.tf"), "m")]) is False
