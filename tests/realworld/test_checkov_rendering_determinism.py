"""The same tree gives the same verdicts in every process.

checkov renders a Terraform graph's variables round by round, each round over a set of edges whose iteration
order follows Python's string hashes, seeded anew in every process (PYTHONHASHSEED); the rendering depends on
that order. On terraform-aws-efs the classification tag check was a FAIL under some seeds and an ERROR under
others (seeds 1 and 2 differed) until engines/checkov/runtime.py put each round in a fixed order.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

EFS = Path(__file__).resolve().parent / "terraform-aws-efs"

_SCAN = """
import json, sys
from pathlib import Path
from baomi.catalog import load_catalog
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.iac import IacSource
findings = judge(IacSource((Path(sys.argv[1]),)), load_catalog().checks, Settings())
print(json.dumps(sorted([f.check_id, f.resource, f.status.value, f.message] for f in findings)))
"""


def _scan(seed: str) -> list[list[str]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", _SCAN, str(EFS)], capture_output=True, text=True, check=True,
                         env=env, timeout=600).stdout
    return list(json.loads(out.splitlines()[-1]))


def test_checkov_rendering_is_the_same_in_every_process() -> None:
    first = _scan("1")
    assert any(f[0] == "BAOMI_AWS_DATA_CLASSIFICATION_TAG" for f in first)
    assert _scan("2") == first
