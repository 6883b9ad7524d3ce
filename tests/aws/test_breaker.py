"""Endpoints that die or stall mid-scan: the scan ends in bounded time, and what it could not read is an
ERROR finding with one clear reason (the circuit breaker of baomi/sources/aws/breaker.py), never a pass.

The endpoint is a real proxy on 127.0.0.1 in front of the moto server (tests/aws/proxy.py): connections
are really refused, dropped, or left without an answer, and botocore's own retries and timeouts run.
"""
from __future__ import annotations

import re
import time

import pytest

from baomi.catalog import load_catalog
from baomi.model import SOURCE_ERROR_CHECK, Status
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource

from . import stubs
from .estate import role_clients
from .proxy import Proxy, sts_only

pytestmark = pytest.mark.aws

ROLE = "arn:aws:iam::444444444444:role/baomi-audit"
BUCKETS = 120
#: generous: with 3 failures per (account, region, service), 2 attempts per call, 5 s connect and
#: 20 s read timeouts, the scans below take 5-40 s; without the breaker they took minutes
BOUND_SECONDS = 60
BREAKER_REASON = re.compile(r"^not evaluated: endpoint unreachable: (\S+) in us-east-1 not called again after "
                            r"\d+ connection failures in a row \(last: \w+ on [\w-]+:\w+\)$")


@pytest.fixture(scope="module")
def many_buckets(moto) -> str:
    """An account with many buckets, so that a dead endpoint leaves hundreds of calls to make."""
    s3 = role_clients(moto.url, ROLE)("s3", "us-east-1")
    for i in range(BUCKETS):
        s3.create_bucket(Bucket=f"breaker-{i:03d}")
    return ROLE


def _scan(endpoint: str):
    options = AwsOptions(regions=("us-east-1",), role_arns=(ROLE,), endpoint_url=endpoint)
    started = time.monotonic()
    # moto has no Access Analyzer: its HTTP 500 would be retried for a minute before the endpoint even dies
    source = AwsSource(options, on_client=stubs.analyzers_and_backup_selections)
    findings = list(judge(source, load_catalog().checks_for("aws"), Settings()))
    return findings, time.monotonic() - started


def test_endpoint_that_dies_mid_scan_stops_being_called(moto, many_buckets):
    # identity, role, region probe, every listing and some bucket reads are answered (a full scan of this
    # account makes about 870 calls); then the endpoint goes away
    with Proxy(moto.url, after=300, then="die") as proxy:
        findings, elapsed = _scan(proxy.url)
    assert elapsed < BOUND_SECONDS, f"the scan took {elapsed:.0f}s after the endpoint died"
    assert proxy.forwarded == 300
    buckets = [f for f in findings if f.resource.startswith("arn:aws:s3:::breaker-")]
    assert buckets, "the bucket listing was answered before the endpoint died"
    errors = [f for f in findings if f.status == Status.ERROR]
    opened = [f for f in errors if BREAKER_REASON.match(f.message)]
    # most of what remained was reported at once with the breaker's reason, not tried call by call
    assert len(opened) > len(errors) / 2, {f.message for f in errors}
    assert {f.message for f in errors} <= {f.message for f in opened} | {
        f.message for f in errors if "endpoint unreachable on " in f.message}
    # every bucket check not read before the death is an error, never a pass
    assert sum(f.status == Status.ERROR for f in buckets) > len(buckets) / 2
    print(f"\n  scan after the endpoint died: {elapsed:.1f}s, {len(errors)} errors ({len(opened)} by the breaker)")


def test_endpoint_that_stalls_after_the_identity_call_does_not_hang(moto, many_buckets):
    """Every read has a timeout: STS answers, then nothing ever does; the region probe times out and the
    region is reported as skipped, naming the timeout."""
    with Proxy(moto.url, answer=sts_only) as proxy:
        findings, elapsed = _scan(proxy.url)
    assert elapsed < BOUND_SECONDS, f"the scan took {elapsed:.0f}s against a stalled endpoint"
    assert [(f.check_id, f.status, f.message) for f in findings] == [
        (SOURCE_ERROR_CHECK, Status.ERROR,
         "region us-east-1 skipped: endpoint unreachable on ec2:DescribeAvailabilityZones (ReadTimeoutError)")]
    print(f"\n  scan against an endpoint stalled after STS: {elapsed:.1f}s")


def test_endpoint_that_stalls_mid_scan_is_cut_off_by_the_breaker(moto, many_buckets):
    """Stalls mid-scan: calls in flight time out (20 s), the rest are not made."""
    with Proxy(moto.url, after=300, then="stall") as proxy:
        findings, elapsed = _scan(proxy.url)
    assert elapsed < BOUND_SECONDS, f"the scan took {elapsed:.0f}s against an endpoint that stalled"
    assert proxy.failed <= 16, "after the breaker opened, nothing more was sent (at most one call per thread)"
    errors = [f for f in findings if f.status == Status.ERROR]
    assert errors and all(BREAKER_REASON.match(f.message) or "endpoint unreachable on " in f.message for f in errors)
    buckets = [f for f in findings if f.resource.startswith("arn:aws:s3:::breaker-")]
    assert sum(f.status == Status.ERROR for f in buckets) > len(buckets) / 2
    print(f"\n  scan against an endpoint stalled mid-scan: {elapsed:.1f}s, {len(errors)} errors")
