from __future__ import annotations

from typing import Any

import pytest

from .sample_data import fresh_sample


@pytest.fixture
def sample() -> dict[str, Any]:
    return fresh_sample()
