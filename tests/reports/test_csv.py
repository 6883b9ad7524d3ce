"""CSV for auditors: one row per finding, UTF-8 with BOM, Chinese round-trips, no formulas."""
from __future__ import annotations

import csv
import io
from typing import Any

from baomi.reports import get_format
from baomi.reports.csv import COLUMNS

from .sample_data import finding


def _rows(document: dict[str, Any], lang: str = "zh") -> tuple[str, list[dict[str, str]]]:
    text = get_format("csv").render(document, lang)
    data = text.encode("utf-8")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return text, list(reader)


def test_starts_with_a_bom_and_the_header(sample: dict[str, Any]) -> None:
    text, rows = _rows(sample)
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbfcheck_id,title,status,severity,controls,")
    assert tuple(rows[0].keys()) == COLUMNS


def test_one_row_per_finding(sample: dict[str, Any]) -> None:
    _, rows = _rows(sample)
    assert len(rows) == len(sample["findings"])
    assert [r["check_id"] for r in rows] == [f["check_id"] for f in sample["findings"]]


def test_chinese_text_round_trips(sample: dict[str, Any]) -> None:
    _, rows = _rows(sample, "zh")
    rds = rows[0]
    assert rds["title"] == "RDS 实例存储已加密"
    assert rds["remediation"] == "为 RDS 实例开启存储加密（需重建实例并迁移数据）。"
    suppressed = next(r for r in rows if r["status"] == "suppressed")
    assert suppressed["suppression"] == finding(sample, "CKV_AWS_144")["suppression"]
    root = next(r for r in rows if r["check_id"] == "BAOMI_AWS_ROOT_MFA")
    assert root["message"] == "根账户未启用 MFA (AccountMFAEnabled = 0)"


def test_english_titles_and_remediation(sample: dict[str, Any]) -> None:
    _, rows = _rows(sample, "en")
    assert rows[0]["title"] == "RDS instance storage is encrypted"
    assert rows[0]["remediation"].startswith("Turn on storage encryption")


def test_columns_hold_location_account_and_controls(sample: dict[str, Any]) -> None:
    finding(sample, "CKV_AWS_16", "fail")["controls"] = ["ENC-REST", "DATA-CLASSIFY"]
    _, rows = _rows(sample)
    rds = rows[0]
    assert (rds["file"], rds["line"], rds["controls"]) == ("examples/terraform/aws-insecure/rds.tf", "12",
                                                           "ENC-REST;DATA-CLASSIFY")
    root = next(r for r in rows if r["check_id"] == "BAOMI_AWS_ROOT_MFA")
    assert (root["file"], root["line"], root["account"], root["region"]) == ("", "", "123456789012", "cn-north-1")
    source_error = next(r for r in rows if r["check_id"] == "BAOMI_SOURCE_ERROR")
    assert (source_error["severity"], source_error["controls"], source_error["remediation"]) == ("", "", "")


def test_commas_quotes_and_newlines_survive(sample: dict[str, Any]) -> None:
    finding(sample, "CKV_AWS_16", "fail")["message"] = 'line one, "quoted"\nline two'
    _, rows = _rows(sample)
    assert rows[0]["message"] == 'line one, "quoted"\nline two'
    assert len(rows) == len(sample["findings"])


def test_cells_that_look_like_formulas_are_text(sample: dict[str, Any]) -> None:
    finding(sample, "CKV_AWS_16", "fail")["resource"] = '=HYPERLINK("http://evil.example","x")'
    finding(sample, "CKV_AWS_16", "pass")["message"] = "@SUM(1+1)"
    _, rows = _rows(sample)
    assert rows[0]["resource"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert rows[1]["message"] == "'@SUM(1+1)"
