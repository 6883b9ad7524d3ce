"""Clause verdicts in every report, applicability from the profile, and results files of schema 1.0 still
read: the hardened Terraform example scanned for real (checkov), then rendered by `baomi report`."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from baomi.cli import cli

ROOT = Path(__file__).resolve().parents[2]
HARDENED = ROOT / "examples" / "terraform" / "aws-hardened"
OLD_RESULTS = ROOT / "tests" / "fixtures" / "results" / "schema-1.0-aws-insecure.json"
FORMATS = ("json", "html", "markdown", "sarif", "junit", "csv", "clauses-csv")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scan") / "r.json"
    result = CliRunner().invoke(cli, ["scan", str(HARDENED), "--lang", "en", "--format", f"json:{out}"])
    assert result.exit_code == 0, result.output
    return out


def _render(results: Path, fmt: str, lang: str = "en") -> str:
    result = CliRunner().invoke(cli, ["report", str(results), "--format", fmt, "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_clause_has_a_verdict_and_its_evidence(scanned: Path) -> None:
    document = json.loads(scanned.read_text())
    assert document["schema_version"] == "1.2"
    for fw in document["frameworks"]:
        counted = dict.fromkeys(fw["compliance"], 0)
        for clause in fw["clauses"]:
            counted[clause["compliance"]] += 1
            assert 0 <= clause["evidenced"]["controls"] <= clause["evidenced"]["of"] == len(clause["controls"])
            assert clause["source"] is not None
        assert counted == fw["compliance"]
        applicable = sum(n for k, n in fw["compliance"].items() if k != "not_applicable")
        assert fw["evidence"]["clauses_applicable"] == applicable


def test_html_markdown_and_csv_carry_the_clause_verdicts(scanned: Path) -> None:
    html = _render(scanned, "html")
    assert 'id="clauses-evidenced"' in html and "c-not_assessed" in html and 'id="attestations"' in html
    markdown = _render(scanned, "markdown")
    assert "| Clauses evidenced |" in markdown
    rows = list(csv.reader(io.StringIO(_render(scanned, "clauses-csv").lstrip("\ufeff"))))
    document = json.loads(scanned.read_text())
    assert rows[0][:4] == ["framework", "clause", "title", "compliance"]
    assert len(rows) - 1 == sum(len(fw["clauses"]) for fw in document["frameworks"])
    assert {r[3] for r in rows[1:]} <= {"compliant", "partially compliant", "non-compliant", "not assessed",
                                        "not applicable"}
    zh = list(csv.reader(io.StringIO(_render(scanned, "clauses-csv", "zh").lstrip("\ufeff"))))
    assert {r[3] for r in zh[1:]} <= {"符合", "部分符合", "不符合", "未评估", "不适用"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_results_file_of_schema_1_0_is_still_rendered(fmt: str) -> None:
    assert json.loads(OLD_RESULTS.read_text())["schema_version"] == "1.0"
    assert _render(OLD_RESULTS, fmt)


def test_a_results_file_of_schema_1_0_is_still_merged(tmp_path: Path) -> None:
    out = tmp_path / "merged.json"
    result = CliRunner().invoke(cli, ["merge", str(OLD_RESULTS), "-o", str(out), "--no-gate"])
    assert result.exit_code == 0, result.output
    merged = json.loads(out.read_text())
    assert merged["schema_version"] == "1.2"
    assert len(merged["findings"]) == len(json.loads(OLD_RESULTS.read_text())["findings"])


def _clause(document: dict[str, Any], framework: str, clause: str) -> dict[str, Any]:
    fw = next(f for f in document["frameworks"] if f["id"] == framework)
    return next(c for c in fw["clauses"] if c["id"] == clause)


def test_the_profile_decides_what_applies(tmp_path: Path) -> None:
    settings = tmp_path / "baomi.yaml"
    settings.write_text("profile:\n  institution_type: advisory\n  ciio: false\n  pi_subjects: 20000\n")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["scan", str(HARDENED), "--config", str(settings), "--lang", "en",
                                      "--format", f"json:{out}"])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["profile"] == {"institution_type": "advisory", "ciio": False, "pi_subjects": 20000}
    cii = _clause(document, "csl", "Art. 39")  # data of CII operators stored in China
    assert cii["compliance"] == "not_applicable" and cii["applicability"]["en"]
    pipl_40 = _clause(document, "pipl", "Art. 40")  # CII operators or handlers above the volume threshold
    assert pipl_40["compliance"] == "not_applicable"
    everyone = _clause(document, "csl", "Art. 23(3)")  # logs kept six months: every operator
    assert everyone["compliance"] != "not_applicable" and everyone["applicability"] is None


def test_an_unstated_profile_drops_no_clause(scanned: Path) -> None:
    document = json.loads(scanned.read_text())
    assert document["profile"] == {"institution_type": None, "ciio": None, "pi_subjects": None}
    cii = _clause(document, "csl", "Art. 39")
    assert cii["compliance"] != "not_applicable"
    assert cii["applicability"] == {"zh": "机构画像未说明，按适用处理",
                                    "en": "the profile does not say; taken as applicable"}
