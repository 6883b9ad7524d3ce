"""``baomi report`` (render a saved results file) and ``baomi merge`` (combine several into one)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

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
from baomi.model import SOURCE_ERROR_CHECK
from baomi.options import InputPath
from baomi.reports import FORMATS


def _load(path: Path) -> dict[str, Any]:
    from baomi.reports import rendering as results_file

    try:
        return results_file.load(path)
    except ValueError as exc:
        fail(str(exc))


@click.command("report", short_help="Render a saved results.json in other formats.")
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
@lang_option
def merge_cmd(results_files: tuple[Path, ...], output: Path, framework_ids: tuple[str, ...],
              framework_files: tuple[Path, ...], fail_under: float | None, fail_on: str | None,
              allow_errors: bool, no_gate: bool, lang: str | None) -> None:
    """Combine results of several scans (e.g. one per AWS account) into one scored results.json.

    Findings are pooled and scored again, so the merged score is that of the whole estate, not an
    average of averages. Findings of different scans are never collapsed into one; where several scans
    cover one AWS account, only the newest counts, and stderr says so (baomi/merging.py). The gate
    options apply to the merged result.
    """
    from baomi import pipeline
    from baomi.cli.output import print_summary, write_reports
    from baomi.merging import MergeError

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
    write_reports(assessment.document, [("json", output)], "en")
    print_summary(assessment.document, lang, [output])
    exit_by_gate(assessment.gate, lang)
