"""Two real scans of one account (moto), fixed in between, merged: only the fresh verdict counts."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .estate import role_clients

pytestmark = pytest.mark.aws
ROOT = Path(__file__).resolve().parents[2]
ROLE = "arn:aws:iam::555555555555:role/baomi-audit"
BUCKET = "arn:aws:s3:::merge-statements"


def _baomi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "baomi", *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env=dict(os.environ))


def _versioning(document: dict) -> list[str]:
    return [f["status"] for f in document["findings"]
            if f["check_id"] == "AWS_S3_VERSIONING" and f["resource"] == BUCKET]


def test_stale_fail_and_fresh_pass_of_one_account_count_the_fresh_one(moto, tmp_path):
    s3 = role_clients(moto.url, ROLE)("s3", "us-east-1")
    s3.create_bucket(Bucket="merge-statements")
    scan = ["scan", "--aws", "--region", "us-east-1", "--role-arn", ROLE, "--endpoint-url", moto.url, "--no-gate"]
    stale, fresh, merged = tmp_path / "stale.json", tmp_path / "fresh.json", tmp_path / "org.json"
    assert _baomi(*scan, "--format", f"json:{stale}").returncode == 0
    s3.put_bucket_versioning(Bucket="merge-statements", VersioningConfiguration={"Status": "Enabled"})
    time.sleep(1.1)  # results carry the scan time to the second
    assert _baomi(*scan, "--format", f"json:{fresh}").returncode == 0
    assert _versioning(json.loads(stale.read_text())) == ["fail"]
    assert _versioning(json.loads(fresh.read_text())) == ["pass"]

    result = _baomi("merge", str(stale), str(fresh), "-o", str(merged), "--no-gate")
    assert result.returncode == 0, result.stderr
    document = json.loads(merged.read_text())
    assert _versioning(document) == ["pass"]
    assert document["counts"] == json.loads(fresh.read_text())["counts"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("baomi:")]
    assert len(warnings) == 1 and warnings[0].startswith(
        "baomi: warning: AWS account 555555555555 was scanned more than once: kept the newest scan (")
    assert f"{fresh}); left out the findings of {stale} (" in warnings[0]
