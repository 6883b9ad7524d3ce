"""The quarterly report in a real headless Chromium: four quarters of history (tests/support/quarters.py), the
2026Q4 report written by the real command in both languages, then the page as a reader sees it: the summary's
figures, one sparkline per clause drawn with a line, nothing fetched, no console error; printed on A4 with the
executive summary alone on page 1, and a PDF from ``baomi report quarterly --pdf``; screenshots and PDFs kept
in the artifacts directory."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.support import quarters
from tests.support.browser import REPO_ROOT, Browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _baomi(*args: str) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "baomi"
    return subprocess.run([str(command), *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("quarters") / "history.db")
    quarters.record(url)
    return url


@pytest.fixture(scope="module")
def data(history: str) -> dict[str, Any]:
    done = _baomi("report", "quarterly", "--quarter", "2026Q4", "--as-of", "2026-11-29", "--history", history,
                  "--json")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_quarterly_report_renders_prints_and_fetches_nothing(browser: Browser, artifacts: Path, history: str,
                                                                 data: dict[str, Any], lang: str,
                                                                 tmp_path: Path) -> None:
    page, pdf = tmp_path / "q4.html", artifacts / f"quarterly-2026Q4-{lang}-cli.pdf"
    done = _baomi("report", "quarterly", "--quarter", "2026Q4", "--as-of", "2026-11-29", "--history", history,
                  "--lang", lang, "-o", str(page), "--pdf", str(pdf))
    assert done.returncode == 0, done.stderr
    url = browser.open(page)
    assert browser.requested_urls() == [url]
    assert browser.console_errors() == []

    now, before = data["now"], data["before"]
    assert browser.text("#score-now .big").startswith(f"{now['score']:.1f}")
    assert browser.text("#score-delta") == f"{now['score'] - before['score']:+.1f}"
    assert browser.text("#opened") == str(data["remediation"]["opened"])
    assert browser.text("#closed") == str(data["remediation"]["closed"])
    compliance = {row.data["state"]: row.cells for row in browser.visible_rows("#compliance-summary")}
    for state, cells in compliance.items():
        assert cells[1:3] == [str(before["compliance"][state]), str(now["compliance"][state])]
    clauses = browser.visible_rows("#clauses-table")
    assert len(clauses) == len(data["clauses"])
    # each clause's sparkline: a point per quarter with a score, and a dot on the last one
    drawn = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('#clauses-table svg.spark'), (svg) => "
        "[Array.from(svg.querySelectorAll('polyline'), (line) => line.points.numberOfItems), "
        "svg.querySelectorAll('circle').length])")
    scored = [sum(s is not None for s in c["trend"]) for c in data["clauses"]]
    assert [sum(lines) for lines, _ in drawn] == scored
    assert [dots for _, dots in drawn] == [min(1, n) for n in scored]
    assert sum(n >= 2 for n in scored) > 10  # lines, not only dots

    browser.scroll_to()
    shot = browser.screenshot(artifacts / f"quarterly-2026Q4-{lang}.png")
    assert shot.read_bytes().startswith(PNG_SIGNATURE) and shot.stat().st_size > 20_000
    printed = browser.print_pdf(artifacts / f"quarterly-2026Q4-{lang}.pdf")
    for made in (printed, pdf):
        reader = pypdf.PdfReader(str(made))
        assert len(reader.pages) >= 3
        width, height = (float(v) for v in reader.pages[0].mediabox[2:])
        assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4 in points
        if lang == "en":  # page 1 is the executive summary and nothing after it
            first = reader.pages[0].extract_text()
            assert "Executive summary" in first and f"{now['score']:.1f}" in first
            assert "Frameworks and clauses" not in first
            assert "Frameworks and clauses" in reader.pages[1].extract_text()
