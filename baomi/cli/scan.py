"""``baomi scan``: turn the command line into an assessment request, run it, write reports, gate.

The sources' own options come from their plugins (``baomi/sources/registry.py``); this command knows none of
them by name.
"""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from baomi import i18n
from baomi import waivers as waiver_rules
from baomi.catalog import Catalog
from baomi.cli.baseline_cmds import load_baseline, print_baseline
from baomi.cli.common import (
    check_framework_ids,
    exit_by_gate,
    fail,
    gate_options,
    gate_policy,
    lang_option,
    load_catalog,
)
from baomi.cli.config_cmds import effective, file_options
from baomi.cli.history_cmds import record_options, record_scan, record_target
from baomi.cli.output import Console, parse_format_specs, print_summary, write_reports
from baomi.cli.progress import Progress
from baomi.engines.registry import EngineEntry
from baomi.options import InputPath
from baomi.reports import FORMATS
from baomi.sources.interface import ScanInputs, SourcePlugin
from baomi.userfiles import UserFileError


class _GroupedCommand(click.Command):
    """A command whose help lists each source's options under its own heading."""

    def __init__(self, *args: Any, groups: Sequence[tuple[str, Sequence[click.Parameter]]] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        grouped = {id(p) for _, params in self.groups for p in params}
        own = [p for p in self.get_params(ctx) if isinstance(p, click.Option) and id(p) not in grouped]
        sections = [("Options", own), *self.groups]
        for title, params in sections:
            rows = [row for row in (p.get_help_record(ctx) for p in params) if row is not None]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def make_scan_command(plugins: Sequence[SourcePlugin], engines: Sequence[EngineEntry] | None = None) -> click.Command:
    """``baomi scan`` with the options of these source plugins, judged by these engines (default: baomi's own;
    an extension, or a test, may add its own)."""

    @click.command("scan", cls=_GroupedCommand, short_help="Scan code, live AWS and databases; score and report.",
                   groups=[(p.options_title or p.name, list(p.options)) for p in plugins if p.options])
    @click.argument("paths", nargs=-1, type=InputPath(path_type=Path))
    @click.option("--framework", "framework_ids", multiple=True, metavar="ID",
                  help="Score against this framework only (repeatable; default: all).")
    @click.option("--framework-file", "framework_files", multiple=True, type=InputPath(path_type=Path),
                  metavar="FILE", help="Your own framework (e.g. an internal policy) in the catalog's YAML format.")
    @click.option("--format", "formats", multiple=True, metavar="FMT[:FILE]",
                  help=f"Report to write: {', '.join(FORMATS)}; ':FILE' names the file "
                       "(default baomi-report.EXT), ':-' standard output (the summary then goes to stderr). "
                       "Repeatable.")
    @click.option("-q", "--quiet", is_flag=True, help="Print only the gate's verdict (and warnings).")
    @gate_options
    @click.option("--exclude", multiple=True, metavar="GLOB", help="Skip paths matching this glob (repeatable).")
    @click.option("--config", "config_file", type=InputPath(path_type=Path), metavar="FILE",
                  help="Settings file (YAML): thresholds, allowed regions, the scan's options, see docs/settings.md; "
                       "default: baomi.yaml or .baomi.yaml at the repository root, if there is one.")
    @file_options
    @click.option("--allowed-region", "allowed_regions", multiple=True, metavar="REGION",
                  help="Region where customer data may be stored (repeatable; replaces the mainland-China default).")
    @click.option("--waivers", "waivers_file", type=InputPath(path_type=Path), metavar="FILE",
                  help="Accepted risks (YAML: check, resource glob, reason, expires): waived failures are reported "
                       "as suppressed with the reason until the expiry date.")
    @record_options
    @lang_option
    def scan_cmd(paths: tuple[Path, ...], framework_ids: tuple[str, ...], framework_files: tuple[Path, ...],
                 formats: tuple[str, ...], quiet: bool, fail_under: float | None, fail_on: str | None,
                 allow_errors: bool, no_gate: bool, exclude: tuple[str, ...], config_file: Path | None,
                 allowed_regions: tuple[str, ...], waivers_file: Path | None, no_config: bool, baseline: str | None,
                 record: bool, history_url: str | None, lang: str | None, **source_options: Any) -> None:
        """Scan PATHS (Terraform, plan JSON, CloudFormation, database config files) and/or live targets."""
        resolved = effective(click.get_current_context())  # the command line over the settings file's values
        settings, options, lang = resolved.settings, resolved.scan, resolved.lang
        inputs = ScanInputs(paths, options.exclude, source_options, settings)
        _check_inputs(inputs, plugins)
        report_specs = parse_format_specs(options.formats) if options.formats else []
        catalog = load_catalog(framework_files, engines)
        waivers = _waivers(Path(options.waivers) if options.waivers else None, catalog, lang)
        check_framework_ids(catalog, options.frameworks)
        history = record_target(record, history_url, settings)
        against = load_baseline(options.baseline, history_url, settings) if options.baseline else None

        from baomi import pipeline
        from baomi.engines import registry

        request = pipeline.AssessmentRequest(
            pipeline.plan(inputs, plugins), catalog, options.frameworks, settings, tuple(waivers),
            gate_policy(options.fail_under, options.fail_on, bool(options.allow_errors), no_gate), lang,
            baseline=against)
        try:
            for planned in request.sources:  # interactive steps (password prompts) before the progress line
                planned.source.prepare()
            with Progress(len(request.sources), lang) as progress:
                assessment = pipeline.assess(request, engines=registry.build(engines or registry.ENGINES),
                                             progress=progress.update)
        except pipeline.SourceError as exc:
            fail(str(exc))
        console = Console.of(report_specs, quiet)
        write_reports(assessment.document, report_specs, lang, console)
        print_summary(assessment.document, lang, [path for _, path in report_specs], console)
        if not console.quiet:
            print_baseline(assessment.document, lang, console.echo)
        if history is not None:
            record_scan(assessment.document, history, settings, waivers, lang, assessment.evidence)
        exit_by_gate(assessment.gate)

    scan_cmd.params.extend(option for plugin in plugins for option in plugin.options)
    return scan_cmd


def _check_inputs(inputs: ScanInputs, plugins: Sequence[SourcePlugin]) -> None:
    """Something to scan, and every input named on the command line there, readable, and of a kind read."""
    if not any(p.asked(inputs) for p in plugins):
        flags = sorted(p.asked_by for p in plugins if p.asked_by)
        given = ", ".join(["PATHs", *flags[:-1]]) + (f" or {flags[-1]}" if flags else "")
        fail(f"nothing to scan: give {given}")
    named = [*inputs.paths, *(Path(v) for p in plugins for name in p.input_options
                               for v in _values(inputs.option(name)))]
    for path in named:
        if not path.exists():
            fail(f"{path}: no such file or directory")
        _check_readable(path)
    readers = [p for p in plugins if p.claims is not None]
    for path in inputs.paths:
        if path.is_file() and not any(p.claims(path) for p in readers if p.claims is not None):
            fail(f"{path}: not a file baomi reads ({', '.join(p.reads for p in readers)})")


def _values(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _check_readable(path: Path) -> None:
    """A path named on the command line that cannot be read (a FIFO would block for ever) is a usage error."""
    from baomi.sources.paths import why_unreadable

    reason = why_unreadable(path)
    if reason is not None:
        fail(f"{path}: {reason}")


def _waivers(path: Path | None, catalog: Catalog, lang: str) -> list[waiver_rules.Waiver]:
    if path is None:
        return []
    try:
        waivers = waiver_rules.load(path)
    except UserFileError as exc:
        fail(str(exc))
    unknown = sorted({w.check for w in waivers} - set(catalog.check))
    if unknown:
        fail(f"{path}: waiver(s) for unknown check(s): {', '.join(unknown)} (see `baomi checks`)")
    for waiver in waiver_rules.expired(waivers, datetime.date.today()):
        click.echo("baomi: " + i18n.text("waiver_expired", lang, path=path, check=waiver.check,
                                         resource=waiver.resource, date=waiver.expires.isoformat()), err=True)
    return waivers

