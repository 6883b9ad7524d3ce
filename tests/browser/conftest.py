"""The real headless Chromium of the browser tests (tests/support/browser.py), one for the session.

A test that uses ``browser`` is marked ``browser`` and ``integration`` by tests/conftest.py; without Chromium or
chromedriver it skips, and in CI that skip fails the run (``make test`` installs both).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import Browser, BrowserMissing, artifacts_dir


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        session = Browser.start()
    except BrowserMissing as exc:
        pytest.skip(str(exc))
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and PDFs are kept after the run: out/browser/, or $BAOMI_TEST_ARTIFACTS."""
    return artifacts_dir()
