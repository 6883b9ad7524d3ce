"""The reports a code host or CI reads, from the real ``baomi scan`` of the examples, against the schemas their
consumers check them with (tests/schemas/: OASIS SARIF 2.1.0, Jenkins xunit's JUnit, GitLab's SAST 15.2.1):
fingerprints that survive a copy elsewhere with lines inserted, files named from the repository root wherever
baomi ran, failures without a file kept on what they concern, and a Markdown comment within GitHub's limit."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from jsonschema import Draft4Validator, Draft7Validator

from baomi.fingerprint import fingerprints
from baomi.reports import get_format
from baomi.reports.markdown import COMMENT_LIMIT

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = REPO_ROOT / "tests" / "schemas"
EXAMPLE = "examples/terraform/aws-insecure"
DB_CONFIG = "examples/databases/postgresql/insecure/postgresql.conf"
SARIF = Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")))
GITLAB_SAST = Draft7Validator(json.loads((SCHEMAS / "gitlab" / "sast-report-format.json").read_text(encoding="utf-8")))
JUNIT = xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd")
OPEN = ("fail", "error")
#: one attestation, years out of date: it and every attestation missing from the file fail
ATTESTATIONS = """\
attestations:
  - check: ATTEST_GOV_POLICY
    owner: Wang Fang
    role: Chief Compliance Officer
    statement: The customer information protection policy was approved by the board.
    done: 2020-06-30
    frequency: yearly
    evidence:
      reference: BD-2020-017
"""


@dataclass(frozen=True)
class Scan:
    document: dict[str, Any]
    sarif: dict[str, Any]
    gitlab: dict[str, Any]
    junit: str
    markdown: str


def _baomi() -> str:
    """The installed ``baomi`` command of this virtualenv (the real entry point)."""
    command = Path(sys.executable).parent / "baomi"
    assert command.is_file(), f"{command} not found: run make install"
    return str(command)


def _scan(path: str, cwd: Path, out: Path, *more: str, env: dict[str, str] | None = None) -> Scan:
    out.mkdir(parents=True, exist_ok=True)
    names = {"json": "r.json", "sarif": "r.sarif", "gitlab-sast": "gl-sast-report.json", "junit": "r.xml",
             "markdown": "r.md"}
    formats = [arg for name, file in names.items() for arg in ("--format", f"{name}:{out / file}")]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    done = subprocess.run([_baomi(), "scan", path, *more, *formats, "--lang", "en", "--no-gate"], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**environment, **(env or {})})
    assert done.returncode == 0, done.stderr
    read = {name: (out / file).read_text(encoding="utf-8") for name, file in names.items()}
    return Scan(json.loads(read["json"]), json.loads(read["sarif"]), json.loads(read["gitlab-sast"]),
                read["junit"], read["markdown"])


@pytest.fixture(scope="module")
def attestations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("attested") / "attestations.yaml"
    path.write_text(ATTESTATIONS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def at_root(tmp_path_factory: pytest.TempPathFactory, attestations: Path) -> Scan:
    """From the repository root, with a database's configuration files and an attestations file outside any work
    tree, on GitHub Actions."""
    github = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "bank/infra",
              "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567", "GITHUB_RUN_ID": "4242"}
    return _scan(EXAMPLE, REPO_ROOT, tmp_path_factory.mktemp("at-root"), "--attestations", str(attestations),
                 "--db-config", DB_CONFIG, env=github)


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Scan]:
    """The example copied into another work tree, lines inserted above its blocks, scanned from inside it."""
    checkout = tmp_path_factory.mktemp("elsewhere") / "checkout-2"
    tree = checkout / "infra" / "prod"
    shutil.copytree(REPO_ROOT / EXAMPLE, tree)
    subprocess.run(["git", "init", "-q", str(checkout)], check=True, capture_output=True)
    database_tf = tree / "database.tf"
    database_tf.write_text("# moved down by a header\n\n\n" + database_tf.read_text(encoding="utf-8"), encoding="utf-8")
    return checkout, _scan(".", tree, checkout.parent / "out")


def _open(document: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    return [(f, fp) for f, fp in zip(document["findings"], fingerprints(document), strict=True) if f["status"] in OPEN]


def test_sarif_is_valid_and_has_every_open_finding_with_its_fingerprint(at_root: Scan) -> None:
    assert sorted(SARIF.iter_errors(at_root.sarif), key=str) == []
    [run] = at_root.sarif["runs"]
    expected = _open(at_root.document)
    assert len(expected) == len(run["results"]) == 64
    assert [(r["ruleId"], r["partialFingerprints"]) for r in run["results"]] == [
        (f["check_id"], {"baomiFingerprint/v2": fp}) for f, fp in expected]


def test_sarif_names_files_from_the_repository_root_and_attestations_from_their_file(
        at_root: Scan, attestations: Path) -> None:
    [run] = at_root.sarif["runs"]
    assert run["originalUriBaseIds"] == {
        "%SRCROOT%": {"uri": REPO_ROOT.as_uri() + "/",
                      "description": {"text": "the root of the git work tree that holds the scanned path"}},
        "%SRCROOT2%": {"uri": attestations.parent.as_uri() + "/",
                       "description": {"text": "the scanned path (not in a git work tree)"}}}
    placed = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
               r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in run["results"]}
    terraform = {("%SRCROOT%", f"{EXAMPLE}/{name}") for name in
                 ("database.tf", "iam.tf", "kms.tf", "logging.tf", "network.tf", "providers.tf", "storage.tf")}
    database = {("%SRCROOT%", f"examples/databases/postgresql/insecure/{name}")
                for name in ("postgresql.conf", "pg_hba.conf")}
    assert placed == terraform | database | {("%SRCROOT2%", "attestations.yaml")}
    policy = next(r for r in run["results"] if r["ruleId"] == "ATTEST_GOV_POLICY")
    assert policy["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
    assert policy["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": f"{attestations}#ATTEST_GOV_POLICY", "kind": "resource"}]


def test_sarif_of_the_same_tree_from_a_subdirectory_is_the_same_but_for_the_time(
        at_root: Scan, tmp_path: Path) -> None:
    """Run from examples/terraform: the URIs, fingerprints and category do not depend on where baomi ran."""
    inside = _scan("aws-insecure", REPO_ROOT / "examples" / "terraform", tmp_path)
    [there], [here] = inside.sarif["runs"], at_root.sarif["runs"]
    terraform = [r for r in here["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 .startswith(EXAMPLE)]
    assert [(r["ruleId"], r["locations"], r["partialFingerprints"]) for r in there["results"]] == [
        (r["ruleId"], r["locations"], r["partialFingerprints"]) for r in terraform]
    assert inside.document["targets"] == [{"source": "iac", "target": "aws-insecure", "root": {
        "path": str(REPO_ROOT), "kind": "git", "target": EXAMPLE}}]
    # the attestations file is a target too, so the run at the root is of another category
    assert there["automationDetails"]["id"] != here["automationDetails"]["id"]
    again = _scan(EXAMPLE, REPO_ROOT, tmp_path / "again")
    assert again.sarif["runs"][0]["automationDetails"] == there["automationDetails"]
    assert there["automationDetails"]["id"].startswith("baomi/") and there["automationDetails"]["id"].endswith("/")


def test_fingerprints_survive_a_copy_elsewhere_with_lines_inserted(at_root: Scan,
                                                                   copied: tuple[Path, Scan]) -> None:
    checkout, moved = copied
    [run] = moved.sarif["runs"]
    original = {r["partialFingerprints"]["baomiFingerprint/v2"]: r for r in at_root.sarif["runs"][0]["results"]
                if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(EXAMPLE)}
    assert sorted(r["partialFingerprints"]["baomiFingerprint/v2"] for r in run["results"]) == sorted(original)
    lines = {}
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        before = original[result["partialFingerprints"]["baomiFingerprint/v2"]]["locations"][0]["physicalLocation"]
        # the copy's own work tree, scanned as ".": files named from its root
        assert physical["artifactLocation"] == {
            "uri": before["artifactLocation"]["uri"].replace(EXAMPLE, "infra/prod"), "uriBaseId": "%SRCROOT%"}
        lines[physical["artifactLocation"]["uri"]] = physical["region"]["startLine"] - before["region"]["startLine"]
    assert lines["infra/prod/database.tf"] == 3 and lines["infra/prod/iam.tf"] == 0
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == checkout.as_uri() + "/"
    assert sorted(v["id"] for v in moved.gitlab["vulnerabilities"]) == sorted(
        v["id"] for v in at_root.gitlab["vulnerabilities"] if v["location"]["file"].startswith(EXAMPLE))


def test_junit_is_valid_against_the_xunit_schema_one_case_per_finding(at_root: Scan) -> None:
    JUNIT.validate(at_root.junit)
    decoded = JUNIT.to_dict(at_root.junit)
    cases = [case for suite in decoded["testsuite"] for case in suite["testcase"]]
    assert len(cases) == len(at_root.document["findings"])
    outcomes = {"failure": 0, "error": 0, "skipped": 0}
    for case in cases:
        for outcome in outcomes:
            outcomes[outcome] += len(case.get(outcome, []))
    counts = at_root.document["counts"]
    assert outcomes == {"failure": counts["fail"], "error": counts["error"],
                        "skipped": counts["suppressed"] + counts["not_applicable"]}
    assert (int(decoded["@tests"]), int(decoded["@failures"]), int(decoded["@errors"])) == (
        len(cases), counts["fail"], counts["error"])


def test_gitlab_sast_is_valid_and_lists_the_open_findings_by_fingerprint(at_root: Scan) -> None:
    assert sorted(GITLAB_SAST.iter_errors(at_root.gitlab), key=str) == []
    report = at_root.gitlab
    assert (report["version"], report["scan"]["type"], report["scan"]["status"]) == ("15.2.1", "sast", "success")
    assert report["scan"]["start_time"] == at_root.document["scanned_at"][:19]
    # each open finding is its fingerprint as a UUID: no two findings of one scan share a fingerprint, the
    # rules pg_hba.conf lines hold (one check, one resource) included
    expected = [(str(uuid.UUID(hex=fp[:32])), f["check_id"]) for f, fp in _open(at_root.document)]
    assert [(v["id"], v["identifiers"][0]["value"]) for v in report["vulnerabilities"]] == expected
    hba = [f for f, _ in _open(at_root.document) if f["check_id"].startswith("PG_HBA_")]
    assert len(hba) > len({f["check_id"] for f in hba})  # several rules of one check: told apart
    assert len({v["id"] for v in report["vulnerabilities"]}) == len(expected) == 64
    rds = next(v for v in report["vulnerabilities"] if v["identifiers"][0]["value"] == "CKV_AWS_16")
    assert rds["location"] == {"file": f"{EXAMPLE}/database.tf", "start_line": 51, "end_line": 98}
    assert rds["severity"] == "High" and rds["solution"].startswith("Enable storage encryption on the RDS instance")
    policy = next(v for v in report["vulnerabilities"] if v["identifiers"][0]["value"] == "ATTEST_GOV_POLICY")
    assert policy["location"] == {"file": "attestations.yaml", "start_line": 2}
    trust = next(v for v in report["vulnerabilities"] if v["identifiers"][0]["value"] == "PG_HBA_NO_TRUST")
    assert trust["location"] == {"file": "examples/databases/postgresql/insecure/pg_hba.conf", "start_line": 2}


def test_markdown_links_each_failure_to_its_line_at_the_commit(at_root: Scan) -> None:
    blob = "https://github.com/bank/infra/blob/0123456789abcdef0123456789abcdef01234567/"
    assert f"[{EXAMPLE}/database.tf:51]({blob}{EXAMPLE}/database.tf#L51)" in at_root.markdown
    # the attestations file is in no work tree: its link is relative to it, never to a commit it is not in
    assert "](attestations.yaml#L2) |" in at_root.markdown
    assert len(at_root.markdown) < COMMENT_LIMIT


def _large(document: dict[str, Any], failures: int, name_length: int = 2000) -> dict[str, Any]:
    """``document`` with ``failures`` more failed findings of a high check, each with a long resource name."""
    template = next(f for f in document["findings"] if f["status"] == "fail" and f["severity"] == "high")
    extra = [dict(template, resource=f"aws_s3_bucket.customer_statements_{i:05d}_" + "x" * name_length)
             for i in range(failures)]
    return {**document, "findings": document["findings"] + extra}


def _left_out(document: dict[str, Any], rows: int) -> int:
    """The findings the Markdown's lists leave out at ``rows`` a table: failures by severity, errors, attestations."""
    lists = [[f for f in document["findings"] if f["status"] == "fail" and f["severity"] == severity]
             for severity in ("critical", "high", "medium", "low")]
    lists += [[f for f in document["findings"] if f["status"] == "error"], document.get("attestations") or []]
    return sum(max(0, len(found) - rows) for found in lists)


def test_markdown_of_a_large_scan_stays_within_githubs_comment_limit(at_root: Scan,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_RUN_ID"):
        monkeypatch.delenv(name, raising=False)
    large = _large(at_root.document, 5000)
    text = get_format("markdown").render(large, "en")
    assert len(text) <= COMMENT_LIMIT
    # at 30 rows a table the comment would not fit (30 rows of 2,000-character names alone are 60,000 characters);
    # at 10 it does: the high table lists 10
    high = text[text.index("#### High"):text.index("#### Medium")]
    assert len([line for line in high.splitlines() if line.startswith("| `")]) == 10
    assert text.splitlines()[-1] == (f"{_left_out(large, 10)} more not listed in this comment: the full report is "
                                     "in this scan's HTML and JSON reports.")
    assert _left_out(large, 10) > 5000


def test_markdown_in_chinese_on_github_actions_points_at_the_runs_artifacts(at_root: Scan,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "bank/infra",
                        "GITHUB_SHA": "0" * 40, "GITHUB_RUN_ID": "4242"}.items():
        monkeypatch.setenv(name, value)
    large = _large(at_root.document, 40, name_length=100)  # the lists are cut at 30 rows: the comment fits
    text = get_format("markdown").render(large, "zh")
    assert len(text) <= COMMENT_LIMIT
    assert text.splitlines()[-1] == (f"本评论未列出 {_left_out(large, 30)} 项；完整报告见"
                                     "[本次运行的产物](https://github.com/bank/infra/actions/runs/4242)。")
