"""Helpers shared by the subcommands: language choice, catalog loading, one-line fatal errors."""
from __future__ import annotations

import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from baomi.engines.registry import EngineEntry

from baomi.catalog import Catalog, CatalogError
from baomi.gate import DEFAULT_FAIL_ON, FAIL_ON_CHOICES, GatePolicy, GateResult, policy_from_options
from baomi.i18n import LANGS

lang_option = click.option(
    "--lang", type=click.Choice(LANGS), default=None,
    help="Report language (default: from the locale, Chinese when it is zh_*).")


def resolve_lang(lang: str | None) -> str:
    return lang_and_origin(lang)[0]


def lang_and_origin(lang: str | None) -> tuple[str, str]:
    """The language and where it came from (``command line``, ``environment NAME``, ``default``: ``baomi config
    show`` prints it): --lang, else the first locale variable set, else English."""
    if lang:
        return lang, "command line"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return ("zh" if value.lower().startswith("zh") else "en"), f"environment {var}"
    return "en", "default"


#: longest error line: a message may quote a path or a value given on the command line
MAX_ERROR_MESSAGE = 2000


def columns(text: str) -> int:
    """Terminal columns ``text`` takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (right-aligned when ``right``)."""
    gap = " " * max(0, width - columns(text))
    return gap + text if right else text + gap


def fail(message: str) -> NoReturn:
    """A configuration or input error: one line on stderr (whatever the message quotes), exit code 2."""
    line = re.sub(r"[\x00-\x1f\x7f]+", " ", message).strip()
    if len(line) > MAX_ERROR_MESSAGE:
        line = line[:MAX_ERROR_MESSAGE - 1] + "…"
    click.echo(f"baomi: error: {line}", err=True)
    sys.exit(2)


def load_catalog(framework_files: Sequence[Path] = (), engines: Sequence[EngineEntry] | None = None) -> Catalog:
    """The catalog, with the checks of engines that bring their own, and the user's frameworks."""
    from baomi.catalog import load_catalog as _load
    from baomi.catalog import load_framework_file
    from baomi.engines.registry import ENGINES, with_engine_checks

    try:
        catalog = with_engine_checks(_load(), ENGINES if engines is None else engines)
        return catalog.with_frameworks(load_framework_file(p, catalog.control) for p in framework_files)
    except CatalogError as exc:
        fail(str(exc))


def check_framework_ids(catalog: Catalog, ids: Sequence[str]) -> None:
    unknown = [i for i in ids if i not in catalog.framework]
    if unknown:
        fail(f"unknown framework(s): {', '.join(unknown)} (see `baomi frameworks`)")


class Percentage(click.FloatRange):
    """A score threshold from 0 to 100. click's FloatRange lets NaN through (every comparison with NaN
    is false), and ``--fail-under nan`` would then pass every score."""

    def __init__(self) -> None:
        super().__init__(0, 100)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{click.utils.make_str(value)[:40]!r} is not a number from 0 to 100 (应为 0 到 100 之间的数)",
                      param, ctx)
        return number


_GATE_OPTIONS = {"fail_under": "--fail-under", "fail_on": "--fail-on", "allow_errors": "--allow-errors"}


def _given(name: str, value: object) -> bool:
    return bool(value) if name == "allow_errors" else value is not None


def _not_with_no_gate(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Refuse --no-gate with a gate option: one of the two would be silently ignored.

    Whichever of the pair click processes second sees the first in ``ctx.params``.
    """
    name = str(param.name)
    if name == "no_gate":
        given = [flag for key, flag in _GATE_OPTIONS.items() if _given(key, ctx.params.get(key))]
        clash = given[0] if value and given else None
    else:
        clash = _GATE_OPTIONS[name] if _given(name, value) and ctx.params.get("no_gate") else None
    if clash:
        fail(f"--no-gate turns the gate off and cannot be combined with {clash} "
             f"(--no-gate 表示不设门禁，不能与 {clash} 同时使用)")
    return value


def gate_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--fail-under, --fail-on, --allow-errors, --no-gate: the CI gate, shared by scan and merge.

    No option is the default gate (docs/scoring.md): fail on high or critical failures, errors, or
    nothing evaluated.
    """
    for option in reversed((
        click.option("--fail-under", type=Percentage(), metavar="N", callback=_not_with_no_gate,
                     help="Also fail the gate if the score is under N."),
        click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), callback=_not_with_no_gate,
                     help=f"Fail the gate on any failure at or above this severity (default: {DEFAULT_FAIL_ON.value}; "
                          "'none' turns severity gating off)."),
        click.option("--allow-errors", is_flag=True, callback=_not_with_no_gate,
                     help="Do not fail the gate for inputs that could not be evaluated."),
        click.option("--no-gate", is_flag=True, callback=_not_with_no_gate,
                     help="No gate: exit 0 whatever was found; reports say no gate was requested."),
    )):
        command = option(command)
    return command


def gate_policy(fail_under: float | None, fail_on: str | None, allow_errors: bool,
                no_gate: bool) -> GatePolicy | None:
    """The gate the options ask for, or None under --no-gate (recorded as ``"gate": null``)."""
    return None if no_gate else policy_from_options(fail_under, fail_on, allow_errors)


def exit_by_gate(verdict: GateResult | None) -> NoReturn:
    """Exit 1 when the gate failed, else 0 (an ungated run: the summary's gate line says no gate was asked for)."""
    raise SystemExit(0 if verdict is None or verdict.passed else 1)
