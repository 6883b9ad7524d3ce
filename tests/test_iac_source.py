"""The checkov source on real files: what checkov is quiet about must come out as ERROR findings."""
from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest

from baomi.catalog import load_catalog
from baomi.model import SOURCE_ERROR_CHECK, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.iac import IacSource
from baomi.sources.interface import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "iac_source"
CATALOG = load_catalog()
IAC_CHECKS = CATALOG.checks_for("checkov")


def scan(*paths: Path, exclude: tuple[str, ...] = ()) -> list:
    return list(judge(IacSource(tuple(paths), exclude), IAC_CHECKS, Settings()))


def pick(findings: list, check_id: str) -> dict[str, Status]:
    return {f.resource: f.status for f in findings if f.check_id == check_id}


def test_unparseable_terraform_is_an_error_with_the_parser_message() -> None:
    findings = scan(FIXTURES / "broken")
    errors = [f for f in findings if f.check_id == SOURCE_ERROR_CHECK]
    assert len(errors) == 1
    error = errors[0]
    assert error.status is Status.ERROR
    assert error.location is not None and error.location.file.endswith("broken/main.tf")
    assert "could not parse" in error.message and "Unexpected" in error.message
    # the file that parses is still judged
    assert pick(findings, "CKV_AWS_16") == {"aws_db_instance.ledger": Status.PASS}


def test_unparseable_cloudformation_names_the_line() -> None:
    errors = [f for f in scan(FIXTURES / "cfn_broken") if f.check_id == SOURCE_ERROR_CHECK]
    assert len(errors) == 1
    assert errors[0].location is not None and errors[0].location.line == 5
    assert "line 5" in errors[0].message


def test_an_unresolved_value_is_not_evaluated_never_passed() -> None:
    findings = scan(FIXTURES / "unresolved")
    [finding] = [f for f in findings if f.check_id == "CKV_AWS_16"]
    assert finding.status is Status.ERROR
    assert finding.message.startswith("not evaluated")
    assert finding.location is not None and finding.location.line == 5


def test_inline_suppression_is_kept_with_its_reason() -> None:
    findings = [f for f in scan(FIXTURES / "suppressed") if f.check_id == "CKV_AWS_16"]
    by_resource = {f.resource: f for f in findings}
    assert by_resource["aws_db_instance.customers"].status is Status.FAIL
    suppressed = by_resource["aws_db_instance.reporting"]
    assert suppressed.status is Status.SUPPRESSED
    assert suppressed.suppression == "read replica of an encrypted source, encryption is inherited"


def test_exclude_globs_are_honoured() -> None:
    everything = pick(scan(FIXTURES / "excluded"), "CKV_AWS_16")
    assert "aws_db_instance.scratch" in everything
    kept = pick(scan(FIXTURES / "excluded", exclude=("*/skipme/*",)), "CKV_AWS_16")
    assert "aws_db_instance.scratch" not in kept and "aws_db_instance.customers" in kept


def test_terraform_plan_json_is_scanned() -> None:
    findings = scan(FIXTURES / "plan" / "tfplan.json")
    assert {f.source for f in findings} == {"terraform_plan"}
    assert pick(findings, "CKV_AWS_16") == {"aws_db_instance.customers": Status.FAIL}


def test_a_missing_path_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="no such file"):
        scan(FIXTURES / "does-not-exist")


def test_a_scan_makes_no_network_call_and_leaves_logging_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    try:
        findings = scan(FIXTURES / "suppressed", FIXTURES / "cfn_broken")
    finally:
        monkeypatch.setattr(socket.socket, "connect", real_connect)
    assert findings
    assert attempts == []
    assert (root.level, list(root.handlers)) == before


def test_a_skip_without_a_reason_is_not_accepted_as_a_suppression() -> None:
    findings = [f for f in scan(FIXTURES / "unexplained") if f.check_id == "CKV_AWS_16"]
    assert {f.resource: f.status for f in findings} == {
        "aws_db_instance.no_reason": Status.ERROR, "aws_db_instance.empty_reason": Status.ERROR}
    assert all("without a reason" in f.message and f.suppression is None for f in findings)


@pytest.mark.parametrize("target", ["tfjson", "tfjson/main.tf.json"])
def test_terraform_json_is_scanned(target: str) -> None:
    findings = scan(FIXTURES / target)
    assert {f.source for f in findings} == {"terraform_json"}
    failing = {(f.check_id, f.resource) for f in findings if f.status is Status.FAIL}
    assert {("CKV_AWS_16", "aws_db_instance.customers"), ("CKV_AWS_17", "aws_db_instance.customers")} <= failing


def test_a_module_that_could_not_be_loaded_is_an_error_not_silence() -> None:
    findings = scan(FIXTURES / "remote_module")
    errors = [f for f in findings if f.check_id == SOURCE_ERROR_CHECK]
    assert [(e.resource, e.location.line if e.location else None) for e in errors] == [("module.bucket", 1)]
    assert "terraform-aws-modules/s3-bucket/aws" in errors[0].message and "terraform init" in errors[0].message
    # the local module is loaded and judged
    assert pick(findings, "CKV_AWS_16") == {
        "tests/fixtures/iac_source/remote_module:module.local.aws_db_instance.ledger": Status.PASS}


def test_a_remote_module_called_from_a_local_module_is_named_by_each_instance_that_calls_it() -> None:
    """One error per instance, named from its root like a resource inside a module; none where the calls
    above it create no instance (count = 0 on the root's call, count = 0 from create = false passed down)."""
    root = "tests/fixtures/iac_source/nested_remote_module/root"
    errors = sorted((f.resource, f.location.file if f.location else None)
                    for f in scan(FIXTURES / "nested_remote_module") if f.check_id == SOURCE_ERROR_CHECK)
    inner = "tests/fixtures/iac_source/nested_remote_module/modules/inner/main.tf"
    assert errors == sorted([
        (f'{root}:module.each["a"].module.inner[0].module.acm', inner),
        (f'{root}:module.each["b"].module.inner[0].module.acm', inner),
        (f"{root}:module.on.module.inner[0].module.acm", inner),
        ("module.queue", f"{root}/main.tf"),  # a call in the root, like the root's resources, goes without prefix
    ])
