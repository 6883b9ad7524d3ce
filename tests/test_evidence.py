"""The evidence bundle for examiners (docs/evidence.md) on SQLite: a real scan of the insecure Terraform example with
the example attestations (dates moved to today), recorded through ``baomi scan --record``; its bundle's exact
files, its results equal to the scan's own JSON report, its input hashes those of the real files, the attestation
files byte for byte; ``baomi evidence verify`` on the bundle, on one with a file changed, removed or added, and on
what is not a bundle; a run recorded before the history kept files; two daily recordings of one tree sharing every
blob but the document's rest; and the redaction of secrets from facts. PostgreSQL, a live database server and an
AWS account: tests/db/test_evidence_postgresql.py, tests/aws/test_evidence_aws.py.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from baomi.cli import cli
from baomi.history import bundle, evidence, store
from baomi.history.location import HistoryError, locate
from baomi.model import EvidenceFile
from baomi.redaction import REDACTED, json_bytes, plain, redacted, scrub_text, secret_key
from tests.support import history as support

ROOT = Path(__file__).resolve().parent.parent
INSECURE = ROOT / "examples" / "terraform" / "aws-insecure"
ATTESTATIONS = ROOT / "examples" / "attestations"
REVIEWED_ON = _dt.date(2026, 11, 29)
_DATE = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")
EVIDENCE_FILES = ("evidence/consent-2026-11.txt", "evidence/customer-mfa-2026-11.txt",
                  "evidence/third-party-register.csv", "evidence/training-2026q4.csv")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def attestations_today(tmp_path: Path) -> Path:
    """A copy of the example attestations, every date moved by the days since the example's review."""
    folder = tmp_path / "attestations"
    shutil.copytree(ATTESTATIONS, folder)
    path = folder / "attestations.yaml"
    shift = _dt.date.today() - REVIEWED_ON
    path.write_text(_DATE.sub(lambda m: (_dt.date.fromisoformat(m[1]) + shift).isoformat(),
                              path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


@dataclass
class Recorded:
    db: Path
    report: Path
    attestations: Path
    run_id: int


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """The insecure example with the attestations, scanned and recorded through the CLI."""
    tmp = tmp_path_factory.mktemp("evidence")
    path = attestations_today(tmp)
    db, report = tmp / "history.db", tmp / "results.json"
    code, _, err = run("scan", str(INSECURE), "--attestations", str(path), "--format", f"json:{report}",
                       "--history", str(db), "--lang", "en")
    assert code == 1, err  # the insecure example fails the gate
    assert "recorded as run 1 in" in err
    return Recorded(db, report, path, 1)


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(source: Path, target: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> None:
    """A copy of the zip ``source`` with members replaced (bytes) or left out (None), and members added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    new.writestr(info, change[info.filename])  # type: ignore[arg-type]
            else:
                new.writestr(info, old.read(info.filename))
        for name, content in (add or {}).items():
            new.writestr(name, content)


@pytest.fixture(scope="module")
def bundle_zip(recorded: Recorded, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    out = tmp_path_factory.mktemp("bundle") / "bundle.zip"
    code, stdout, stderr = run("evidence", "1", "-o", str(out), "--history", str(recorded.db), "--lang", "en")
    assert code == 0, stderr
    return out, stdout, stderr


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_bundle_holds_the_results_the_inputs_hashes_and_the_attestations(
        recorded: Recorded, bundle_zip: tuple[Path, str, str]) -> None:
    out, stdout, stderr = bundle_zip
    files = read_zip(out)
    assert list(files) == ["run.json", "results.json", "inputs/1-aws-insecure.json",
                           "attestations/attestations.yaml", *(f"attestations/{e}" for e in (
                               "evidence/training-2026q4.csv", "evidence/consent-2026-11.txt",
                               "evidence/customer-mfa-2026-11.txt", "evidence/third-party-register.csv")),
                           "MANIFEST.sha256"]
    assert json.loads(files["results.json"]) == json.loads(recorded.report.read_text(encoding="utf-8"))
    assert files["results.json"] == recorded.report.read_bytes()  # byte for byte as --format json wrote it

    inputs = json.loads(files["inputs/1-aws-insecure.json"])
    real = sorted(p for p in INSECURE.rglob("*") if p.is_file() and p.suffix in (".tf", ".json", ".yaml"))
    assert inputs["source"] == "iac"
    assert inputs["files"] == [{"path": p.relative_to(INSECURE).as_posix(), "sha256": sha256(p.read_bytes()),
                                "size": p.stat().st_size} for p in real]
    assert files["attestations/attestations.yaml"] == recorded.attestations.read_bytes()
    for name in EVIDENCE_FILES:
        assert files[f"attestations/{name}"] == (recorded.attestations.parent / name).read_bytes()

    about = json.loads(files["run.json"])
    from importlib import metadata

    import baomi
    assert about["bundle"]["evidence_recorded"] is True
    assert about["run"] == 1
    assert about["versions"]["baomi"] == baomi.__version__
    assert about["versions"]["checkov"] == metadata.version("checkov")
    assert about["versions"]["catalog"] == store.run(recorded.db, 1)["run"]["catalog_version"]
    assert about["targets"] == json.loads(files["results.json"])["targets"]

    manifest = files["MANIFEST.sha256"].decode()
    assert manifest == "".join(f"{sha256(content)}  {name}\n" for name, content in files.items()
                               if name != "MANIFEST.sha256")
    assert stdout == (f"evidence bundle of run 1: {out} (8 files and MANIFEST.sha256)\n"
                      f"MANIFEST.sha256 sha256:{sha256(files['MANIFEST.sha256'])} (keep it apart from the bundle: "
                      "it vouches for the manifest)\n")
    assert stderr == ""
    again = out.with_name("again.zip")
    assert run("evidence", "1", "-o", str(again), "--history", str(recorded.db))[0] == 0
    assert again.read_bytes() == out.read_bytes()  # one run's bundle is the same whenever it is made


def test_an_untampered_bundle_verifies_also_with_sha256sum(bundle_zip: tuple[Path, str, str],
                                                           tmp_path: Path) -> None:
    out = bundle_zip[0]
    code, stdout, stderr = run("evidence", "verify", str(out), "--lang", "en")
    digest = sha256(read_zip(out)["MANIFEST.sha256"])
    assert (code, stdout, stderr) == (0, f"MANIFEST.sha256 sha256:{digest}\nverified: 8 files match "
                                         "MANIFEST.sha256\n", "")
    code, stdout, _ = run("evidence", "verify", str(out), "--lang", "zh")
    assert stdout.endswith("校验通过：8 个文件与 MANIFEST.sha256 一致\n")
    if shutil.which("sha256sum"):
        with zipfile.ZipFile(out) as archive:
            archive.extractall(tmp_path)
        checked = subprocess.run(["sha256sum", "--strict", "-c", "MANIFEST.sha256"], cwd=tmp_path,
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_changed_file_is_named(bundle_zip: tuple[Path, str, str], tmp_path: Path) -> None:
    out, tampered = bundle_zip[0], tmp_path / "tampered.zip"
    inputs = read_zip(out)["inputs/1-aws-insecure.json"]
    rewrite(out, tampered, {"inputs/1-aws-insecure.json": inputs.replace(b'"size": 1', b'"size": 2', 1)})
    code, stdout, stderr = run("evidence", "verify", str(tampered), "--lang", "en")
    assert code == 1
    assert stdout.splitlines()[1:] == ["changed: inputs/1-aws-insecure.json"]
    assert stderr == "not verified: 1 problem(s) against MANIFEST.sha256\n"
    code, stdout, stderr = run("evidence", "verify", str(tampered), "--lang", "zh")
    assert (code, stdout.splitlines()[1:]) == (1, ["已改动：inputs/1-aws-insecure.json"])


def test_a_removed_an_added_and_a_doubled_file_are_named(bundle_zip: tuple[Path, str, str], tmp_path: Path) -> None:
    out, tampered = bundle_zip[0], tmp_path / "tampered.zip"
    with pytest.warns(UserWarning, match="Duplicate name: 'results.json'"):  # a second results.json, appended
        rewrite(out, tampered, {"attestations/evidence/consent-2026-11.txt": None},
                {"attestations/evidence/extra.txt": b"added later", "results.json": b"{}"})
    code, stdout, stderr = run("evidence", "verify", str(tampered), "--lang", "en")
    assert code == 1
    # a zip read by name gives the member appended last: the results read are not those listed
    assert stdout.splitlines()[1:] == ["changed: results.json", "missing: attestations/evidence/consent-2026-11.txt",
                                       "unlisted: attestations/evidence/extra.txt", "duplicated: results.json"]
    assert stderr == "not verified: 4 problem(s) against MANIFEST.sha256\n"


def test_what_is_not_a_bundle_is_one_line_exit_2(bundle_zip: tuple[Path, str, str], tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a zip\n")
    assert run("evidence", "verify", str(text)) == (2, "", f"baomi: error: {text}: not a zip file\n")
    bare = tmp_path / "bare.zip"
    rewrite(bundle_zip[0], bare, {"MANIFEST.sha256": None})
    assert run("evidence", "verify", str(bare)) == (
        2, "", f"baomi: error: {bare}: no MANIFEST.sha256 in it (not an evidence bundle)\n")
    assert run("evidence", "verify", str(tmp_path / "gone.zip"))[0] == 2
    assert run("evidence", "99", "-o", str(tmp_path / "b.zip"), "--history", str(tmp_path / "none.db"))[0] == 2


def test_a_run_that_does_not_exist_is_one_line_exit_2(recorded: Recorded, tmp_path: Path) -> None:
    code, stdout, stderr = run("evidence", "7", "-o", str(tmp_path / "b.zip"), "--history", str(recorded.db))
    assert (code, stdout, stderr) == (2, "", f"baomi: error: {recorded.db}: no run 7 (see baomi history list)\n")
    assert not (tmp_path / "b.zip").exists()


def test_a_run_recorded_before_the_history_kept_files(tmp_path: Path) -> None:
    """A run recorded before migration 0002 has no files: recorded now, with its files taken away as 0002 found
    such runs (recording into a schema at revision 0001 would need the code of that time)."""
    import sqlite3

    db = tmp_path / "old.db"
    store.record(support.scan(INSECURE), db, store.RunContext(user="examiner"))
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM run_files")
    out = tmp_path / "old.zip"
    code, stdout, stderr = run("evidence", "1", "-o", str(out), "--history", str(db), "--lang", "en")
    assert code == 0
    assert stderr == ("run 1: inputs and facts were not recorded (recorded before baomi kept them); the bundle holds "
                      "the recorded run only (run.json)\n")
    files = read_zip(out)
    assert list(files) == ["run.json", "MANIFEST.sha256"]
    about = json.loads(files["run.json"])
    assert about["bundle"]["evidence_recorded"] is False
    assert about["bundle"]["note"] == bundle.NOT_RECORDED
    assert {k: v for k, v in about.items() if k != "bundle"} == store.run(db, 1)
    assert files["MANIFEST.sha256"].decode() == (f"# {bundle.NOT_RECORDED}\n"
                                                 f"{sha256(files['run.json'])}  run.json\n")
    code, stdout, _ = run("evidence", "verify", str(out), "--lang", "en")
    assert code == 0
    assert stdout.splitlines()[0] == f"note: {bundle.NOT_RECORDED}"
    assert stdout.splitlines()[-1] == "verified: 1 files match MANIFEST.sha256"


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_daily_scan_of_an_unchanged_tree_adds_one_blob(tmp_path: Path) -> None:
    from baomi import pipeline
    from baomi.catalog import load_catalog

    inputs = pipeline.ScanInputs(paths=(INSECURE,))
    assessment = pipeline.assess(pipeline.AssessmentRequest(pipeline.plan(inputs), load_catalog(), gate=None))
    db = tmp_path / "daily.db"
    context = store.RunContext(versions={"baomi": "0.1.0", "checkov": "3", "python": "3.11"})
    store.record({**assessment.document, "scanned_at": "2026-12-01T06:00:00Z"}, db, context, assessment.evidence)
    blobs, files = _count(db, "blobs"), _count(db, "run_files")
    # the rest, frameworks, controls, findings, versions, inputs/1-aws-insecure.json
    assert (blobs, files) == (6, 6)
    store.record({**assessment.document, "scanned_at": "2026-12-02T06:00:00Z"}, db, context, assessment.evidence)
    assert (_count(db, "blobs"), _count(db, "run_files")) == (blobs + 1, 2 * files)
    again = evidence.recorded(db, 2)
    assert again.document == {**assessment.document, "scanned_at": "2026-12-02T06:00:00Z"}
    assert list(again.document) == list(assessment.document)  # the document's own key order
    assert again.evidence == tuple((e.path, e.content) for e in assessment.evidence)
    assert again.versions == {"baomi": "0.1.0", "checkov": "3", "python": "3.11"}


def test_a_stored_file_changed_in_the_database_is_refused(tmp_path: Path) -> None:
    import zlib

    db = tmp_path / "h.db"
    document = support.scan(INSECURE)
    store.record(document, db, evidence=(EvidenceFile("inputs/1-x.json", b'{"files": []}\n'),))
    digest = hashlib.sha256(b'{"files": []}\n').hexdigest()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE blobs SET content = ? WHERE sha256 = ?",
                           (zlib.compress(b'{"files": [1]}\n'), digest))
    with pytest.raises(HistoryError) as failure:
        evidence.recorded(locate(str(db)), 1)
    assert str(failure.value) == (f"{db}: run 1: the stored content of inputs/1-x.json does not have its SHA-256 "
                                  f"{digest}")


def test_the_pipeline_numbers_inputs_and_facts_and_keeps_paths_unique() -> None:
    from baomi.pipeline import numbered

    files = [EvidenceFile("inputs/prod.json", b"1"), EvidenceFile("facts/aws-1.json", b"2"),
             EvidenceFile("inputs/prod.json", b"3"), EvidenceFile("attestations/a.yaml", b"4"),
             EvidenceFile("attestations/a.yaml", b"5")]
    assert [f.path for f in numbered(files)] == ["inputs/1-prod.json", "facts/1-aws-1.json", "inputs/2-prod.json",
                                                 "attestations/a.yaml", "attestations/a-2.yaml"]


# --------------------------------------------------------------------------------------------- redaction


SECRET = "s3cr3t-VALUE-do-not-print"


@dataclass(frozen=True)
class _Setting:
    name: str
    value: str


def test_secrets_are_redacted_and_what_is_about_them_is_kept() -> None:
    facts: dict[str, Any] = {
        "FunctionName": "billing",
        "Environment": {"Variables": {"DB_PASSWORD": SECRET, "API_URL": SECRET}},  # Lambda
        "containerDefinitions": [{"name": "app", "environment": [{"name": "TOKEN", "value": SECRET}],
                                  "secrets": [{"name": "KEY", "valueFrom": SECRET}]}],  # ECS
        "UserData": SECRET,  # EC2
        "Tags": [{"Key": "api_token", "Value": SECRET}, {"Key": "owner", "Value": "team-a"}],
        "settings": [_Setting("primary_conninfo", f"host=db user=rep password={SECRET}"),
                     _Setting("password_encryption", "scram-sha-256")],
        "MasterUserPassword": SECRET, "MasterUsername": "admin", "has_password": True,
        "PasswordLastUsed": _dt.datetime(2026, 11, 1, 8, 0, tzinfo=_dt.timezone.utc), "AccessKeyId": "AKIAEXAMPLE",
        "SecretAccessKey": SECRET, "SessionToken": SECRET, "password": None,
        "endpoint": f"postgresql://app:{SECRET}@db.internal:5432/crm",
        "hba_options": f"ldapbindpasswd={SECRET} ldapserver=ldap.internal",
        "certificate": f"-----BEGIN RSA PRIVATE KEY-----\n{SECRET}\n-----END RSA PRIVATE KEY-----",
        "body": b"\x00\x01", "ports": {443, 80}, "when": _dt.date(2026, 12, 1),
    }
    out = redacted(facts)
    assert SECRET not in json.dumps(out)
    assert out["Environment"] == {"Variables": {"DB_PASSWORD": REDACTED, "API_URL": REDACTED}}
    assert out["containerDefinitions"] == [{"name": "app", "environment": [{"name": "TOKEN", "value": REDACTED}],
                                            "secrets": REDACTED}]  # a key naming secrets: all of it
    assert out["UserData"] == REDACTED
    assert out["Tags"] == [{"Key": "api_token", "Value": REDACTED}, {"Key": "owner", "Value": "team-a"}]
    assert out["settings"] == [{"name": "primary_conninfo", "value": REDACTED},
                               {"name": "password_encryption", "value": "scram-sha-256"}]
    assert (out["MasterUserPassword"], out["MasterUsername"], out["has_password"]) == (REDACTED, "admin", True)
    assert (out["PasswordLastUsed"], out["AccessKeyId"]) == ("2026-11-01T08:00:00+00:00", "AKIAEXAMPLE")
    assert (out["SecretAccessKey"], out["SessionToken"], out["password"]) == (REDACTED, REDACTED, None)
    assert out["endpoint"] == f"postgresql://app:{REDACTED}@db.internal:5432/crm"
    assert out["hba_options"] == f"ldapbindpasswd={REDACTED} ldapserver=ldap.internal"
    assert out["certificate"] == REDACTED
    body_digest = sha256(b"\x00\x01")
    assert out["body"] == f"<bytes 2 sha256:{body_digest}>"
    assert (out["ports"], out["when"]) == ([80, 443], "2026-12-01")
    assert plain({"password": SECRET})["password"] == SECRET  # plain() is for what holds no secret
    assert SECRET.encode() not in json_bytes(facts)


@pytest.mark.parametrize(("key", "secret"), [
    ("db_password", True), ("ssl_passphrase_command", True), ("authentication_string", True), ("ApiKey", True),
    ("private_key_pem", True), ("client_secret", True), ("validate_password.length", False),
    ("default_password_lifetime", False), ("password_encryption", False), ("KmsKeyId", False),
    ("krb_server_keyfile", False), ("SecretArn", False), ("tokens_count", False), ("md5_password_roles", False),
])
def test_which_keys_name_a_secret(key: str, secret: bool) -> None:
    assert secret_key(key) is secret


def test_text_scrubbing_leaves_ordinary_text_alone() -> None:
    text = "password_encryption: md5 at postgresql.conf:12 (https://example.com/docs)"
    assert scrub_text(text) == text
