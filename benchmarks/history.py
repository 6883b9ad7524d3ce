"""Benchmark of the history database (not a timed test): the time ``store.record()`` alone takes for a scan of
10,000 findings, and the size of the database after a year of daily scans of the examples.

1. A results document of 10,000 findings (the findings of examples/terraform/aws-insecure repeated over 10,000
   distinct resources) is recorded into a migrated database: the first time (every fingerprint new) and again
   (the daily case: the same fingerprints), best of 3 each.
2. The four Terraform examples are scanned once each, then recorded once a day for 365 days (1,460 runs), each with
   the evidence the scan read (its IaC files' hashes) and the versions, as ``baomi scan --record`` records them;
   the database's size is reported, in all and by table.

Both on SQLite and, unless ``--no-postgresql``, on a throwaway PostgreSQL 15 server (tests/support/databases.py;
needs root and scripts/install-test-packages.sh). Run from the repository root: ``make bench-history``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from baomi.history import store
from baomi.history.context import RunContext, versions
from baomi.history.database import open_database
from baomi.history.location import locate
from tests.support import history as support

EXAMPLES = ("aws-insecure", "aws-hardened", "alicloud-insecure", "alicloud-hardened")


def best_of(times: int, action: Callable[[], object]) -> float:
    runs = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return min(runs)


def timings(url_for: Callable[[str], str], document: dict[str, Any]) -> dict[str, float]:
    """record() of ``document`` into a new database (all fingerprints new) and again (all known), best of 3."""
    new = iter(range(100))

    def fresh() -> None:
        url = url_for(f"bench_new_{next(new)}")
        open_database(locate(url)).dispose()  # migrated beforehand: the time is record()'s own
        start = time.perf_counter()
        store.record(document, url)
        fresh_times.append(time.perf_counter() - start)

    fresh_times: list[float] = []
    for _ in range(3):
        fresh()
    known = url_for("bench_known")
    store.record(document, known)
    return {"first": min(fresh_times), "again": best_of(3, lambda: store.record(document, known))}


def scan(path: Path) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """The results document of a scan of ``path`` and the evidence it read, every framework, no gate."""
    from baomi import pipeline
    from baomi.catalog import load_catalog

    inputs = pipeline.ScanInputs(paths=(path,))
    assessment = pipeline.assess(pipeline.AssessmentRequest(pipeline.plan(inputs), load_catalog(), gate=None))
    return assessment.document, assessment.evidence


def year(url: str, scans: list[tuple[dict[str, Any], tuple[Any, ...]]], days: int) -> float:
    """Record every scan (document and evidence) once a day for ``days`` days; seconds per record()."""
    start = time.perf_counter()
    day0 = dt.datetime(2026, 1, 1, 6, 0, tzinfo=dt.timezone.utc)
    context = RunContext(versions=versions())
    for day in range(days):
        for document, evidence in scans:
            stamped = {**document, "scanned_at": (day0 + dt.timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ")}
            store.record(stamped, url, context, evidence)
    return (time.perf_counter() - start) / (days * len(scans))


def sqlite_sizes(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    return {name: int(size) for name, size in rows}


def pg_sizes(admin: Any, name: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(admin, dbname=name) as conn:
        rows = conn.execute("SELECT relname, pg_total_relation_size(oid) FROM pg_class "
                            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace").fetchall()
    return {str(relname): int(size) for relname, size in rows}


def report(title: str, record_times: dict[str, float], per_run: float, sizes: dict[str, int], total: int,
           runs: int) -> None:
    print(f"\n{title}")
    print(f"  record() of 10,000 findings: {record_times['first']:.2f} s (every fingerprint new), "
          f"{record_times['again']:.2f} s (all known)")
    print(f"  a year of daily scans: {runs} runs, {per_run * 1000:.0f} ms per record(); "
          f"database {total / 1e6:.1f} MB, {total / runs / 1e3:.1f} kB per run")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:8]:
        print(f"    {name:<32} {size / 1e6:6.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite only")
    args = parser.parse_args()

    start = time.perf_counter()
    scans = [scan(support.EXAMPLES / name) for name in EXAMPLES]
    documents = [document for document, _ in scans]
    print(f"scanned {len(documents)} examples in {time.perf_counter() - start:.1f} s: "
          + ", ".join(f"{name} {len(d['findings'])} findings" for name, d in zip(EXAMPLES, documents, strict=True)))
    big = support.many_findings(documents[0], args.findings)
    runs = args.days * len(documents)

    with tempfile.TemporaryDirectory() as scratch:
        def sqlite_url(name: str) -> str:
            return str(Path(scratch) / f"{name}.db")

        times = timings(sqlite_url, big)
        per_run = year(sqlite_url("year"), scans, args.days)
        path = Path(sqlite_url("year"))
        report("SQLite", times, per_run, sqlite_sizes(path), path.stat().st_size, runs)

    if args.no_postgresql:
        return
    from tests.support import databases as servers

    server = servers.start_postgresql(hardened=False)
    try:
        admin = f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres"

        def pg_url(name: str) -> str:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}")
            return f"postgresql://postgres@127.0.0.1:{server.port}/{name}"

        times = timings(pg_url, big)
        url = pg_url("year")
        per_run = year(url, scans, args.days)
        sizes = pg_sizes(admin, "year")
        report("PostgreSQL 15", times, per_run, sizes, sum(sizes.values()), runs)
    finally:
        servers.stop(server)


if __name__ == "__main__":
    main()
