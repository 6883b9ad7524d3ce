"""A source and an engine added from outside baomi, with nothing edited in baomi: the plugin interfaces
(``SourcePlugin``, ``Engine``, ``EngineEntry``) are enough to scan, score and report a new kind of target.

The demo: a "vault" whose facts say whether it is encrypted; one check, DEMO_VAULT_ENCRYPTED, mapped to
the catalog's encryption-at-rest control.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from baomi import pipeline
from baomi.catalog import CheckSpec, Remediation, Text, load_catalog
from baomi.cli.scan import make_scan_command
from baomi.engines.registry import ENGINES, EngineEntry, with_engine_checks
from baomi.model import Finding, Severity, Status
from baomi.settings import Settings
from baomi.sources.interface import Collected, EngineFacts, ScanInputs, SourcePlugin
from baomi.sources.registry import plugins

CHECK_ID = "DEMO_VAULT_ENCRYPTED"


@dataclass(frozen=True)
class VaultFacts:
    name: str
    encrypted: bool


@dataclass(frozen=True)
class VaultSource:
    spec: str  # "name" or "name:plain"
    name: str = "vault"

    def prepare(self) -> None:
        if not self.spec:
            raise pipeline.SourceError("--vault: empty vault name")

    def collect(self, checks: Sequence[CheckSpec], settings: Settings) -> Collected:
        name, _, mode = self.spec.partition(":")
        return Collected((EngineFacts("vault", VaultFacts(name, mode != "plain")),))


class VaultEngine:
    name = "vault"

    def judge(self, facts: object, checks: Sequence[CheckSpec], settings: Settings) -> Iterator[Finding]:
        assert isinstance(facts, VaultFacts)
        for check in checks:
            status = Status.PASS if facts.encrypted else Status.FAIL
            yield Finding(check.id, status, "vault", f"vault://{facts.name}",
                          "encrypted at rest" if facts.encrypted else "stored in plain text")


def _encryption_control() -> str:
    catalog = load_catalog()
    return next(c.id for c in catalog.controls if c.domain == "encryption" and catalog.checks_of_control(c.id))


CHECKS = (CheckSpec(CHECK_ID, "vault", ("vault",), Text("保险库已加密", "Vault encrypted"), Severity.HIGH,
                    (_encryption_control(),), ("vault",), Remediation(Text("启用加密", "Turn encryption on"))),)

VAULT_ENGINE = EngineEntry("vault", ("vault",), f"{__name__}:VaultEngine", catalog_checks=f"{__name__}:CHECKS")

VAULT_PLUGIN = SourcePlugin(
    name="vault", label="demo vaults", engines=("vault",),
    asked=lambda inputs: bool(inputs.option("vaults")),
    build=lambda inputs: VaultSource(inputs.option("vaults")[0]),
    targets=lambda inputs: tuple(("vault", v) for v in inputs.option("vaults")),
    options=(click.Option(["--vault", "vaults"], multiple=True, metavar="NAME[:plain]", help="A demo vault."),),
    options_title="Demo vaults", asked_by="--vault",
)


def test_the_api_runs_a_source_and_engine_from_outside() -> None:
    catalog = with_engine_checks(load_catalog(), (*ENGINES, VAULT_ENGINE))
    request = pipeline.AssessmentRequest(
        pipeline.plan(ScanInputs(options={"vaults": ("ledger:plain",)}), (*plugins(), VAULT_PLUGIN)), catalog)
    assessment = pipeline.assess(request, engines={"vault": VaultEngine()})
    assert [(f.check_id, f.status, f.resource) for f in assessment.findings] == [
        (CHECK_ID, Status.FAIL, "vault://ledger")]
    assert assessment.document["targets"] == [{"source": "vault", "target": "ledger:plain"}]
    assert not assessment.passed  # a high failure fails the default gate
    scored = [(ctl["id"], c["sources"], c["counts"]["fail"]) for ctl in assessment.document["controls"]
              for c in ctl["checks"] if c["id"] == CHECK_ID]
    assert scored == [(_encryption_control(), ["vault"], 1)]


def test_the_scan_command_offers_and_runs_a_source_from_outside(tmp_path: Path) -> None:
    command = make_scan_command((*plugins(), VAULT_PLUGIN), (*ENGINES, VAULT_ENGINE))
    runner = CliRunner()
    shown = runner.invoke(command, ["--help"])
    assert "Demo vaults:" in shown.output and "--vault NAME[:plain]" in shown.output
    report = tmp_path / "r.json"
    result = runner.invoke(command, ["--vault", "ledger", "--format", f"json:{report}", "--lang", "en"])
    assert result.exit_code == 0, result.output
    document = json.loads(report.read_text())
    assert [(f["check_id"], f["status"], f["resource"]) for f in document["findings"]] == [
        (CHECK_ID, "pass", "vault://ledger")]
    nothing = runner.invoke(command, [])
    assert nothing.exit_code == 2
    assert "nothing to scan: give PATHs, --aws, --db, --db-config or --vault" in nothing.output


def test_a_source_that_cannot_start_is_one_line_and_exit_2() -> None:
    command = make_scan_command((*plugins(), VAULT_PLUGIN), (*ENGINES, VAULT_ENGINE))
    result = CliRunner().invoke(command, ["--vault", ""])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == "baomi: error: --vault: empty vault name"


def test_an_engine_check_clashing_with_the_catalog_is_refused() -> None:
    from baomi.catalog import CatalogError

    clash = EngineEntry("vault", ("vault",), f"{__name__}:VaultEngine", catalog_checks=f"{__name__}:CLASH")
    with pytest.raises(CatalogError, match="already defined"):
        with_engine_checks(load_catalog(), (*ENGINES, clash))


CLASH = (CheckSpec("AWS_IAM_ROOT_MFA", "vault", ("vault",), Text("x", "x"), Severity.LOW, (), (),
                   Remediation(Text("x", "x"))),)
