"""``baomi frameworks``, ``baomi controls``, ``baomi checks``: the catalog as tables or JSON."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

import click

from baomi import i18n
from baomi.catalog import Catalog, ClauseSpec, Text
from baomi.cli.common import check_framework_ids, columns, lang_option, load_catalog, pad, resolve_lang
from baomi.engines.registry import inputs as engine_inputs

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _emit(rows: Sequence[dict[str, Any]], names: Sequence[str], as_json: bool, lang: str) -> None:
    """Rows as JSON, or as a table with headers in ``lang`` (the last column is not padded)."""
    if as_json:
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
        return
    words = i18n.section("cat_col_", lang)
    headers = {c: words[c].upper() if lang == "en" else words[c] for c in names}
    widths = {c: max([columns(headers[c]), *(columns(str(r[c])) for r in rows)]) for c in names[:-1]}
    click.echo("  ".join(pad(headers[c], widths.get(c, 0)) for c in names).rstrip())
    for row in rows:
        click.echo("  ".join(pad(str(row[c]), widths.get(c, 0)) for c in names).rstrip())


@click.command("frameworks", short_help="List the frameworks, or one framework's clauses.")
@click.argument("framework_id", required=False, metavar="[ID]")
@json_option
@lang_option
def frameworks_cmd(framework_id: str | None, as_json: bool, lang: str | None) -> None:
    """List the frameworks (requirement documents and laws) of the catalog; with ID, that framework's clauses:
    their obligation, how they are assessed, whether their text was verified, and who they bind."""
    lang = resolve_lang(lang)
    catalog = load_catalog()
    if framework_id is not None:
        check_framework_ids(catalog, [framework_id])
        framework = catalog.framework[framework_id]
        clauses = [_clause_row(catalog, c, lang, as_json) for c in framework.clauses]
        _emit(clauses, ["id", "obligation", "assessment", "text", "applies", "controls", "title"], as_json, lang)
        return
    words = i18n.labels(lang)
    rows = [{"id": f.id, "kind": words.get(f"kind_{f.kind}", f.kind), "clauses": len(f.clauses),
             "controls": len(f.control_ids),
             "effective": f.effective or "", "title": f.title.get(lang)} if not as_json else
            {"id": f.id, "kind": f.kind, "title": f.title.as_dict(), "reference": f.reference,
             "version": f.version, "effective": f.effective, "status": f.status,
             "clauses": [_clause_row(catalog, c, lang, True) for c in f.clauses]}
            for f in catalog.frameworks]
    _emit(rows, ["id", "kind", "clauses", "controls", "effective", "title"], as_json, lang)


def _clause_row(catalog: Catalog, clause: ClauseSpec, lang: str, as_json: bool) -> dict[str, Any]:
    source, applies = clause.source, clause.applies_when
    if as_json:
        return {"id": clause.id, "aliases": list(clause.aliases), "title": clause.title.as_dict(),
                "controls": list(clause.controls), "obligation": clause.obligation,
                "assessment": catalog.assessment_mode(clause),
                "source": None if source is None else dataclasses.asdict(source),
                "evidence": None if clause.evidence is None else clause.evidence.as_dict(),
                "related": list(clause.related),
                "applies_when": None if applies is None else {
                    k: v.as_dict() if isinstance(v, Text) else v
                    for k, v in dataclasses.asdict(applies).items() if v is not None}}
    words = i18n.labels(lang)
    return {"id": clause.id, "obligation": words[f"obligation_{clause.obligation}"] if clause.obligation else "",
            "assessment": words[f"cat_assessment_{catalog.assessment_mode(clause)}"],
            "text": "—" if source is None else words["cat_text_verified" if source.verified else "cat_text_unverified"],
            "applies": words["cat_applies_all" if applies is None else "cat_applies_some"],
            "controls": ",".join(clause.controls), "title": clause.title.get(lang)}


@click.command("controls", short_help="List the controls and their checks.")
@click.option("--framework", "framework_id", metavar="ID", help="Only the controls this framework maps.")
@json_option
@lang_option
def controls_cmd(framework_id: str | None, as_json: bool, lang: str | None) -> None:
    """List the controls (technology-neutral objectives) and how many checks serve each."""
    lang = resolve_lang(lang)
    catalog = load_catalog()
    controls = catalog.controls
    if framework_id:
        check_framework_ids(catalog, [framework_id])
        wanted = set(catalog.framework[framework_id].control_ids)
        controls = tuple(c for c in controls if c.id in wanted)
    rows = []
    for c in controls:
        checks = catalog.checks_of_control(c.id)
        if as_json:
            rows.append({"id": c.id, "domain": c.domain, "weight": c.weight, "manual": c.manual,
                         "title": c.title.as_dict(), "rationale": c.rationale.as_dict(),
                         "checks": [k.id for k in checks]})
        else:
            words = i18n.labels(lang)
            rows.append({"id": c.id, "domain": words.get(f"domain_{c.domain}", c.domain), "weight": f"{c.weight:g}",
                         "checks": words["cat_manual"] if c.manual else len(checks), "title": c.title.get(lang)})
    _emit(rows, ["id", "domain", "weight", "checks", "title"], as_json, lang)


@click.command("checks", short_help="List the checks.")
@click.option("--source", type=click.Choice(engine_inputs()),
              help="Only checks for this kind of input.")
@click.option("--control", "control_id", metavar="ID", help="Only checks serving this control.")
@json_option
@lang_option
def checks_cmd(source: str | None, control_id: str | None, as_json: bool, lang: str | None) -> None:
    """List the checks with their severity, controls and the inputs they apply to."""
    lang = resolve_lang(lang)
    catalog = load_catalog()
    checks = [c for c in catalog.checks
              if (source is None or source in c.sources) and (control_id is None or control_id in c.controls)]
    if as_json:
        rows: list[dict[str, Any]] = [
            {"id": c.id, "engine": c.engine, "sources": list(c.sources), "severity": c.severity.value,
             "controls": list(c.controls), "resource_types": list(c.resource_types), "title": c.title.as_dict(),
             "remediation": {**c.remediation.text.as_dict(),
                             **({"terraform": c.remediation.terraform} if c.remediation.terraform else {})}}
            for c in checks]
    else:
        rows = [{"id": c.id, "severity": i18n.severity(c.severity.value, lang), "sources": ",".join(c.sources),
                 "controls": ",".join(c.controls), "title": c.title.get(lang)} for c in checks]
    _emit(rows, ["id", "severity", "sources", "controls", "title"], as_json, lang)
