"""What the history tests on SQLite and PostgreSQL (and benchmarks/history.py) share: scans of the examples as
results documents, writers recording at once from separate processes, and a port nothing listens on."""
from __future__ import annotations

import json
import os
import posixpath
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "terraform"


def scan(path: Path) -> dict[str, Any]:
    """The results document of a scan of ``path`` through the library, every framework, no gate."""
    from baomi import pipeline
    from baomi.catalog import load_catalog

    inputs = pipeline.ScanInputs(paths=(path,))
    return pipeline.assess(pipeline.AssessmentRequest(pipeline.plan(inputs), load_catalog(), gate=None)).document


#: one writer: waits for the go file, then records the document ``times`` times, and prints the run IDs
_WRITER = """
import json, os, sys, time
from baomi.history import store
document_path, url, go, times = sys.argv[1:5]
document = json.loads(open(document_path, encoding="utf-8").read())
while not os.path.exists(go):
    time.sleep(0.005)
print(json.dumps([store.record(document, url) for _ in range(int(times))]))
"""


def record_at_once(document: dict[str, Any] | list[dict[str, Any]], url: str, workdir: Path, writers: int = 2,
                   times: int = 10, env: dict[str, str] | None = None) -> list[list[int]]:
    """``writers`` processes recording ``document`` (or each its own of a list) ``times`` times each into ``url``,
    started together (each waits for a go file, so all have imported everything before the first write): the
    run IDs of each."""
    documents = document if isinstance(document, list) else [document] * writers
    go = workdir / "go"
    processes = []
    for number, each in enumerate(documents):
        document_path = workdir / f"document-{number}.json"
        document_path.write_text(json.dumps(each), encoding="utf-8")
        processes.append(subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(document_path), url, str(go), str(times)], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, cwd=workdir, env={**os.environ, **(env or {})}))
    time.sleep(1.5)  # the writers import SQLAlchemy and baomi meanwhile
    go.write_text("go")
    out = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        out.append(json.loads(stdout))
    return out


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


FINDING_FIELDS = ("check_id", "status", "severity", "source", "resource", "location", "account", "region", "message",
                  "suppression")


def finding_fields(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f[k] for k in FINDING_FIELDS}


def assert_reads_back(recorded: dict[str, Any], document: dict[str, Any]) -> None:
    """A recorded run (store.run) has the findings and scores of the results document it was recorded from."""
    assert [finding_fields(f) for f in recorded["findings"]] == [finding_fields(f) for f in document["findings"]]
    for key in ("scanned_at", "targets", "score", "grade", "coverage", "evidence", "counts", "profile", "gate",
                "schema_version", "tool"):
        assert recorded[key] == document[key], key
    keys = ("id", "score", "grade", "status", "coverage", "evidence", "compliance")
    assert [[fw[k] for k in keys] for fw in recorded["frameworks"]] == [
        [fw[k] for k in keys] for fw in document["frameworks"]]
    keys = ("id", "score", "status", "compliance", "evidenced", "risk_accepted")
    assert [[[c[k] for k in keys] for c in fw["clauses"]] for fw in recorded["frameworks"]] == [
        [[c[k] for k in keys] for c in fw["clauses"]] for fw in document["frameworks"]]
    assert [(c["id"], c["score"], c["status"]) for c in recorded["controls"]] == [
        (c["id"], c["score"], c["status"]) for c in document["controls"]]


def identity(document: dict[str, Any], f: dict[str, Any]) -> tuple[str, ...]:
    """A finding's identity computed without baomi's fingerprint code: check, source, resource, the directory of
    its file relative to the one scanned path, account, region."""
    root = document["targets"][0]["target"]
    directory = posixpath.dirname(posixpath.relpath(f["location"]["file"], root)) if f["location"] else ""
    return f["check_id"], f["source"], f["resource"], directory, f["account"] or "", f["region"] or ""


def open_identities(document: dict[str, Any]) -> set[tuple[str, ...]]:
    return {identity(document, f) for f in document["findings"] if f["status"] in ("fail", "error")}


def expected_fixed(before: dict[str, Any], after: dict[str, Any]) -> set[tuple[str, str]]:
    """(check, resource) of every finding open in ``before`` and neither open nor waived in ``after``."""
    kept = open_identities(after) | {identity(after, f) for f in after["findings"] if f["status"] == "suppressed"}
    return {(i[0], i[2]) for i in open_identities(before) - kept}


def many_findings(document: dict[str, Any], count: int) -> dict[str, Any]:
    """``document`` with ``count`` findings: its own repeated over distinct resources (distinct fingerprints)."""
    base = document["findings"]
    return {**document, "findings": [{**base[i % len(base)], "resource": f"{base[i % len(base)]['resource']}_{i}"}
                                     for i in range(count)]}
