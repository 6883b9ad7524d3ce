"""Benchmark: does a scan's cost grow linearly with the code scanned? `baomi scan` against plain checkov.

For each size N (1, 4, 16, 64), copies the given Terraform trees N times into one folder
(``copy-00/<tree>``, ``copy-01/<tree>`` ...: N times as many roots and module instances, each copy
independent of the others) and times ``baomi scan DIR`` and
``checkov -d DIR --framework terraform --quiet --compact`` on it, offline as baomi runs checkov. A lookup
that walks the whole scan for every resource shows up as a time per copy that grows with N.
Not a test (too slow for CI): figures go to docs/benchmarks.md.

    python benchmarks/iac_growth.py [--tree DIR ...] [--examples simple,issues] [--sizes 1,4,16,64] [--runs 1]

The bundled examples/terraform/aws-insecure is always one of the trees; add a real module repository
with ``--tree`` (terraform-aws-vpc, terraform-aws-rds ...); ``--examples`` keeps only those folders of
its ``examples/`` (each is a root calling the module) to bound the run time.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from iac import BIN, Timing, timed

REPO = Path(__file__).resolve().parents[1]
INSECURE = REPO / "examples" / "terraform" / "aws-insecure"


def copy_tree(source: Path, target: Path, examples: set[str]) -> None:
    """``source`` into ``target`` without VCS data, and with only the named examples (if any named)."""

    def ignored(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n in (".git", ".terraform")}
        if examples and Path(folder).name == "examples" and Path(folder).parent == source:
            skip |= {n for n in names if (Path(folder) / n).is_dir() and n not in examples}
        return skip

    shutil.copytree(source, target, ignore=ignored)


def estate(root: Path, trees: list[Path], copies: int, examples: set[str]) -> None:
    for n in range(copies):
        for tree in trees:
            copy_tree(tree, root / f"copy-{n:02d}" / tree.name, examples)


def row(copies: int, baomi: Timing, checkov: Timing, findings: int) -> str:
    return (f"| {copies} | {findings:,} | {baomi.wall:.1f} | {checkov.wall:.1f} | {baomi.wall / checkov.wall:.2f} "
            f"| {baomi.wall / copies:.2f} | {checkov.wall / copies:.2f} | {baomi.cpu:.1f} | {checkov.cpu:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, action="append", default=[], help="a Terraform tree to copy too")
    parser.add_argument("--examples", default="", help="comma-separated examples/ folders of --tree to keep")
    parser.add_argument("--sizes", default="1,4,16,64", help="comma-separated numbers of copies")
    parser.add_argument("--runs", type=int, default=1, help="runs per command and size (the best counts)")
    args = parser.parse_args()

    trees = [INSECURE, *(t.resolve() for t in args.tree)]
    if missing := [t for t in trees if not t.is_dir()]:
        sys.exit(f"no such folder: {', '.join(map(str, missing))}")
    examples = {e for e in args.examples.split(",") if e}
    work = Path(tempfile.mkdtemp(prefix="baomi-growth-"))
    print(f"trees: {', '.join(str(t) for t in trees)}" + (f" (examples: {args.examples})" if examples else ""))
    print(f"best of {args.runs} run(s); seconds\n")
    print("| copies | baomi findings | baomi scan | checkov -d | ratio | baomi per copy | checkov per copy "
          "| baomi CPU | checkov CPU |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    try:
        for copies in (int(s) for s in args.sizes.split(",")):
            root = work / f"x{copies}"
            estate(root, trees, copies, examples)
            results = work / f"x{copies}.json"
            baomi = timed([str(BIN / "baomi"), "scan", str(root), "--format", f"json:{results}"], args.runs)
            checkov = timed([str(BIN / "checkov"), "-d", str(root), "--framework", "terraform", "--quiet",
                             "--compact"], args.runs)
            findings = len(json.loads(results.read_text(encoding="utf-8"))["findings"])
            print(row(copies, baomi, checkov, findings), flush=True)
            shutil.rmtree(root, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
