"""The scan's HTML report in a real headless Chromium: ``baomi scan examples/terraform/aws-insecure`` (and a
Terraform file that does not parse, for a finding without severity) with the real command, in English and in
Chinese, then the page as a reader sees it, checked against the results JSON of the same scan: the score, every
finding a row, failures first, the filters (severity at or above a level, alone, combined, and back to all), the
search box, every column sorted both ways (by mouse and keyboard), nothing fetched, no console error (no CSP
violation); printed on A4 with the summary alone on page 1, headers repeated, passes left out unless asked for; and
screenshots and PDFs kept in the artifacts directory."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from baomi.reports import rendering
from baomi.reports.pdf import print_pdf
from tests.support.browser import REPO_ROOT, Browser

EXAMPLE = "examples/terraform/aws-insecure"
NAME = "scan-aws-insecure"
FILTERS = ("severity", "status", "control", "source")
#: what the severity filter offers, in order: "at or above" each level
SEVERITIES = ("critical", "high", "medium", "low")
#: the default order and the status column's ascending order: failures first
STATUSES = ("fail", "error", "pass", "suppressed", "not_applicable")
#: left out of print unless "print passes too" is ticked
NOT_PRINTED = ("pass", "not_applicable")
#: the findings table's columns, left to right (their headers are the labels of these keys)
COLUMNS = ("status", "severity", "check", "resource", "location", "source", "controls", "message")
#: a Terraform file that does not parse: its finding (BAOMI_SOURCE_ERROR) has no severity
UNREADABLE_TF = 'resource "aws_s3_bucket" "half" {\n  bucket = \n'
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
    unreadable = out / "unreadable"
    unreadable.mkdir()
    (unreadable / "broken.tf").write_text(UNREADABLE_TF, encoding="utf-8")
    done = subprocess.run(
        [_baomi(), "scan", EXAMPLE, str(unreadable), "--format", f"html:{out / 'r.html'}",
         "--format", f"json:{out / 'r.json'}", "--lang", lang, "--no-gate"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert doc["findings"], "the insecure example must have findings for the filters to mean anything"
    assert [f["check_id"] for f in doc["findings"] if f["severity"] is None] == ["BAOMI_SOURCE_ERROR"]
    return Scan(lang, out / "r.html", doc)


@pytest.fixture
def page(browser: Browser, scan: Scan) -> str:
    """The report open in the browser; its URL."""
    return browser.open(scan.html)


def _expected_score(scan: Scan) -> str:
    score = scan.doc["score"]
    return scan.label("status_not_assessed") if score is None else f"{score:.1f}"


def _kept(finding: dict[str, Any], key: str, choice: str) -> bool:
    """Whether a filter's choice keeps a finding: severity at or above the level chosen (a finding without one
    only under "all"), the other filters by equality (control: one of the finding's)."""
    if key == "severity":
        return finding["severity"] in SEVERITIES[:SEVERITIES.index(choice) + 1]
    return choice in (finding["controls"] if key == "control" else [finding[key]])


def _matching(scan: Scan, search: str = "", **wanted: str) -> Counter[tuple[str, str]]:
    """(check, resource) of the findings the filter choices and the search must leave."""
    return Counter((f["check_id"], f["resource"]) for f in scan.findings
                   if all(_kept(f, key, choice) for key, choice in wanted.items()) and _found(scan, f, search))


def _place(finding: dict[str, Any]) -> str:
    """The location cell's text: file:line, or account / region for a live finding."""
    if finding["location"]:
        return rendering.where(finding)
    return " / ".join(v for v in (finding["account"], finding["region"]) if v) or "—"


def _found(scan: Scan, finding: dict[str, Any], search: str) -> bool:
    """Whether the search box keeps a finding: every word of it, in any case, in the check ID, title, resource,
    location or message (with the waiver's reason) the row shows."""
    fields = [finding["check_id"], rendering.localized(finding["title"], scan.lang), finding["resource"],
              _place(finding), finding["message"]]
    if finding["suppression"]:
        fields.append(f"{scan.label('suppression_reason')}: {finding['suppression']}")
    text = "\n".join(fields).lower()
    return all(word in text for word in search.lower().split())


def _shown(browser: Browser) -> Counter[tuple[str, str]]:
    """(check, resource) of the findings rows the browser lays out (check cell: ID, line break, title)."""
    return Counter((row.cells[2].split("\n")[0].strip(), row.cells[3].strip())
                   for row in browser.visible_rows("#findings-table"))


def _order(browser: Browser) -> list[tuple[str, str, str]]:
    """(check, resource, location) of the rows laid out, top to bottom."""
    return [(row.cells[2].split("\n")[0].strip(), row.cells[3].strip(), row.cells[4].strip())
            for row in browser.visible_rows("#findings-table")]


def _rows(findings: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(f["check_id"], f["resource"], _place(f)) for f in findings]


def _severity_rank(finding: dict[str, Any]) -> int:
    return SEVERITIES.index(finding["severity"]) if finding["severity"] else len(SEVERITIES)


def _default_order(scan: Scan) -> list[dict[str, Any]]:
    """Failures first, then errors, passes, suppressed, not applicable; the most severe first within each."""
    return sorted(scan.findings, key=lambda f: (STATUSES.index(f["status"]), _severity_rank(f), f["check_id"],
                                                f["resource"]))


def _sort_key(column: str) -> Any:
    """What each column sorts by: status and severity by rank, file:line by file then line number, text
    ignoring case."""
    return {
        "status": lambda f: STATUSES.index(f["status"]),
        "severity": _severity_rank,
        "check": lambda f: f["check_id"],
        "resource": lambda f: f["resource"].casefold(),
        "location": lambda f: (f["location"]["file"].casefold(), f["location"]["line"] or 0),
        "source": lambda f: f["source"],
        "controls": lambda f: (not f["controls"], " ".join(f["controls"])),
        "message": lambda f: f["message"].casefold(),
    }[column]


def _choose(browser: Browser, **wanted: str) -> None:
    for key in FILTERS:
        browser.select(f"select[data-filter={key}]", wanted.get(key, ""))


def _search(browser: Browser, text: str) -> None:
    """Type into the search box as a user does (one input event a key), replacing what was there."""
    box = browser.driver.find_element(By.ID, "filter-search")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    if text:
        box.send_keys(text)


def _header(browser: Browser, column: str) -> Any:
    return browser.driver.find_element(By.CSS_SELECTOR,
                                       f"#findings-table thead th:nth-child({COLUMNS.index(column) + 1})")


def _sorted_by(browser: Browser) -> dict[str, str]:
    """{column: aria-sort} of the headers that carry one."""
    return {column: str(_header(browser, column).get_attribute("aria-sort")) for column in COLUMNS
            if _header(browser, column).get_attribute("aria-sort") is not None}


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


def test_failures_come_first_by_default(browser: Browser, scan: Scan, page: str) -> None:
    assert _order(browser) == _rows(_default_order(scan))
    statuses = [row.data["status"] for row in browser.visible_rows("#findings-table")]
    assert statuses == sorted(statuses, key=STATUSES.index) and statuses[0] == "fail"
    assert _sorted_by(browser) == {"status": "ascending"}


def test_each_filter_leaves_exactly_its_findings(browser: Browser, scan: Scan, page: str) -> None:
    # severity: "at or above" each level, in severity order (issue 12; it was one severity at a time, with
    # "none" for the findings without one, which now only "all" shows)
    assert browser.options("select[data-filter=severity]") == ["", *SEVERITIES]
    for key in FILTERS:
        values = [v for v in browser.options(f"select[data-filter={key}]") if v]
        assert values, f"the {key} filter offers nothing"
        for value in values:
            browser.select(f"select[data-filter={key}]", value)
            expected = _matching(scan, **{key: value})
            assert expected, f"{key}={value} is offered but matches no finding"
            assert _shown(browser) == expected, f"{key}={value}"
            assert browser.text("#filter-count") == str(sum(expected.values())), f"{key}={value}"
            if key == "severity":
                allowed = SEVERITIES[:SEVERITIES.index(value) + 1]
                assert all(row.data[key] in allowed for row in browser.visible_rows("#findings-table"))
            else:
                assert all(value in row.data[key].split() for row in browser.visible_rows("#findings-table"))
        browser.select(f"select[data-filter={key}]", "")
        assert browser.text("#filter-count") == str(len(scan.findings))


def test_severity_at_or_above(browser: Browser, scan: Scan, page: str) -> None:
    """"high" shows critical and high; the finding without severity (the file that does not parse) only "all"."""
    by_severity = Counter(f["severity"] for f in scan.findings)
    assert by_severity["critical"] and by_severity["high"] and by_severity[None] == 1
    for n, level in enumerate(SEVERITIES):
        browser.select("select[data-filter=severity]", level)
        expected = sum(by_severity[s] for s in SEVERITIES[:n + 1])
        assert browser.text("#filter-count") == str(expected)
        assert sum(_shown(browser).values()) == expected
        assert "BAOMI_SOURCE_ERROR" not in {check for check, _ in _shown(browser)}
    assert browser.text("#filter-count") == str(len(scan.findings) - 1)  # "low": all but the one without
    browser.select("select[data-filter=severity]", "")
    assert "BAOMI_SOURCE_ERROR" in {check for check, _ in _shown(browser)}
    label = browser.driver.find_element(By.ID, "filter-severity").find_element(By.XPATH, "..")
    assert label.text.split("\n")[0] == scan.label("filter_severity_at_least")
    texts = [o.text for o in browser.driver.find_elements(By.CSS_SELECTOR, "#filter-severity option")]
    assert texts == [scan.label("filter_all"), *(scan.label(f"severity_{s}") for s in SEVERITIES)]


def _queries(scan: Scan) -> list[str]:
    """Searches made from this scan's own text, in another case than shown: part of a resource name, a file name,
    a word of a message, part of a title in the report's language, a check ID, and two words together."""
    first = next(f for f in scan.findings if f["status"] == "fail" and f["location"])
    title = rendering.localized(first["title"], scan.lang)
    message_word = max(re.findall(r"[A-Za-z]{6,}", " ".join(f["message"] for f in scan.findings)), key=len)
    return [
        first["resource"].split(".")[-1].upper(),
        Path(first["location"]["file"]).name.upper(),
        message_word.swapcase(),
        title[:4].swapcase(),
        first["check_id"].lower(),
        f"  {first['check_id'].lower()}   {first['resource'].split('.')[0].upper()} ",
        "no such text anywhere",
    ]


def test_the_search_box_filters_by_text_with_the_other_filters(browser: Browser, scan: Scan, page: str) -> None:
    box = browser.driver.find_element(By.ID, "filter-search")
    assert box.get_attribute("placeholder") == scan.label("search_placeholder")
    narrowed = 0
    for query in _queries(scan):
        _search(browser, query)
        expected = _matching(scan, search=query)
        assert _shown(browser) == expected, query
        assert browser.text("#filter-count") == str(sum(expected.values())), query
        narrowed += 0 < sum(expected.values()) < len(scan.findings)
        browser.select("select[data-filter=severity]", "high")
        browser.select("select[data-filter=status]", "fail")
        both = _matching(scan, search=query, severity="high", status="fail")
        assert _shown(browser) == both, query
        assert browser.text("#filter-count") == str(sum(both.values())), query
        _choose(browser)
    assert narrowed >= 5, "the searches did not narrow the rows: they proved nothing"
    assert _matching(scan, search="no such text anywhere") == Counter() and browser.text("#filter-count") == "0"
    _search(browser, "")
    assert _shown(browser) == _matching(scan)
    assert browser.text("#filter-count") == str(len(scan.findings))


def test_each_column_sorts_both_ways(browser: Browser, scan: Scan, page: str) -> None:
    default = _default_order(scan)
    for column in COLUMNS:
        button = _header(browser, column).find_element(By.TAG_NAME, "button")
        assert button.text.strip(" ↕▲▼") == scan.label(column)
        assert button.get_attribute("title") == scan.label("sort_hint")
        # status is already sorted ascending (failures first): its first click reverses
        directions = ["descending", "ascending"] if column == "status" else ["ascending", "descending"]
        for direction in directions:
            button.click()
            expected = sorted(default, key=_sort_key(column), reverse=direction == "descending")
            assert _order(browser) == _rows(expected), f"{column} {direction}"
            assert _sorted_by(browser) == {column: direction}
    assert _order(browser) != _rows(sorted(default, key=_sort_key("message"))), "sorting by message proved nothing"


def test_sorting_keeps_the_filters_and_works_from_the_keyboard(browser: Browser, scan: Scan, page: str) -> None:
    browser.select("select[data-filter=severity]", "medium")
    _search(browser, "aws_")
    kept = [f for f in _default_order(scan) if _kept(f, "severity", "medium") and _found(scan, f, "aws_")]
    assert 0 < len(kept) < len(scan.findings)
    button = _header(browser, "severity").find_element(By.TAG_NAME, "button")
    button.send_keys(Keys.ENTER)
    assert _order(browser) == _rows(sorted(kept, key=_sort_key("severity")))
    assert _sorted_by(browser) == {"severity": "ascending"}
    assert browser.driver.switch_to.active_element == button
    button.send_keys(Keys.SPACE)
    assert _order(browser) == _rows(sorted(kept, key=_sort_key("severity"), reverse=True))
    assert _sorted_by(browser) == {"severity": "descending"}
    assert browser.text("#filter-count") == str(len(kept))
    _search(browser, "")
    browser.select("select[data-filter=severity]", "")
    everything = sorted(_default_order(scan), key=_sort_key("severity"), reverse=True)
    assert _order(browser) == _rows(everything)  # the order chosen stays when the filters are cleared
    browser.scroll_to("#findings")


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
    _search(browser, "aws")
    _header(browser, "resource").find_element(By.TAG_NAME, "button").click()
    browser.driver.find_element(By.ID, "print-passes").click()
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

    _choose(browser, severity="medium")  # at or above medium, searched and sorted by resource
    _search(browser, "aws_s3")
    _header(browser, "resource").find_element(By.TAG_NAME, "button").click()
    browser.scroll_to("#findings")
    searched = browser.screenshot(artifacts / f"{NAME}-{scan.lang}-searched-sorted.png")
    assert searched.read_bytes().startswith(PNG_SIGNATURE)
    _search(browser, "")

    _choose(browser)  # print the whole table, as a reader would after clearing the filters
    pdf = browser.print_pdf(artifacts / f"{NAME}-{scan.lang}.pdf")
    _check_pdf(pdf, scan)


def test_baomi_prints_the_report_to_pdf(chromium: str, scan: Scan, artifacts: Path) -> None:
    """What ``baomi report … --pdf`` will do: baomi.reports.pdf on the scan's own page, A4 by the page's own
    ``@page`` rule (issue 12; it was the browser's default paper before)."""
    pdf = artifacts / f"{NAME}-{scan.lang}-print_pdf.pdf"
    pdf.unlink(missing_ok=True)
    print_pdf(scan.html, pdf, timeout=120)
    _check_pdf(pdf, scan)


def test_print_puts_the_summary_alone_on_page_1_and_passes_only_when_asked(
        browser: Browser, scan: Scan, page: str, artifacts: Path) -> None:
    printed = [f for f in scan.findings if f["status"] not in NOT_PRINTED]
    left_out = [f for f in scan.findings if f["status"] in NOT_PRINTED]
    in_printed = json.dumps(printed, ensure_ascii=False)
    # resources that only passing or not-applicable findings name: in print only if asked for
    passing_only = sorted({f["resource"] for f in left_out} - {r for r in {f["resource"] for f in left_out}
                                                                if r in in_printed})
    assert len(passing_only) >= 5, "too few resources only passes name for the check to mean anything"
    note = _flat(scan.label("print_left_out").format(n=len(left_out), option=scan.label("print_passes")))

    pages = _pages(browser.print_pdf(artifacts / f"{NAME}-{scan.lang}-print.pdf"))
    _check_summary_page(scan, pages)
    everything = "".join(pages)
    assert [r for r in passing_only if _flat(r) in everything] == []
    assert all(_flat(f["check_id"]) in everything and _flat(f["resource"]) in everything for f in printed)
    assert note in everything

    browser.driver.find_element(By.ID, "print-passes").click()
    assert "print-passes" in str(browser.driver.find_element(By.TAG_NAME, "body").get_attribute("class"))
    pages = _pages(browser.print_pdf(artifacts / f"{NAME}-{scan.lang}-print-passes.pdf"))
    _check_summary_page(scan, pages)
    everything = "".join(pages)
    assert [r for r in passing_only if _flat(r) not in everything] == []
    assert note not in everything
    # the findings table's header row is printed again on every page the table runs over
    header = _flat("".join(scan.label(column) for column in COLUMNS))
    texts = [text.replace("▲", "") for text in pages]  # the sorted column's arrow
    with_header = [n for n, text in enumerate(texts) if header in text]
    end = next(n for n in range(with_header[0], len(texts)) if _flat(scan.label("remediations")) in texts[n])
    assert len(with_header) >= 3 and with_header == list(range(with_header[0], end + (header in texts[end])))


def _pages(pdf: Path) -> list[str]:
    """The text of each page of an A4 PDF, without white space."""
    reader = pypdf.PdfReader(pdf)
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(A4_POINTS, abs=2)
               for p in reader.pages)
    return [_flat(p.extract_text()) for p in reader.pages]


def _check_summary_page(scan: Scan, pages: list[str]) -> None:
    """Page 1: the score, the gate, the counts and every framework's line, and no finding; the rest after it."""
    first = pages[0]
    doc = scan.doc
    assert _flat(scan.label("report_title")) in first
    assert _flat(f"{_expected_score(scan)}{doc['grade']}") in first
    # the cards' labels are printed in capitals (text-transform)
    assert _flat(scan.label("gate")).upper() in first and _flat(scan.label("gate_none")) in first
    for status in STATUSES:
        assert _flat(f"{scan.label('status_' + status)} {doc['counts'][status]}") in first, status
    assert _flat(scan.label("frameworks_summary")) in first
    for fw in doc["frameworks"]:
        assert _flat(rendering.localized(fw["title"], scan.lang)) in first, fw["id"]
    assert [f["check_id"] for f in scan.findings if _flat(f["check_id"]) in first] == []
    assert _flat(scan.label("frameworks")) not in first and _flat(scan.label("frameworks")) in pages[1]


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
