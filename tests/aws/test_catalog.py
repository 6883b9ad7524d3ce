"""The catalog entries of engine aws and the check implementations match one to one."""
from __future__ import annotations

import pytest

from baomi.catalog import load_catalog
from baomi.checks.aws import REGISTRY
from baomi.sources.aws.clients import iam_action

pytestmark = pytest.mark.aws


def test_every_aws_catalog_check_has_an_implementation_and_back():
    catalog = {c.id for c in load_catalog().checks_for("aws")}
    assert catalog == set(REGISTRY.checks())
    assert all(c.startswith("AWS_") for c in catalog)


def test_every_aws_check_is_bilingual_and_mapped():
    for check in load_catalog().checks_for("aws"):
        assert check.sources == ("aws",) and check.controls and check.resource_types
        assert check.title.zh != check.title.en and check.remediation.text.zh != check.remediation.text.en


def test_iam_action_names_follow_the_service_authorization_reference():
    assert iam_action("s3", "GetBucketEncryption") == "s3:GetEncryptionConfiguration"
    assert iam_action("s3control", "GetPublicAccessBlock") == "s3:GetAccountPublicAccessBlock"
    assert iam_action("elbv2", "DescribeListeners") == "elasticloadbalancing:DescribeListeners"
    assert iam_action("rds", "DescribeDBParameters") == "rds:DescribeDBParameters"
