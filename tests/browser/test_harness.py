"""The harness itself: what test_scan_html.py asserts to be absent (requests, CSP violations, visible rows) is seen
when it is there, on small pages made here."""
from __future__ import annotations

from pathlib import Path

from tests.support.browser import Browser


def _page(tmp_path: Path, name: str, head: str, body: str) -> Path:
    page = tmp_path / name
    page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}<title>{name}</title></head>'
                    f"<body>{body}</body></html>", encoding="utf-8")
    return page


def test_every_request_is_listed_and_none_reaches_a_network(browser: Browser, tmp_path: Path) -> None:
    page = _page(tmp_path, "outside.html", "",
                 '<img src="http://example.invalid/pixel.png" alt="">'
                 '<script src="https://cdn.example.com/lib.js"></script>'
                 '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">')
    url = browser.open(page)

    requested = browser.requested_urls()
    assert requested[0] == url
    assert "http://example.invalid/pixel.png" in requested
    assert "https://cdn.example.com/lib.js" in requested
    # no host name resolves in this browser: both outside loads fail, and say so on the console
    errors = browser.console_errors()
    assert any("ERR_NAME_NOT_RESOLVED" in message for message in errors), errors


def test_a_csp_violation_is_a_console_error(browser: Browser, tmp_path: Path) -> None:
    page = _page(tmp_path, "csp.html", '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">',
                 "<script>document.title = 'ran';</script>")
    browser.open(page)

    assert browser.driver.title == "csp.html"  # the inline script did not run
    errors = browser.console_errors()
    assert any("Content Security Policy" in message for message in errors), errors
    assert browser.requested_urls() == [page.resolve().as_uri()]


def test_visible_rows_leave_out_hidden_rows_and_select_fires_change(browser: Browser, tmp_path: Path) -> None:
    page = _page(tmp_path, "rows.html", "",
                 '<select id="pick"><option value="">all</option><option value="b">b</option></select>'
                 '<table id="t"><tbody><tr data-k="a"><td>one</td><td>1</td></tr>'
                 '<tr data-k="b" hidden><td>two</td><td>2</td></tr><tr data-k="c"><td>three</td><td>3</td></tr>'
                 "</tbody></table>"
                 "<script>document.getElementById('pick').addEventListener('change', function () {"
                 "  document.querySelector('tr[data-k=b]').hidden = false; });</script>")
    browser.open(page)

    assert [(row.cells, row.data) for row in browser.visible_rows("#t")] == [
        (["one", "1"], {"k": "a"}), (["three", "3"], {"k": "c"})]
    assert browser.options("#pick") == ["", "b"]
    browser.select("#pick", "b")
    assert [row.data["k"] for row in browser.visible_rows("#t")] == ["a", "b", "c"]
    assert browser.console_errors() == []
