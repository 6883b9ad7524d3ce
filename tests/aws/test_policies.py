"""The live S3 TLS-only and IAM administrator checks judge policies by the same rules as the IaC
checks (baomi.checks.policy): a TLS deny must reach everyone on every object, and NotAction grants
(nearly) everything. Seeded in an account of its own, so the estates stay as they are."""
from __future__ import annotations

import json

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status

from .conftest import scan
from .estate import Estate, role_clients

pytestmark = pytest.mark.aws

ROLE = "arn:aws:iam::333333333333:role/baomi-audit"
REGION = "us-east-1"
_INSECURE_TRANSPORT = {"Bool": {"aws:SecureTransport": "false"}}


def _deny_plain_http(bucket: str, principal: object, resources: list[str]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": principal, "Action": "s3:*",
        "Resource": [r.format(bucket=bucket) for r in resources], "Condition": _INSECURE_TRANSPORT}]})


_ALL_OBJECTS = ["arn:aws:s3:::{bucket}", "arn:aws:s3:::{bucket}/*"]
#: bucket -> (its policy, or None for no policy; expected status)
BUCKETS = {
    "tls-everyone": (("*", _ALL_OBJECTS), Status.PASS),
    "tls-one-role": (({"AWS": "arn:aws:iam::333333333333:role/app"}, _ALL_OBJECTS), Status.FAIL),
    "tls-one-prefix": (("*", ["arn:aws:s3:::{bucket}/exports/*"]), Status.FAIL),
    "tls-no-policy": (None, Status.FAIL),
}
#: user -> (inline policy statement; expected status)
USERS = {
    "admin-action-star": ({"Effect": "Allow", "Action": "*", "Resource": "*"}, Status.FAIL),
    "admin-not-action": ({"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
                         Status.FAIL),
    "reports-reader": ({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},
                       Status.PASS),
}


@pytest.fixture(scope="module")
def policies(moto) -> Estate:
    estate = Estate("333333333333", ROLE, (REGION,), "aws")
    client = role_clients(moto.url, ROLE)
    s3, iam = client("s3", REGION), client("iam", REGION)
    for bucket, (policy, _) in BUCKETS.items():
        s3.create_bucket(Bucket=bucket)
        if policy is not None:
            s3.put_bucket_policy(Bucket=bucket, Policy=_deny_plain_http(bucket, *policy))
    for user, (statement, _) in USERS.items():
        iam.create_user(UserName=user)
        iam.put_user_policy(UserName=user, PolicyName="duties",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    return estate


def _checks(*ids: str):
    return tuple(c for c in load_catalog().checks_for("aws") if c.id in ids)


def test_tls_only_needs_a_deny_for_everyone_on_every_object(moto, policies):
    findings = scan(policies, moto, _checks("AWS_S3_TLS_ONLY"))
    assert {(f.resource, f.status) for f in findings} == {
        (f"arn:aws:s3:::{bucket}", status) for bucket, (_, status) in BUCKETS.items()}
    role_only = next(f for f in findings if f.resource.endswith(":tls-one-role"))
    assert role_only.message == ("no statement denies s3:* on every object to every principal when "
                                 "aws:SecureTransport is false")


def test_not_action_allow_on_every_resource_is_administrator(moto, policies):
    findings = scan(policies, moto, _checks("AWS_IAM_USER_ADMIN_POLICY"))
    assert {(f.resource.rsplit("/", 1)[-1], f.status) for f in findings} == {
        (user, status) for user, (_, status) in USERS.items()}
    assert {f.message for f in findings if f.resource.endswith("/admin-not-action")} == {
        "admin-not-action has administrator rights attached directly: inline policy 1"}
