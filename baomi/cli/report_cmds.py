"""``baomi report`` (render a saved results file; ``baomi report quarterly``: the quarterly report from the history)
and ``baomi merge`` (combine several into one)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from baomi import i18n
from baomi.cli.common import (
    check_framework_ids,
    exit_by_gate,
    fail,
    gate_options,
    gate_policy,
    lang_option,
    load_catalog,
    resolve_lang,
)
from baomi.cli.history_cmds import call_history, history_options, record_options, record_scan, record_target
from baomi.model import SOURCE_ERROR_CHECK
from baomi.options import InputPath
from baomi.reports import FORMATS

if TYPE_CHECKING:
    from baomi.history.location import Location
    from baomi.settings import Settings


def _load(path: Path) -> dict[str, Any]:
    from baomi.reports import rendering as results_file

    try:
        return results_file.load(path)
    except ValueError as exc:
        fail(str(exc))


class _ReportGroup(click.Group):
    """``baomi report RESULTS_FILE …`` renders a results file, as it always has; ``baomi report quarterly …`` is
    the quarterly report. An argument that is not a subcommand's name goes to ``render``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["render", *args]
        return super().parse_args(ctx, args)


@click.group("report", cls=_ReportGroup, short_help="Render a saved results.json; the quarterly report.")
def report_group() -> None:
    """Render a saved results file in other formats (baomi report [render] RESULTS_FILE --format FMT), or write the
    quarterly compliance report from the history (baomi report quarterly --quarter 2026Q4)."""


@report_group.command("render", short_help="Render a saved results.json in other formats (the default).")
@click.argument("results_file", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "formats", multiple=True, required=True, metavar="FMT[:FILE]",
              help=f"Format to render ({', '.join(FORMATS)}), with ':FILE' to write it to a file. Repeatable.")
@click.option("-o", "--output", type=InputPath(path_type=Path), help="Output file for a single --format FMT.")
@lang_option
def report_cmd(results_file: Path, formats: tuple[str, ...], output: Path | None, lang: str | None) -> None:
    """Render a saved results.json in other formats (to stdout, -o FILE, or FMT:FILE)."""
    from baomi.cli.output import parse_format_specs, write_reports
    from baomi.reports import get_format

    document = _load(results_file)
    lang = resolve_lang(lang)
    if len(formats) == 1 and ":" not in formats[0]:
        name = parse_format_specs(formats)[0][0]
        if output is None:
            click.echo(get_format(name).render(document, lang), nl=False)
        else:
            write_reports(document, [(name, output)], lang)
        return
    if output is not None:
        fail("-o goes with a single --format FMT; use FMT:FILE for several formats")
    write_reports(document, parse_format_specs(formats), lang)


@click.command("merge", short_help="Combine several results into one scored result.")
@click.argument("results_files", nargs=-1, required=True, type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=InputPath(path_type=Path), required=True, help="Merged results.json to write.")
@click.option("--framework", "framework_ids", multiple=True, metavar="ID", help="Score against these frameworks only.")
@click.option("--framework-file", "framework_files", multiple=True, type=InputPath(path_type=Path), metavar="FILE",
              help="Your own framework, as given to the scans.")
@gate_options
@record_options
@lang_option
def merge_cmd(results_files: tuple[Path, ...], output: Path, framework_ids: tuple[str, ...],
              framework_files: tuple[Path, ...], fail_under: float | None, fail_on: str | None,
              allow_errors: bool, no_gate: bool, record: bool, history_url: str | None, lang: str | None) -> None:
    """Combine results of several scans (e.g. one per AWS account) into one scored results.json.

    Findings are pooled and scored again, so the merged score is that of the whole estate, not an
    average of averages. Findings of different scans are never collapsed into one; where several scans
    cover one AWS account, only the newest counts, and stderr says so (baomi/merging.py). The gate
    options apply to the merged result; --record / --history record it, as for baomi scan.
    """
    from baomi import pipeline
    from baomi.cli.output import print_summary, write_reports
    from baomi.merging import MergeError

    history = record_target(record, history_url)
    catalog = load_catalog(framework_files)
    check_framework_ids(catalog, framework_ids)
    documents = [_load(p) for p in results_files]
    for path, document in zip(results_files, documents, strict=True):
        unknown = sorted({f["check_id"] for f in document["findings"]} - set(catalog.check) - {SOURCE_ERROR_CHECK})
        if unknown:  # they would silently leave the merged score
            fail(f"{path}: findings of check(s) this baomi does not know: {', '.join(unknown)} "
                 f"(written by baomi {document['tool']['version']}?)")
    lang = resolve_lang(lang)
    gate = gate_policy(fail_under, fail_on, allow_errors, no_gate)
    request = pipeline.AssessmentRequest((), catalog, framework_ids, gate=gate, lang=lang)
    try:
        assessment, notes = pipeline.reassess(
            [(str(path), document) for path, document in zip(results_files, documents, strict=True)], request)
    except MergeError as exc:
        fail(str(exc))
    for note in notes:
        click.echo(f"baomi: warning: {note}", err=True)
    write_reports(assessment.document, [("json", output)], lang)
    print_summary(assessment.document, lang, [output])
    if history is not None:
        record_scan(assessment.document, history, None, (), lang)
    exit_by_gate(assessment.gate)


@report_group.command("quarterly", short_help="The quarterly compliance report, from the history.")
@click.option("--quarter", metavar="YYYYQN", help="The quarter, e.g. 2026Q4 (default: the current one, UTC).")
@click.option("--framework", "framework_id", metavar="ID", help="This framework only.")
@click.option("-o", "--output", type=InputPath(path_type=Path), help="HTML (or JSON) file to write; default stdout.")
@click.option("--pdf", type=InputPath(path_type=Path), metavar="FILE",
              help="Also print the report to this PDF, with a headless Chromium (BAOMI_CHROMIUM or on PATH).")
@click.option("--json", "as_json", is_flag=True, help="Write the report's data as JSON instead of HTML.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Judge waivers and attestations on DATE (default: the quarter's last day, or today during it).")
@history_options(settings=True)
@lang_option
def quarterly_cmd(quarter: str | None, framework_id: str | None, output: Path | None, pdf: Path | None,
                  as_json: bool, as_of: Any, where: Location, settings: Settings, lang: str | None) -> None:
    """Write the quarterly compliance report of the recorded runs (docs/quarterly.md): score, grade and clause
    compliance now and the quarter before, clause trends, top risks, remediation progress, waivers,
    attestations and coverage by source; one self-contained HTML page that prints on A4. The settings file
    (--config) may set the remediation deadlines and the notice days (docs/quarterly.md)."""
    import datetime as dt
    import json
    import tempfile

    from baomi.history.quarterly import Deadlines, Quarter, quarterly

    lang = resolve_lang(lang)
    try:
        period = Quarter.parse(quarter) if quarter else Quarter.of(dt.datetime.now(dt.timezone.utc).date())
    except ValueError as exc:
        fail(f"--quarter: {exc}")
    if as_json and pdf is not None:
        fail("--pdf prints the HTML report; leave out --json")
    data = call_history(quarterly, where, period, framework_id, load_catalog(), None if as_of is None else as_of.date(),
                        Deadlines.of(settings))
    if as_json:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        from baomi.reports.quarterly import render

        text = render(data, lang)
    labels = i18n.section("qcmd_", lang)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text)
        click.echo(labels["written"].format(quarter=data["quarter"], run=data["now"]["run"], path=output), err=True)
    if pdf is None:
        return
    from baomi.reports.pdf import PdfError, print_pdf

    with tempfile.TemporaryDirectory(prefix="baomi-quarterly-") as scratch:
        page = output if output is not None else Path(scratch) / "quarterly.html"
        if output is None:
            _write(page, text)
        try:
            print_pdf(page, pdf)
        except PdfError as exc:
            fail(str(exc))
    click.echo(labels["pdf"].format(path=pdf), err=True)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{path}: cannot write the report: {exc.strerror or exc}")
