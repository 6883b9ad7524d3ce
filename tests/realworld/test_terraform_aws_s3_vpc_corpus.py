"""Hand-reviewed verdicts on terraform-aws-modules' s3-bucket and vpc modules (docs/validation.md).

The defect classes of issue 7 measured here: bucket policies assembled from several policy documents
(``source_policy_documents``) were never followed, so the TLS-only and public-policy checks gave no
verdict; a bucket with no policy got no TLS-only verdict at all; the resources of a module called over an
empty ``for_each`` (``wrappers/``) got findings although Terraform creates none of them; ERRORs that did
not say what could not be resolved.
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
S3 = "tests/realworld/terraform-aws-s3-bucket"
VPC = "tests/realworld/terraform-aws-vpc"
COMPLETE = f"{S3}/examples/complete"
FLOW_LOG = f"{VPC}/examples/flow-log"


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    source = IacSource((CORPUS / "terraform-aws-s3-bucket", CORPUS / "terraform-aws-vpc"))
    return list(judge(source, load_catalog().checks, Settings()))


def verdicts(findings: Iterable[Finding], check_id: str) -> dict[str, Finding]:
    return {f.resource: f for f in findings if f.check_id == check_id}


def test_a_policy_merged_from_source_documents_is_followed_to_its_tls_deny(findings: list[Finding]) -> None:
    # data "aws_iam_policy_document" "combined" { source_policy_documents = compact([... deny_insecure_transport ...]) }
    # wrapped in replace(replace(replace(..., "_S3_BUCKET_ID_", ...))): the denyInsecureTransport statement
    # (Deny s3:* to "*" on the bucket and bucket/* when aws:SecureTransport is false) is in the merged policy
    found = verdicts(findings, "BAOMI_AWS_S3_TLS_ONLY")
    for module in ("log_bucket", "s3_bucket"):
        assert found[f"{COMPLETE}:module.{module}.aws_s3_bucket_policy.this[0]"].status is Status.PASS
        bucket = found[f"{COMPLETE}:module.{module}.aws_s3_bucket.this"]
        assert bucket.status is Status.NOT_APPLICABLE
        assert "judged on aws_s3_bucket_policy.this[0]" in bucket.message


def test_a_bucket_with_no_policy_fails_tls_only(findings: list[Finding]) -> None:
    # attach_* left false: the module creates no aws_s3_bucket_policy (count = 0), and no other policy names it
    found = verdicts(findings, "BAOMI_AWS_S3_TLS_ONLY")
    for module in ("simple_bucket", "cloudfront_log_bucket", "simple_account_regional_bucket"):
        finding = found[f"{COMPLETE}:module.{module}.aws_s3_bucket.this"]
        assert finding.status is Status.FAIL
        assert finding.message.startswith("no bucket policy")


def test_a_public_policy_verdict_on_documents_out_of_sight_is_an_error_naming_them(findings: list[Finding]) -> None:
    # checkov renders source_policy_documents as text cut short after ten items (the caller's own policy,
    # var.policy, and the WAF and inventory documents are lost); log_bucket's ELB document adds statements
    # with a dynamic block over the region map: neither public nor private can be told
    found = verdicts(findings, "BAOMI_AWS_S3_POLICY_PUBLIC")
    log_bucket = found[f"{COMPLETE}:module.log_bucket.aws_s3_bucket_policy.this[0]"]
    s3_bucket = found[f"{COMPLETE}:module.s3_bucket.aws_s3_bucket_policy.this[0]"]
    assert log_bucket.status is Status.ERROR and s3_bucket.status is Status.ERROR
    assert "source_policy_documents of data.aws_iam_policy_document.combined" in s3_bucket.message
    assert 'dynamic "statement" of data.aws_iam_policy_document.elb_log_delivery' in log_bucket.message


def test_modules_called_over_an_empty_for_each_give_no_findings(findings: list[Finding]) -> None:
    # wrappers/main.tf: module "wrapper" { for_each = var.items } with var.items defaulting to {}
    assert [f for f in findings if "module.wrapper." in f.resource or "/wrappers" in f.resource] == []


def test_flow_log_retention_under_the_minimum_fails(findings: list[Finding]) -> None:
    # module "flow_log" keeps the module's defaults: a CloudWatch log group with 90 days' retention
    found = verdicts(findings, "BAOMI_AWS_LOG_GROUP_RETENTION")
    finding = found[f"{FLOW_LOG}:module.flow_log.aws_cloudwatch_log_group.this"]
    assert (finding.status, finding.message) == (Status.FAIL, "retention 90 days is under the minimum of 184 days")
    # examples/flow-log declares its own log group with retention_in_days = 7 (a root resource: no prefix)
    assert found["aws_cloudwatch_log_group.flow_log"].status is Status.FAIL


def test_errors_name_what_could_not_be_resolved(findings: list[Finding]) -> None:
    # kms_key_id = var.cloudwatch_log_group_kms_key_id (default null): checkov leaves the variable as text
    kms = verdicts(findings, "CKV_AWS_158")[f"{FLOW_LOG}:module.flow_log.aws_cloudwatch_log_group.this"]
    assert (kms.status, kms.message) == (
        Status.ERROR, "not evaluated: could not resolve kms_key_id = var.cloudwatch_log_group_kms_key_id")
    generic = "not evaluated: checkov could not resolve the values this check needs"
    assert [f.resource for f in findings
            if f.check_id.startswith("BAOMI_AWS") and f.status is Status.ERROR and f.message == generic] == []


def test_errors_and_baomi_failures_are_the_reviewed_ones(findings: list[Finding]) -> None:
    errors = sorted((f.check_id, f.resource) for f in findings
                    if f.status is Status.ERROR and f.check_id.startswith("BAOMI_"))
    assert errors == sorted([
        ("BAOMI_AWS_S3_POLICY_PUBLIC", f"{COMPLETE}:module.log_bucket.aws_s3_bucket_policy.this[0]"),
        ("BAOMI_AWS_S3_POLICY_PUBLIC", f"{COMPLETE}:module.s3_bucket.aws_s3_bucket_policy.this[0]"),
        ("BAOMI_SOURCE_ERROR", "module.s3_bucket"),
    ])


def test_a_module_called_with_create_false_gives_no_findings(findings: list[Finding]) -> None:
    # create_bucket = false: count = local.create_bucket && ... ? 1 : 0 is 0, though checkov renders this[0]
    assert [f.resource for f in findings if "module.disabled." in f.resource and f.resource.startswith(COMPLETE)] == []
    assert not [f for f in findings if f.resource.startswith("module.disabled.")]  # graph checks' records too


def test_flow_log_groups_the_code_never_creates_get_no_findings(findings: list[Finding]) -> None:
    # module "vpc" in examples/simple and flow-log leaves enable_flow_log at its default, false; flow_log_s3 and
    # flow_log_s3_parquet send flow logs to S3, flow_log_cloudwatch_external brings its own log group
    never = {f"{VPC}/examples/simple:module.vpc.aws_cloudwatch_log_group.flow_log",
             f"{FLOW_LOG}:module.vpc.aws_cloudwatch_log_group.flow_log",
             *(f"{FLOW_LOG}:module.{m}.aws_cloudwatch_log_group.this"
               for m in ("flow_log_s3", "flow_log_s3_parquet", "flow_log_cloudwatch_external", "disabled"))}
    assert sorted(f.resource for f in findings if f.resource in never) == []
    assert f"{FLOW_LOG}:module.flow_log.aws_cloudwatch_log_group.this" in {f.resource for f in findings}


def test_nothing_is_de_duplicated_away(findings: list[Finding]) -> None:
    keys = [(f.check_id, f.resource, f.location.file if f.location else None, f.location.line if f.location else None)
            for f in findings]
    assert len(keys) == len(set(keys))
