"""Reading results files back: valid ones load, broken ones fail with one line naming file and problem."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from baomi.reports import rendering as results

from .sample_data import SAMPLE, finding


def _write(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _one_line_error(path: Path) -> str:
    with pytest.raises(ValueError) as raised:
        results.load(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message


def test_sample_loads_with_every_status() -> None:
    document = results.load(SAMPLE)
    assert document["schema_version"] == "1.0"
    assert {f["status"] for f in document["findings"]} == {"pass", "fail", "error", "suppressed", "not_applicable"}


def test_sample_counts_agree_with_its_findings(sample: dict[str, Any]) -> None:
    for status, count in sample["counts"].items():
        assert count == sum(1 for f in sample["findings"] if f["status"] == status), status


def test_rejects_text_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text("<html>not a results file</html>", encoding="utf-8")
    assert "not JSON" in _one_line_error(path)


def test_rejects_a_json_value_that_is_not_an_object(tmp_path: Path) -> None:
    assert "expected a JSON object" in _one_line_error(_write(tmp_path, [1, 2]))


def test_rejects_another_major_schema_version(sample: dict[str, Any], tmp_path: Path) -> None:
    sample["schema_version"] = "2.0"
    message = _one_line_error(_write(tmp_path, sample))
    assert "schema_version '2.0' is not supported" in message and "1.x" in message


def test_accepts_a_newer_minor_version_with_an_extra_field(sample: dict[str, Any], tmp_path: Path) -> None:
    sample["schema_version"] = "1.3"
    sample["new_optional_field"] = {"anything": True}
    assert results.load(_write(tmp_path, sample))["schema_version"] == "1.3"


def test_rejects_a_missing_top_level_field(sample: dict[str, Any], tmp_path: Path) -> None:
    del sample["coverage"]
    assert _one_line_error(_write(tmp_path, sample)).endswith("missing field coverage")


def test_names_the_place_of_a_missing_nested_field(sample: dict[str, Any], tmp_path: Path) -> None:
    del sample["findings"][3]["message"]
    assert _one_line_error(_write(tmp_path, sample)).endswith("missing field message in findings[3]")


def test_names_the_place_of_a_bad_value(sample: dict[str, Any], tmp_path: Path) -> None:
    sample["findings"][0]["status"] = "passed"
    message = _one_line_error(_write(tmp_path, sample))
    assert "findings[0].status" in message and '"passed"' in message


def test_rejects_a_score_above_100(sample: dict[str, Any], tmp_path: Path) -> None:
    sample["controls"][0]["score"] = 150
    assert "controls[0].score" in _one_line_error(_write(tmp_path, sample))


def test_source_errors_carry_no_severity(sample: dict[str, Any]) -> None:
    finding(sample, "BAOMI_SOURCE_ERROR")["severity"] = "high"
    with pytest.raises(ValueError, match="severity"):
        results.validate(sample)


def test_suppressed_findings_need_a_reason(sample: dict[str, Any]) -> None:
    finding(sample, "CKV_AWS_144")["suppression"] = None
    with pytest.raises(ValueError, match="suppression"):
        results.validate(sample)


def test_ordinary_findings_need_a_severity(sample: dict[str, Any]) -> None:
    finding(sample, "CKV_AWS_16")["severity"] = None
    with pytest.raises(ValueError, match=r"findings\[0\]\.severity"):
        results.validate(sample)


def test_validate_names_its_origin(sample: dict[str, Any]) -> None:
    del sample["findings"]
    with pytest.raises(ValueError, match="^merged results: missing field findings$"):
        results.validate(sample, origin="merged results")


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    assert "cannot read" in _one_line_error(tmp_path / "absent.json")


def test_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert results.load(path)["grade"] == "F"
