"""One report holds infrastructure code, a live AWS account and a live database: ENC-TRANSIT shows the
Terraform parameter group, the live RDS parameter and the engine's own TLS state side by side.

Runs the real command line against the bundled insecure Terraform, a seeded moto server and the insecure
PostgreSQL server of the session."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.aws.estate import INSECURE_REGIONS, INSECURE_ROLE, seed_insecure
from tests.support import databases as servers
from tests.support.moto_server import MotoServer

pytestmark = [pytest.mark.db, pytest.mark.aws]

ROOT = Path(__file__).resolve().parents[2]
FAKE_ACCESS_KEY = "AKIABAOMICOMBINED001"
FAKE_SECRET_KEY = "baomi/combined/secret/do-not-print"


def test_code_cloud_and_database_in_one_report(pg_insecure: servers.Server, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY), ("AWS_SECRET_ACCESS_KEY", FAKE_SECRET_KEY),
                        ("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_CONFIG_FILE", "/nonexistent/config"),
                        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
                        ("PGPASSFILE", str(tmp_path / "none"))):
        monkeypatch.setenv(name, value)
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "PGPASSWORD", "BAOMI_DB_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    server = MotoServer().start()
    try:
        seed_insecure(server.url)
        results = tmp_path / "all.json"
        args = [sys.executable, "-m", "baomi", "scan", "examples/terraform/aws-insecure",
                "--aws", "--role-arn", INSECURE_ROLE, "--endpoint-url", server.url,
                *(a for region in INSECURE_REGIONS for a in ("--region", region)),
                "--db", f"postgresql://postgres@127.0.0.1:{pg_insecure.port}/postgres",
                "--format", f"json:{results}", "--format", f"html:{tmp_path / 'all.html'}", "--lang", "en"]
        done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        server.stop()
    assert done.returncode in (0, 1), done.stderr
    document = json.loads(results.read_text(encoding="utf-8"))
    assert {t["source"] for t in document["targets"]} == {"iac", "aws", "database"}

    transit = next(c for c in document["controls"] if c["id"] == "ENC-TRANSIT")
    sources_by_check = {c["id"]: set(c["sources"]) for c in transit["checks"]}
    assert sources_by_check["CKV2_AWS_69"] == {"terraform"}  # the parameter group in code
    assert sources_by_check["AWS_RDS_FORCE_SSL"] == {"aws"}  # the live RDS parameter
    assert sources_by_check["PG_SSL_ON"] == {"postgresql"}  # the engine's own TLS state
    assert {"terraform", "aws", "postgresql"} <= {s for c in transit["checks"] for s in c["sources"]}

    failing = {(f["source"], f["check_id"]) for f in document["findings"]
               if f["status"] == "fail" and "ENC-TRANSIT" in f["controls"]}
    assert {("terraform", "CKV2_AWS_69"), ("postgresql", "PG_SSL_ON")} <= failing

    html = (tmp_path / "all.html").read_text(encoding="utf-8")
    output = done.stdout + done.stderr + results.read_text(encoding="utf-8") + html
    assert FAKE_ACCESS_KEY not in output and FAKE_SECRET_KEY not in output
