"""Suite-wide rules: a test that uses a server or browser fixture carries that fixture's marker (``db``, ``aws``,
``browser``) and ``integration``, added here from the fixtures it uses, so ``pytest -m "not db and not aws and not
browser"`` never starts a server or a browser; and in CI, a test that needs a real server (database, AWS emulator) or
the real headless Chromium must not skip."""
from __future__ import annotations

import os

import pytest

from tests.support.browser import BrowserMissing, find_chromium

#: the markers of what an integration test needs (a server, the browser); in CI such a test must not skip
_SERVER_MARKERS = ("db", "aws", "browser")

#: the fixtures that start a server (tests/aws/conftest.py, tests/db/conftest.py) or need the browser (``chromium``
#: below, ``browser`` in tests/browser/conftest.py), and their marker; a test gets it when it uses one directly or
#: through other fixtures (estates, hardened, insecure use moto)
SERVER_FIXTURES = {
    "moto": "aws",
    "pg_insecure": "db",
    "pg_hardened": "db",
    "pg_scratch": "db",
    "mariadb_insecure": "db",
    "mariadb_hardened": "db",
    "mariadb_from_file": "db",
    "chromium": "browser",
    "browser": "browser",
}
_skipped_server_tests: list[str] = []


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The server markers from the fixtures each test uses (its fixture closure), and ``integration`` on every
    test marked ``db``, ``aws`` or ``browser`` (by hand, for a test that starts a server itself, or here)."""
    for item in items:
        used = {SERVER_FIXTURES[name] for name in getattr(item, "fixturenames", ()) if name in SERVER_FIXTURES}
        for marker in sorted(used):
            if item.get_closest_marker(marker) is None:
                item.add_marker(marker)
        if item.get_closest_marker("integration") is None and any(item.get_closest_marker(m) for m in _SERVER_MARKERS):
            item.add_marker("integration")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's headless Chromium (or $BAOMI_CHROMIUM), as ``baomi.reports.pdf`` finds it; skips when it
    is not installed (which fails the run in CI: ``make test`` installs it)."""
    try:
        return find_chromium()
    except BrowserMissing as exc:
        pytest.skip(str(exc))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and os.environ.get("CI") and any(m in report.keywords for m in _SERVER_MARKERS):
        _skipped_server_tests.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped_server_tests:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if _skipped_server_tests:
        terminalreporter.section("server and browser tests skipped in CI (this fails the run)")
        for nodeid in _skipped_server_tests:
            terminalreporter.write_line(nodeid)
