"""DocumentDB and Neptune encryption at rest, DocumentDB's tls parameter and Redshift's require_ssl, seeded in an
account of their own (the estates hold no DocumentDB or Neptune cluster).

What moto 5.2.5 cannot hold is answered for one operation only (``stubs.answer_for``, validated
against botocore's model), everything else goes to the moto server:

- moto's CreateDBCluster refuses engine ``docdb``. The DocumentDB clusters are seeded as Aurora PostgreSQL
  clusters, each with its own cluster parameter group (moto keeps the ``tls`` values set on those); the
  DocumentDB tests answer DescribeDBClusters with moto's own answer for them, only their engine told as
  ``docdb``. The parameter groups are still read from moto. Neptune clusters are moto's own, unstubbed.
- moto has no ModifyClusterParameterGroup and answers DescribeClusterParameters with the defaults
  (require_ssl false) for every group: the Redshift test answers that operation for its custom groups only;
  the default group's answer is moto's.

moto answers no default DocumentDB group (``default.docdb5.0`` is not found): the check reads those as any
other group, from the answer, and does not assume AWS's documented default (tls enabled).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from tests.support.recording import Recorder

from . import stubs
from .conftest import scan
from .estate import Estate, role_clients

pytestmark = pytest.mark.aws

ACCOUNT = "686868686868"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/baomi-audit"
REGION = "us-east-1"
P, F, E = Status.PASS, Status.FAIL, Status.ERROR

#: DocumentDB cluster -> (storage encrypted, its cluster parameter group); groups -> tls value (None: not set)
DOCDB = {
    "docs-secure": (True, "docdb-tls-enabled"),
    "docs-shared": (True, "docdb-tls-enabled"),
    "docs-tls12": (True, "docdb-tls12"),
    "docs-tls13": (True, "docdb-tls13"),
    "docs-fips": (True, "docdb-fips"),
    "docs-plain": (False, "docdb-tls-disabled"),
    "docs-odd": (True, "docdb-tls-odd"),
    "docs-unset": (True, "docdb-no-tls"),
}
TLS = {"docdb-tls-enabled": "enabled", "docdb-tls12": "tls1.2+", "docdb-tls13": "tls1.3+",
       "docdb-fips": "fips-140-3", "docdb-tls-disabled": "disabled", "docdb-tls-odd": "sometimes",
       "docdb-no-tls": None}
#: an Aurora cluster on a group with tls disabled: left to the RDS checks, never read here
AURORA = ("ledger", "aurora-tls-disabled")
#: a DocumentDB cluster whose listing leaves StorageEncrypted out
UNREPORTED = "docs-unreported"
NEPTUNE = {"graph-encrypted": True, "graph-plain": False}
#: Redshift cluster -> its parameter group (None: the default group); custom groups -> DescribeClusterParameters
REDSHIFT = {"warehouse-default": None, "warehouse-default-2": None, "warehouse-ssl": "tls-only",
            "warehouse-odd": "odd-ssl", "warehouse-unset": "no-require-ssl"}
REDSHIFT_GROUPS = {"tls-only": stubs.redshift_parameters(require_ssl="true"),
                   "odd-ssl": stubs.redshift_parameters(require_ssl="maybe"),
                   "no-require-ssl": stubs.redshift_parameters(use_fips_ssl="false")}


@pytest.fixture(scope="module")
def seeded(moto) -> tuple[Estate, dict[str, Any]]:
    """The account seeded; and the DescribeDBClusters answer that tells the DocumentDB clusters' engine."""
    client = role_clients(moto.url, ROLE)
    docdb, rds, redshift = client("docdb", REGION), client("rds", REGION), client("redshift", REGION)
    for group, value in {**TLS, AURORA[1]: "disabled", "docdb-unreported": "enabled"}.items():
        docdb.create_db_cluster_parameter_group(DBClusterParameterGroupName=group, DBParameterGroupFamily="docdb5.0",
                                                Description=group)
        if value is not None:
            docdb.modify_db_cluster_parameter_group(DBClusterParameterGroupName=group, Parameters=[
                {"ParameterName": "tls", "ParameterValue": value, "ApplyMethod": "pending-reboot"}])
    for name, (encrypted, group) in {**DOCDB, AURORA[0]: (True, AURORA[1]),
                                     UNREPORTED: (True, "docdb-unreported")}.items():
        rds.create_db_cluster(DBClusterIdentifier=name, Engine="aurora-postgresql", MasterUsername="docadmin",
                              MasterUserPassword="Not-A-Real-Secret-1", StorageEncrypted=encrypted,
                              DBClusterParameterGroupName=group)
    for name, encrypted in NEPTUNE.items():
        client("neptune", REGION).create_db_cluster(DBClusterIdentifier=name, Engine="neptune",
                                                    StorageEncrypted=encrypted)
    for group in REDSHIFT_GROUPS:
        redshift.create_cluster_parameter_group(ParameterGroupName=group, ParameterGroupFamily="redshift-1.0",
                                                Description=group)
    for name, group in REDSHIFT.items():
        redshift.create_cluster(ClusterIdentifier=name, NodeType="ra3.xlplus", MasterUsername="dwadmin",
                                MasterUserPassword="Not-A-Real-Secret-1", Encrypted=True,
                                **({"ClusterParameterGroupName": group} if group else {}))

    clusters = rds.describe_db_clusters()["DBClusters"]
    for cluster in clusters:
        if cluster["DBClusterIdentifier"].startswith("docs-"):
            cluster.update(Engine="docdb", EngineVersion="5.0.0")
        if cluster["DBClusterIdentifier"] == UNREPORTED:
            del cluster["StorageEncrypted"]
    return Estate(ACCOUNT, ROLE, (REGION,), "aws"), {"DBClusters": clusters}


def _checks(*ids: str) -> tuple[Any, ...]:
    return tuple(c for c in load_catalog().checks_for("aws") if c.id in ids)


def _docdb_listing(listing: dict[str, Any]) -> Any:
    def hook(account: str | None, region: str, service: str, client: Any) -> None:
        if service == "rds":
            stubs.answer_for(client, "DescribeDBClusters", {None: listing})
    return hook


def _redshift_groups(account: str | None, region: str, service: str, client: Any) -> None:
    if service == "redshift":
        stubs.answer_for(client, "DescribeClusterParameters", REDSHIFT_GROUPS, parameter="ParameterGroupName")


def _judged(findings: list[Any], check_id: str) -> dict[str, tuple[Status, str]]:
    """Finding of ``check_id`` by resource name (the ARN's last part)."""
    return {f.resource.rsplit(":", 1)[-1]: (f.status, f.message) for f in findings if f.check_id == check_id}


def test_docdb_storage_encrypted(moto, seeded):
    estate, listing = seeded
    findings = scan(estate, moto, _checks("AWS_DOCDB_ENCRYPTED"), recorder=Recorder(extra=[_docdb_listing(listing)]))
    assert _judged(findings, "AWS_DOCDB_ENCRYPTED") == {
        **{name: (P, "cluster storage encrypted") for name, (encrypted, _) in DOCDB.items() if encrypted},
        "docs-plain": (F, "cluster storage is not encrypted"),
        UNREPORTED: (E, "not evaluated: StorageEncrypted is absent, expected true or false")}
    assert f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:docs-plain" in {f.resource for f in findings}


def test_docdb_tls_read_from_the_cluster_parameter_group(moto, seeded):
    estate, listing = seeded
    recorder = Recorder(extra=[_docdb_listing(listing)])
    findings = scan(estate, moto, _checks("AWS_DOCDB_TLS"), recorder=recorder)
    assert _judged(findings, "AWS_DOCDB_TLS") == {
        "docs-secure": (P, "tls = enabled in docdb-tls-enabled"),
        "docs-shared": (P, "tls = enabled in docdb-tls-enabled"),
        "docs-tls12": (P, "tls = tls1.2+ in docdb-tls12"),
        "docs-tls13": (P, "tls = tls1.3+ in docdb-tls13"),
        "docs-fips": (P, "tls = fips-140-3 in docdb-fips"),
        "docs-plain": (F, "tls = disabled in docdb-tls-disabled: clients may connect without TLS"),
        "docs-odd": (E, "not evaluated: tls = 'sometimes' in docdb-tls-odd is not a value this check knows"),
        "docs-unset": (E, "not evaluated: tls is not among the parameters of docdb-no-tls"),
        UNREPORTED: (P, "tls = enabled in docdb-unreported")}
    # one listing; each DocumentDB group read once, shared by its clusters; the Aurora cluster's group not at all
    calls = Counter((c.operation, c.params["body"].get("DBClusterParameterGroupName")) for c in recorder.calls
                    if c.service == "rds")
    assert calls == Counter({("DescribeDBClusters", None): 1,
                             **{("DescribeDBClusterParameters", g): 1 for g in [*TLS, "docdb-unreported"]}})


def test_neptune_storage_encrypted_and_aurora_left_to_the_rds_checks(moto, seeded):
    """Unstubbed moto: the stand-in clusters are Aurora there, so the DocumentDB checks judge nothing."""
    estate, _ = seeded
    recorder = Recorder()
    findings = scan(estate, moto, _checks("AWS_NEPTUNE_ENCRYPTED", "AWS_DOCDB_ENCRYPTED", "AWS_DOCDB_TLS"),
                    recorder=recorder)
    assert {(f.check_id, f.resource.rsplit(":", 1)[-1], f.status, f.message) for f in findings} == {
        ("AWS_NEPTUNE_ENCRYPTED", "graph-encrypted", P, "cluster storage encrypted"),
        ("AWS_NEPTUNE_ENCRYPTED", "graph-plain", F, "cluster storage is not encrypted")}
    assert recorder.operations() == {("sts", "GetCallerIdentity"), ("sts", "AssumeRole"),
                                     ("ec2", "DescribeAvailabilityZones"), ("rds", "DescribeDBClusters")}


def test_redshift_require_ssl(moto, seeded):
    estate, _ = seeded
    recorder = Recorder(extra=[_redshift_groups])
    findings = scan(estate, moto, _checks("AWS_REDSHIFT_REQUIRE_SSL"), recorder=recorder)
    default = (F, "require_ssl = false in default.redshift-1.0: clients may connect without TLS")
    assert _judged(findings, "AWS_REDSHIFT_REQUIRE_SSL") == {
        "warehouse-default": default,
        "warehouse-default-2": default,
        "warehouse-ssl": (P, "require_ssl = true in tls-only"),
        "warehouse-odd": (E, "not evaluated: require_ssl = 'maybe' in odd-ssl is not true or false"),
        "warehouse-unset": (E, "not evaluated: require_ssl is not among the parameters of no-require-ssl")}
    calls = Counter((c.operation, c.params["body"].get("ParameterGroupName")) for c in recorder.calls
                    if c.service == "redshift")
    groups = ["default.redshift-1.0", *REDSHIFT_GROUPS]  # the default group's two clusters: one call
    assert calls == Counter({("DescribeClusters", None): 1, **{("DescribeClusterParameters", g): 1 for g in groups}})


def test_the_rds_checks_do_not_judge_document_stores_twice(moto, seeded):
    """Encryption of DocumentDB and Neptune clusters is AWS_DOCDB_ENCRYPTED's and AWS_NEPTUNE_ENCRYPTED's alone;
    DocumentDB has no RDS-style IAM database authentication; their backups are judged like any cluster's."""
    estate, listing = seeded
    findings = scan(estate, moto, _checks("AWS_RDS_STORAGE_ENCRYPTED", "AWS_RDS_IAM_AUTH", "AWS_RDS_BACKUP_RETENTION"),
                    recorder=Recorder(extra=[_docdb_listing(listing)]))
    judged = {(f.check_id, f.resource.rsplit(":", 1)[-1]) for f in findings}
    stores = {*DOCDB, UNREPORTED, *NEPTUNE}
    assert {name for check, name in judged if check == "AWS_RDS_STORAGE_ENCRYPTED"} == {AURORA[0]}
    assert {name for check, name in judged if check == "AWS_RDS_IAM_AUTH"} == {AURORA[0], *NEPTUNE}
    assert {name for check, name in judged if check == "AWS_RDS_BACKUP_RETENTION"} == {AURORA[0], *stores}
