"""baomi.reports.pdf: an HTML file printed to PDF by the real headless Chromium, and every way that can fail
(no browser, a browser that hangs, fails or writes no PDF) as one PdfError line. Only the first test needs
Chromium (``chromium`` fixture: marked ``browser``); the others run fake browsers, shell scripts made here."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pypdf
import pytest

from baomi.reports.pdf import BROWSER_ENV, PdfError, find_browser, print_pdf

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>@page { size: A4; } .next { break-before: page; }</style></head>
<body><h1>Quarterly report 季度报告</h1><p class="next">Second page 第二页</p></body></html>
"""


def _fake_browser(tmp_path: Path, body: str) -> Path:
    """A shell script standing in for Chromium; ``$out`` is the --print-to-pdf path it was given."""
    script = tmp_path / "fake-chromium"
    script.write_text('#!/bin/sh\nout=""\nfor a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";;'
                      " esac; done\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.fixture
def html(tmp_path: Path) -> Path:
    where = tmp_path / "报告 dir"  # a space and Chinese in the path: the file:// URL must be encoded
    where.mkdir()
    page = where / "report.html"
    page.write_text(PAGE, encoding="utf-8")
    return page


def test_a_page_becomes_a_pdf(chromium: str, html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BROWSER_ENV, chromium)
    pdf = tmp_path / "out.pdf"

    print_pdf(html, pdf, timeout=60)

    assert pdf.read_bytes().startswith(b"%PDF")
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 2
    first, second = (" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Quarterly report" in first
    assert "Second page" in second


def test_the_browser_is_run_headless_offline_and_sandboxed_unless_root(
        html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    argv = tmp_path / "argv"
    monkeypatch.setenv(BROWSER_ENV, str(_fake_browser(
        tmp_path, f'printf "%s\\n" "$@" > "{argv}"\nprintf "%%PDF-1.4 fake" > "$out"\n')))
    pdf = tmp_path / "out.pdf"

    print_pdf(html, pdf)

    assert pdf.read_bytes() == b"%PDF-1.4 fake"
    args = argv.read_text(encoding="utf-8").splitlines()
    assert "--headless" in args
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in args  # one argument, spaces and all
    assert "--no-pdf-header-footer" in args
    assert ("--no-sandbox" in args) == (os.geteuid() == 0)
    assert args[-1] == html.resolve().as_uri()
    assert args[-1].startswith("file:///") and " " not in args[-1]
    profile = next(a.removeprefix("--user-data-dir=") for a in args if a.startswith("--user-data-dir="))
    assert not Path(profile).exists(), "the temporary profile is removed afterwards"


def test_browser_named_but_missing(html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-such-chromium"))
    pdf = tmp_path / "out.pdf"

    with pytest.raises(PdfError) as raised:
        print_pdf(html, pdf)

    message = str(raised.value)
    assert "\n" not in message
    assert BROWSER_ENV in message and "no-such-chromium" in message
    assert not pdf.exists()


def test_no_browser_on_path(html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BROWSER_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(PdfError) as raised:
        find_browser()

    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("no headless Chromium found")
    assert "chromium" in message and BROWSER_ENV in message


def test_a_browser_that_hangs_is_killed_with_its_children(
        html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child = tmp_path / "child.pid"
    monkeypatch.setenv(BROWSER_ENV, str(_fake_browser(tmp_path, f'sleep 60 &\necho $! > "{child}"\nwait\n')))
    pdf = tmp_path / "out.pdf"
    started = time.monotonic()

    with pytest.raises(PdfError) as raised:
        print_pdf(html, pdf, timeout=1.5)

    assert time.monotonic() - started < 15
    message = str(raised.value)
    assert "\n" not in message
    assert "1.5 seconds" in message
    assert not pdf.exists()
    assert _stops(int(child.read_text())), "the browser's own children are killed too"


@pytest.mark.parametrize(("body", "expected"), [
    ('echo "[1:2:ERROR:x.cc] first" >&2\necho "[3:4:FATAL:y.cc] it broke" >&2\nexit 3\n',
     "Chromium exited with status 3: [3:4:FATAL:y.cc] it broke"),
    ('echo "printing skipped" >&2\nexit 0\n', "Chromium wrote no PDF: printing skipped"),
    ('echo "<html>not a pdf" > "$out"\nexit 0\n', "Chromium wrote no PDF"),
])
def test_a_browser_that_fails_is_one_line_and_leaves_the_old_file(
        html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, expected: str) -> None:
    monkeypatch.setenv(BROWSER_ENV, str(_fake_browser(tmp_path, body)))
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(b"%PDF-1.4 last quarter's")

    with pytest.raises(PdfError) as raised:
        print_pdf(html, pdf)

    assert str(raised.value) == expected
    assert pdf.read_bytes() == b"%PDF-1.4 last quarter's"


def test_a_missing_page_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="not a file"):
        print_pdf(tmp_path / "missing.html", tmp_path / "out.pdf")


def _stops(pid: int, within: float = 5.0) -> bool:
    """Whether ``pid`` is gone (or a zombie) within ``within`` seconds: a SIGKILL takes effect asynchronously."""
    deadline = time.monotonic() + within
    while _running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
