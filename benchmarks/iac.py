"""Benchmark: `baomi scan` against a plain `checkov -d` on a generated Terraform estate.

Generates 50 local modules of 40 resources each (2,000 resources), then times both commands from the
command line, best of N runs each, and prints the ratio. Not a test: figures go to docs/benchmarks.md.

    python benchmarks/iac.py [--modules 50] [--per-module 40] [--runs 3] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

BIN = Path(sys.executable).parent

# Resource templates of a customer-data platform, alternating compliant and not, so that both the
# passing and the failing paths of the checks run.
TEMPLATES = [
    ('resource "aws_s3_bucket" "docs_{n}" {{\n  bucket = "docs-{m}-{n}"\n'
     '  tags = {{ DataClassification = "3" }}\n}}\n'),
    ('resource "aws_s3_bucket_public_access_block" "docs_{n}" {{\n  bucket = aws_s3_bucket.docs_{n}.id\n'
     '  block_public_acls = true\n  block_public_policy = {flag}\n  ignore_public_acls = true\n'
     '  restrict_public_buckets = true\n}}\n'),
    ('resource "aws_db_instance" "db_{n}" {{\n  engine = "postgres"\n  instance_class = "db.t3.micro"\n'
     '  storage_encrypted = {flag}\n  backup_retention_period = {days}\n  multi_az = {flag}\n'
     '  publicly_accessible = false\n  tags = {{ DataClassification = "3" }}\n}}\n'),
    ('resource "aws_security_group" "sg_{n}" {{\n  name = "sg-{m}-{n}"\n  ingress {{\n    from_port = 5432\n'
     '    to_port = 5432\n    protocol = "tcp"\n    cidr_blocks = ["{cidr}"]\n  }}\n}}\n'),
    'resource "aws_kms_key" "key_{n}" {{\n  description = "key {n}"\n  enable_key_rotation = {flag}\n}}\n',
    'resource "aws_cloudwatch_log_group" "logs_{n}" {{\n  name = "/app/{m}/{n}"\n  retention_in_days = {days}\n}}\n',
    'resource "aws_iam_user" "user_{n}" {{\n  name = "user-{m}-{n}"\n}}\n',
    ('resource "aws_dynamodb_table" "table_{n}" {{\n  name = "t-{m}-{n}"\n  hash_key = "id"\n'
     '  attribute {{\n    name = "id"\n    type = "S"\n  }}\n'
     '  point_in_time_recovery {{\n    enabled = {flag}\n  }}\n}}\n'),
]


def generate(root: Path, modules: int, per_module: int) -> int:
    (root / "main.tf").write_text(
        'provider "aws" {\n  region = "cn-north-1"\n}\n'
        + "".join(f'module "m{m}" {{\n  source = "./modules/m{m}"\n}}\n' for m in range(modules)),
        encoding="utf-8",
    )
    count = 0
    for m in range(modules):
        folder = root / "modules" / f"m{m}"
        folder.mkdir(parents=True)
        blocks = []
        for n in range(per_module):
            good = (m + n) % 2 == 0
            blocks.append(TEMPLATES[n % len(TEMPLATES)].format(
                n=n, m=m, flag="true" if good else "false", days=365 if good else 3,
                cidr="10.0.0.0/16" if good else "0.0.0.0/0"))
            count += 1
        (folder / "main.tf").write_text("\n".join(blocks), encoding="utf-8")
    return count


class Timing(NamedTuple):
    """Best wall time of the runs, the CPU time (user + system) of that run, and its result."""

    wall: float
    cpu: float
    result: subprocess.CompletedProcess[str]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], runs: int) -> Timing:
    """Run ``cmd`` ``runs`` times offline (as baomi runs checkov); exit on anything but 0 or 1."""
    best: Timing | None = None
    env = {**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "BC_SKIP_MAPPING": "TRUE"}
    for _ in range(runs):
        start, cpu = time.perf_counter(), _children_cpu()
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        run = Timing(time.perf_counter() - start, _children_cpu() - cpu, result)
        if result.returncode not in (0, 1):
            sys.exit(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
        best = run if best is None or run.wall < best.wall else best
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--per-module", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="baomi-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        resources = generate(root, args.modules, args.per_module)
        results = root.parent / f"{root.name}-results.json"
        baomi_s = timed([str(BIN / "baomi"), "scan", str(root), "--format", f"json:{results}"], args.runs).wall
        document = json.loads(results.read_text(encoding="utf-8"))
        results.unlink()
        checkov_all = timed([str(BIN / "checkov"), "-d", str(root), "--quiet", "--compact", "--skip-download"],
                            args.runs).wall
        checkov_tf = timed([str(BIN / "checkov"), "-d", str(root), "--quiet", "--compact", "--skip-download",
                            "--framework", "terraform"], args.runs).wall
        mapped = sorted({f["check_id"] for f in document["findings"]})
        print(f"estate: {resources} resources in {args.modules} modules; best of {args.runs} runs")
        print(f"baomi scan:                          {baomi_s:7.2f} s  "
              f"({len(document['findings'])} findings from {len(mapped)} checks)")
        for label, seconds in (("checkov -d (all frameworks):", checkov_all),
                               ("checkov -d --framework terraform:", checkov_tf)):
            print(f"{label:<36} {seconds:7.2f} s  ratio baomi/checkov {baomi_s / seconds:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
