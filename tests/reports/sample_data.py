"""The sample results document every format test renders (tests/fixtures/results/sample.json)."""
from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

from baomi.reports import rendering as results

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "results" / "sample.json"


@functools.lru_cache(maxsize=1)
def _loaded() -> dict[str, Any]:
    return results.load(SAMPLE)


def fresh_sample() -> dict[str, Any]:
    """A deep copy, so that a test may change it."""
    return copy.deepcopy(_loaded())


def finding(document: dict[str, Any], check_id: str, status: str | None = None) -> dict[str, Any]:
    """The first finding of ``check_id`` (and ``status``) in ``document``."""
    return next(f for f in document["findings"] if f["check_id"] == check_id and status in (None, f["status"]))
