"""The HTML report: one offline file, everything scanned escaped, labels in the language asked for."""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from baomi.reports import get_format

from .sample_data import finding

SCRIPT_RESOURCE = 'aws_s3_bucket_acl.statements<script>alert("pwned")</script>'


class _Page(HTMLParser):
    """Collects what the tests look at: attributes with URLs, scripts, elements by id, table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self.ids: set[str] = set()
        self.finding_rows: list[dict[str, str]] = []
        self.select_options: dict[str, list[str]] = {}
        self.text: list[str] = []
        self._in_script = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.urls += [value for name, value in attributes.items() if name in ("src", "href", "action", "srcset")]
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "tr" and "data-status" in attributes:
            self.finding_rows.append(attributes)
        if tag == "select":
            self._select = attributes["data-filter"]
            self.select_options[self._select] = []
        if tag == "option" and self._select:
            self.select_options[self._select].append(attributes["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def _render(document: dict[str, Any], lang: str = "en") -> tuple[str, _Page]:
    html = get_format("html").render(document, lang)
    page = _Page()
    page.feed(html)
    page.close()
    return html, page


def test_is_one_self_contained_page(sample: dict[str, Any]) -> None:
    html, page = _render(sample)
    assert html.startswith("<!DOCTYPE html>")
    external = [url for url in page.urls if re.match(r"^\s*(https?:|//|file:|data:)", url, re.I)]
    assert external == []
    assert all(url.startswith("#") for url in page.urls)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:|//)", html, re.I)
    assert "<link" not in html and "<img" not in html and "<iframe" not in html


def test_content_security_policy_allows_only_its_own_script(sample: dict[str, Any]) -> None:
    html, page = _render(sample)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy
    [script] = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'" in policy


def test_escapes_markup_from_scanned_files(sample: dict[str, Any]) -> None:
    html, page = _render(sample)
    assert SCRIPT_RESOURCE not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert len(page.scripts) == 1
    assert SCRIPT_RESOURCE in "".join(page.text)  # shown to the reader as text


def test_escapes_markup_in_every_scanned_field(sample: dict[str, Any]) -> None:
    evil = "<img src=x onerror=alert(1)>"
    for key in ("message", "resource", "source", "suppression"):
        finding(sample, "CKV_AWS_144")[key] = evil + key if key != "source" else "terraform"
    finding(sample, "CKV_AWS_144")["location"]["file"] = evil + ".tf"
    finding(sample, "BAOMI_AWS_ROOT_MFA")["account"] = evil
    sample["targets"][0]["target"] = evil
    sample["gate"]["reasons"].append(evil)
    html, page = _render(sample)
    assert "<img" not in html and "onerror=alert(1)>" not in html
    assert page.urls == [url for url in page.urls if url.startswith("#")]


def test_shows_score_grade_coverage_and_gate(sample: dict[str, Any]) -> None:
    html, _ = _render(sample)
    summary = html[html.index('id="summary"'):html.index('id="frameworks"')]
    assert "38.6" in summary and ">F</span>" in summary
    assert re.search(r'id="coverage">7<small> / 10</small>', summary)
    assert "failed" in summary and "score 38.6 is under 80" in summary


def test_without_a_gate_says_none_was_asked(sample: dict[str, Any]) -> None:
    sample["gate"] = None
    html, _ = _render(sample)
    assert "no gate requested" in html


def _gate_card(html: str) -> str:
    start = html.index('<div class="card" id="gate"')
    return html[start:html.index('<div class="card">', start)]


@pytest.mark.parametrize("lang,verdict", [("en", "✘ failed"), ("zh", "✘ 未通过")])
def test_failed_gate_card_is_red_with_its_reasons(sample: dict[str, Any], lang: str, verdict: str) -> None:
    card = _gate_card(_render(sample, lang)[0])
    assert card.startswith('<div class="card" id="gate" data-gate="failed">')
    assert f'<div class="big gate-failed">{verdict}</div>' in card
    assert "".join(f"<li>{reason}</li>" for reason in sample["gate"]["reasons"]) in card
    assert "gate-passed" not in card and "gate-none" not in card


@pytest.mark.parametrize("lang,verdict", [("en", "✔ passed"), ("zh", "✔ 通过")])
def test_passed_gate_card_is_green_without_reasons(sample: dict[str, Any], lang: str, verdict: str) -> None:
    sample["gate"] = {"passed": True, "reasons": []}
    card = _gate_card(_render(sample, lang)[0])
    assert card.startswith('<div class="card" id="gate" data-gate="passed">')
    assert f'<div class="big gate-passed">{verdict}</div>' in card
    assert "<li>" not in card and "gate-failed" not in card and "gate-none" not in card


@pytest.mark.parametrize("lang,label,detail", [
    ("en", "no gate requested", "the findings did not decide the exit code"),
    ("zh", "未设置门禁", "检查结果不影响退出码"),
])
def test_not_requested_gate_card_is_neutral(sample: dict[str, Any], lang: str, label: str, detail: str) -> None:
    """``"gate": null`` (--no-gate) is neither the green passed card nor the red failed one."""
    sample["gate"] = None
    html, _ = _render(sample, lang)
    card = _gate_card(html)
    assert card.startswith('<div class="card" id="gate" data-gate="none">')
    assert f'<div class="big gate-none"><small>{label}</small></div>' in card
    assert f'<div class="muted">{detail}</div>' in card
    for verdict in ("gate-passed", "gate-failed", "✔", "✘", "<li>"):
        assert verdict not in card
    assert ".gate-none { color: var(--muted); }" in html  # grey, not the pass or fail colour


def test_english_labels(sample: dict[str, Any]) -> None:
    html, _ = _render(sample, "en")
    assert '<html lang="en">' in html
    for label in ("Overall score", "Frameworks and clauses", "Suppressed findings", "What was not evaluated"):
        assert label in html
    assert "Technical protection and system safeguards" in html
    assert "总体得分" not in html and "技术防护与系统保障" not in html


def test_chinese_labels(sample: dict[str, Any]) -> None:
    html, _ = _render(sample, "zh")
    assert '<html lang="zh-CN">' in html
    for label in ("总体得分", "框架与条款", "已豁免的发现", "未能评估的内容", "整改建议"):
        assert label in html
    assert "技术防护与系统保障" in html and "金融机构客户信息保密规范" in html
    assert "Overall score" not in html and "Technical protection and system safeguards" not in html


def test_not_assessed_is_never_shown_as_a_score(sample: dict[str, Any]) -> None:
    html, _ = _render(sample)
    start = html.index('id="control-BAK-BACKUP"')
    control = html[start:html.index("</article>", start)]
    assert "not assessed" in control
    assert "100" not in control and "0.0" not in control
    manual = html[html.index('id="control-GOV-TRAINING"'):]
    assert 'class="badge s-manual"' in manual[:600]


def test_a_scan_that_assessed_nothing(sample: dict[str, Any]) -> None:
    sample["score"], sample["grade"] = None, "N/A"
    html, _ = _render(sample)
    summary = html[html.index('id="overall-score"'):html.index("</div>", html.index('id="overall-score"'))]
    assert "not assessed" in summary and "N/A" in summary and "100" not in summary


def test_frameworks_clauses_and_controls_have_status_badges(sample: dict[str, Any]) -> None:
    html, page = _render(sample)
    assert {"framework-fin-confidentiality-spec", "framework-privacy-commitment"} <= page.ids
    assert {f"control-{c['id']}" for c in sample["controls"]} <= page.ids
    clause = html[html.index("<td>四.7</td>"):html.index("</tr>", html.index("<td>四.7</td>"))]
    assert 'badge s-not_assessed' in clause
    for status in ("pass", "fail", "error", "not_assessed", "manual"):
        assert f'class="badge s-{status}"' in html


def test_findings_table_has_a_row_per_finding_with_filter_data(sample: dict[str, Any]) -> None:
    _, page = _render(sample)
    assert len(page.finding_rows) == len(sample["findings"])
    assert page.finding_rows[0]["data-status"] == "fail"  # failures first
    source_error = next(r for r in page.finding_rows if r["data-status"] == "error" and r["data-control"] == "")
    assert source_error["data-severity"] == "none"
    # "at or above" a level (issue 12): every level, in severity order; rows without one are kept only by "all"
    assert page.select_options["severity"] == ["", "critical", "high", "medium", "low"]
    assert page.select_options["status"] == ["", "fail", "error", "pass", "suppressed", "not_applicable"]
    assert page.select_options["source"] == ["", "aws", "cloudformation", "mysql", "postgresql", "terraform"]
    assert "NET-PUBLIC" in page.select_options["control"] and "GOV-TRAINING" not in page.select_options["control"]


def test_remediation_of_each_failure_with_terraform(sample: dict[str, Any]) -> None:
    html, page = _render(sample)
    failed_checks = {f["check_id"] for f in sample["findings"] if f["status"] == "fail"}
    assert {f"fix-{check}" for check in failed_checks} <= page.ids
    assert "<pre><code>resource &#34;aws_db_instance&#34; &#34;customers&#34; {\n  storage_encrypted = true" in html
    assert "Attach a hardware MFA device to the root account" in html
    fixes = html[html.index('id="remediation"'):html.index('id="suppressed"')]
    assert "fix-CKV_AWS_144" not in fixes  # suppressed, not a failure


def test_suppressed_findings_with_their_reason(sample: dict[str, Any]) -> None:
    html, _ = _render(sample)
    section = html[html.index('<h2 id="suppressed"'):html.index('<h2 id="not-evaluated"')]
    assert "CKV_AWS_144" in section and "由同城灾备中心复制，见变更单 CHG-2291" in section


def test_not_evaluated_lists_errors_and_source_errors(sample: dict[str, Any]) -> None:
    html, _ = _render(sample)
    section = html[html.index('<h2 id="not-evaluated"'):html.index("<footer>")]
    assert "BAOMI_SOURCE_ERROR" in section and "HCL parse error" in section
    assert "BAOMI_PG_LOG_CONNECTIONS" in section and "permission denied" in section
    assert "CKV_AWS_16" not in section


def test_live_findings_show_account_and_region(sample: dict[str, Any]) -> None:
    html, _ = _render(sample)
    assert "123456789012 / cn-north-1" in html


def test_printable(sample: dict[str, Any]) -> None:
    html, _ = _render(sample)
    assert "@media print" in html


def test_unknown_language_is_refused(sample: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unknown report language 'fr'"):
        get_format("html").render(sample, "fr")
