"""JUnit XML: one test case per finding, outcomes and counts CI systems can read, valid against Jenkins' xunit
schema (tests/schemas/junit-10.xsd)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import xmlschema

from baomi.reports import get_format

from .sample_data import finding

JUNIT_XSD = xmlschema.XMLSchema(Path(__file__).resolve().parents[1] / "schemas" / "junit-10.xsd")


def _parse(document: dict[str, Any], lang: str = "en") -> ET.Element:
    text = get_format("junit").render(document, lang)
    JUNIT_XSD.validate(text)
    return ET.fromstring(text.encode("utf-8"))


def _counts(element: ET.Element) -> tuple[int, int, int, int]:
    return tuple(int(element.get(key)) for key in ("tests", "failures", "errors", "skipped"))  # type: ignore[return-value]


def test_counts_match_the_findings(sample: dict[str, Any]) -> None:
    root = _parse(sample)
    assert root.tag == "testsuites"
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(sample["findings"]) == 14
    # the xunit schema has no skipped count on <testsuites>; the suites carry theirs
    assert tuple(int(root.get(key)) for key in ("tests", "failures", "errors")) == (14, 5, 2)
    assert root.get("skipped") is None
    assert sum(int(suite.get("skipped")) for suite in root.findall("testsuite")) == 2
    assert len(root.findall("testsuite/testcase/failure")) == 5
    assert len(root.findall("testsuite/testcase/error")) == 2
    assert len(root.findall("testsuite/testcase/skipped")) == 2


def test_one_suite_per_source_with_its_own_counts(sample: dict[str, Any]) -> None:
    suites = {suite.get("name"): suite for suite in _parse(sample).findall("testsuite")}
    assert set(suites) == {"terraform", "cloudformation", "aws", "postgresql", "mysql"}
    assert _counts(suites["terraform"]) == (7, 3, 1, 1)
    assert _counts(suites["aws"]) == (3, 1, 0, 0)
    assert _counts(suites["postgresql"]) == (2, 0, 1, 0)
    assert _counts(suites["mysql"]) == (1, 0, 0, 1)
    for suite in suites.values():
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))


def test_failure_is_typed_by_severity_and_names_the_place(sample: dict[str, Any]) -> None:
    root = _parse(sample)
    case = next(c for c in root.iter("testcase") if c.get("name", "").startswith("aws_db_instance.customers"))
    assert case.get("classname") == "CKV_AWS_16"
    assert case.get("name") == "aws_db_instance.customers (examples/terraform/aws-insecure/rds.tf:12)"
    failure = case.find("failure")
    assert failure.get("type") == "high" and failure.get("message") == "RDS instance storage is not encrypted"
    assert "Turn on storage encryption" in failure.text and "storage_encrypted = true" in failure.text


def test_errors_skips_and_passes(sample: dict[str, Any]) -> None:
    root = _parse(sample)
    by_class = {}
    for case in root.iter("testcase"):
        by_class.setdefault(case.get("classname"), []).append(case)
    [source_error] = by_class["BAOMI_SOURCE_ERROR"]
    assert source_error.find("error").get("type") == "source_error"
    [suppressed] = by_class["CKV_AWS_144"]
    assert "CHG-2291" in suppressed.find("skipped").get("message")
    [not_applicable] = by_class["BAOMI_MYSQL_GLOBAL_ALL"]
    assert not_applicable.find("skipped").get("message").startswith("not applicable")
    assert all(len(case) == 0 for case in by_class["BAOMI_AWS_IAM_USER_MFA"])


def test_live_finding_has_no_location_in_its_name(sample: dict[str, Any]) -> None:
    [case] = [c for c in _parse(sample).iter("testcase") if c.get("classname") == "BAOMI_AWS_ROOT_MFA"]
    assert case.get("name") == "arn:aws:iam::123456789012:root"
    assert "123456789012 / cn-north-1" in case.find("failure").text


def test_markup_and_control_characters_stay_valid_xml(sample: dict[str, Any]) -> None:
    bad = finding(sample, "CKV_AWS_16", "fail")
    bad["message"] = 'broken <tag> & "quote" \x00\x1b end'
    root = _parse(sample)  # parses: nothing XML forbids got through
    failure = next(c for c in root.iter("testcase") if c.get("classname") == "CKV_AWS_16").find("failure")
    assert failure.get("message") == 'broken <tag> & "quote" \ufffd\ufffd end'
    names = [c.get("name") for c in root.iter("testcase")]
    assert any('<script>alert("pwned")</script>' in name for name in names)


def test_chinese_details(sample: dict[str, Any]) -> None:
    root = _parse(sample, "zh")
    failure = next(c for c in root.iter("testcase") if c.get("classname") == "CKV_AWS_16").find("failure")
    assert "整改建议: 为 RDS 实例开启存储加密" in failure.text


def test_the_xunit_schema_refuses_what_the_old_report_wrote(sample: dict[str, Any]) -> None:
    """``skipped`` on ``<testsuites>`` (what baomi wrote before) fails Jenkins' schema: the check has teeth."""
    text = get_format("junit").render(sample, "en").replace('<testsuites name="baomi" ', '<testsuites skipped="2" ', 1)
    [error] = list(JUNIT_XSD.iter_errors(text))
    assert "skipped" in error.reason
