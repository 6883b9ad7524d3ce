"""Multi-account (--role-arn, --org-role) and region selection (--all-regions)."""
from __future__ import annotations

import boto3
import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource

from .conftest import scan

pytestmark = pytest.mark.aws


def _checks(*ids):
    return tuple(c for c in load_catalog().checks_for("aws") if c.id in ids)


def test_several_roles_in_one_scan_carry_account_and_region(moto, hardened, insecure):
    regions = hardened.regions + insecure.regions
    findings = scan(hardened, moto, _checks("AWS_GUARDDUTY_ENABLED"), regions=regions,
                    role_arns=(hardened.role_arn, insecure.role_arn))
    assert {(f.account, f.region, f.status) for f in findings} == {
        *((hardened.account, r, Status.PASS if r in hardened.regions else Status.FAIL) for r in regions),
        *((insecure.account, r, Status.FAIL) for r in regions)}


def test_org_role_scans_the_caller_and_every_member_account(moto):
    org = boto3.client("organizations", region_name="us-east-1", endpoint_url=moto.url)
    org.create_organization(FeatureSet="ALL")
    members = [org.create_account(Email=f"{name}@bank.example.cn", AccountName=name)["CreateAccountStatus"]["AccountId"]
               for name in ("retail", "wealth")]
    for member in members:
        creds = boto3.client("sts", region_name="us-east-1", endpoint_url=moto.url).assume_role(
            RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="seed")["Credentials"]
        boto3.client("s3", region_name="us-east-1", endpoint_url=moto.url, aws_access_key_id=creds["AccessKeyId"],
                     aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"]
                     ).create_bucket(Bucket=f"member-{member}")
    caller = boto3.client("sts", region_name="us-east-1", endpoint_url=moto.url).get_caller_identity()["Account"]
    options = AwsOptions(regions=("us-east-1",), org_role="OrganizationAccountAccessRole", endpoint_url=moto.url)
    findings = list(judge(AwsSource(options), _checks("AWS_IAM_ROOT_MFA", "AWS_S3_VERSIONING"), Settings()))
    assert {f.account for f in findings if f.check_id == "AWS_IAM_ROOT_MFA"} == {caller, *members}
    assert {(f.account, f.resource) for f in findings if f.resource.startswith("arn:aws:s3:::member-")} == {
        (m, f"arn:aws:s3:::member-{m}") for m in members}


def test_all_regions_scans_every_enabled_region(moto, insecure):
    ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=moto.url)
    regions = ec2.describe_regions()["Regions"]
    enabled = {r["RegionName"] for r in regions if r["OptInStatus"] != "not-opted-in"}
    assert "ap-east-1" not in enabled, "an opt-in region the account did not enable is not scanned"
    findings = scan(insecure, moto, _checks("AWS_EC2_EBS_DEFAULT_ENCRYPTION"), regions=(), all_regions=True)
    assert {f.region for f in findings} == enabled
    assert len(findings) == len(enabled)
