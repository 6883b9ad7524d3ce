"""A real headless Chromium for the browser tests, driven through Debian's chromedriver by Selenium.

No pytest here (the fixture is in tests/browser/conftest.py), so that a script can use it too. The browser is
Debian's ``chromium`` (or ``$BAOMI_CHROMIUM``, as ``baomi.reports.pdf`` finds it) and the driver Debian's
``chromedriver``, given to Selenium by path, so Selenium Manager never runs and nothing is downloaded; both come
from ``scripts/install-test-packages.sh`` (``make test-packages``). The browser has a fresh profile, no GPU, no
background traffic, and no host name resolves (``--host-resolver-rules``): a report that tried to fetch anything
would show it in :meth:`Browser.requested_urls` and fail to load it.

What a test reads back:

- :meth:`Browser.requested_urls`: every URL the page asked for (CDP ``Network.requestWillBeSent`` events, from
  chromedriver's performance log);
- :meth:`Browser.console_errors`: console messages of level SEVERE (script errors, CSP violations);
- :meth:`Browser.visible_rows`: the rows of a table the browser actually lays out (hidden rows have no box);
- :meth:`Browser.screenshot` (PNG) and :meth:`Browser.print_pdf` (A4, backgrounds on) write artifacts, under
  :func:`artifacts_dir` (``out/browser/`` or ``$BAOMI_TEST_ARTIFACTS``).
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baomi.reports.pdf import OFFLINE_FLAGS, PdfError, find_browser

REPO_ROOT = Path(__file__).resolve().parents[2]
#: where screenshots and PDFs go unless $BAOMI_TEST_ARTIFACTS names another directory
DEFAULT_ARTIFACTS = REPO_ROOT / "out" / "browser"
ARTIFACTS_ENV = "BAOMI_TEST_ARTIFACTS"
CHROMEDRIVERS = ("chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
INSTALL_HINT = "run scripts/install-test-packages.sh as root (make test-packages)"

#: Chromium flags: headless, fresh and quiet, and no host name resolves (nothing can be fetched from a network)
FLAGS = ("--headless=new", *OFFLINE_FLAGS)


class BrowserMissing(Exception):
    """Chromium or chromedriver is not installed; the message says which and how to install it."""


def find_chromium() -> str:
    """The Chromium path (the one ``baomi.reports.pdf`` would run), or BrowserMissing saying how to install it."""
    try:
        return find_browser()
    except PdfError as exc:
        raise BrowserMissing(f"{exc}; {INSTALL_HINT}") from None


def find_tools() -> tuple[str, str]:
    """(chromium, chromedriver) paths, or BrowserMissing naming what is missing."""
    chromium = find_chromium()
    for candidate in CHROMEDRIVERS:
        found = shutil.which(candidate)
        if found:
            return chromium, found
    raise BrowserMissing(f"chromedriver not found (Debian's chromium-driver package); {INSTALL_HINT}")


def artifacts_dir() -> Path:
    """The directory the run keeps screenshots and PDFs in (created): $BAOMI_TEST_ARTIFACTS, else out/browser."""
    where = Path(os.environ.get(ARTIFACTS_ENV) or DEFAULT_ARTIFACTS)
    where.mkdir(parents=True, exist_ok=True)
    return where


@dataclass(frozen=True)
class Row:
    """A table row as laid out: the visible text of each cell and the row's ``data-*`` attributes (without the
    prefix)."""

    cells: list[str]
    data: dict[str, str]


class Browser:
    """One headless Chromium session. Logs are drained as they are read and kept here, so that
    :meth:`requested_urls` and :meth:`console_messages` cover everything since the last :meth:`open`."""

    def __init__(self, driver: Any, profile: tempfile.TemporaryDirectory[str]) -> None:
        self.driver = driver
        self._profile = profile
        self._events: list[dict[str, Any]] = []
        self._console: list[dict[str, Any]] = []

    @classmethod
    def start(cls, width: int = 1280, height: int = 1800) -> Browser:
        """Start Chromium through chromedriver (BrowserMissing if either is not installed)."""
        chromium, chromedriver = find_tools()
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        profile = tempfile.TemporaryDirectory(prefix="baomi-browser-", ignore_cleanup_errors=True)
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in FLAGS:
            options.add_argument(flag)
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
        options.add_argument(f"--user-data-dir={profile.name}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        try:
            driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
        except Exception:
            profile.cleanup()
            raise
        return cls(driver, profile)

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            self._profile.cleanup()

    # --- pages ------------------------------------------------------------------------------------------

    def open(self, path: Path) -> str:
        """Load a local file and wait until it has loaded; returns its file:// URL. Clears the logs kept.

        The window goes to about:blank first and the logs are emptied then, so that what the previous page
        (or the new-tab page Chromium starts with) requested is not counted as the new page's."""
        self.driver.get("about:blank")
        self._drain()
        self._events.clear()
        self._console.clear()
        url = path.resolve().as_uri()
        self.driver.get(url)  # returns once the load event has fired (page load strategy "normal")
        return url

    def requested_urls(self) -> list[str]:
        """Every URL requested since the last :meth:`open` (the page itself included), in order."""
        self._drain()
        return [event["params"]["request"]["url"] for event in self._events
                if event.get("method") == "Network.requestWillBeSent"]

    def console_messages(self, level: str | None = None) -> list[str]:
        """The console messages since the last :meth:`open`, of ``level`` only if given (e.g. SEVERE)."""
        self._drain()
        return [entry["message"] for entry in self._console if level is None or entry["level"] == level]

    def console_errors(self) -> list[str]:
        """Script errors, failed loads and Content-Security-Policy violations since the last :meth:`open`."""
        return self.console_messages("SEVERE")

    def _drain(self) -> None:
        for entry in self.driver.get_log("performance"):
            self._events.append(json.loads(entry["message"])["message"])
        self._console.extend(self.driver.get_log("browser"))

    # --- reading and acting -----------------------------------------------------------------------------

    def text(self, css: str) -> str:
        from selenium.webdriver.common.by import By

        return str(self.driver.find_element(By.CSS_SELECTOR, css).text)

    def select(self, css: str, value: str) -> None:
        """Choose the option of value ``value`` in the ``<select>`` at ``css``, as a user does (fires change)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        Select(self.driver.find_element(By.CSS_SELECTOR, css)).select_by_value(value)

    def options(self, css: str) -> list[str]:
        """The values of the options of the ``<select>`` at ``css``."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        return [str(o.get_attribute("value")) for o in Select(self.driver.find_element(By.CSS_SELECTOR, css)).options]

    def visible_rows(self, table_css: str) -> list[Row]:
        """The body rows of the table at ``table_css`` that the browser lays out (a hidden row has no box)."""
        rows = self.driver.execute_script(
            """
            const table = document.querySelector(arguments[0]);
            return Array.from(table.tBodies[0].rows)
              .filter((row) => row.getClientRects().length > 0)
              .map((row) => ({cells: Array.from(row.cells, (cell) => cell.innerText),
                              data: Object.assign({}, row.dataset)}));
            """,
            table_css,
        )
        return [Row(cells=list(row["cells"]), data=dict(row["data"])) for row in rows]

    # --- artifacts --------------------------------------------------------------------------------------

    def scroll_to(self, css: str | None = None) -> None:
        """Scroll the element at ``css`` to the top of the window, or the page to its top."""
        if css is None:
            self.driver.execute_script("window.scrollTo(0, 0);")
        else:
            self.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView(true);", css)

    def screenshot(self, path: Path) -> Path:
        """Save what the window shows as PNG at ``path``."""
        if not self.driver.save_screenshot(str(path)):
            raise RuntimeError(f"screenshot not saved to {path}")
        return path

    def print_pdf(self, path: Path) -> Path:
        """Print the page as the user's print dialog would: A4, portrait, backgrounds on; PDF at ``path``."""
        from selenium.webdriver.common.print_page_options import PrintOptions

        options = PrintOptions()
        options.page_width = 21.0
        options.page_height = 29.7
        options.orientation = "portrait"
        options.background = True
        path.write_bytes(base64.b64decode(self.driver.print_page(options)))
        return path
