"""checkov's own verdicts on a tree, as JSON lines, for the agreement test (test_checkov_agreement.py).

Run in a process of its own, so that checkov is exactly as installed: none of baomi's custom checks
registered, none of its runtime wrappers, but one change: its Terraform runner's removal of duplicate records
is switched off. It keys a record by check, file, lines and address, so that of several roots calling the same
module all but one lose their verdict; baomi keeps each root's (engines/checkov/runtime.py), and the
comparison counts every record checkov made. Terraform runs once on the tree, as ``checkov -d`` does;
CloudFormation runs template by template, because one template checkov cannot handle crashes a run over a
directory (issue 7): such a template prints a ``crashed`` line instead of records.

    python checkov_records.py TREE CHECK_ID,... > records.jsonl

Each line: {"check": ID, "result": "pass"|"fail"|"suppressed", "file": absolute path, "resource": address},
or {"crashed": absolute path}.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.update({"CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "BC_SKIP_MAPPING": "TRUE"})  # before checkov

import checkov.terraform.runner as terraform_runner_module
from checkov.cloudformation.runner import Runner as CloudFormationRunner
from checkov.runner_filter import RunnerFilter
from checkov.terraform.runner import Runner as TerraformRunner

_RESULTS = {"PASSED": "pass", "FAILED": "fail", "SKIPPED": "suppressed"}
_TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def _emit(report: object) -> None:
    for record in (*report.failed_checks, *report.passed_checks, *report.skipped_checks):  # type: ignore[attr-defined]
        print(json.dumps({"check": record.check_id, "result": _RESULTS[record.check_result["result"].name],
                          "file": os.path.abspath(record.file_abs_path), "resource": record.resource}))


def _keep_every_record(report: object) -> object:
    return report


def main() -> None:
    terraform_runner_module.remove_duplicate_results = _keep_every_record  # type: ignore[assignment]
    tree, checks = Path(sys.argv[1]).resolve(), sys.argv[2].split(",")
    files = sorted(p for p in tree.rglob("*") if p.is_file())
    if any(p.suffix == ".tf" for p in files):
        runner_filter = RunnerFilter(framework=["terraform"], checks=checks, download_external_modules=False)
        _emit(TerraformRunner().run(root_folder=str(tree), runner_filter=runner_filter))
    for template in (p for p in files if p.suffix in _TEMPLATE_SUFFIXES and not p.name.endswith(".tf.json")):
        runner_filter = RunnerFilter(framework=["cloudformation"], checks=checks)
        try:
            _emit(CloudFormationRunner().run(root_folder=None, files=[str(template)], runner_filter=runner_filter))
        except Exception:  # noqa: BLE001 - what checkov cannot handle is reported, not fatal
            print(json.dumps({"crashed": str(template)}))


if __name__ == "__main__":
    main()
