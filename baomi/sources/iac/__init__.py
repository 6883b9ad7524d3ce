"""Infrastructure code as a source: Terraform HCL, Terraform JSON (CDK for Terraform), plan JSON, CloudFormation.

The source only finds the files and tells their kinds (``Job``s); the checkov engine (``baomi/engines/checkov``)
parses and judges them, because checkov does both in one run.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from baomi.catalog import CheckSpec
from baomi.model import EvidenceFile
from baomi.redaction import json_bytes
from baomi.settings import Settings
from baomi.sources.evidence import hashed, last_name
from baomi.sources.interface import Collected, EngineFacts, SourceError
from baomi.sources.paths import Unreadable, display_path, walk

TF_JSON_SUFFIX = ".tf.json"
CFN_SUFFIXES = (".yaml", ".yml", ".json", ".template")
#: what checkov reads of a Terraform root besides .tf files: the variables files
TFVARS_SUFFIXES = (".tfvars", ".tfvars.json")


@dataclass(frozen=True)
class IacInput:
    """The checkov runner calls one scan needs, and the globs of paths to leave out."""

    jobs: tuple[Job, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    """One checkov runner call: which runner, and a directory or explicit files."""

    framework: str  # terraform | terraform_json | terraform_plan | cloudformation
    root: Path | None
    files: tuple[Path, ...] = ()
    #: absolute paths under ``root`` checkov must not open (FIFOs, devices, what cannot be read: paths.walk)
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class IacSource:
    paths: tuple[Path, ...]
    exclude: tuple[str, ...] = ()
    name: str = "iac"

    def prepare(self) -> None:
        """Nothing to ask: the paths were checked when they were named."""

    def collect(self, checks: Sequence[CheckSpec], settings: Settings) -> Collected:
        if not any(c.engine == "checkov" for c in checks):
            return Collected()
        return Collected((EngineFacts("checkov", IacInput(tuple(self._jobs()), self.exclude)),))

    def evidence(self, collected: Collected) -> tuple[EvidenceFile, ...]:
        """Per scanned path, ``inputs/<last name>.json``: every file handed to checkov (its path relative to
        the scanned path, SHA-256 and size), not their contents."""
        if not collected.facts:
            return ()
        return tuple(EvidenceFile(f"inputs/{last_name(path)}.json", json_bytes({
            "source": "iac", "path": display_path(str(path)),
            "files": hashed(_read_files(path, self.exclude), path.parent if path.is_file() else path),
        }, redact=False)) for path in self.paths)

    def _jobs(self) -> Iterator[Job]:
        for path in self.paths:
            if not path.exists():
                raise SourceError(f"{path}: no such file or directory")
            if path.is_file():
                yield from _file_jobs(path)
                continue
            problems: list[Unreadable] = []  # reported by sources/tree.py; kept from checkov's own walk
            files = list(walk(path, self.exclude, problems))
            plans = tuple(p for p in files if p.suffix == ".json" and _is_plan(p))
            tf_json = tuple(p for p in files if p.name.endswith(TF_JSON_SUFFIX))
            if any(p.suffix == ".tf" for p in files):
                yield Job("terraform", path, unreadable=tuple(os.path.abspath(p.path) for p in problems))
            if tf_json:
                yield Job("terraform_json", None, tf_json)
            not_cfn = {*plans, *tf_json}
            cfn = tuple(p for p in files if p.suffix in CFN_SUFFIXES and p not in not_cfn)
            if cfn:  # explicit files: screened one by one (_run_cloudformation)
                yield Job("cloudformation", None, cfn)
            if plans:
                yield Job("terraform_plan", None, plans)


def _read_files(path: Path, exclude: Sequence[str]) -> list[Path]:
    """The files of ``path`` checkov is handed or reads in a Terraform root: HCL, variables files, Terraform
    JSON, plans and CloudFormation candidates."""
    if path.is_file():
        return [path]
    return [p for p in walk(path, exclude) if p.suffix in (".tf", *CFN_SUFFIXES) or p.name.endswith(TFVARS_SUFFIXES)]


def claims(path: Path) -> bool:
    """Is this file infrastructure code this source reads (when named on the command line)?"""
    return next(_file_jobs(path), None) is not None


def _file_jobs(path: Path) -> Iterator[Job]:
    if path.name.endswith(TF_JSON_SUFFIX):
        yield Job("terraform_json", None, (path,))
    elif path.suffix == ".tf":
        yield Job("terraform", None, (path,))
    elif path.suffix == ".json" and _is_plan(path):
        yield Job("terraform_plan", None, (path,))
    elif path.suffix in CFN_SUFFIXES:
        yield Job("cloudformation", None, (path,))


#: JSON files up to this size are parsed to tell a plan (checkov parses a plan whole anyway); beyond it,
#: only the first 4 KB are looked at, as `terraform show -json` writes its keys in that order.
MAX_PLAN_SNIFF_BYTES = 256 * 1024 * 1024


def _is_plan(path: Path) -> bool:
    """A `terraform show -json` plan (or state), as opposed to CloudFormation JSON or any other JSON.

    Told by its top-level keys once parsed, wherever they come in the file: a plan whose keys were
    sorted (``jq -S``) has ``format_version`` and ``planned_values`` far from its start.
    """
    try:
        with path.open("rb") as fh:
            if path.stat().st_size > MAX_PLAN_SNIFF_BYTES:
                head = fh.read(4096)
                return b'"planned_values"' in head or (b'"format_version"' in head and b'"terraform_version"' in head)
            data = json.loads(fh.read())
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and (
        "planned_values" in data or {"format_version", "terraform_version"} <= data.keys())


