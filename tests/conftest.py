"""Suite-wide rules: in CI, a test that needs a real server (database, AWS emulator) must not skip."""
from __future__ import annotations

import os

import pytest

_SERVER_MARKERS = ("db", "aws")
_skipped_server_tests: list[str] = []


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
