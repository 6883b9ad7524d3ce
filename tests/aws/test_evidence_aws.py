"""An AWS account's facts in the evidence bundle (docs/evidence.md), on the moto server: a bucket tagged with a secret
in an account of its own, scanned through ``baomi scan --aws --role-arn … --record``; the bundle has the facts the
checks fetched, the tag's name, and neither the tag's value nor any credential. (Lambda environments, ECS container
environments and EC2 user data planted with credentials: tests/aws/test_exposure.py.)"""
from __future__ import annotations

import functools
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from baomi.cli import cli
from baomi.sources.aws import AwsSource
from tests.support.moto_server import MotoServer

from . import stubs
from .conftest import BASE_ACCESS_KEY, BASE_SECRET_KEY
from .estate import role_clients

pytestmark = pytest.mark.aws

ROLE = "arn:aws:iam::444455556666:role/baomi-audit"
SECRET = "Tagged-s3cret-do-not-print-77"


def test_the_bundle_has_the_account_s_facts_and_no_secret(moto: MotoServer, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # moto has no Access Analyzer: answered as tests/aws/stubs.py does, not retried for a minute on HTTP 500
    monkeypatch.setattr("baomi.sources.aws.plugin.AwsSource",
                        functools.partial(AwsSource, on_client=stubs.analyzers_and_backup_selections))
    client = role_clients(moto.url, ROLE)
    s3 = client("s3", "us-east-1")
    s3.create_bucket(Bucket="evidence-customer-records")
    s3.put_bucket_tagging(Bucket="evidence-customer-records", Tagging={"TagSet": [
        {"Key": "DataClassification", "Value": "L3"}, {"Key": "db_password", "Value": SECRET}]})
    db, out = tmp_path / "history.db", tmp_path / "bundle.zip"
    runner = CliRunner()
    scanned = runner.invoke(cli, ["scan", "--aws", "--role-arn", ROLE, "--region", "us-east-1", "--endpoint-url",
                                  moto.url, "--no-gate", "--history", str(db), "--lang", "en"])
    assert scanned.exit_code == 0, scanned.stderr
    built = runner.invoke(cli, ["evidence", "1", "-o", str(out), "--history", str(db)])
    assert built.exit_code == 0, built.stderr
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert list(files) == ["run.json", "results.json", "facts/1-aws-444455556666.json", "MANIFEST.sha256"]
    facts = json.loads(files["facts/1-aws-444455556666.json"])
    assert facts["account"] == "444455556666"
    tags = [f for f in facts["facts"] if f["fact"] == "s3.tags" and f["arguments"] == ["evidence-customer-records"]]
    assert [t["value"] for t in tags] == [{"DataClassification": "L3", "db_password": "<redacted>"}]
    listed = next(f for f in facts["facts"] if f["fact"] == "s3.buckets")
    assert "evidence-customer-records" in json.dumps(listed["value"])
    for secret in (SECRET, BASE_ACCESS_KEY, BASE_SECRET_KEY):
        assert [name for name, content in files.items() if secret.encode() in content] == []
    verified = runner.invoke(cli, ["evidence", "verify", str(out), "--lang", "en"])
    assert (verified.exit_code, verified.stdout.splitlines()[-1]) == (0, "verified: 3 files match MANIFEST.sha256")
