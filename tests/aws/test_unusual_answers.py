"""Answers the seeded estates never give: an attribute absent, a status AWS may add, a listing that stops short, user
data that does not decompress. Each is judged or reported as not evaluated, never a silent pass nor a traceback.

Where moto can hold the case it is seeded (a corrupt gzip user data, a vault lock without a minimum retention, real
CloudFront distributions); where it cannot (Lambda's Environment.Error, an ACM status outside the API's, a key
without KeyManager, an instance without PubliclyAccessible, a truncated page without a marker) the scanner's own
client answers that one operation with a response validated against botocore's model (tests/aws/stubs.py), every
other call going to the moto server. Each account here is its own, so nothing else is listed."""
from __future__ import annotations

import gzip
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from tests.support.recording import Recorder

from . import stubs
from .conftest import scan
from .estate import Estate, _distribution, role_clients

pytestmark = pytest.mark.aws
REGION = "us-east-1"


def _estate(account: str) -> Estate:
    return Estate(account, f"arn:aws:iam::{account}:role/baomi-audit", (REGION,), "aws")


def _judged(moto, estate: Estate, check: str, *hooks: Any) -> list[tuple[str, Status, str]]:
    checks = tuple(c for c in load_catalog().checks_for("aws") if c.id == check)
    findings = scan(estate, moto, checks, recorder=Recorder(extra=list(hooks)))
    return sorted((f.resource, f.status, f.message) for f in findings)


def _answering(service: str, operation: str, response: dict[str, Any]) -> Any:
    """A client hook: ``service``'s ``operation`` answers ``response`` (validated) to every request."""
    def install(account: str | None, region: str, name: str, client: Any) -> None:
        if name == service:
            stubs.answer_for(client, operation, {None: response})

    return install


def test_lambda_environment_lambda_cannot_decrypt_is_not_evaluated(moto):
    estate = _estate("777700000031")
    arn = f"arn:aws:lambda:{REGION}:{estate.account}:function:payments"
    message = "Lambda was unable to decrypt: DB_PASSWORD=hunter2-do-not-print"
    hook = _answering("lambda", "ListFunctions", {"Functions": [
        {"FunctionName": "payments", "FunctionArn": arn, "Environment": {
            "Error": {"ErrorCode": "KMSAccessDeniedException", "Message": message}}}]})
    judged = _judged(moto, estate, "AWS_LAMBDA_ENV_SECRETS", hook)
    assert judged == [(arn, Status.ERROR, "not evaluated: Lambda cannot read the function's environment variables "
                                          "(Environment.Error KMSAccessDeniedException)")]


CERTIFICATE = "arn:aws:acm:us-east-1:777700000032:certificate/"


def _certificate(name: str, **fields: Any) -> dict[str, Any]:
    return {"CertificateArn": CERTIFICATE + name, "DomainName": f"{name}.example.cn", **fields}


def test_certificate_status_not_known_is_not_evaluated_idle_ones_are_not_judged(moto):
    hook = _answering("acm", "ListCertificates", {"CertificateSummaryList": [
        _certificate("pending", Status="PENDING_VALIDATION", InUse=False),
        _certificate("timed-out", Status="VALIDATION_TIMED_OUT", InUse=False),
        _certificate("inactive", Status="INACTIVE", InUse=False),
        _certificate("failed", Status="FAILED", InUse=False),
        _certificate("no-status", InUse=True),
        _certificate("new-status", Status="SUSPENDED", InUse=True),
        _certificate("issued", Status="ISSUED", InUse=True, NotAfter=datetime(2999, 1, 1, tzinfo=timezone.utc))]})
    judged = _judged(moto, _estate("777700000032"), "AWS_ACM_CERT_EXPIRY", hook)
    known = ("ISSUED, EXPIRED, REVOKED, PENDING_VALIDATION, INACTIVE, VALIDATION_TIMED_OUT, FAILED")
    assert [(resource.removeprefix(CERTIFICATE), status, message) for resource, status, message in judged
            if not resource.endswith("issued")] == [
        ("new-status", Status.ERROR, f"not evaluated: the certificate's Status is 'SUSPENDED', not one this check "
                                     f"knows ({known})"),
        ("no-status", Status.ERROR, f"not evaluated: the certificate's Status is absent, not one this check knows "
                                    f"({known})")]
    assert [status for resource, status, _ in judged if resource.endswith("issued")] == [Status.PASS]


KEYS = "arn:aws:kms:us-east-1:777700000033:key/"


def _keys(metadata: Mapping[str, Mapping[str, Any]]) -> Any:
    """ListKeys answers the keys of ``metadata`` (key ID -> KeyMetadata fields) and DescribeKey each one's."""
    def described(params: Mapping[str, Any]) -> dict[str, Any]:
        return {"KeyMetadata": {"KeyId": params["KeyId"], "Arn": KEYS + params["KeyId"], **metadata[params["KeyId"]]}}

    def install(account: str | None, region: str, service: str, client: Any) -> None:
        if service == "kms":
            stubs.answer_for(client, "ListKeys", {None: {"Keys": [
                {"KeyId": key, "KeyArn": KEYS + key} for key in metadata]}})
            stubs.answer_calls(client, "DescribeKey", described)

    return install


def test_key_manager_not_known_is_not_evaluated(moto):
    hook = _keys({"absent": {"KeyState": "Enabled"}, "odd": {"KeyManager": "PARTNER", "KeyState": "Enabled"},
                  "aws": {"KeyManager": "AWS", "KeyState": "Enabled"},
                  "leaving": {"KeyState": "PendingDeletion"}})  # can no longer be used, whoever manages it
    judged = _judged(moto, _estate("777700000033"), "AWS_KMS_KEY_POLICY_EXPOSURE", hook)
    assert judged == [
        (KEYS + "absent", Status.ERROR, "not evaluated: the key's KeyManager is absent, expected CUSTOMER or AWS"),
        (KEYS + "odd", Status.ERROR, "not evaluated: the key's KeyManager is 'PARTNER', expected CUSTOMER or AWS")]


def test_key_rotation_of_a_key_whose_manager_is_not_known_is_not_evaluated(moto):
    hook = _keys({"absent": {"KeyState": "Enabled"}, "odd": {"KeyManager": "PARTNER", "KeyState": "Enabled"},
                  "aws": {"KeyManager": "AWS", "KeyState": "Enabled"},
                  "leaving": {"KeyState": "PendingDeletion"}})
    judged = _judged(moto, _estate("777700000043"), "AWS_KMS_KEY_ROTATION", hook)
    assert judged == [
        (KEYS + "absent", Status.ERROR, "not evaluated: the key's KeyManager is absent, expected CUSTOMER or AWS"),
        (KEYS + "odd", Status.ERROR, "not evaluated: the key's KeyManager is 'PARTNER', expected CUSTOMER or AWS")]


def test_instance_without_publicly_accessible_is_not_evaluated(moto):
    estate = _estate("777700000034")
    arn = f"arn:aws:rds:{REGION}:{estate.account}:db:ledger"
    hook = _answering("rds", "DescribeDBInstances", {"DBInstances": [
        {"DBInstanceIdentifier": "ledger", "DBInstanceArn": arn, "Engine": "postgres"}]})
    assert _judged(moto, estate, "AWS_RDS_NOT_PUBLIC", hook) == [
        (arn, Status.ERROR, "not evaluated: PubliclyAccessible is absent, expected true or false")]


@pytest.mark.parametrize(("account", "user_data"), [
    ("777700000035", gzip.compress(b"#!/bin/sh\necho hello\n")[:-12]),  # truncated: EOFError
    ("777700000036", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03not deflate at all"),  # zlib.error
], ids=["truncated", "corrupt"])
def test_user_data_gzip_that_does_not_decompress_is_not_evaluated(moto, account, user_data):
    estate = _estate(account)
    ec2 = role_clients(moto.url, estate.role_arn)("ec2", REGION)
    instance = ec2.run_instances(ImageId="ami-0abcdef1234567890", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                 UserData=user_data)["Instances"][0]["InstanceId"]
    assert _judged(moto, estate, "AWS_EC2_USER_DATA_SECRETS") == [
        (f"arn:aws:ec2:{REGION}:{account}:instance/{instance}", Status.ERROR,
         "not evaluated: user data is gzip that cannot be decompressed")]


def test_vault_lock_without_minimum_retention_passes_without_claiming_one(moto):
    estate = _estate("777700000037")
    backup = role_clients(moto.url, estate.role_arn)("backup", REGION)
    backup.create_backup_vault(BackupVaultName="locked")
    backup.put_backup_vault_lock_configuration(BackupVaultName="locked")
    backup.create_backup_vault(BackupVaultName="kept")
    backup.put_backup_vault_lock_configuration(BackupVaultName="kept", MinRetentionDays=35)
    judged = _judged(moto, estate, "AWS_BACKUP_VAULT_LOCKED")
    assert [(resource.rsplit(":", 1)[-1], status, message) for resource, status, message in judged] == [
        ("kept", Status.PASS, "vault lock on: recovery points cannot be deleted before their retention ends (new "
                              "backups kept at least 35 days)"),
        ("locked", Status.PASS, "vault lock on: recovery points cannot be deleted before their retention ends (no "
                                "MinRetentionDays: new backups may be kept for any period)")]


def _paged(summaries: list[dict[str, Any]], markers: Mapping[str, str | None]) -> Any:
    """A client hook: ListDistributions answers one of ``summaries`` a page, the page after ``Marker`` m being
    ``markers[m]``'s (m "" the first): each page says it is truncated but the last, and carries ``markers``' next
    marker (None: none)."""
    order = list(markers)

    def page(params: Mapping[str, Any]) -> dict[str, Any]:
        at = order.index(params.get("Marker", ""))
        following = markers[order[at]]
        return {"DistributionList": {
            "Marker": params.get("Marker", ""), "MaxItems": 1, "Quantity": 1, "Items": [summaries[at]],
            "IsTruncated": at + 1 < len(order), **({"NextMarker": following} if following else {})}}

    def install(account: str | None, region: str, service: str, client: Any) -> None:
        if service == "cloudfront":
            stubs.answer_calls(client, "ListDistributions", page)

    return install


@pytest.fixture(scope="module")
def distributions(moto) -> tuple[Estate, list[dict[str, Any]]]:
    """Two real distributions of moto (summaries of its listing, to be paged by the tests' own answers)."""
    estate = _estate("777700000038")
    client = role_clients(moto.url, estate.role_arn)
    for name in ("first", "second"):
        _distribution(client, REGION, name, "https-only", "https-only", None, "TLSv1")
    items = client("cloudfront", REGION).list_distributions()["DistributionList"]["Items"]
    return estate, sorted(({"Staging": False, **d} for d in items), key=lambda d: d["Comment"])  # moto omits Staging


def test_distributions_are_read_across_pages(moto, distributions):
    estate, summaries = distributions
    judged = _judged(moto, estate, "AWS_CLOUDFRONT_VIEWER_HTTPS", _paged(summaries, {"": "page-2", "page-2": None}))
    assert judged == sorted((d["ARN"], Status.PASS, "every cache behaviour serves viewers over HTTPS only")
                            for d in summaries)


@pytest.mark.parametrize(("markers", "message"), [
    ({"": None, "never": None},
     "not evaluated: malformed answer on cloudfront:ListDistributions: the last page says more results follow "
     "(DistributionList.IsTruncated) but gives no token to ask for them"),
    ({"": "again", "again": "again", "never": None},
     "not evaluated: PaginationError on cloudfront:ListDistributions"),
])
def test_distributions_listing_that_stops_short_is_not_evaluated(moto, distributions, markers, message):
    estate, summaries = distributions
    judged = _judged(moto, estate, "AWS_CLOUDFRONT_VIEWER_HTTPS", _paged(summaries + summaries, markers))
    assert [(status, text) for _, status, text in judged] == [(Status.ERROR, message)]
