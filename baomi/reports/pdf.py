"""Print an HTML report to PDF with a headless Chromium (``baomi report quarterly --pdf FILE``).

Why a browser: the HTML report is the one layout baomi maintains (its print stylesheet, CJK text, tables that
break across pages); printing it with the engine it was written for gives the same page on paper, without a
second renderer to keep in step. Chromium is an outside program, so it is found, bounded and checked here:

- found: ``BAOMI_CHROMIUM`` (a path), else the first of :data:`BROWSERS` on ``PATH``;
- bounded: a timeout, after which its whole process group is killed (its renderer and GPU processes too), a
  fresh profile in a temp directory, and no network at all: the reports are self-contained, and every host
  name resolves to nothing (``--host-resolver-rules``), so a page could not reach out even if it tried;
- checked: the file it wrote must start with ``%PDF``; it is moved to ``pdf`` only then, so a failed run never
  leaves a half-written file, and a file already at ``pdf`` is replaced by a good PDF or not at all.

Every failure is a :class:`PdfError` with one line saying what went wrong.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import BinaryIO

#: the environment variable naming the browser to use, a path to its executable
BROWSER_ENV = "BAOMI_CHROMIUM"
#: tried in this order on PATH when BAOMI_CHROMIUM is not set
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: flags for a headless Chromium that reads local files and nothing else: no GPU, no first-run or profile sync, no
#: background fetches (component updates, safe-browsing lists), and no host name resolves (the browser tests
#: start theirs with these too)
OFFLINE_FLAGS = (
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
_FLAGS = ("--headless", *OFFLINE_FLAGS, "--no-pdf-header-footer")
_MAX_DETAIL = 300


class PdfError(Exception):
    """The PDF could not be printed; the message is one line."""


def find_browser() -> str:
    """The Chromium to run: ``$BAOMI_CHROMIUM`` if set (it must be an executable file), else the first of
    :data:`BROWSERS` found on ``PATH``."""
    named = os.environ.get(BROWSER_ENV, "")
    if named:
        if not (os.path.isfile(named) and os.access(named, os.X_OK)):
            raise PdfError(f"{BROWSER_ENV}={_clip(named)} is not an executable file")
        return named
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(f"no headless Chromium found (install Debian's chromium package or set {BROWSER_ENV}); "
                   f"looked for {', '.join(BROWSERS)} on PATH")


def print_pdf(html: Path, pdf: Path, timeout: float = 120.0) -> None:
    """Print the local page ``html`` to ``pdf`` with a headless Chromium, within ``timeout`` seconds."""
    if not html.is_file():
        raise PdfError(f"{html}: not a file")
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="baomi-pdf-", ignore_cleanup_errors=True) as scratch:
        work = Path(scratch)
        printed = work / "report.pdf"
        args = [browser, *_FLAGS, f"--user-data-dir={work / 'profile'}", f"--print-to-pdf={printed}"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
        args.append(html.resolve().as_uri())
        with open(work / "stderr.log", "wb") as log:
            # stderr to a file, not a pipe: a child Chromium leaves behind could hold a pipe open for ever
            code = _run(args, log, timeout)
        detail = _last_line(work / "stderr.log")
        if code != 0:
            raise PdfError(f"Chromium exited with status {code}" + (f": {detail}" if detail else ""))
        if not _is_pdf(printed):
            raise PdfError("Chromium wrote no PDF" + (f": {detail}" if detail else ""))
        try:
            shutil.move(printed, pdf)
        except OSError as exc:
            raise PdfError(f"{pdf}: cannot write the file: {exc.strerror or exc}") from None


def _run(args: list[str], log: BinaryIO, timeout: float) -> int:
    """Run the browser in a process group of its own; on timeout kill the whole group."""
    try:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                   start_new_session=True)
    except OSError as exc:
        raise PdfError(f"cannot run {_clip(args[0])}: {exc.strerror or exc}") from None
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise PdfError(f"Chromium did not finish printing within {timeout:g} seconds (killed)") from None


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"%PDF"
    except OSError:
        return False


def _last_line(path: Path) -> str:
    """The last non-empty line the browser wrote to stderr, on one line and clipped."""
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return next((_clip(line) for line in reversed(lines) if line.strip()), "")


def _clip(text: str) -> str:
    flat = "".join(c if c.isprintable() else " " for c in text).strip()
    return flat if len(flat) <= _MAX_DETAIL else flat[:_MAX_DETAIL - 3] + "..."
