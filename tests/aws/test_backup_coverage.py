"""AWS_BACKUP_PLAN_COVERAGE beyond the estates: how a selection's Resources, NotResources, ListOfTags and Conditions
assign RDS instances, an Aurora cluster, DynamoDB tables and an EFS file system to a plan, the region's opt-in,
what the check does not understand, refusals, and the calls it makes.

The stores, their tags and the backup plans are seeded in the moto server. moto 5.2.5 has no
``ListBackupSelections``, ``GetBackupSelection``, ``CreateBackupSelection`` or ``DescribeRegionSettings`` (HTTP
500): as in tests/aws/stubs.py, those three reads are answered on the scanner's own Backup clients with responses
validated against botocore's service model (each test says which selections the seeded plans hold); ListBackupPlans,
the store listings and DynamoDB's ListTagsOfResource still go to moto."""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from tests.support.recording import Recorder

from . import stubs
from .conftest import scan
from .estate import Estate, role_clients
from .faults import Inject

pytestmark = pytest.mark.aws
CHECKS = tuple(c for c in load_catalog().checks_for("aws") if c.id == "AWS_BACKUP_PLAN_COVERAGE")
ACCOUNT = "777700000013"
ESTATE = Estate(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:role/baomi-audit", ("us-east-1", "us-west-2"), "aws")
OPTED_IN = {"RDS": True, "Aurora": True, "DynamoDB": True, "EFS": True}
STORES = ("orders", "ledger", "aurora", "sessions", "cache", "files", "archive")


@pytest.fixture(scope="module")
def plans(moto) -> dict[str, str]:
    """In us-east-1: RDS instances orders (tag backup=daily) and ledger, an Aurora cluster, DynamoDB tables
    sessions (backup=true, team=payments) and cache, an EFS file system; plans daily and weekly. In us-west-2: one
    table and no plan. Returns the plan IDs by name, and the ARN of each store under its label in ESTATE.arn."""
    client = role_clients(moto.url, ESTATE.role_arn)
    rds = client("rds", "us-east-1")
    for name, tags in (("orders", [{"Key": "backup", "Value": "daily"}]), ("ledger", [])):
        ESTATE.arn[name] = rds.create_db_instance(
            DBInstanceIdentifier=name, Engine="postgres", EngineVersion="16.3", DBInstanceClass="db.t3.micro",
            AllocatedStorage=20, MasterUsername="owner", MasterUserPassword="Not-A-Real-Secret-1",
            Tags=tags)["DBInstance"]["DBInstanceArn"]
    ESTATE.arn["aurora"] = rds.create_db_cluster(
        DBClusterIdentifier="aurora", Engine="aurora-postgresql", MasterUsername="owner",
        MasterUserPassword="Not-A-Real-Secret-1")["DBCluster"]["DBClusterArn"]
    for region, name, tags in (("us-east-1", "sessions", [{"Key": "backup", "Value": "true"},
                                                          {"Key": "team", "Value": "payments"}]),
                               ("us-east-1", "cache", []), ("us-west-2", "archive", [])):
        ESTATE.arn[name] = client("dynamodb", region).create_table(
            TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            **({"Tags": tags} if tags else {}))["TableDescription"]["TableArn"]
    ESTATE.arn["files"] = client("efs", "us-east-1").create_file_system(
        CreationToken="files", Tags=[{"Key": "Name", "Value": "files"}])["FileSystemArn"]
    backup = client("backup", "us-east-1")
    return {name: backup.create_backup_plan(BackupPlan={"BackupPlanName": name, "Rules": [
        {"RuleName": name, "TargetBackupVaultName": "Default"}]})["BackupPlanId"] for name in ("daily", "weekly")}


def _hook(plans: Mapping[str, str], selections: Mapping[str, list[tuple[str, dict[str, Any]]]],
          opt_in: Mapping[str, Any] | None) -> Any:
    """Backup clients answer the plans' ``selections`` (plan name -> [(selection name, BackupSelection fields)])
    and DescribeRegionSettings with ``opt_in`` (None: not answered, so a call would reach moto and fail)."""
    by_plan = {plans[plan]: [stubs.selection(plans[plan], name, **fields) for name, fields in chosen]
               for plan, chosen in {"daily": [], "weekly": [], **selections}.items()}

    def install(account: str | None, region: str, service: str, client: Any) -> None:
        if service == "backup":
            stubs.backup_selections(client, by_plan)
            if opt_in is not None:
                stubs.answer_calls(client, "DescribeRegionSettings",
                                   lambda _: {"ResourceTypeOptInPreference": dict(opt_in)})

    return install


def _judged(moto, hook: Any, *extra: Any) -> tuple[dict[str, tuple[Status, str]], Recorder]:
    recorder = Recorder(extra=[hook, *extra])
    labels = {arn: label for label, arn in ESTATE.arn.items()}
    findings = scan(ESTATE, moto, CHECKS, recorder=recorder)
    return {labels[f.resource]: (f.status, f.message) for f in findings}, recorder


def _calls(recorder: Recorder, operation: str) -> int:
    return sum(c.operation == operation for c in recorder.calls)


NONE = (Status.FAIL, "none of the 2 AWS Backup plan(s) in us-east-1 selects it")
NO_PLAN = (Status.FAIL, "no AWS Backup plan in us-west-2")


def _by(selection: str, plan: str = "daily") -> tuple[Status, str]:
    return Status.PASS, f"selected by AWS Backup plan {plan!r}, selection {selection!r}"


def test_everything_selected_passes_where_the_types_are_opted_in(moto, plans):
    judged, recorder = _judged(moto, _hook(plans, {"daily": [("all", {"Resources": ["*"]})]}, OPTED_IN))
    assert judged == {**dict.fromkeys(STORES, _by("all")), "archive": NO_PLAN}
    # one plan listing per region, at most one selection listing per plan and one read per selection (weekly's
    # are never asked for: daily selects every store first), the opt-in read once for all stores
    assert [_calls(recorder, op) for op in ("ListBackupPlans", "ListBackupSelections", "GetBackupSelection",
                                            "DescribeRegionSettings", "ListTagsOfResource")] == [2, 1, 1, 1, 0]


def test_named_resource_types_need_no_opt_in_except_aurora(moto, plans):
    types = ["arn:aws:rds:*:*:db:*", "arn:aws:rds:*:*:cluster:*", "arn:aws:dynamodb:*:*:table/*"]
    opted_out = dict.fromkeys(OPTED_IN, False)
    judged, recorder = _judged(moto, _hook(plans, {"weekly": [("by-type", {"Resources": types})]}, opted_out))
    assert judged == {
        **dict.fromkeys(("orders", "ledger", "sessions", "cache"), _by("by-type", "weekly")),
        "aurora": (Status.FAIL, "none of the 2 AWS Backup plan(s) in us-east-1 selects it (plan 'weekly', selection "
                                "'by-type' would, but Aurora is not opted in to AWS Backup there)"),
        "files": NONE, "archive": NO_PLAN}
    assert _calls(recorder, "DescribeRegionSettings") == 1, "read once, for the Aurora cluster only"
    assert [_calls(recorder, op) for op in ("ListBackupSelections", "GetBackupSelection")] == [2, 1], \
        "each plan's selections read once, shared by the seven stores"


def test_opt_in_is_not_read_where_it_decides_nothing(moto, plans):
    judged, recorder = _judged(moto, _hook(plans, {"daily": [("databases", {"Resources": ["arn:aws:rds:*:*:db:*"]})]},
                                           None))
    assert judged["orders"] == judged["ledger"] == _by("databases")
    assert judged["aurora"] == judged["files"] == NONE
    assert _calls(recorder, "DescribeRegionSettings") == 0


def test_not_resources_exclude(moto, plans):
    selection = {"Resources": ["*"], "NotResources": ["arn:aws:rds:*:*:db:ledger", "arn:aws:elasticfilesystem:*"]}
    judged, _ = _judged(moto, _hook(plans, {"daily": [("most", selection)]}, OPTED_IN))
    assert judged == {**dict.fromkeys(("orders", "aurora", "sessions", "cache"), _by("most")),
                      "ledger": NONE, "files": NONE, "archive": NO_PLAN}


def test_conditions_are_anded_with_resources_and_read_tags_only_where_reached(moto, plans):
    selection = {"Resources": ["arn:aws:dynamodb:*:*:table/*"], "Conditions": {
        "StringEquals": [{"ConditionKey": "aws:ResourceTag/backup", "ConditionValue": "true"}],
        "StringLike": [{"ConditionKey": "aws:ResourceTag/team", "ConditionValue": "pay*"}]}}
    judged, recorder = _judged(moto, _hook(plans, {"daily": [("tagged", selection)]}, None))
    assert judged == {**dict.fromkeys(("orders", "ledger", "aurora", "cache", "files"), NONE),
                      "sessions": _by("tagged"), "archive": NO_PLAN}
    assert sorted(json.loads(c.params["body"])["ResourceArn"] for c in recorder.calls
                  if c.operation == "ListTagsOfResource") == sorted(ESTATE.arn[t] for t in ("cache", "sessions"))


def test_negated_conditions_hold_where_the_tag_is_missing(moto, plans):
    selection = {"Resources": ["*"], "Conditions": {
        "StringNotEquals": [{"ConditionKey": "aws:ResourceTag/backup", "ConditionValue": "daily"}],
        "StringNotLike": [{"ConditionKey": "aws:ResourceTag/team", "ConditionValue": "*ops"}]}}
    judged, _ = _judged(moto, _hook(plans, {"daily": [("opt-out", selection)]}, OPTED_IN))
    assert judged == {**dict.fromkeys(("ledger", "aurora", "sessions", "cache", "files"), _by("opt-out")),
                      "orders": NONE, "archive": NO_PLAN}


def test_list_of_tags_entries_are_ored_and_need_the_opt_in(moto, plans):
    selection = {"ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": v}
                                for v in ("daily", "true")]}
    judged, _ = _judged(moto, _hook(plans, {"daily": [("by-tag", selection)]}, {**OPTED_IN, "DynamoDB": False}))
    assert judged == {
        "orders": _by("by-tag"),
        "sessions": (Status.FAIL, "none of the 2 AWS Backup plan(s) in us-east-1 selects it (plan 'daily', selection "
                                  "'by-tag' would, but DynamoDB is not opted in to AWS Backup there)"),
        **dict.fromkeys(("ledger", "aurora", "cache", "files"), NONE), "archive": NO_PLAN}


def test_the_first_plan_that_selects_a_store_is_named(moto, plans):
    judged, _ = _judged(moto, _hook(plans, {
        "daily": [("nothing-here", {"Resources": ["arn:aws:rds:*:*:db:nothing"]})],
        "weekly": [("files", {"Resources": [ESTATE.arn["files"]]}), ("all", {"Resources": ["*"]})]}, OPTED_IN))
    assert judged["files"] == _by("files", "weekly")
    assert judged["ledger"] == _by("all", "weekly")


@pytest.mark.parametrize(("selection", "unclear", "reason"), [
    ({"Resources": ["*"], "Conditions": {"StringLike": [
        {"ConditionKey": "aws:ResourceTag/team", "ConditionValue": "pay?ents"}]}}, ("sessions",),
     "Conditions StringLike value 'pay?ents' has a '?' that may or may not be a wildcard"),
    ({"Resources": ["arn:aws:dynamodb:*:*:table/*"], "Conditions": {"StringEquals": [
        {"ConditionKey": "backup", "ConditionValue": "true"}]}}, ("sessions", "cache"),
     "Conditions StringEquals key 'backup' is not aws:ResourceTag/<key> with a value"),
    ({"Resources": ["files"]}, ("orders", "ledger", "aurora", "sessions", "cache", "files"),
     "Resources entry 'files' is neither '*' nor an ARN pattern"),
    ({"Resources": ["*"], "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "aws:ResourceTag/backup",
                                          "ConditionValue": "daily"}], "NotResources": ["arn:aws:rds:*:*:*"]},
     (), ""),  # the tag entry is not understood, but every store it could add is selected or excluded anyway
])
def test_what_is_not_understood_is_an_error_unless_another_way_decides(moto, plans, selection, unclear, reason):
    """A store is an ERROR naming the part not understood where that part could decide; elsewhere its verdict
    stands (no tag = no StringLike match; a store outside Resources is not selected whatever the Conditions)."""
    judged, _ = _judged(moto, _hook(plans, {"daily": [("odd", selection)]}, OPTED_IN))
    for label in unclear:
        assert judged[label] == (Status.ERROR, f"not evaluated: plan 'daily', selection 'odd': {reason}")
    assert not {label for label, (status, _) in judged.items() if status is Status.ERROR} - set(unclear)


def test_unknown_opt_in_is_an_error(moto, plans):
    judged, _ = _judged(moto, _hook(plans, {"daily": [("all", {"Resources": ["*"]})]}, {"RDS": True}))
    assert judged["orders"] == _by("all")
    assert judged["sessions"] == (Status.ERROR, "not evaluated: plan 'daily', selection 'all': the region's AWS "
                                                "Backup opt-in for DynamoDB is absent")


def test_refused_plan_listing_errors_every_store(moto, plans):
    refusal = Inject("backup", "ListBackupPlans", 400, "AccessDeniedException", region="us-east-1", times=None)
    judged, _ = _judged(moto, _hook(plans, {}, OPTED_IN), refusal)
    assert judged == {**dict.fromkeys(STORES, (Status.ERROR, "not evaluated: AccessDeniedException on "
                                                             "backup:ListBackupPlans")), "archive": NO_PLAN}


def test_unreadable_tags_are_an_error_unless_another_selection_covers(moto, plans):
    refusal = Inject("dynamodb", "ListTagsOfResource", 400, "AccessDeniedException", times=None)
    tagged = {"Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/backup", "ConditionValue": "true"}]}}
    judged, _ = _judged(moto, _hook(plans, {"daily": [("tagged", tagged)],
                                            "weekly": [("cache", {"Resources": [ESTATE.arn["cache"]]})]}, OPTED_IN),
                        refusal)
    assert judged["sessions"] == (Status.ERROR, "not evaluated: plan 'daily', selection 'tagged': the table's "
                                                "tags could not be read (AccessDeniedException on "
                                                "dynamodb:ListTagsOfResource)")
    assert judged["cache"] == _by("cache", "weekly")
    assert judged["ledger"] == NONE  # RDS tags come with the listing
