"""Bucket policies assembled from several policy documents, and buckets judged by the policies attached to
them (BAOMI_AWS_S3_TLS_ONLY, BAOMI_AWS_S3_POLICY_PUBLIC), through baomi's IacSource and the real checkov.

Merging follows the AWS provider: ``source_policy_documents`` concatenated, then the document's own
statements, then ``override_policy_documents``, a statement with a non-blank ``sid`` replacing the one with
the same ``sid``. What cannot be seen is an ERROR naming it, never a PASS or a FAIL on a block out of sight.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from baomi.catalog import load_catalog
from baomi.model import Finding, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.iac import IacSource

TLS_ONLY, PUBLIC = "BAOMI_AWS_S3_TLS_ONLY", "BAOMI_AWS_S3_POLICY_PUBLIC"
CHECKS = [c for c in load_catalog().checks_for("checkov") if c.id in (TLS_ONLY, PUBLIC)]

DENY_HTTP = """
data "aws_iam_policy_document" "deny_http" {
  statement {
    sid       = "denyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    sid       = "read"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
  }
}

data "aws_iam_policy_document" "weaker" {
  statement {
    sid       = "denyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket" "b" {
  bucket = "customer-documents"
}
"""


def _scan(tmp_path: Path, body: str) -> dict[tuple[str, str], Finding]:
    (tmp_path / "main.tf").write_text(body)
    found = judge(IacSource((tmp_path,)), CHECKS, Settings())
    return {(f.check_id, f.resource): f for f in found}


def _combined(tmp_path: Path, arguments: str) -> dict[tuple[str, str], Finding]:
    return _scan(tmp_path, DENY_HTTP + f"""
data "aws_iam_policy_document" "combined" {{
{arguments}
}}

resource "aws_s3_bucket_policy" "b" {{
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.combined.json
}}
""")


def test_source_documents_are_concatenated(tmp_path: Path) -> None:
    found = _combined(tmp_path, """
  source_policy_documents = [data.aws_iam_policy_document.read.json, data.aws_iam_policy_document.deny_http.json]
""")
    assert found[TLS_ONLY, "aws_s3_bucket_policy.b"].status is Status.PASS
    assert found[PUBLIC, "aws_s3_bucket_policy.b"].status is Status.PASS
    assert found[TLS_ONLY, "aws_s3_bucket.b"].status is Status.NOT_APPLICABLE


def test_an_override_with_the_same_sid_replaces_the_tls_deny(tmp_path: Path) -> None:
    found = _combined(tmp_path, """
  source_policy_documents   = [data.aws_iam_policy_document.deny_http.json]
  override_policy_documents = [data.aws_iam_policy_document.weaker.json]
""")
    assert found[TLS_ONLY, "aws_s3_bucket_policy.b"].status is Status.FAIL


def test_an_own_statement_with_the_same_sid_replaces_a_source_statement(tmp_path: Path) -> None:
    found = _combined(tmp_path, """
  source_policy_documents = [data.aws_iam_policy_document.deny_http.json]
  statement {
    sid       = "denyInsecureTransport"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
""")
    assert found[TLS_ONLY, "aws_s3_bucket_policy.b"].status is Status.FAIL
    public = found[PUBLIC, "aws_s3_bucket_policy.b"]
    assert public.status is Status.FAIL and "denyInsecureTransport" in public.message


def test_an_override_that_cannot_be_read_may_replace_the_deny_and_is_named(tmp_path: Path) -> None:
    found = _combined(tmp_path, """
  source_policy_documents   = [data.aws_iam_policy_document.deny_http.json]
  override_policy_documents = [var.extra_policy]
""")
    tls = found[TLS_ONLY, "aws_s3_bucket_policy.b"]
    assert tls.status is Status.ERROR
    assert "override_policy_documents of data.aws_iam_policy_document.combined" in tls.message


def test_a_source_document_that_cannot_be_read_cannot_take_the_deny_away(tmp_path: Path) -> None:
    # source documents only add statements (the provider refuses a repeated Sid among them)
    found = _combined(tmp_path, """
  source_policy_documents = [data.aws_iam_policy_document.deny_http.json, var.extra_policy]
""")
    assert found[TLS_ONLY, "aws_s3_bucket_policy.b"].status is Status.PASS
    public = found[PUBLIC, "aws_s3_bucket_policy.b"]
    assert public.status is Status.ERROR and "var.extra_policy" in public.message


def test_a_document_outside_the_configuration_is_an_error(tmp_path: Path) -> None:
    found = _combined(tmp_path, """
  source_policy_documents = [data.aws_iam_policy_document.missing.json]
""")
    assert found[TLS_ONLY, "aws_s3_bucket_policy.b"].status is Status.ERROR


def test_a_bucket_with_no_policy_fails(tmp_path: Path) -> None:
    found = _scan(tmp_path, 'resource "aws_s3_bucket" "b" {\n  bucket = "customer-documents"\n}\n')
    finding = found[TLS_ONLY, "aws_s3_bucket.b"]
    assert finding.status is Status.FAIL and finding.message.startswith("no bucket policy")


def test_an_inline_policy_on_the_bucket_is_judged(tmp_path: Path) -> None:
    found = _scan(tmp_path, DENY_HTTP.replace('bucket = "customer-documents"', """bucket = "customer-documents"
  policy = data.aws_iam_policy_document.deny_http.json"""))
    assert found[TLS_ONLY, "aws_s3_bucket.b"].status is Status.PASS


@pytest.mark.parametrize("bucket", ['"customer-documents"', "aws_s3_bucket.b.bucket"])
def test_a_policy_naming_the_bucket_by_name_or_reference_is_found(tmp_path: Path, bucket: str) -> None:
    found = _scan(tmp_path, DENY_HTTP + f"""
resource "aws_s3_bucket_policy" "b" {{
  bucket = {bucket}
  policy = data.aws_iam_policy_document.read.json
}}
""")
    assert found[TLS_ONLY, "aws_s3_bucket.b"].status is Status.NOT_APPLICABLE
    assert found[TLS_ONLY, "aws_s3_bucket_policy.b"].status is Status.FAIL


def test_a_policy_whose_bucket_cannot_be_resolved_leaves_the_bucket_unknown(tmp_path: Path) -> None:
    found = _scan(tmp_path, DENY_HTTP + """
variable "bucket_name" {}

resource "aws_s3_bucket_policy" "other" {
  bucket = var.bucket_name
  policy = data.aws_iam_policy_document.deny_http.json
}
""")
    finding = found[TLS_ONLY, "aws_s3_bucket.b"]
    assert finding.status is Status.ERROR and "aws_s3_bucket_policy.other" in finding.message
