"""``baomi history list|show``, ``baomi diff`` and ``baomi trend``, and the ``--record`` / ``--history`` options
of ``baomi scan``.

The logic is in ``baomi/history/`` (docs/history.md); these commands parse and print. SQLAlchemy is imported
only when a history database is opened.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from baomi import i18n
from baomi.cli.common import columns, fail, lang_option, pad, resolve_lang
from baomi.cli.output import located
from baomi.options import InputPath

if TYPE_CHECKING:
    from baomi.history.location import Location
    from baomi.model import EvidenceFile
    from baomi.settings import Settings
    from baomi.waivers import Waiver



def history_options(command: Callable[..., Any] | None = None, *,
                    settings: bool = False) -> Callable[..., Any]:
    """``--history URL`` and ``--config FILE`` (whose ``history:`` names the database) for the commands that read
    the history; the command receives ``where``, the Location to read (``--history`` wins), and with
    ``settings=True`` also ``settings``, the file's Settings (the defaults without ``--config``)."""
    import functools

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def read(*args: Any, history_url: str | None, config_file: Path | None, **kwargs: Any) -> Any:
            found = _settings_file(config_file)
            if settings:
                from baomi.settings import Settings

                kwargs["settings"] = found or Settings()
            return command(*args, where=_reading_location(history_url, found), **kwargs)

        read = click.option("--config", "config_file", type=InputPath(path_type=Path), metavar="FILE",
                            help="Settings file whose history: names the database (as given to baomi scan "
                                 "--config).")(read)
        return click.option(
            "--history", "history_url", metavar="URL",
            help="History database: a SQLite file (default .baomi/history.db), sqlite:///PATH or "
                 "postgresql://USER@HOST/DB (password from PGPASSWORD or ~/.pgpass); wins over --config.")(read)

    return decorate if command is None else decorate(command)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def _location(history_url: str | None, origin: str | None = None) -> Location:
    """The history database named (None: the default file); ``origin`` names where a URL not given as
    ``--history`` came from, in its error (which never holds a password)."""
    from baomi.history.location import HistoryError, locate

    try:
        location = locate(history_url)
    except HistoryError as exc:
        fail(str(exc) if origin is None else f"{origin}: {exc}")
    if location.warning:
        click.echo(location.warning, err=True)
    return location


def _settings_file(config_file: Path | None) -> Settings | None:
    """The settings ``--config`` names (a bad file is the command's one-line error), or None."""
    if config_file is None:
        return None
    from baomi.settings import Settings
    from baomi.userfiles import UserFileError

    try:
        return Settings.from_file(config_file)
    except UserFileError as exc:
        fail(str(exc))


def _reading_location(history_url: str | None, settings: Settings | None) -> Location:
    """The database a reading command reads: ``--history URL``, else the settings file's ``history:``, else the
    default file."""
    if history_url is None and settings is not None and settings.history:
        return _location(settings.history, "settings file: history")
    return _location(history_url)


def call_history(function: Callable[..., Any], *args: Any) -> Any:
    """A history operation; its HistoryError is the command's one-line error (exit 2)."""
    from baomi.history.location import HistoryError

    try:
        return function(*args)
    except HistoryError as exc:
        fail(str(exc))


def _score(value: float | None, lang: str) -> str:
    return i18n.section("hist_", lang)["na"] if value is None else f"{value:.1f}"


def _delta(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"


def _compliance(state: str | None, lang: str) -> str:
    return "—" if state is None else i18n.labels(lang).get(f"compliance_{state}", state)


# ------------------------------------------------------------------------------------------------- scan


def record_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--record`` and ``--history URL`` for ``baomi scan``."""
    command = click.option("--history", "history_url", metavar="URL",
                           help="Record the run in this history database (SQLite file or postgresql://…; "
                                "password from PGPASSWORD or ~/.pgpass), after the reports are written.")(command)
    return click.option("--record", is_flag=True,
                        help="Record the run in the history database .baomi/history.db, or the one the settings "
                             "file names (history:; docs/history.md).")(command)


def record_target(record: bool, history_url: str | None, settings: Settings | None = None) -> Location | None:
    """Where ``baomi scan`` records, checked before the scan (a bad URL is a usage error); None: not at all.
    ``--history URL`` wins; else the settings file's ``history:`` (with or without ``--record``); else
    ``--record``'s default file."""
    if history_url is not None:
        return _location(history_url)
    if settings is not None and settings.history:
        return _location(settings.history, "settings file: history")
    return _location(None) if record else None


def record_scan(document: Mapping[str, Any], location: Location, settings: Settings | None, waivers: Sequence[Waiver],
                lang: str, evidence: Sequence[EvidenceFile] = ()) -> None:
    """Record the scan (its reports are already written) with the evidence it read (``baomi evidence``); an
    unreachable database is exit 2, one line."""
    from baomi.history.context import RunContext
    from baomi.history.store import record

    run_id = call_history(record, document, location, RunContext.current(settings, waivers), evidence)
    click.echo(i18n.section("hist_", lang)["recorded"].format(id=run_id, where=location.shown), err=True)


# ---------------------------------------------------------------------------------------------- history


@click.group("history", short_help="Recorded scans: list them, show one.")
def history_group() -> None:
    """Scans recorded by baomi scan --record (or --history URL); see docs/history.md."""


@history_group.command("list", short_help="List the recorded runs.")
@history_options
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the newest N runs.")
@json_option
@lang_option
def list_cmd(where: Location, limit: int | None, as_json: bool, lang: str | None) -> None:
    """List the recorded runs, oldest first: ID, when, score, grade, targets."""
    from baomi.history import store

    lang = resolve_lang(lang)
    location = where
    found = call_history(store.runs, location, limit)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    labels = i18n.section("hist_", lang)
    if not found:
        click.echo(labels["none"].format(where=location.shown))
        return
    width = max(columns(labels["run"]), *(len(str(r["id"])) for r in found))
    click.echo(f"{pad(labels['run'], width, right=True)}  {pad(labels['scanned'], 20)}  "
               f"{pad(labels['score'], 6, right=True)}  {pad(labels['grade'], 5)}  {labels['targets']}")
    for r in found:
        targets = ", ".join(f"{t['source']} {t['target']}" for t in r["targets"])
        click.echo(f"{r['id']:>{width}}  {r['scanned_at']:<20}  {_score(r['score'], lang):>6}  {r['grade']:<5}  "
                   f"{targets}")


@history_group.command("show", short_help="Show one recorded run.")
@click.argument("run_id", type=click.IntRange(min=1), metavar="RUN")
@history_options
@json_option
@lang_option
def show_cmd(run_id: int, where: Location, as_json: bool, lang: str | None) -> None:
    """Show recorded run RUN: who ran it and where, its scores per framework and clause, its counts."""
    from baomi.history import store
    from baomi.reports.rendering import gate_reasons

    lang = resolve_lang(lang)
    found = call_history(store.run, where, run_id)
    if as_json:
        shown = {k: v for k, v in found.items() if k != "findings"}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    labels, run = i18n.section("hist_", lang), found["run"]
    click.echo(labels["run_title"].format(id=run["id"], scanned=found["scanned_at"], recorded=run["recorded_at"]))
    who = "@".join(part for part in (run["user"], run["host"]) if part)
    extra = [labels["by"].format(who=who)] if who else []
    extra += [labels["ci"].format(job=run["ci_job"])] if run["ci_job"] else []
    if extra:
        click.echo("  " + ", ".join(extra))
    click.echo("  " + labels["versions"].format(tool=found["tool"]["version"], catalog=run["catalog_version"] or "—",
                                                settings=(run["settings_digest"] or "—")[:12]))
    click.echo(f"{labels['targets_line']}: " + ", ".join(f"{t['source']} {t['target']}" for t in found["targets"]))
    evidence, coverage = found["evidence"], found["coverage"]
    click.echo(labels["score_line"].format(
        score=_score(found["score"], lang), grade=found["grade"],
        ev=f"{evidence['clauses_evidenced']}/{evidence['clauses_applicable']}",
        cov=f"{coverage['assessed']}/{coverage['mapped']}"))
    counts = ", ".join(f"{i18n.status(status, lang)} {n}" for status, n in found["counts"].items())
    click.echo(f"{labels['findings']}: {counts}")
    gate = found["gate"]
    click.echo(f"{labels['gate']}: " + (labels["no_gate"] if gate is None else
                                        labels["gate_pass"] if gate["passed"] else
                                        f"{labels['gate_fail']}: " + "; ".join(gate_reasons(found, lang))))
    if found["waivers"]:
        click.echo(labels["waivers"].format(n=len(found["waivers"])))
    if found["attestations"]:
        click.echo(labels["attestations"].format(n=len(found["attestations"])))
    for fw in found["frameworks"]:
        states = ", ".join(f"{_compliance(state, lang)} {n}" for state, n in fw["compliance"].items() if n)
        click.echo(f"\n{fw['id']}  {_score(fw['score'], lang)} ({fw['grade']})  {states}")
        width = max((columns(cl["id"]) for cl in fw["clauses"]), default=4)
        for cl in fw["clauses"]:
            click.echo(f"  {pad(cl['id'], width)}  {pad(_score(cl['score'], lang), 6, right=True)}  "
                       f"{_compliance(cl['compliance'], lang)}")


# ------------------------------------------------------------------------------------------------- diff


def _side(arg: str, where: Callable[[], Location], lang: str) -> tuple[str, dict[str, Any]]:
    """A results file (a path that exists) or a recorded run (digits): its label and document."""
    path = Path(arg)
    if path.is_file():
        from baomi.reports import rendering

        try:
            return arg, rendering.load(path)
        except ValueError as exc:
            fail(str(exc))
    if arg.isdigit() and int(arg) > 0:
        from baomi.history import store

        return f"run {arg}", call_history(store.run, where(), int(arg))
    fail(i18n.section("hist_", lang)["neither"].format(arg=arg))


@click.command("diff", short_help="What changed between two scans (runs or results files).")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--history", "history_url", metavar="URL",
              help="History database of the runs (as for baomi history list); wins over --config.")
@click.option("--config", "config_file", type=InputPath(path_type=Path), metavar="FILE",
              help="Settings file whose history: names the database of the runs.")
@json_option
@lang_option
def diff_cmd(a: str, b: str, history_url: str | None, config_file: Path | None, as_json: bool,
             lang: str | None) -> None:
    """Compare scan A with scan B, each a recorded run ID or a results JSON file: findings new, fixed, waived
    and unchanged (matched by fingerprint, not by line), clauses whose compliance changed, score deltas."""
    from baomi.history.diff import diff

    lang = resolve_lang(lang)

    def where() -> Location:  # opened only for a run ID: two results files need no history
        return _reading_location(history_url, _settings_file(config_file))

    (label_a, doc_a), (label_b, doc_b) = _side(a, where, lang), _side(b, where, lang)
    result = diff(doc_a, doc_b, (label_a, label_b))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    labels = i18n.section("hist_", lang)
    for name in ("a", "b"):
        side = result[name]
        click.echo(labels["side"].format(name=name.upper(), label=side["label"], scanned=side["scanned_at"],
                                         score=_score(side["score"], lang), grade=side["grade"]))
    score = result["score"]
    click.echo(labels["score_change"].format(a=_score(score["a"], lang), b=_score(score["b"], lang),
                                             delta=_delta(score["delta"])))
    click.echo(labels["counts"].format(**result["counts"]))
    changed = [fw for fw in result["frameworks"]
               if fw["score_a"] != fw["score_b"] or fw["grade_a"] != fw["grade_b"]]
    if changed:
        click.echo(labels["frameworks"])
        width = max(len(fw["id"]) for fw in changed)
        for fw in changed:
            click.echo(f"  {fw['id']:<{width}}  {_score(fw['score_a'], lang):>6} ({fw['grade_a'] or '—'}) -> "
                       f"{_score(fw['score_b'], lang):>6} ({fw['grade_b'] or '—'})  {_delta(fw['delta'])}")
    if result["clauses"]:
        click.echo(labels["changed_clauses"])
        for cl in result["clauses"]:
            click.echo(f"  {cl['framework']} {cl['clause']}: {_compliance(cl['compliance_a'], lang)} -> "
                       f"{_compliance(cl['compliance_b'], lang)}")
    for category in ("new", "fixed", "waived"):
        entries = result["findings"][category]
        if entries:
            click.echo(labels[category])
            for entry in entries:
                click.echo("  " + _finding_line(entry, lang))


def _finding_line(entry: Mapping[str, Any], lang: str) -> str:
    before = "—" if entry["status_a"] is None else i18n.status(entry["status_a"], lang)
    after = i18n.section("hist_", lang)["gone"] if entry["status_b"] is None else i18n.status(entry["status_b"], lang)
    return (f"[{i18n.severity(entry['severity'], lang)}] {entry['check_id']} {located(entry)}: "
            f"{before} -> {after}")


# ------------------------------------------------------------------------------------------------ trend


@click.command("trend", short_help="Scores per quarter, per framework and clause, from the history.")
@click.option("--framework", "framework_id", metavar="ID",
              help="This framework only, with each clause's compliance per quarter.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Only runs scanned on or after DATE (YYYY-MM-DD, UTC).")
@history_options
@json_option
@lang_option
def trend_cmd(framework_id: str | None, since: Any, where: Location, as_json: bool, lang: str | None) -> None:
    """Scores per quarter from the recorded runs: the last run scanned in each quarter (UTC), its score and
    grade, and each framework's score, grade, clauses evidenced and compliance counts; with --framework, each
    clause's compliance per quarter."""
    from baomi.history.trend import trend

    lang = resolve_lang(lang)
    labels = i18n.section("hist_", lang)
    location = where
    result = call_history(trend, location, framework_id, None if since is None else since.date())
    quarters = result["quarters"]
    if framework_id is not None and quarters and not any(q["frameworks"] for q in quarters):
        since_part = "" if result["since"] is None else labels["since_part"].format(since=result["since"])
        fail(labels["no_framework"].format(framework=framework_id, since=since_part))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if not quarters:
        click.echo(labels["none"].format(where=location.shown) if result["since"] is None else
                   labels["none_since"].format(where=location.shown, since=result["since"]))
        return
    click.echo(labels["trend_title"].format(where=location.shown))
    width = max(columns(labels["run"]), *(len(str(q["run"])) for q in quarters))
    ev_width = columns(labels["evidenced"])
    click.echo(f"  {pad(labels['quarter'], 7)}  {pad(labels['run'], width, right=True)}  "
               f"{pad(labels['scanned'], 20)}  {pad(labels['score'], 6, right=True)}  {pad(labels['grade'], 5)}  "
               f"{pad(labels['evidenced'], ev_width)}  {labels['runs']}")
    for q in quarters:
        evidence = q["evidence"]
        click.echo(f"  {q['quarter']:<7}  {q['run']:>{width}}  {q['scanned_at']:<20}  "
                   f"{_score(q['score'], lang):>6}  {pad(q['grade'] or '—', 5)}  "
                   f"{pad(_evidenced(evidence), ev_width)}  {q['runs']}")
    for framework in _trend_frameworks(quarters):
        click.echo("\n" + labels["trend_framework"].format(id=framework))
        for q in quarters:
            fw = next((f for f in q["frameworks"] if f["id"] == framework), None)
            if fw is None:
                click.echo(f"  {q['quarter']:<7}  —")
                continue
            states = ", ".join(f"{_compliance(state, lang)} {n}" for state, n in fw["compliance"].items() if n)
            click.echo(f"  {q['quarter']:<7}  {_score(fw['score'], lang):>6} ({fw['grade'] or '—'})  "
                       f"{labels['evidenced']} {_evidenced(fw['evidence'])}  {states}")
    if framework_id is not None and result["clauses"]:
        _print_clauses(result["clauses"], [q["quarter"] for q in quarters], labels, lang)


def _evidenced(evidence: Mapping[str, Any]) -> str:
    if evidence.get("clauses_applicable") is None:
        return "—"
    return f"{evidence['clauses_evidenced']}/{evidence['clauses_applicable']}"


def _trend_frameworks(quarters: Sequence[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    for q in quarters:
        out += [fw["id"] for fw in q["frameworks"] if fw["id"] not in out]
    return out


def _print_clauses(clauses: Sequence[Mapping[str, Any]], names: Sequence[str], labels: Mapping[str, str],
                   lang: str) -> None:
    click.echo("\n" + labels["trend_clauses"])
    texts = [[_compliance(cl["compliance"][name], lang) for name in names] for cl in clauses]
    width = max(columns(labels["clause"]), *(columns(cl["id"]) for cl in clauses))
    widths = [max(7, *(columns(row[i]) for row in texts)) for i in range(len(names))]
    def line(first: str, cells: Sequence[str]) -> str:
        return (first + "".join(f"  {pad(text, w)}" for text, w in zip(cells, widths, strict=True))).rstrip()

    click.echo(line("    " + pad(labels["clause"], width), names))
    for cl, row in zip(clauses, texts, strict=True):
        click.echo(line(("  * " if cl["changed"] else "    ") + pad(cl["id"], width), row))
