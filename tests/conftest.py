"""Suite-wide rules: a test that uses a server fixture carries that server's marker (``db``, ``aws``) and
``integration``, added here from the fixtures it uses, so ``pytest -m "not db and not aws"`` never starts a
server; and in CI, a test that needs a real server (database, AWS emulator) must not skip."""
from __future__ import annotations

import os

import pytest

_SERVER_MARKERS = ("db", "aws")

#: the fixtures that start a server (tests/aws/conftest.py, tests/db/conftest.py), and the marker of that server;
#: a test gets it when it uses one directly or through other fixtures (estates, hardened, insecure use moto)
SERVER_FIXTURES = {
    "moto": "aws",
    "pg_insecure": "db",
    "pg_hardened": "db",
    "pg_scratch": "db",
    "mariadb_insecure": "db",
    "mariadb_hardened": "db",
    "mariadb_from_file": "db",
}
_skipped_server_tests: list[str] = []


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The server markers from the fixtures each test uses (its fixture closure), and ``integration`` on every
    test marked ``db`` or ``aws`` (by hand, for a test that starts a server itself, or here)."""
    for item in items:
        used = {SERVER_FIXTURES[name] for name in getattr(item, "fixturenames", ()) if name in SERVER_FIXTURES}
        for marker in sorted(used):
            if item.get_closest_marker(marker) is None:
                item.add_marker(marker)
        if item.get_closest_marker("integration") is None and any(item.get_closest_marker(m) for m in _SERVER_MARKERS):
            item.add_marker("integration")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and os.environ.get("CI") and any(m in report.keywords for m in _SERVER_MARKERS):
        _skipped_server_tests.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped_server_tests:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if _skipped_server_tests:
        terminalreporter.section("server tests skipped in CI (this fails the run)")
        for nodeid in _skipped_server_tests:
            terminalreporter.write_line(nodeid)
