"""Lookups from one Terraform block to others stay within its own module instance of its own root.

Scanned together, two roots (``prod/``, ``dev/``) or two instances of one module are as independent as
when scanned alone: a policy in one root never holds a user of another to MFA, one instance's route
tables never make another's subnets public. The scans run baomi's IacSource with the real checkov
runner; the lookups' index is built once per graph.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.checks.terraform import graph
from baomi.checks.terraform.graph import NOWHERE, scope_of
from baomi.checks.terraform.resources import referenced
from baomi.model import Finding, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.iac import IacSource

MFA = "BAOMI_AWS_CONSOLE_USER_WITHOUT_MFA_POLICY"
DB_SUBNETS = "BAOMI_AWS_DB_SUBNETS_PRIVATE"
TLS_ONLY = "BAOMI_AWS_S3_TLS_ONLY"
CHECKS = [c for c in load_catalog().checks_for("checkov") if c.id in (MFA, DB_SUBNETS, TLS_ONLY)]

USERS = """
resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_login_profile" "ops" {
  user = aws_iam_user.ops.name
}

resource "aws_iam_group" "staff" {
  name = "staff"
}

resource "aws_iam_group_membership" "staff" {
  name  = "staff"
  group = aws_iam_group.staff.name
  users = [aws_iam_user.ops.name]
}

resource "aws_s3_bucket" "files" {
  bucket = "files"
}

resource "aws_s3_bucket_policy" "files" {
  bucket = aws_s3_bucket.files.id
  policy = data.aws_iam_policy_document.tls.json
}
"""

MFA_POLICY = """
resource "aws_iam_group_policy" "mfa" {
  name  = "require-mfa"
  group = aws_iam_group.staff.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"]
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })
}
"""


def _policy_document(deny_plain_http: bool) -> str:
    """A bucket policy document named ``tls`` in both roots: only prod's denies requests without TLS."""
    effect, value = ("Deny", "false") if deny_plain_http else ("Allow", "true")
    return f"""
data "aws_iam_policy_document" "tls" {{
  statement {{
    effect    = "{effect}"
    actions   = ["s3:*"]
    resources = ["arn:aws-cn:s3:::files", "arn:aws-cn:s3:::files/*"]
    principals {{
      type        = "*"
      identifiers = ["*"]
    }}
    condition {{
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["{value}"]
    }}
  }}
}}
"""


#: a network module: with ``public`` its route table sends 0.0.0.0/0 to the internet gateway
NETWORK_MODULE = """
variable "public" {
  type = bool
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "db" {
  count      = 2
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.${count.index}.0/24"
}

resource "aws_route_table" "db" {
  vpc_id = aws_vpc.this.id
}

resource "aws_route" "internet" {
  count                  = var.public ? 1 : 0
  route_table_id         = aws_route_table.db.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "db" {
  count          = 2
  subnet_id      = aws_subnet.db[count.index].id
  route_table_id = aws_route_table.db.id
}

resource "aws_db_subnet_group" "this" {
  name       = "db"
  subnet_ids = aws_subnet.db[*].id
}
"""


def _write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _module_call(name: str, source: str, public: bool) -> str:
    return f'module "{name}" {{\n  source = "{source}"\n  public = {str(public).lower()}\n}}\n'


def _scan(root: Path) -> list[Finding]:
    return list(judge(IacSource((root,)), CHECKS, Settings()))


def _verdicts(findings: Iterable[Finding], check_id: str) -> dict[tuple[str, str], Status]:
    """{(file as the finding shows it, resource name): status}."""
    verdicts = {}
    for f in findings:
        if f.check_id == check_id:
            assert f.location is not None
            file = f.location.file.replace("\\", "/")
            verdicts[(file, f.resource)] = f.status
    return verdicts


def _status(verdicts: Mapping[tuple[str, str], Status], file_end: str, address: str) -> Status:
    """The one verdict on ``address`` in a file ending in ``file_end`` (a source may prefix the name)."""
    [status] = [s for (file, resource), s in verdicts.items()
                if file.endswith(file_end) and (resource == address or resource.endswith(f":{address}"))]
    return status


def test_two_roots_scanned_together_are_judged_each_on_its_own(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "prod/main.tf": USERS + MFA_POLICY + _policy_document(deny_plain_http=True),
        "dev/main.tf": USERS + _policy_document(deny_plain_http=False),
    })
    findings = _scan(root)

    mfa = _verdicts(findings, MFA)
    assert _status(mfa, "prod/main.tf", "aws_iam_user_login_profile.ops") is Status.PASS
    assert _status(mfa, "dev/main.tf", "aws_iam_user_login_profile.ops") is Status.FAIL
    tls = _verdicts(findings, TLS_ONLY)
    assert _status(tls, "prod/main.tf", "aws_s3_bucket_policy.files") is Status.PASS
    assert _status(tls, "dev/main.tf", "aws_s3_bucket_policy.files") is Status.FAIL
    for alone in ("prod", "dev"):  # the same verdicts as each root scanned alone
        file = f"{alone}/main.tf"
        assert _status(_verdicts(_scan(root / alone), MFA), file, "aws_iam_user_login_profile.ops") \
            is _status(mfa, file, "aws_iam_user_login_profile.ops")


def test_each_module_instance_is_judged_with_its_own_route_tables(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "main.tf": _module_call("public", "./modules/network", public=True)
        + _module_call("private", "./modules/network", public=False),
        "modules/network/main.tf": NETWORK_MODULE,
    })
    verdicts = _verdicts(_scan(root), DB_SUBNETS)

    assert len(verdicts) == 2
    assert _status(verdicts, "network/main.tf", "module.public.aws_db_subnet_group.this") is Status.FAIL
    assert _status(verdicts, "network/main.tf", "module.private.aws_db_subnet_group.this") is Status.PASS


def test_same_named_modules_in_two_roots_are_independent(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "examples/internet/main.tf": _module_call("db", "../../modules/network", public=True),
        "examples/isolated/main.tf": _module_call("db", "../../modules/network", public=False),
        "modules/network/main.tf": NETWORK_MODULE,
    })
    # Both verdicts are on module.db.aws_db_subnet_group.this of modules/network/main.tf: only the root
    # calling the module tells them apart, which checkov's records keep (caller_file_path).
    assert _records(root, DB_SUBNETS) == {
        ("/examples/internet/main.tf", "module.db.aws_db_subnet_group.this"): "FAILED",
        ("/examples/isolated/main.tf", "module.db.aws_db_subnet_group.this"): "PASSED",
    }


def _records(root: Path, check_id: str) -> dict[tuple[str | None, str], str]:
    """{(calling file, address): result} of one check, from checkov's Terraform runner with baomi's checks."""
    from baomi.engines.checkov import runtime as checkov_runtime

    ckv = checkov_runtime.load()
    runner_filter = ckv.runner_filter(framework=["terraform"], checks=[check_id], show_progress_bar=False)
    report = ckv.runners["terraform"]().run(root_folder=str(root), runner_filter=runner_filter)
    return {(r.caller_file_path, r.resource): r.check_result["result"].value
            for r in (*report.passed_checks, *report.failed_checks, *getattr(report, "baomi_unknown_checks", []))}


def test_a_new_scan_gets_a_new_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    original = graph._GraphIndex.__init__

    def counting(self: Any, graph_: Any) -> None:
        built.append(id(graph_))
        original(self, graph_)

    monkeypatch.setattr(graph._GraphIndex, "__init__", counting)
    root = _write(tmp_path, {"main.tf": USERS + _policy_document(deny_plain_http=False)})
    assert _status(_verdicts(_scan(root), MFA), "main.tf", "aws_iam_user_login_profile.ops") is Status.FAIL
    assert len(built) == 1  # one index for every lookup of the scan

    _write(tmp_path, {"mfa.tf": MFA_POLICY})
    assert _status(_verdicts(_scan(root), MFA), "main.tf", "aws_iam_user_login_profile.ops") is Status.PASS
    assert len(built) == 2


class _Graph:
    """The shape of checkov's rustworkx graph that lookups use: ``nodes()`` as (index, attributes)."""

    def __init__(self, *vertices: Mapping[str, Any]) -> None:
        self._nodes = list(enumerate(vertices))

    def nodes(self) -> list[tuple[int, Mapping[str, Any]]]:
        return self._nodes

    def __len__(self) -> int:
        return len(self._nodes)


def _resource(file: str, address: str, **attributes: Any) -> dict[str, Any]:
    rtype, name = address.rsplit(".", 2)[-2:]
    conf = {"__address__": address, **{k: [v] for k, v in attributes.items()}}
    return {"block_type_": "resource", "resource_type": rtype, "__address__": address, "file_path_": file,
            "config_": {rtype: {name: conf}}, **attributes}


def _conf(vertex: Mapping[str, Any]) -> Mapping[str, Any]:
    [by_name] = vertex["config_"].values()
    [conf] = by_name.values()
    return conf  # type: ignore[no-any-return]


def test_a_block_is_placed_by_its_own_configuration_else_by_a_unique_address() -> None:
    prod_group = _resource("/repo/prod/main.tf", "aws_db_subnet_group.db", subnet_ids="aws_subnet.a.id")
    dev_group = _resource("/repo/dev/main.tf", "aws_db_subnet_group.db", subnet_ids="aws_subnet.a.id")
    prod_subnet = _resource("/repo/prod/main.tf", "aws_subnet.a")
    only_in_prod = _resource("/repo/prod/main.tf", "aws_db_subnet_group.prod_only")
    g = _Graph(prod_group, dev_group, prod_subnet, only_in_prod)

    assert referenced(scope_of(g, _conf(prod_group)), "aws_subnet.a.id", "aws_subnet") == ([graph.Resource(
        "aws_subnet.a", prod_subnet)], False)
    assert referenced(scope_of(g, _conf(dev_group)), "aws_subnet.a.id", "aws_subnet") == ([], True)
    # a copy of the configuration: placed by its address when one root only has it, else nowhere
    assert scope_of(g, dict(_conf(only_in_prod))).key == ("/repo/prod", "")
    assert scope_of(g, dict(_conf(prod_group))).key is None
    assert scope_of(None, _conf(prod_group)) is NOWHERE


def test_a_plan_resource_is_placed_by_its_address_and_file() -> None:
    """checkov hands a plan's resources to checks as copies naming their file; each plan is a root."""
    a = _resource("/plans/a.json", "module.db.aws_db_subnet_group.db")
    b = _resource("/plans/b.json", "module.db.aws_db_subnet_group.db")
    g = _Graph(a, b)
    copy = {**_conf(b), "__file__": ["/plans/b.json"]}
    assert scope_of(g, copy).key == ("/plans/b.json", "module.db.")


def test_a_resource_with_count_zero_is_not_there() -> None:
    table = _resource("/r/main.tf", "aws_route_table.db")
    route = _resource("/r/main.tf", "aws_route.internet", count=0, route_table_id="aws_route_table.db.id")
    scope = scope_of(_Graph(table, route), _conf(table))
    assert scope.resources("aws_route") == ()
    assert [r.address for r in scope.resources("aws_route_table")] == ["aws_route_table.db"]


def test_a_provider_is_looked_up_in_the_resource_s_own_root() -> None:
    def provider(file: str, tag: str) -> dict[str, Any]:
        return {"block_type_": "provider", "__address__": "aws.default", "file_path_": file, "default_tags": tag}

    prod_bucket = _resource("/repo/prod/main.tf", "aws_s3_bucket.files")
    dev_bucket = _resource("/repo/dev/main.tf", "aws_s3_bucket.files")
    g = _Graph(provider("/repo/prod/main.tf", "prod"), provider("/repo/dev/main.tf", "dev"), prod_bucket, dev_bucket)
    assert (scope_of(g, _conf(dev_bucket)).provider("aws.default") or {}).get("default_tags") == "dev"
    assert (scope_of(g, _conf(prod_bucket)).provider("aws.default") or {}).get("default_tags") == "prod"
