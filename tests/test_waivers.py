"""Waivers: accepted risks with a reason and an expiry date."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from baomi import waivers
from baomi.cli import cli
from baomi.model import Finding, Status
from baomi.userfiles import UserFileError

FIXTURES = Path(__file__).parent / "fixtures" / "iac_source"
TODAY = dt.date(2026, 11, 22)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_waiver_in_force_suppresses_failures_and_errors_only_on_matching_resources(tmp_path: Path) -> None:
    path = _write(tmp_path, """
waivers:
  - check: PG_LOGIN_ROLES_HAVE_PASSWORD
    resource: "postgresql://baomi@db-*"
    reason: scanned with least privilege; roles reviewed by the DBA team every quarter
    expires: 2027-03-31
    approved_by: CISO
""")
    [waiver] = waivers.load(path)
    findings = [
        Finding("PG_LOGIN_ROLES_HAVE_PASSWORD", Status.ERROR, "postgresql", "postgresql://baomi@db-1:5432/crm", "x"),
        Finding("PG_LOGIN_ROLES_HAVE_PASSWORD", Status.ERROR, "postgresql", "postgresql://baomi@other:5432/crm", "x"),
        Finding("PG_LOGIN_ROLES_HAVE_PASSWORD", Status.PASS, "postgresql", "postgresql://baomi@db-2:5432/crm", "x"),
        Finding("PG_SSL_ON", Status.FAIL, "postgresql", "postgresql://baomi@db-1:5432/crm", "x"),
    ]
    out = waivers.apply(findings, [waiver], TODAY)
    assert [f.status for f in out] == [Status.SUPPRESSED, Status.ERROR, Status.PASS, Status.FAIL]
    assert out[0].suppression == ("waived until 2027-03-31, approved by CISO: scanned with least privilege; "
                                  "roles reviewed by the DBA team every quarter")


def test_an_expired_waiver_no_longer_applies(tmp_path: Path) -> None:
    path = _write(tmp_path, "waivers:\n  - check: CKV_AWS_16\n    resource: '*'\n"
                            "    reason: legacy instance, migration planned\n    expires: 2026-01-31\n"
                            "    approved_by: CISO\n")
    loaded = waivers.load(path)
    finding = Finding("CKV_AWS_16", Status.FAIL, "terraform", "aws_db_instance.x", "x")
    assert waivers.apply([finding], loaded, TODAY) == [finding]
    assert waivers.expired(loaded, TODAY) == loaded


_ENTRY = ("waivers:\n  - check: {check}\n    resource: '*'\n    reason: {reason}\n    expires: {expires}\n"
          "    approved_by: CISO\n")


@pytest.mark.parametrize("text,problem", [
    ("waivers:\n  - check: CKV_AWS_16\n    resource: '*'\n    expires: 2027-01-01\n    approved_by: CISO\n",
     "'reason' is a required property"),
    ("waivers:\n  - check: CKV_AWS_16\n    reason: a good long reason\n    expires: 2027-01-01\n"
     "    approved_by: CISO\n", "'resource' is a required property"),
    ("waivers:\n  - check: CKV_AWS_16\n    resource: '*'\n    reason: a good long reason\n    expires: 2027-01-01\n",
     "'approved_by' is a required property"),
    (_ENTRY.format(check="CKV_AWS_16", reason="too short", expires="2027-01-01"), "too short"),
    (_ENTRY.format(check="CKV_AWS_16", reason="a good long reason", expires="someday"), "is not a 'date'"),
    (_ENTRY.format(check="CKV_AWS_16", reason="a good long reason", expires="2027-13-45"), "not valid YAML"),
    (_ENTRY.format(check="BAOMI_SOURCE_ERROR", reason="the file is broken, never mind", expires="2027-01-01"),
     "should not be valid"),
    ("waivers: [\n", "not valid YAML"),
])
def test_invalid_waivers_name_the_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(UserFileError, match=problem) as info:
        waivers.load(_write(tmp_path, text))
    assert str(tmp_path) in str(info.value) and "\n" not in str(info.value)


def test_a_waivers_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_bytes(b"waivers: \xff\xfe\n")
    with pytest.raises(UserFileError, match="not UTF-8"):
        waivers.load(path)


def test_scan_refuses_waivers_of_unknown_checks(tmp_path: Path) -> None:
    path = _write(tmp_path, _ENTRY.format(check="NOPE_CHECK", reason="a typo in the check id", expires="2099-01-01"))
    result = CliRunner().invoke(cli, ["scan", str(FIXTURES / "suppressed"), "--waivers", str(path)])
    assert result.exit_code == 2 and "unknown check(s): NOPE_CHECK" in result.stderr


def test_scan_applies_waivers_and_warns_about_expired_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, """
waivers:
  - check: CKV_AWS_16
    resource: aws_db_instance.customers
    reason: encrypted by the storage layer, see risk acceptance RA-2026-14
    expires: 2099-12-31
    approved_by: Head of IT Risk
  - check: CKV_AWS_17
    resource: "*"
    reason: an old waiver that nobody renewed
    expires: 2020-01-01
    approved_by: Head of IT Risk
""")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["scan", str(FIXTURES / "suppressed"), "--waivers", str(path),
                                      "--format", f"json:{out}", "--fail-on", "high"])
    assert "waiver of CKV_AWS_17 on * expired on 2020-01-01; not applied" in result.stderr
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    customers = next(f for f in findings if f["check_id"] == "CKV_AWS_16" and f["resource"].endswith("customers"))
    assert customers["status"] == "suppressed" and "RA-2026-14" in customers["suppression"]
    # without the waiver CKV_AWS_16 on customers is a third high failure beside the two backup-retention ones
    assert "2 failure(s) at or above high" in result.stdout
    bad = CliRunner().invoke(cli, ["scan", str(FIXTURES / "suppressed"), "--waivers", str(tmp_path / "none.yaml")])
    assert bad.exit_code == 2 and "cannot read waivers file" in bad.stderr
