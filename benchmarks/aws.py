"""Benchmark of the live-AWS source against a large estate in a moto server (not a timed test).

Seeds >= 2,000 buckets, 200 RDS instances and 500 security groups over two regions, runs every AWS
check, and prints wall time, API calls made, API calls per resource, and whether any API call was
repeated for the same resource and attribute (the target: none, apart from polling the IAM
credential report), and how long the bucket phase took (from the ListBuckets call to the answer of the last
GetBucketLocation: the region of every bucket, which each bucket check waits for). Run from the repository
root: ``.venv/bin/python benchmarks/aws.py``. ``--latency MS`` holds every call that long before it is sent,
in the calling thread, as the round trip to an AWS region would: the emulator on this machine answers in
about a millisecond, so without it calls made one by one cost nearly what calls made in parallel do.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import boto3

from baomi.catalog import load_catalog
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource
from tests.aws import stubs
from tests.support.moto_server import MotoServer
from tests.support.recording import Recorder

REGIONS = ("cn-north-1", "cn-northwest-1")
POLLED = {("iam", "GenerateCredentialReport")}


def seed(endpoint: str, buckets: int, databases: int, groups: int) -> None:
    """Spread every kind of resource evenly over the two regions, seeding in parallel."""
    def client(service: str, region: str):  # type: ignore[no-untyped-def]
        return boto3.client(service, region_name=region, endpoint_url=endpoint)

    def bucket(n: int) -> None:
        region = REGIONS[n % 2]
        client("s3", region).create_bucket(Bucket=f"bench-{n:05d}",
                                           CreateBucketConfiguration={"LocationConstraint": region})

    def database(n: int) -> None:
        client("rds", REGIONS[n % 2]).create_db_instance(
            DBInstanceIdentifier=f"bench-{n:04d}", Engine="postgres", EngineVersion="16.3",
            DBInstanceClass="db.t3.micro", AllocatedStorage=20, MasterUsername="bench",
            MasterUserPassword="Not-A-Real-Secret-1")

    def group(n: int) -> None:
        client("ec2", REGIONS[n % 2]).create_security_group(GroupName=f"bench-{n:04d}", Description="bench")

    with ThreadPoolExecutor(max_workers=8) as pool:
        for function, count in ((bucket, buckets), (database, databases), (group, groups)):
            list(pool.map(function, range(count)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buckets", type=int, default=2000)
    parser.add_argument("--databases", type=int, default=200)
    parser.add_argument("--security-groups", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.0, help="milliseconds added before each call is sent")
    args = parser.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION=REGIONS[0])
    server = MotoServer().start()
    try:
        started = time.perf_counter()
        seed(server.url, args.buckets, args.databases, args.security_groups)
        print(f"seeded {args.buckets} buckets, {args.databases} RDS instances, {args.security_groups} security "
              f"groups over {len(REGIONS)} regions in {time.perf_counter() - started:.1f} s")
        phase = BucketPhase()
        # moto has no Access Analyzer: answered as the tests do, not retried for a minute on HTTP 500 in each region
        recorder = Recorder(extra=[phase, Latency(args.latency / 1000), stubs.analyzers_and_backup_selections])
        source = AwsSource(AwsOptions(regions=REGIONS, endpoint_url=server.url), on_client=recorder)
        checks = load_catalog().checks_for("aws")
        started = time.perf_counter()
        findings = list(judge(source, checks, Settings()))
        wall = time.perf_counter() - started
    finally:
        server.stop()
    report(recorder, findings, len(checks), wall, phase)


class Latency:
    """Holds every call of the scan ``seconds`` before it is sent (botocore ``before-send``)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self, account: str | None, region: str, service: str, client: object) -> None:
        if self.seconds > 0:
            client.meta.events.register("before-send", self._wait)  # type: ignore[attr-defined]

    def _wait(self, **_: object) -> None:
        time.sleep(self.seconds)


class BucketPhase:
    """Times the bucket phase: from the first ListBuckets call to the answer of the last GetBucketLocation."""

    def __init__(self) -> None:
        self.start: float | None = None
        self.end: float | None = None
        self._lock = threading.Lock()

    def __call__(self, account: str | None, region: str, service: str, client: object) -> None:
        if service != "s3":
            return
        events = client.meta.events  # type: ignore[attr-defined]
        events.register("before-call.s3.ListBuckets", self._started)
        events.register("after-call.s3.ListBuckets", self._answered)
        events.register("after-call.s3.GetBucketLocation", self._answered)

    def _started(self, **_: object) -> None:
        with self._lock:
            self.start = self.start or time.perf_counter()

    def _answered(self, **_: object) -> None:
        with self._lock:
            self.end = time.perf_counter()

    @property
    def seconds(self) -> float:
        return (self.end or 0.0) - (self.start or 0.0)


def report(recorder: Recorder, findings: list, checks: int, wall: float,  # type: ignore[type-arg]
           phase: BucketPhase) -> None:
    resources = len({(f.account, f.resource) for f in findings})
    calls = len(recorder.calls)
    repeated = Counter((c.account, c.region, c.service, c.operation, json.dumps(c.params, sort_keys=True, default=str))
                       for c in recorder.calls if (c.service, c.operation) not in POLLED)
    repeats = {key: n for key, n in repeated.items() if n > 1}
    per_operation = Counter(f"{c.service}:{c.operation}" for c in recorder.calls)
    print(f"scan: {checks} checks, {len(findings)} findings on {resources} resources in {wall:.1f} s wall time")
    print(f"API calls: {calls} ({calls / max(resources, 1):.2f} per resource, {calls / wall:.0f} per second)")
    print(f"API calls repeated for the same resource and attribute: {len(repeats)}")
    print(f"bucket phase (ListBuckets to the last GetBucketLocation answer): {phase.seconds:.1f} s")
    for operation, count in per_operation.most_common():
        print(f"  {count:6d}  {operation}")
    if repeats:
        raise SystemExit(f"repeated calls: {list(repeats)[:5]}")


if __name__ == "__main__":
    main()
