"""Helpers shared by the subcommands: language choice, catalog loading, one-line fatal errors."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from baomi.catalog import Catalog, CatalogError
from baomi.model import Finding, Severity

if TYPE_CHECKING:
    from baomi.gate import GateResult

LANGS = ("zh", "en")

lang_option = click.option(
    "--lang", type=click.Choice(LANGS), default=None,
    help="Report language (default: from the locale, Chinese when it is zh_*).")


def resolve_lang(lang: str | None) -> str:
    if lang:
        return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def fail(message: str) -> NoReturn:
    """A configuration or input error: one line on stderr, exit code 2."""
    click.echo(f"baomi: error: {message}", err=True)
    sys.exit(2)


def load_catalog(framework_files: Sequence[Path] = ()) -> Catalog:
    from baomi.catalog import load_catalog as _load
    from baomi.catalog import load_framework_file

    try:
        catalog = _load()
        return catalog.with_frameworks(load_framework_file(p, catalog.control) for p in framework_files)
    except CatalogError as exc:
        fail(str(exc))


def check_framework_ids(catalog: Catalog, ids: Sequence[str]) -> None:
    unknown = [i for i in ids if i not in catalog.framework]
    if unknown:
        fail(f"unknown framework(s): {', '.join(unknown)} (see `baomi frameworks`)")


def gate_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--fail-under, --fail-on, --allow-errors: the CI gate, shared by scan and merge."""
    for option in reversed((
        click.option("--fail-under", type=click.FloatRange(0, 100), metavar="N",
                     help="Fail the gate if the score is under N."),
        click.option("--fail-on", type=click.Choice([s.value for s in Severity]),
                     help="Fail the gate on any failure at or above this severity."),
        click.option("--allow-errors", is_flag=True,
                     help="Do not fail the gate for inputs that could not be evaluated."),
    )):
        command = option(command)
    return command


def evaluate_gate(catalog: Catalog, findings: Sequence[Finding], score: float | None, fail_under: float | None,
                  fail_on: str | None, allow_errors: bool, lang: str) -> GateResult:
    from baomi import gate

    policy = gate.GatePolicy(fail_under, Severity(fail_on) if fail_on else None, allow_errors)
    return gate.evaluate(policy, catalog, findings, score, lang)
