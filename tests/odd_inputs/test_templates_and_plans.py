"""CloudFormation templates and Terraform plans that are odd in shape or size: each bad one is one ERROR
naming the file and why, at once; the good ones around them are still judged; nothing of their content
is printed. A plan is told by its parsed keys, not by its first 4 KB."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from baomi.sources.iac.cloudformation_templates import MAX_BYTES

from .corpus import FAILING_CFN, SECRET, Outcome, alias_bomb, scan

PLAN = Path(__file__).parents[1] / "fixtures" / "iac_source" / "plan" / "tfplan.json"
_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n'
_BUCKET = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
_NONE = "; none of its resources were evaluated"

#: file -> (how it is made, the reason its ERROR gives)
TEMPLATES: dict[str, tuple[str, str]] = {
    "bomb.yaml": (_HEAD + "Metadata:\n" + alias_bomb(indent="  ") + _BUCKET,
                  "it was not read: its aliases expand to more than 1,000,000 nodes (an alias bomb?)"),
    "recursive.yaml": (_HEAD + f"Metadata: &m\n  note: {SECRET}\n  self: *m\n" + _BUCKET,
                       "it was not read: an alias refers to a node that contains it (a recursive alias)"),
    "deep.json": ('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", '
                  f'"Properties": {{"Tags": {"[" * 5000}"{SECRET}"{"]" * 5000}}}}}}}}}',
                  "it was not read: nested too deeply"),
    "list.yaml": (f"- {_HEAD}  Description: {SECRET}\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n",
                  "its top level is a list of templates, not one template (a mapping with Resources)"),
    "array.json": (json.dumps([{"AWSTemplateFormatVersion": "2010-09-09", "Description": SECRET,
                                "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}]),
                   "its top level is a list of templates, not one template (a mapping with Resources)"),
    "tagged.yaml": ("--- !Template\n" + _HEAD + f"Description: {SECRET}\n" + _BUCKET,
                    "its top level carries the YAML tag !Template, so it is not a template mapping; remove the tag"),
    "twice.json": (json.dumps(json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Description": SECRET,
                                          "Resources": {"B": {"Type": "AWS::S3::Bucket"}}})),
                   "its top level is a string holding a template (encoded twice?), not a template mapping"),
    "resources-list.yaml": (_HEAD + f"Description: {SECRET}\nResources:\n  - Type: AWS::S3::Bucket\n",
                            "Resources is a list, not a mapping of logical IDs to resources"),
}
_OVERSIZE = "oversize.json"


def _sorted_plan() -> str:
    """The fixture plan as `jq -S` writes it, with a configuration large enough to push format_version
    and planned_values past the first 4 KB."""
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    plan["configuration"]["root_module"]["variables"] = {
        f"note_{n}": {"default": "x" * 100, "description": "padding"} for n in range(60)}
    return json.dumps(plan, sort_keys=True, indent=2)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    root = tmp_path_factory.mktemp("templates")
    cfn = root / "cfn"
    cfn.mkdir()
    for name, (text, _) in TEMPLATES.items():
        (cfn / name).write_text(text, encoding="utf-8")
    (cfn / "good.yaml").write_text(FAILING_CFN, encoding="utf-8")
    with (cfn / _OVERSIZE).open("w", encoding="utf-8") as fh:  # 34 MB: a message must not quote it
        fh.write('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket"}}, '
                 f'"Metadata": {{"pad": "{SECRET}')
        fh.write("x" * (34 * 2**20))
        fh.write('"}}')
    plan = _sorted_plan()
    assert plan.index('"format_version"') > 4096 and plan.index('"planned_values"') > 4096
    (root / "plan").mkdir()
    (root / "plan" / "sorted.json").write_text(plan, encoding="utf-8")
    return scan(root, "cfn", "plan")


def test_the_scan_ends_with_the_gate_failed_and_no_traceback(templates: Outcome) -> None:
    assert templates.code == 1, templates.err
    templates.assert_no_traceback()


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_each_misshapen_or_hostile_template_is_one_error_naming_it(templates: Outcome, name: str) -> None:
    message = f"cannot evaluate cfn/{name}: {TEMPLATES[name][1]}{_NONE}"
    assert templates.errors().get(f"cfn/{name}") == message
    assert message in templates.out  # named on the terminal (the first ten groups are shown)


def test_an_oversized_template_is_refused_without_being_read(templates: Outcome) -> None:
    assert templates.errors().get(f"cfn/{_OVERSIZE}") == (
        f"cannot evaluate cfn/{_OVERSIZE}: it is larger than {MAX_BYTES // 2**20} MB, far over the 1 MB "
        f"CloudFormation accepts, and was not read{_NONE}")


def test_nothing_else_is_an_error_and_the_good_template_and_the_sorted_plan_are_judged(templates: Outcome) -> None:
    assert set(templates.errors()) == {f"cfn/{name}" for name in (*TEMPLATES, _OVERSIZE)}
    judged = {(f["check_id"], f["source"], f["resource"], f["status"]) for f in templates.document["findings"]}
    assert ("CKV_AWS_16", "cloudformation", "AWS::RDS::DBInstance.Ledger", "fail") in judged
    assert ("CKV_AWS_16", "terraform_plan", "aws_db_instance.customers", "fail") in judged


def test_the_terminal_names_every_error_with_a_pointer_to_the_reports(templates: Outcome) -> None:
    listed = [line for line in templates.out.splitlines() if line.startswith("  cannot evaluate")]
    assert len(listed) == len(TEMPLATES) + 1
    assert "  every one is in reports/report.html, reports/report.json," in templates.out
    assert all(len(line) <= 242 for line in templates.out.splitlines())


def test_no_planted_secret_and_no_huge_line_in_any_output(templates: Outcome) -> None:
    templates.assert_no_secret()
    for name, text in templates.texts().items():
        assert max(map(len, text.splitlines()), default=0) < 100_000, name
