"""Markdown for a pull-request comment: verdict, failures by severity, top fixes, nothing unescaped."""
from __future__ import annotations

import re
from typing import Any

import pytest

from baomi.reports import get_format
from baomi.reports.markdown import COMMENT_LIMIT, MAX_ROWS, escape

from .sample_data import finding


@pytest.fixture(autouse=True)
def _not_on_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Links are relative unless the GitHub Actions variables say otherwise (test_consumer_schemas.py sets them)."""
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_RUN_ID"):
        monkeypatch.delenv(name, raising=False)


def _render(document: dict[str, Any], lang: str = "en") -> str:
    return get_format("markdown").render(document, lang)


def _table_rows(markdown: str, heading: str) -> list[str]:
    """The data rows of the table under ``heading``."""
    section = markdown[markdown.index(heading):]
    lines = section.splitlines()[1:]
    start = next(i for i, line in enumerate(lines) if line.startswith("| ---"))
    rows = []
    for line in lines[start + 1:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def _cells(row: str) -> list[str]:
    """Split a table row on unescaped pipes, as GitHub does."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_headline_has_score_grade_coverage_and_gate(sample: dict[str, Any]) -> None:
    text = _render(sample)
    assert "**Score: 38.6 (F)**" in text
    assert "Coverage: 7/10" in text
    assert "Gate: ❌ failed" in text and "> - 3 failures at or above high" in text


@pytest.mark.parametrize("lang,gate,headline", [
    ("en", {"passed": True, "reasons": []}, "Gate: ✅ passed"),
    ("zh", {"passed": True, "reasons": []}, "门禁: ✅ 通过"),
    ("en", None, "Gate: no gate requested"),
    ("zh", None, "门禁: 未设置门禁"),
])
def test_headline_gate_passed_or_not_requested(sample: dict[str, Any], lang: str, gate: dict[str, Any] | None,
                                               headline: str) -> None:
    """A null gate (--no-gate) reads neutrally: no tick, no cross, no reasons."""
    sample["gate"] = gate
    first = _render(sample, lang).split("\n\n")[1]
    assert first.endswith(headline)
    assert ("✅" in first) is (gate is not None) and "❌" not in first


def test_gate_reasons_are_in_the_reports_language_not_the_runs(sample: dict[str, Any]) -> None:
    """An English run rendered in Chinese: the reasons come from their data (``gate.details``), as in the HTML."""
    sample["gate"] = {"passed": False, "reasons": ["score 38.6 is under 80"],
                      "details": [{"code": "under", "values": {"score": 38.6, "limit": 80}}]}
    text = _render(sample, "zh")
    assert "> - 得分 38.6 低于 80" in text and "under 80" not in text


def test_failures_grouped_by_severity_critical_first(sample: dict[str, Any]) -> None:
    text = _render(sample)
    headings = re.findall(r"^#### (\w+) \((\d+)\)$", text, re.M)
    assert headings == [("Critical", "2"), ("High", "1"), ("Medium", "1"), ("Low", "1")]
    critical = _table_rows(text, "#### Critical")
    assert [_cells(row)[0].split("`")[1] for row in critical] == ["BAOMI_AWS_ROOT_MFA", "CKV_AWS_20"]
    high = [_cells(row) for row in _table_rows(text, "#### High")]
    assert high == [["`CKV_AWS_16` RDS instance storage is encrypted", r"aws\_db\_instance.customers",
                     "[examples/terraform/aws-insecure/rds.tf:12](examples/terraform/aws-insecure/rds.tf#L12)"]]


def test_only_failures_are_in_the_severity_tables(sample: dict[str, Any]) -> None:
    text = _render(sample)
    failures = text[text.index("### Failures"):text.index("### Top 5 remediations")]
    assert "aws\\_db\\_instance.reporting" not in failures  # a pass
    assert "statements\\_backup" not in failures  # suppressed


def test_live_failure_shows_account_and_region_instead_of_a_file(sample: dict[str, Any]) -> None:
    row = _cells(_table_rows(_render(sample), "#### Critical")[0])
    assert row[1] == "arn:aws:iam::123456789012:root" and row[2] == "123456789012 / cn-north-1"


def test_pipes_newlines_and_markup_are_escaped_in_cells(sample: dict[str, Any]) -> None:
    finding(sample, "CKV_AWS_16", "fail")["resource"] = "db|prod\nsecond line"
    text = _render(sample)
    [row] = _table_rows(text, "#### High")
    assert len(_cells(row)) == 3
    assert _cells(row)[1] == r"db\|prod<br>second line"
    critical = "\n".join(_table_rows(text, "#### Critical"))
    assert "<script>" not in text and r"\<script\>" in critical


def test_escape() -> None:
    assert escape("a|b") == r"a\|b"
    assert escape("x\r\ny\nz") == "x<br>y<br>z"
    assert escape(r"ends with \|") == r"ends with \\\|"
    assert escape("[link](http://x) *bold* `code`") == r"\[link\](http://x) \*bold\* \`code\`"
    assert escape(None) == ""


def test_top_five_remediations_most_severe_first(sample: dict[str, Any]) -> None:
    for number in range(3):  # two more failed checks: only five may be listed
        extra = dict(finding(sample, "CKV_AWS_338", "fail"), check_id=f"CKV_AWS_90{number}")
        sample["findings"].append(extra)
    text = _render(sample)
    section = text[text.index("### Top 5 remediations"):text.index("### What was not evaluated")]
    listed = re.findall(r"^\d\. \*\*`(\w+)`\*\*", section, re.M)
    assert listed[:2] == ["BAOMI_AWS_ROOT_MFA", "CKV_AWS_20"] and listed[2] == "CKV_AWS_16"
    assert len(listed) == 5
    assert "   ```hcl\n   resource \"aws_s3_bucket_public_access_block\"" in section


def test_not_evaluated_and_counts(sample: dict[str, Any]) -> None:
    text = _render(sample)
    errors = [_cells(row)[0] for row in _table_rows(text, "### What was not evaluated")]
    assert errors == ["`BAOMI_PG_LOG_CONNECTIONS`", "`BAOMI_SOURCE_ERROR`"]
    [counts] = _table_rows(text, "### Result counts")
    assert _cells(counts) == ["5", "5", "2", "1", "1"]


def test_long_tables_are_cut_with_a_note(sample: dict[str, Any]) -> None:
    template = finding(sample, "CKV_AWS_338", "fail")
    sample["findings"] += [dict(template, resource=f"aws_cloudwatch_log_group.g{i}") for i in range(MAX_ROWS + 4)]
    text = _render(sample)
    assert len(_table_rows(text, "#### Low")) == MAX_ROWS
    assert "5 more not listed: see the full report." in text


def test_in_chinese(sample: dict[str, Any]) -> None:
    text = _render(sample, "zh")
    assert "**得分: 38.6 (F)**" in text and "门禁: ❌ 未通过" in text
    assert re.findall(r"^#### (\S+) \(\d+\)$", text, re.M) == ["严重", "高", "中", "低"]
    assert "RDS 实例存储已加密" in text and "Failures" not in text


def test_no_failures_no_gate(sample: dict[str, Any]) -> None:
    sample["findings"] = [f for f in sample["findings"] if f["status"] == "pass"]
    sample["gate"] = None
    text = _render(sample)
    assert "No failures." in text and "no gate requested" in text
    assert "Top 5 remediations" not in text and "####" not in text


def test_a_document_too_long_even_at_one_row_a_table_is_cut_at_a_line_with_a_pointer(sample: dict[str, Any]) -> None:
    sample["gate"] = {"passed": False, "reasons": [f"reason {i}: " + "x" * 30_000 for i in range(3)]}
    text = _render(sample)
    assert len(text) <= COMMENT_LIMIT
    assert text.endswith("\n\nThe rest is cut to stay within GitHub's comment limit (65,536 characters): the full "
                         "report is in this scan's HTML and JSON reports.")
    assert "> - reason 1: " in text and "> - reason 2: " not in text
