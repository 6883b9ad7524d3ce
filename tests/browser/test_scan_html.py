"""The scan's HTML report in a real headless Chromium: ``baomi scan examples/terraform/aws-insecure`` with the real
command, in English and in Chinese, then the page as a reader sees it, checked against the results JSON of the same
scan: the score, every finding a row, the filters (alone, combined, and back to all), nothing fetched, no console
error (no CSP violation), and a screenshot and an A4 PDF kept in the artifacts directory."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest

from baomi.reports import rendering
from baomi.reports.pdf import print_pdf
from tests.support.browser import REPO_ROOT, Browser

EXAMPLE = "examples/terraform/aws-insecure"
NAME = "scan-aws-insecure"
FILTERS = ("severity", "status", "control", "source")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
A4_POINTS = (595.0, 842.0)
#: names of CJK fonts as they appear embedded in a PDF (Debian's fonts-wqy-microhei, fonts-noto-cjk, ...)
CJK_FONTS = ("WenQuanYi", "NotoSansCJK", "NotoSerifCJK", "SourceHan", "DroidSansFallback", "AR PL", "ARPL")


@dataclass(frozen=True)
class Scan:
    lang: str
    html: Path
    doc: dict[str, Any]

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.doc["findings"])

    def label(self, key: str) -> str:
        return rendering.labels(self.lang)[key]


def _baomi() -> str:
    """The installed ``baomi`` command of this virtualenv (the real entry point, not click's test runner)."""
    command = Path(sys.executable).parent / "baomi"
    assert command.is_file(), f"{command} not found: run make install"
    return str(command)


@pytest.fixture(scope="module", params=["en", "zh"])
def scan(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Scan:
    lang = request.param
    out = tmp_path_factory.mktemp(f"scan-{lang}")
    done = subprocess.run(
        [_baomi(), "scan", EXAMPLE, "--format", f"html:{out / 'r.html'}", "--format", f"json:{out / 'r.json'}",
         "--lang", lang, "--no-gate"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert doc["findings"], "the insecure example must have findings for the filters to mean anything"
    return Scan(lang, out / "r.html", doc)


@pytest.fixture
def page(browser: Browser, scan: Scan) -> str:
    """The report open in the browser; its URL."""
    return browser.open(scan.html)


def _expected_score(scan: Scan) -> str:
    score = scan.doc["score"]
    return scan.label("status_not_assessed") if score is None else f"{score:.1f}"


def _matching(scan: Scan, **wanted: str) -> Counter[tuple[str, str]]:
    """(check, resource) of the findings a filter choice must leave, as the report's data attributes say them."""
    def value(finding: dict[str, Any], key: str) -> list[str]:
        if key == "severity":
            return [finding["severity"] or "none"]
        if key == "control":
            return list(finding["controls"])
        return [finding[key]]

    return Counter((f["check_id"], f["resource"]) for f in scan.findings
                   if all(choice in value(f, key) for key, choice in wanted.items()))


def _shown(browser: Browser) -> Counter[tuple[str, str]]:
    """(check, resource) of the findings rows the browser lays out (check cell: ID, line break, title)."""
    return Counter((row.cells[2].split("\n")[0].strip(), row.cells[3].strip())
                   for row in browser.visible_rows("#findings-table"))


def _choose(browser: Browser, **wanted: str) -> None:
    for key in FILTERS:
        browser.select(f"select[data-filter={key}]", wanted.get(key, ""))


def test_the_page_renders_the_results(browser: Browser, scan: Scan, page: str) -> None:
    score = _expected_score(scan)
    assert browser.driver.title == f"{scan.label('report_title')} · {score}"
    assert browser.driver.execute_script("return document.documentElement.lang") == (
        "zh-CN" if scan.lang == "zh" else "en")
    assert browser.text("h1") == scan.label("report_title")
    assert browser.text("#overall-score") == f"{score}{scan.doc['grade']}"
    rows = browser.visible_rows("#findings-table")
    assert len(rows) == len(scan.findings)
    assert _shown(browser) == _matching(scan)
    assert browser.text("#filter-count") == str(len(scan.findings))


def test_each_filter_leaves_exactly_its_findings(browser: Browser, scan: Scan, page: str) -> None:
    for key in FILTERS:
        values = [v for v in browser.options(f"select[data-filter={key}]") if v]
        assert values, f"the {key} filter offers nothing"
        for value in values:
            browser.select(f"select[data-filter={key}]", value)
            expected = _matching(scan, **{key: value})
            assert expected, f"{key}={value} is offered but matches no finding"
            assert _shown(browser) == expected, f"{key}={value}"
            assert browser.text("#filter-count") == str(sum(expected.values())), f"{key}={value}"
            assert all(value in row.data[key].split() for row in browser.visible_rows("#findings-table"))
        browser.select(f"select[data-filter={key}]", "")
        assert browser.text("#filter-count") == str(len(scan.findings))


def test_two_filters_intersect_and_all_shows_everything_again(browser: Browser, scan: Scan, page: str) -> None:
    severities = [v for v in browser.options("select[data-filter=severity]") if v]
    statuses = [v for v in browser.options("select[data-filter=status]") if v]
    combined = 0
    for severity in severities:
        browser.select("select[data-filter=severity]", severity)
        for status in statuses:
            browser.select("select[data-filter=status]", status)
            expected = _matching(scan, severity=severity, status=status)
            assert _shown(browser) == expected, f"severity={severity} status={status}"
            assert browser.text("#filter-count") == str(sum(expected.values()))
            combined += bool(expected) and sum(expected.values()) < sum(_matching(scan, severity=severity).values())
    assert combined, "no pair of filters narrowed the rows further than one of them: the check proved nothing"

    _choose(browser)
    assert _shown(browser) == _matching(scan)
    assert browser.text("#filter-count") == str(len(scan.findings))


def test_nothing_is_fetched_and_the_console_is_clean(browser: Browser, scan: Scan, page: str) -> None:
    _choose(browser, severity=next(v for v in browser.options("select[data-filter=severity]") if v))
    browser.driver.find_element("css selector", "nav.toc a[href='#findings']").click()
    requested = browser.requested_urls()
    assert requested[0] == page
    assert [url for url in requested if url != page and not url.startswith("data:")] == []
    assert browser.console_errors() == []


def test_screenshot_and_a4_pdf_are_kept(browser: Browser, scan: Scan, page: str, artifacts: Path) -> None:
    browser.scroll_to()
    shot = browser.screenshot(artifacts / f"{NAME}-{scan.lang}.png")
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 50_000, f"{shot}: {len(data)} bytes, too small for a rendered report"

    _choose(browser, severity="high", status="fail")
    browser.scroll_to("#findings")
    filtered = browser.screenshot(artifacts / f"{NAME}-{scan.lang}-filtered.png")
    assert filtered.read_bytes().startswith(PNG_SIGNATURE)

    _choose(browser)  # print the whole table, as a reader would after clearing the filters
    pdf = browser.print_pdf(artifacts / f"{NAME}-{scan.lang}.pdf")
    _check_pdf(pdf, scan)


def test_baomi_prints_the_report_to_pdf(chromium: str, scan: Scan, artifacts: Path) -> None:
    """What ``baomi report … --pdf`` will do: baomi.reports.pdf on the scan's own page."""
    pdf = artifacts / f"{NAME}-{scan.lang}-print_pdf.pdf"
    pdf.unlink(missing_ok=True)
    print_pdf(scan.html, pdf, timeout=120)
    _check_pdf(pdf, scan, size=None)


def _check_pdf(pdf: Path, scan: Scan, size: tuple[float, float] | None = A4_POINTS) -> None:
    assert pdf.read_bytes().startswith(b"%PDF")
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 2, f"{pdf}: {len(reader.pages)} page(s) for a report of {len(scan.findings)} findings"
    if size is not None:
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=2)
    # text extraction breaks lines and spaces where it likes: compare without white space
    assert _flat(scan.label("report_title")) in _flat(reader.pages[0].extract_text())
    failed = _flat(next(f for f in scan.findings if f["status"] == "fail")["check_id"])
    assert any(failed in _flat(page.extract_text()) for page in reader.pages), f"{pdf}: no {failed}"
    if scan.lang == "zh":
        # Chinese is drawn with a CJK font (fonts-wqy-microhei from make test-packages), not with boxes
        fonts = _fonts(reader.pages[0])
        assert any(cjk in font for font in fonts for cjk in CJK_FONTS), f"{pdf}: no CJK font among {sorted(fonts)}"


def _fonts(page: Any) -> set[str]:
    """The names of the fonts a PDF page uses, those of its form XObjects included."""
    found: set[str] = set()
    pending = [page["/Resources"]]
    while pending:
        resources = pending.pop()
        found.update(str(f.get_object().get("/BaseFont")) for f in resources.get("/Font", {}).values())
        pending.extend(x.get_object()["/Resources"] for x in resources.get("/XObject", {}).values()
                       if "/Resources" in x.get_object())
    return found


def _flat(text: str) -> str:
    return "".join(text.split())
