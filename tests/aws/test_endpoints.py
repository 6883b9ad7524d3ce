"""The endpoint taken from the environment or the profile behaves exactly like --endpoint-url, and an
endpoint URL's user:password is never shown (errors, findings, any report format, stdout, stderr)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from baomi.catalog import load_catalog
from baomi.model import Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource
from baomi.sources.aws.endpoints import redact
from baomi.sources.interface import SourceError
from tests.support.moto_server import _free_port

from .conftest import BASE_ACCESS_KEY, BASE_SECRET_KEY
from .estate import INSECURE_ROLE

pytestmark = pytest.mark.aws
ROOT = Path(__file__).resolve().parents[2]
S3_CHECKS = ("AWS_S3_ACCOUNT_PUBLIC_ACCESS_BLOCK", "AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK", "AWS_S3_VERSIONING")
PASSWORD = "planted-endpoint-password-7f3a"
FORMATS = ("html", "json", "markdown", "sarif", "junit", "csv")


def _checks(*ids):
    return tuple(c for c in load_catalog().checks_for("aws") if c.id in ids)


def _scan(insecure, endpoint_url):
    options = AwsOptions(regions=insecure.regions, role_arns=(insecure.role_arn,), endpoint_url=endpoint_url)
    started = time.monotonic()
    findings = list(judge(AwsSource(options), _checks(*S3_CHECKS), Settings()))
    return sorted((f.check_id, f.resource, f.status, f.message) for f in findings), time.monotonic() - started


def test_aws_endpoint_url_alone_is_handled_like_the_option(moto, insecure, monkeypatch):
    """S3 Control must not put the account ID in front of the emulator's host (it did, and every
    account-level check became an ERROR after a minute of retries)."""
    by_option, _ = _scan(insecure, moto.url)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.url)
    by_env, elapsed = _scan(insecure, None)
    assert by_env == by_option
    assert not [f for f in by_env if f[2] == Status.ERROR]
    account_level = [f for f in by_env if f[0] == "AWS_S3_ACCOUNT_PUBLIC_ACCESS_BLOCK"]
    assert [(r, s) for _, r, s, _ in account_level] == [(f"arn:aws:iam::{insecure.account}:root", Status.FAIL)]
    assert elapsed < 30


def test_service_specific_endpoint_variable_is_honoured(moto, insecure, monkeypatch):
    """AWS_ENDPOINT_URL_S3_CONTROL wins over AWS_ENDPOINT_URL for S3 Control only, as in botocore."""
    dead = f"http://127.0.0.1:{_free_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3_CONTROL", dead)
    findings, _ = _scan(insecure, None)
    errors = {(c, m) for c, _, s, m in findings if s == Status.ERROR}
    reason = "not evaluated: endpoint unreachable on s3:GetAccountPublicAccessBlock (EndpointConnectionError)"
    # both public-access-block checks read the account-wide block (the bucket's is judged with it)
    assert errors == {("AWS_S3_ACCOUNT_PUBLIC_ACCESS_BLOCK", reason), ("AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK", reason)}
    assert {c for c, _, s, _ in findings if s != Status.ERROR} == {"AWS_S3_VERSIONING"}


def test_endpoint_in_the_profile_is_handled_like_the_option(moto, insecure, monkeypatch, tmp_path):
    config = tmp_path / "config"
    # an explicit profile takes its credentials from the files, not the environment
    config.write_text(f"[profile emulator]\nregion = us-east-1\nendpoint_url = {moto.url}\n"
                      f"aws_access_key_id = {BASE_ACCESS_KEY}\naws_secret_access_key = {BASE_SECRET_KEY}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    by_option, _ = _scan(insecure, moto.url)
    options = AwsOptions(profile="emulator", regions=insecure.regions, role_arns=(insecure.role_arn,))
    findings = list(judge(AwsSource(options), _checks(*S3_CHECKS), Settings()))
    assert sorted((f.check_id, f.resource, f.status, f.message) for f in findings) == by_option


def test_invalid_endpoint_in_the_environment_is_one_line(moto, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"ftp://auditor:{PASSWORD}@127.0.0.1:21")
    with pytest.raises(SourceError) as caught:
        judge(AwsSource(AwsOptions(regions=("us-east-1",))), _checks(*S3_CHECKS), Settings())
    assert str(caught.value) == ("AWS: endpoint URL 'ftp://127.0.0.1:21' (--endpoint-url / AWS_ENDPOINT_URL) is "
                                 "not valid; expected http(s)://host[:port]")


@pytest.mark.parametrize("url, shown", [
    ("https://user:pass@host:4566/", "https://host:4566/"),
    ("http://a:b/c@d@127.0.0.1:1", "http://127.0.0.1:1"),  # unencoded "/" and "@" in the password
    ("user:pass@host", "host"),
    ("http://127.0.0.1:4566", "http://127.0.0.1:4566"),
])
def test_redact_hides_user_and_password(url, shown):
    assert redact(url) == shown


def _cli(args, env, tmp_path):
    outputs = [f"--format={fmt}:{tmp_path / ('report.' + fmt)}" for fmt in FORMATS]
    command = [sys.executable, "-m", "baomi", "scan", *args, *outputs]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    written = "".join((tmp_path / f"report.{fmt}").read_text() for fmt in FORMATS
                      if (tmp_path / f"report.{fmt}").exists())
    return result, written


@pytest.mark.parametrize("route", ["option", "environment"])
def test_password_in_an_unreachable_endpoint_url_is_never_printed(fake_credentials, tmp_path, route):
    endpoint = f"http://auditor:{PASSWORD}@127.0.0.1:{_free_port()}"  # nothing listens there
    env = {**os.environ, "AWS_ENDPOINT_URL": endpoint} if route == "environment" else dict(os.environ)
    args = ["--aws", "--region", "us-east-1"] + (["--endpoint-url", endpoint] if route == "option" else [])
    result, written = _cli(args, env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"baomi: error: AWS: cannot verify credentials at {redact(endpoint)}: "
        "endpoint unreachable on sts:GetCallerIdentity (EndpointConnectionError)"]
    assert PASSWORD not in result.stdout + result.stderr + written


@pytest.mark.parametrize("route", ["option", "environment"])
def test_password_in_a_working_endpoint_url_is_in_no_output(moto, insecure, tmp_path, route):
    endpoint = moto.url.replace("http://", f"http://auditor:{PASSWORD}@")
    env = {**os.environ, "AWS_ENDPOINT_URL": endpoint} if route == "environment" else dict(os.environ)
    args = ["--aws", "--region", "us-east-1", "--role-arn", INSECURE_ROLE, "--no-gate"]
    args += ["--endpoint-url", endpoint] if route == "option" else []
    result, written = _cli(args, env, tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert any(f["check_id"] == "AWS_S3_ACCOUNT_PUBLIC_ACCESS_BLOCK" and f["status"] == "fail"
               for f in report["findings"]), "the scan went through the endpoint"
    assert all((tmp_path / f"report.{fmt}").stat().st_size > 0 for fmt in FORMATS)
    assert PASSWORD not in result.stdout + result.stderr + written
