"""Whom a bucket or key policy grants, beyond the estates: a CloudFront origin access identity and the bucket
owner's own canonical ID grant no other account; everyone pinned to an account by a condition key is a grant to
that account; everyone pinned to an organisation is not known to stay in trusted accounts. Everything is moto's
(account 737373737373, us-east-1)."""
from __future__ import annotations

import json

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status

from .conftest import scan
from .estate import Estate, role_clients

pytestmark = pytest.mark.aws
ACCOUNT, REGION, STRANGER = "737373737373", "us-east-1", "999999999999"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/baomi-audit"
CHECKS = tuple(c for c in load_catalog().checks_for("aws")
               if c.id in ("AWS_S3_CROSS_ACCOUNT", "AWS_KMS_KEY_POLICY_EXPOSURE"))
OAI = "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"


def _policy(principal: object, action: str, resource: str, condition: dict | None = None) -> str:
    statement = {"Sid": "Share", "Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource}
    if condition is not None:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture(scope="module")
def estate(moto) -> Estate:
    client = role_clients(moto.url, ROLE)
    s3, kms = client("s3", REGION), client("kms", REGION)
    estate = Estate(ACCOUNT, ROLE, (REGION,), "aws")
    owner = None
    for name in ("principals-oai", "principals-owner", "principals-pinned", "principals-org"):
        s3.create_bucket(Bucket=name)
        owner = s3.get_bucket_acl(Bucket=name)["Owner"]["ID"]
        estate.arn[name] = f"arn:aws:s3:::{name}"
    objects = "arn:aws:s3:::{}/*".format
    s3.put_bucket_policy(Bucket="principals-oai", Policy=_policy({"AWS": OAI}, "s3:GetObject",
                                                                  objects("principals-oai")))
    s3.put_bucket_policy(Bucket="principals-owner", Policy=_policy({"CanonicalUser": owner}, "s3:GetObject",
                                                                    objects("principals-owner")))
    s3.put_bucket_policy(Bucket="principals-pinned", Policy=_policy(
        {"AWS": "*"}, "s3:GetObject", objects("principals-pinned"),
        {"StringEquals": {"aws:PrincipalAccount": STRANGER}}))
    s3.put_bucket_policy(Bucket="principals-org", Policy=_policy(
        "*", "s3:GetObject", objects("principals-org"), {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}))
    key = kms.create_key(Policy=_policy({"AWS": "*"}, "kms:Decrypt", "*",
                                        {"StringEquals": {"kms:CallerAccount": STRANGER}}))["KeyMetadata"]
    estate.arn["key"] = key["Arn"]
    return estate


def test_principals_that_name_no_other_account_and_accounts_named_by_conditions(moto, estate):
    findings = {f.resource: (f.status, f.message) for f in scan(estate, moto, CHECKS)}
    shared = f"shared with accounts not in trusted_accounts: {STRANGER}"
    assert {label: findings[arn] for label, arn in estate.arn.items()} == {
        "principals-oai": (Status.PASS, "shared with no account outside this one and trusted_accounts"),
        "principals-owner": (Status.PASS, "shared with no account outside this one and trusted_accounts"),
        "principals-pinned": (Status.FAIL, shared),
        "principals-org": (Status.ERROR, 'not evaluated: the bucket policy names principals whose account cannot '
                                         'be read: Principal "*" in Share, limited by a condition that names no '
                                         'account'),
        "key": (Status.FAIL, f"key policy grants accounts not in trusted_accounts: {STRANGER}"),
    }
