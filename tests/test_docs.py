"""Docs that are generated from the catalog must match it; code in the docs must run."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_catalog_tables_are_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "catalog_tables.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_api_example_runs(tmp_path: Path) -> None:
    """docs/api.md's example, run as a user would from the repository root (its report goes to a temporary
    directory; the example path is made absolute)."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    code = blocks[0].replace('Path("examples/', f'Path(r"{ROOT}/examples/')
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("PIPL score ") and ", gate failed" in result.stdout.splitlines()[0]
    assert "CKV_AWS_16 " in result.stdout  # the unencrypted RDS instance of the example
    assert "<html" in (tmp_path / "pipl-report.html").read_text(encoding="utf-8")
