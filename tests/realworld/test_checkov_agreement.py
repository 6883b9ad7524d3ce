"""baomi agrees with checkov on every (check, resource) pair checkov judges, except where it says why not.

checkov's own runner (tests/realworld/checkov_records.py, in a process of its own) and baomi's scan run
over each tree of the corpus with the same built-in checks. Their verdicts are compared per (check, file,
module address): as multisets, because checkov gives one record per module instance and root (its removal of
records it takes for duplicates, which dropped all roots but one, is switched off: checkov_records.py). Every
pair where they differ is listed, with the reason, in checkov_agreement.yaml, and this test asserts the
list is exactly what happens: a new disagreement, or one that went away, fails it. The reasons are the
classes of issue 7 (docs/validation.md, "Agreement with checkov"):

- ``unresolved``: checkov passed or failed a value it could not resolve, or gave no verdict (UNKNOWN, left out
  of its report); baomi reports ERROR naming the value rather than a verdict or nothing.
- ``never_created``: the resource has count = 0 or an empty for_each; checkov judges it anyway.
- ``not_applicable``: the catalog says the check does not apply to this literal value (IAM
  authentication on SQL Server).
- ``replaced``: baomi replaces checkov's check under the same ID (CloudFormation CKV_AWS_161).
- ``expanded``: resources inside ``Fn::ForEach``, which checkov does not expand and never judges.
- ``optional_default``: an object variable's attribute the caller left out takes its type's
  ``optional(type, default)`` in baomi, as in Terraform; checkov applies no type and judges ``""``.

Every baomi ERROR on a built-in check names what it could not read; a template checkov crashes on is one
ERROR naming it.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from baomi.catalog import load_catalog
from baomi.model import SOURCE_ERROR_CHECK, Finding, Status
from baomi.settings import Settings
from baomi.sources.iac import IacSource
from baomi.pipeline import judge

CORPUS = Path(__file__).resolve().parent
EXPECTED = CORPUS / "checkov_agreement.yaml"
TREES = sorted(p.parent.name for p in CORPUS.glob("*/PROVENANCE.md"))
REASONS = {"unresolved", "never_created", "not_applicable", "replaced", "expanded", "optional_default"}
#: an ERROR names the attribute it could not resolve, or the one that is not set
NAMED = re.compile(r"^not evaluated: (could not resolve \S+ = |(\S+ is not set(; |$))+)")


@dataclass(frozen=True, order=True)
class Pair:
    """A (check, resource) pair: the file is relative to the corpus, the address is module-local."""

    check: str
    file: str
    resource: str


def _builtin_checks() -> list[str]:
    return sorted(c.id for c in load_catalog().checks if c.engine == "checkov" and not c.id.startswith("BAOMI_"))


def checkov_verdicts(tree: Path) -> tuple[dict[Pair, Counter[str]], list[str]]:
    """checkov's verdicts on the tree, and the templates it crashed on."""
    out = subprocess.run([sys.executable, str(CORPUS / "checkov_records.py"), str(tree), ",".join(_builtin_checks())],
                         capture_output=True, text=True, check=True, timeout=900).stdout
    verdicts: dict[Pair, Counter[str]] = {}
    crashed = []
    for line in out.splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if "crashed" in record:
            crashed.append(os.path.relpath(record["crashed"], CORPUS))
            continue
        pair = Pair(record["check"], os.path.relpath(record["file"], CORPUS), record["resource"])
        verdicts.setdefault(pair, Counter())[record["result"]] += 1
    return verdicts, crashed


def module_address(finding: Finding) -> str:
    """baomi prefixes a module's resources with their root (``examples/complete:module.x...``)."""
    _, sep, address = finding.resource.partition(":")
    return address if sep and finding.source == "terraform" and address.startswith("module.") else finding.resource


def baomi_verdicts(findings: Iterable[Finding]) -> dict[Pair, Counter[str]]:
    verdicts: dict[Pair, Counter[str]] = {}
    for f in findings:
        if f.check_id.startswith("BAOMI_") or f.location is None:
            continue
        pair = Pair(f.check_id, os.path.relpath(os.path.abspath(f.location.file), CORPUS), module_address(f))
        verdicts.setdefault(pair, Counter())[f.status.value] += 1
    return verdicts


def differences(checkov: dict[Pair, Counter[str]], baomi: dict[Pair, Counter[str]]) -> Iterator[dict[str, object]]:
    for pair in sorted(checkov.keys() | baomi.keys()):
        theirs, ours = checkov.get(pair, Counter()), baomi.get(pair, Counter())
        if theirs != ours:
            yield {"check": pair.check, "file": pair.file, "resource": pair.resource,
                   "checkov": dict(sorted(theirs.items())), "baomi": dict(sorted(ours.items()))}


@pytest.fixture(scope="module", params=TREES)
def scan(request: pytest.FixtureRequest) -> tuple[str, dict[Pair, Counter[str]], list[Finding], list[str]]:
    tree = CORPUS / request.param
    checkov, crashed = checkov_verdicts(tree)
    findings = list(judge(IacSource((tree,)), load_catalog().checks, Settings()))
    return request.param, checkov, findings, crashed


def expected_for(tree: str) -> list[dict[str, object]]:
    listed = yaml.safe_load(EXPECTED.read_text(encoding="utf-8")) or {}
    return list(listed.get(tree) or [])


def test_baomi_and_checkov_agree_except_where_listed(
        scan: tuple[str, dict[Pair, Counter[str]], list[Finding], list[str]]) -> None:
    tree, checkov, findings, _ = scan
    found = list(differences(checkov, baomi_verdicts(findings)))
    listed = expected_for(tree)
    assert {e["reason"] for e in listed} <= REASONS
    assert [{k: v for k, v in e.items() if k != "reason"} for e in listed] == found


def test_every_error_where_they_differ_names_what_could_not_be_read(
        scan: tuple[str, dict[Pair, Counter[str]], list[Finding], list[str]]) -> None:
    tree, _, findings, _ = scan
    listed = {Pair(str(e["check"]), str(e["file"]), str(e["resource"])) for e in expected_for(tree)}
    for f in findings:
        if f.status is Status.ERROR and f.location is not None and not f.check_id.startswith("BAOMI_"):
            pair = Pair(f.check_id, os.path.relpath(os.path.abspath(f.location.file), CORPUS), module_address(f))
            assert pair in listed, pair
            assert NAMED.match(f.message), (pair, f.message)


def test_a_template_checkov_crashes_on_is_one_error_naming_it(
        scan: tuple[str, dict[Pair, Counter[str]], list[Finding], list[str]]) -> None:
    _, _, findings, crashed = scan
    named = {os.path.relpath(os.path.abspath(f.location.file), CORPUS)
             for f in findings if f.check_id == SOURCE_ERROR_CHECK and f.location is not None}
    assert set(crashed) <= named
