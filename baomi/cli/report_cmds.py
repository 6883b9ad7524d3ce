"""``baomi report`` (render a saved results file) and ``baomi merge`` (combine several into one)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from baomi.cli.common import check_framework_ids, fail, lang_option, load_catalog, resolve_lang
from baomi.reports import FORMATS


def _load(path: Path) -> dict[str, Any]:
    from baomi.reports import results as results_file

    try:
        return results_file.load(path)
    except ValueError as exc:
        fail(str(exc))


@click.command("report")
@click.argument("results_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file (default: stdout).")
@lang_option
def report_cmd(results_file: Path, fmt: str, output: Path | None, lang: str | None) -> None:
    """Render a saved results.json in another format."""
    from baomi.cli.output import write_reports
    from baomi.reports import get_format

    document = _load(results_file)
    lang = resolve_lang(lang)
    if output is None:
        click.echo(get_format(fmt).render(document, lang), nl=False)
    else:
        write_reports(document, [(fmt, output)], lang)


@click.command("merge")
@click.argument("results_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Merged results.json to write.")
@click.option("--framework", "framework_ids", multiple=True, metavar="ID", help="Score against these frameworks only.")
def merge_cmd(results_files: tuple[Path, ...], output: Path, framework_ids: tuple[str, ...]) -> None:
    """Combine results of several scans (e.g. one per AWS account) into one scored results.json.

    Findings are pooled (identical ones once) and scored again, so the merged score is that of the
    whole estate, not an average of averages.
    """
    from baomi import results, scoring
    from baomi.cli.output import write_reports

    catalog = load_catalog()
    check_framework_ids(catalog, framework_ids)
    documents = [_load(p) for p in results_files]
    findings = list(dict.fromkeys(f for d in documents for f in results.findings_of(d)))
    targets = list(dict.fromkeys(t for d in documents for t in results.targets_of(d)))
    selected = list(framework_ids) or [f.id for f in catalog.frameworks]
    scorecard = scoring.score(catalog, findings, selected)
    write_reports(results.build(catalog, scorecard, findings, targets), [("json", output)], "en")
