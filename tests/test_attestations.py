"""Evidence for the procedural clauses: attestations judged on the real pipeline (the hardened Terraform
example scanned with checkov), with the example attestations file shipped in examples/attestations.

The example's dates are those of a review on 2026-11-29; the tests move every date in a copy of it by the
days since then, so that they judge the same ages whatever day they run.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from baomi.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "attestations"
HARDENED = ROOT / "examples" / "terraform" / "aws-hardened"
REVIEWED_ON = _dt.date(2026, 11, 29)
_DATE = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")


def _as_of_today(text: str) -> str:
    shift = _dt.date.today() - REVIEWED_ON
    return _DATE.sub(lambda m: (_dt.date.fromisoformat(m[1]) + shift).isoformat(), text)


@pytest.fixture
def attestations(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the example attestations (dates moved to today), edited by ``change(text) -> text``."""

    def make(change: Callable[[str], str] = lambda text: text) -> Path:
        folder = tmp_path / "attestations"
        shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
        path = folder / "attestations.yaml"
        path.write_text(change(_as_of_today(path.read_text(encoding="utf-8"))), encoding="utf-8")
        return path

    return make


def _scan(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    report = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["scan", str(HARDENED), "--lang", "en", "--format", f"json:{report}", *args])
    document = json.loads(report.read_text()) if report.exists() else {}
    return result.exit_code, document, result.output


def _finding(document: dict[str, Any], check_id: str) -> dict[str, Any]:
    found = [f for f in document["findings"] if f["check_id"] == check_id]
    assert len(found) == 1, found
    return found[0]


def _clause(document: dict[str, Any], framework: str, clause: str) -> dict[str, Any]:
    fw = next(f for f in document["frameworks"] if f["id"] == framework)
    return next(c for c in fw["clauses"] if c["id"] == clause)


def _procedural_clauses(document: dict[str, Any]) -> list[dict[str, Any]]:
    manual = {c["id"] for c in document["controls"] if c["id"].startswith("GOV-")}
    return [c for fw in document["frameworks"] for c in fw["clauses"] if set(c["controls"]) <= manual]


def test_without_attestations_procedural_clauses_are_not_assessed_and_no_grade_is_a(tmp_path: Path) -> None:
    code, document, output = _scan(tmp_path)
    assert code == 0
    procedural = _procedural_clauses(document)
    assert procedural and {c["compliance"] for c in procedural} == {"not_assessed"}
    assert document["grade"] != "A" and all(fw["grade"] != "A" for fw in document["frameworks"])
    assert document["evidence"]["clauses_evidenced"] < document["evidence"]["clauses_applicable"]
    assert document["attestations"] == []
    assert "clauses evidenced" in output


def test_with_the_example_attestations_procedural_clauses_are_evidenced(tmp_path: Path,
                                                                       attestations: Callable[..., Path]) -> None:
    code, document, _ = _scan(tmp_path, "--attestations", str(attestations()))
    assert code == 0
    judged = {a["check_id"]: a["status"] for a in document["attestations"]}
    assert len(judged) == 13 and set(judged.values()) == {"pass"}
    procedural = _procedural_clauses(document)
    assert procedural and {c["compliance"] for c in procedural} == {"compliant"}
    assert all(c["evidenced"]["controls"] == c["evidenced"]["of"] for c in procedural)
    training = _finding(document, "ATTEST_GOV_TRAINING")
    assert training["attestation"]["owner"] == "李强 (Li Qiang)"
    assert training["message"].startswith("attendance_rate 97.9% (target 95%), pass_rate 96.6% (target 95%), "
                                          "attested by 李强 (Li Qiang) on ")


def test_an_expired_attestation_fails_its_clause_and_says_why(tmp_path: Path,
                                                              attestations: Callable[..., Path]) -> None:
    def expire_audit(text: str) -> str:  # the internal audit, done 500 days ago, held for a year
        done = (_dt.date.today() - _dt.timedelta(days=500)).isoformat()
        return re.sub(r"(check: ATTEST_GOV_AUDIT\n(?:.*\n)*?    done: )\S+", rf"\g<1>{done}", text)

    code, document, _ = _scan(tmp_path, "--attestations", str(attestations(expire_audit)))
    audit = _finding(document, "ATTEST_GOV_AUDIT")
    assert audit["status"] == "fail"
    assert re.fullmatch(r"attestation by 孙磊 \(Sun Lei\) \(内部审计部负责人 / Head of Internal Audit\) expired on "
                        r"\d{4}-\d\d-\d\d", audit["message"])
    assert code == 1  # a high-severity failure fails the default gate
    audited = [c for fw in document["frameworks"] for c in fw["clauses"] if c["controls"] == ["GOV-AUDIT"]]
    assert audited and {c["compliance"] for c in audited} == {"non_compliant"}


def test_a_tampered_evidence_file_fails_its_check(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    path = attestations()
    register = path.parent / "evidence" / "third-party-register.csv"
    register.write_text(register.read_text(encoding="utf-8").replace("satisfactory\n", "unsatisfactory\n", 1),
                        encoding="utf-8")
    _, document, _ = _scan(tmp_path, "--attestations", str(path))
    finding = _finding(document, "ATTEST_GOV_THIRD_PARTY")
    assert finding["status"] == "fail"
    assert finding["message"].startswith(f"evidence file {register} changed since it was attested (SHA-256 now ")
    assert finding["location"]["file"].endswith("attestations.yaml") and finding["location"]["line"]


def test_a_missing_evidence_file_is_an_error_never_a_pass(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    path = attestations()
    (path.parent / "evidence" / "consent-2026-11.txt").unlink()
    _, document, _ = _scan(tmp_path, "--attestations", str(path))
    finding = _finding(document, "ATTEST_GOV_CONSENT")
    assert finding["status"] == "error"
    assert finding["message"].endswith("consent-2026-11.txt cannot be read (not found)")


def test_a_check_the_file_does_not_attest_fails(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    def drop_physical(text: str) -> str:
        return re.sub(r"  - check: ATTEST_GOV_PHYSICAL\n(?:    .*\n|      .*\n)*\n?", "", text)

    path = attestations(drop_physical)
    _, document, _ = _scan(tmp_path, "--attestations", str(path))
    finding = _finding(document, "ATTEST_GOV_PHYSICAL")
    assert finding["status"] == "fail" and finding["message"] == f"no attestation of ATTEST_GOV_PHYSICAL in {path}"


@pytest.mark.parametrize(("check", "metric", "value", "status", "message"), [
    ("ATTEST_CUSTOMER_MFA_COVERAGE", "customer_mfa_coverage", "0.9399", "pass", "customer_mfa_coverage 94.0%"),
    ("ATTEST_CUSTOMER_MFA_COVERAGE", "customer_mfa_coverage", "0.9", "pass", "customer_mfa_coverage 90.0%"),
    ("ATTEST_CUSTOMER_MFA_COVERAGE", "customer_mfa_coverage", "0.89", "fail", "customer_mfa_coverage 89.0%"),
    ("ATTEST_GOV_TRAINING", "attendance_rate", "0.94", "fail", "attendance_rate 94.0%"),
    ("ATTEST_GOV_TRAINING", "pass_rate", "0.949", "fail", "pass_rate 94.9%"),
    ("ATTEST_GOV_CONSENT", "consent_signed_rate", "0.999", "fail", "consent_signed_rate 99.9%"),
    ("ATTEST_GOV_CONSENT", "consent_signed_rate", "1.0", "pass", "consent_signed_rate 100.0%"),
])
def test_every_quantified_target(tmp_path: Path, attestations: Callable[..., Path], check: str, metric: str,
                                 value: str, status: str, message: str) -> None:
    def set_metric(text: str) -> str:
        return re.sub(rf"(check: {check}\n(?:.*\n)*?      {metric}: )\S+", rf"\g<1>{value}", text)

    _, document, _ = _scan(tmp_path, "--attestations", str(attestations(set_metric)))
    finding = _finding(document, check)
    assert (finding["status"], message in finding["message"]) == (status, True), finding["message"]


def test_a_percentage_written_as_a_number_is_an_error_not_a_pass(tmp_path: Path,
                                                                  attestations: Callable[..., Path]) -> None:
    def as_percent(text: str) -> str:
        return text.replace("customer_mfa_coverage: 0.9399", "customer_mfa_coverage: 93.99")

    _, document, _ = _scan(tmp_path, "--attestations", str(attestations(as_percent)))
    finding = _finding(document, "ATTEST_CUSTOMER_MFA_COVERAGE")
    assert (finding["status"], finding["message"]) == (
        "error", "not evaluated: customer_mfa_coverage = 93.99 is not a fraction from 0 to 1 (write 0.94 for 94%)")


def test_a_third_party_assessed_in_the_future_is_an_error(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    def future(text: str) -> str:
        later = (_dt.date.today() + _dt.timedelta(days=30)).isoformat()
        return re.sub(r"(- name: 云数科技有限公司\n        assessed: )\S+", rf"\g<1>{later}", text)

    _, document, _ = _scan(tmp_path, "--attestations", str(attestations(future)))
    finding = _finding(document, "ATTEST_GOV_THIRD_PARTY")
    assert finding["status"] == "error" and finding["message"].endswith("a date in the future")


def test_a_target_figure_not_attested_is_an_error(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    def drop_metric(text: str) -> str:
        return text.replace("      customer_mfa_coverage: 0.9399\n", "").replace(
            "    metrics:\n\n  - check: ATTEST_GOV_THIRD_PARTY", "\n  - check: ATTEST_GOV_THIRD_PARTY")

    _, document, _ = _scan(tmp_path, "--attestations", str(attestations(drop_metric)))
    finding = _finding(document, "ATTEST_CUSTOMER_MFA_COVERAGE")
    assert finding["status"] == "error"
    assert finding["message"].startswith("not evaluated: the attestation gives no customer_mfa_coverage")


def test_a_third_party_not_assessed_within_a_year_fails(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    def age_vendor(text: str) -> str:
        stale = (_dt.date.today() - _dt.timedelta(days=400)).isoformat()
        return re.sub(r"(- name: 云数科技有限公司\n        assessed: )\S+", rf"\g<1>{stale}", text)

    _, document, _ = _scan(tmp_path, "--attestations", str(attestations(age_vendor)))
    finding = _finding(document, "ATTEST_GOV_THIRD_PARTY")
    assert finding["status"] == "fail"
    assert finding["message"].startswith("not assessed within 366 days: 云数科技有限公司 (last assessed ")


def test_an_attestation_dated_in_the_future_is_an_error(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    def future(text: str) -> str:
        tomorrow = (_dt.date.today() + _dt.timedelta(days=1)).isoformat()
        return re.sub(r"(check: ATTEST_GOV_RIGHTS\n(?:.*\n)*?    done: )\S+", rf"\g<1>{tomorrow}", text)

    _, document, _ = _scan(tmp_path, "--attestations", str(attestations(future)))
    finding = _finding(document, "ATTEST_GOV_RIGHTS")
    assert finding["status"] == "error" and "a date in the future" in finding["message"]


def test_attestations_ending_within_30_days_are_listed(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    def ending_soon(text: str) -> str:  # quarterly, done 80 days ago: ends in about ten days
        done = (_dt.date.today() - _dt.timedelta(days=80)).isoformat()
        return re.sub(r"(check: ATTEST_ACCESS_REVIEW\n(?:.*\n)*?    done: )\S+", rf"\g<1>{done}", text)

    _, document, output = _scan(tmp_path, "--attestations", str(attestations(ending_soon)))
    soon = [a["check_id"] for a in document["attestations"] if a["expiring_soon"]]
    assert "ATTEST_ACCESS_REVIEW" in soon
    assert "Attestations expiring within 30 days: " in output and "ATTEST_ACCESS_REVIEW" in output
    html = tmp_path / "r.html"
    CliRunner().invoke(cli, ["report", str(tmp_path / "r.json"), "--format", f"html:{html}", "--lang", "en"])
    assert 'id="expiring-soon"' in html.read_text(encoding="utf-8")


def test_the_settings_file_names_the_attestations(tmp_path: Path, attestations: Callable[..., Path]) -> None:
    path = attestations()
    settings = path.parent / "baomi.yaml"
    settings.write_text("attestations: attestations.yaml\n", encoding="utf-8")
    _, document, _ = _scan(tmp_path, "--config", str(settings))
    assert len(document["attestations"]) == 13
    assert {"source": "attestations", "target": str(path),
            "root": {"path": str(path.parent), "kind": "scanned", "target": path.name}} in document["targets"]


@pytest.mark.parametrize(("text", "problem"), [
    ("attestations:\n  - check: ATTEST_NOPE\n    owner: a\n    role: b\n    statement: a statement here\n"
     "    done: 2026-01-01\n    frequency: yearly\n    evidence: {reference: X}\n",
     "attestations[0]: unknown check ATTEST_NOPE (see `baomi checks --source attestation`)"),
    ("attestations:\n  - check: ATTEST_GOV_AUDIT\n    owner: a\n    role: b\n    statement: a statement here\n"
     "    done: \"2026-02-30\"\n    frequency: yearly\n    evidence: {reference: X}\n",
     "attestations[0].done: '2026-02-30' is not a date (YYYY-MM-DD)"),
    ("attestations:\n  - check: ATTEST_GOV_AUDIT\n    owner: a\n    role: b\n    statement: a statement here\n"
     "    done: 2026-02-03\n    evidence: {reference: X}\n",
     "attestations[0]: give either valid_until (a date) or frequency (monthly, quarterly, half_yearly, yearly)"),
    ("attestations:\n  - check: ATTEST_GOV_AUDIT\n    owner: a\n    role: b\n    statement: a statement here\n"
     "    done: 2026-02-03\n    frequency: yearly\n    evidence: {file: x.pdf}\n",
     "attestations/0/evidence: 'sha256' is a dependency of 'file'"),
])
def test_a_malformed_attestations_file_is_one_line_and_exit_2(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(HARDENED), "--attestations", str(path)])
    assert result.exit_code == 2
    line = result.output.strip().splitlines()[-1]
    assert line.startswith(f"baomi: error: {path}") and problem in line, line
