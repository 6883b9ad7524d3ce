"""Read-only by construction: every call is in docs/aws-permissions.json, none writes, none repeats,
and only the services the selected checks need are asked."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from baomi.catalog import load_catalog
from baomi.sources.aws.clients import iam_action
from tests.support.recording import Recorder

from . import stubs
from .conftest import scan

pytestmark = pytest.mark.aws
POLICY = Path(__file__).resolve().parents[2] / "docs" / "aws-permissions.json"
WRITE_PREFIXES = ("Put", "Create", "Delete", "Update", "Modify", "Attach", "Detach", "Enable", "Disable",
                  "Start", "Stop", "Tag", "Untag", "Set", "Remove", "Add", "Associate", "Restore", "Reset")
#: polled until the report is ready: the only call allowed to repeat
POLLED = {("iam", "GenerateCredentialReport")}


def _allowed_actions() -> set[str]:
    return {a for statement in json.loads(POLICY.read_text())["Statement"] for a in statement["Action"]}


def _full_scans(moto, hardened, insecure) -> Recorder:
    recorder = Recorder(extra=[stubs.enabled_standards, stubs.analyzers_and_backup_selections])
    checks = load_catalog().checks_for("aws")
    scan(hardened, moto, checks, recorder=recorder)
    scan(insecure, moto, checks, recorder=recorder)
    return recorder


def test_every_call_is_a_read_in_the_shipped_policy(moto, hardened, insecure):
    operations = _full_scans(moto, hardened, insecure).operations()
    assert len(operations) > 50
    assert {iam_action(service, op) for service, op in operations} <= _allowed_actions()
    assert not [op for _, op in operations if op.startswith(WRITE_PREFIXES)]


def test_shipped_policy_grants_no_write():
    verbs = {action.split(":")[1] for action in _allowed_actions()}
    # apigateway:GET: API Gateway authorises its reads by HTTP method, GET on the API's resource paths
    assert {v for v in verbs if not v.startswith(("Get", "List", "Describe", "BatchGet"))} == {
        "GenerateCredentialReport", "AssumeRole", "GET"}


def test_no_call_is_repeated_for_the_same_resource(moto, hardened, insecure):
    recorder = _full_scans(moto, hardened, insecure)
    counts = Counter((c.account, c.region, c.service, c.operation, json.dumps(c.params, sort_keys=True, default=str))
                     for c in recorder.calls if (c.service, c.operation) not in POLLED)
    assert [key for key, n in counts.items() if n > 1] == []


def test_only_the_services_of_the_selected_checks_are_queried(moto, insecure):
    s3_checks = tuple(c for c in load_catalog().checks_for("aws") if c.id.startswith("AWS_S3_"))
    recorder = Recorder()
    scan(insecure, moto, s3_checks, recorder=recorder)
    assert {service for service, _ in recorder.operations()} == {"sts", "s3", "s3control"}

    recorder = Recorder()
    scan(insecure, moto, tuple(c for c in s3_checks if c.id == "AWS_S3_VERSIONING"), recorder=recorder)
    assert recorder.operations() == {("sts", "GetCallerIdentity"), ("sts", "AssumeRole"), ("s3", "ListBuckets"),
                                     ("s3", "GetBucketLocation"), ("s3", "GetBucketVersioning")}

    recorder = Recorder()
    scan(insecure, moto, tuple(c for c in load_catalog().checks_for("aws") if c.id == "AWS_RDS_FORCE_SSL"),
         recorder=recorder)
    assert recorder.operations() == {("sts", "GetCallerIdentity"), ("sts", "AssumeRole"),
                                     ("ec2", "DescribeAvailabilityZones"), ("rds", "DescribeDBInstances"),
                                     ("rds", "DescribeDBClusters"), ("rds", "DescribeDBParameters")}
