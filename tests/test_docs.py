"""Docs that are generated from the catalog must match it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_catalog_tables_are_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "catalog_tables.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
