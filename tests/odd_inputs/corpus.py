"""Helpers of the odd-inputs corpus: hostile files made at test time, a scan that writes all six report
formats, and the planted secret that must never come out.

Every bad file carries SECRET in its content and so do its neighbours: whatever baomi prints about a file
it could not read, it must name the file and the reason, never what is in it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: planted in bad files and their neighbours; must appear in no report, stdout or stderr
SECRET = "PLANTED-s3cr3t-Hunter2-7f3a"
FORMATS = ("html", "json", "markdown", "sarif", "junit", "csv")
#: a scan is a fresh Python process importing checkov: generous on a loaded 2-core machine, finite
TIMEOUT = 240

#: a Terraform file that fails a high-severity check: the scan goes on past the bad files
FAILING_TF = f'''
# the bucket's owner keeps the password "{SECRET}" here, which no report may show
resource "aws_db_instance" "customers" {{
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = false
  password          = "{SECRET}"
}}
'''

#: a CloudFormation template that fails checks, next to the bad templates
FAILING_CFN = f'''AWSTemplateFormatVersion: "2010-09-09"
Description: neighbour of the bad templates ({SECRET})
Resources:
  Ledger:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      StorageEncrypted: false
      MasterUserPassword: "{SECRET}"
'''


def alias_bomb(levels: int = 9, width: int = 9, indent: str = "", secret: bool = True) -> str:
    """A "billion laughs" YAML fragment: ``width ** levels`` strings once its aliases are expanded."""
    lines = [f'{indent}l0: &l0 [{", ".join([repr(SECRET if secret else "lol")] * width)}]']
    for n in range(1, levels):
        lines.append(f"{indent}l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@dataclass
class Outcome:
    """What a user sees: exit code, the terminal, and every report written."""

    code: int
    out: str
    err: str
    reports: dict[str, str] = field(default_factory=dict)

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.reports["json"])

    def errors(self) -> dict[str, str]:
        """ERROR findings of the JSON report: resource -> message."""
        return {f["resource"]: f["message"] for f in self.document["findings"] if f["status"] == "error"}

    def texts(self) -> dict[str, str]:
        return {"stdout": self.out, "stderr": self.err, **self.reports}

    def assert_no_secret(self) -> None:
        leaks = [name for name, text in self.texts().items() if SECRET in text]
        assert not leaks, f"the planted secret was printed in {leaks}"

    def assert_no_traceback(self) -> None:
        assert "Traceback" not in self.err and "Traceback" not in self.out


def run_baomi(cwd: Path, *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """baomi in a process of its own: a regression that blocks fails the test instead of hanging it."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONPATH": str(Path(__file__).parents[2])}
    return subprocess.run([sys.executable, "-m", "baomi", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def scan(cwd: Path, *args: str, prefix: list[str] | None = None, timeout: float = TIMEOUT) -> Outcome:
    """``baomi scan ARGS`` writing the six formats under ``cwd/reports``; ``prefix`` runs it through
    another command (setpriv)."""
    reports = cwd / "reports"
    reports.mkdir(exist_ok=True)
    formats = [f"--format={name}:reports/report.{name}" for name in FORMATS]
    command = [*(prefix or []), sys.executable, "-m", "baomi", "scan", *args, *formats]
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    written = {name: (reports / f"report.{name}").read_text(encoding="utf-8") for name in FORMATS
               if (reports / f"report.{name}").exists()}
    return Outcome(proc.returncode, proc.stdout, proc.stderr, written)
