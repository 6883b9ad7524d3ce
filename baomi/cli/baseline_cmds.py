"""Baseline mode on the command line (docs/baseline.md): ``baomi scan --baseline FILE|history:RUN`` reads the
baseline and prints what is new and fixed; ``baomi baseline create`` writes a results file meant as one.

The comparison itself is ``baomi/baseline.py``; a recorded run is read through the history only when asked for.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from baomi import i18n
from baomi.cli.common import fail, resolve_lang
from baomi.cli.output import located

if TYPE_CHECKING:
    from baomi.baseline import Baseline
    from baomi.settings import Settings

#: the prefix that names a recorded run: ``--baseline history:12``
HISTORY_PREFIX = "history:"
#: findings listed per category in the terminal; the reports list every one
MAX_LINES = 20


def load_baseline(text: str, history_url: str | None, settings: Settings) -> Baseline:
    """The baseline ``text`` names: ``history:RUN``, else a results file (a path that exists), else digits as a
    run ID (as ``baomi diff`` reads its arguments). The run is read from ``--history``, else the settings'
    ``history:``, else ``.baomi/history.db``. Anything else is exit 2, one line."""
    from baomi.baseline import Baseline

    if text.startswith(HISTORY_PREFIX):
        run = text[len(HISTORY_PREFIX):]
        if not (run.isdigit() and int(run) > 0):
            fail(f"--baseline {text}: {HISTORY_PREFIX} takes a run ID, as baomi history list shows "
                 f"({HISTORY_PREFIX} 后应为运行编号)")
        return Baseline.of(_run(int(run), history_url, settings), f"run {int(run)}")
    path = Path(text)
    if path.is_file():
        from baomi.reports import rendering

        try:
            return Baseline.of(rendering.load(path), text)
        except ValueError as exc:
            fail(f"--baseline: {exc} (基线应为 baomi 的结果 JSON 文件)")
    if text.isdigit() and int(text) > 0:
        return Baseline.of(_run(int(text), history_url, settings), f"run {int(text)}")
    if path.exists():
        fail(f"--baseline {text}: not a file (不是文件)")
    fail(f"--baseline {text}: no such results file, and not a run ID ({HISTORY_PREFIX}RUN) "
         f"(既不是结果文件，也不是运行编号)")


def _run(run_id: int, history_url: str | None, settings: Settings) -> dict[str, Any]:
    from baomi.cli.history_cmds import call_history, record_target
    from baomi.history import store

    location = record_target(True, history_url, settings)
    assert location is not None  # asked to read: the default database at least
    return dict(call_history(store.run, location, run_id))


def print_baseline(document: Mapping[str, Any], lang: str, echo: Callable[[str], None] = click.echo) -> None:
    """The comparison with the baseline, after the summary: the counts, then the new findings and the fixed ones
    (at most MAX_LINES each; the reports have them all), each line through ``echo`` (the summary's console)."""
    base = document.get("baseline")
    if base is None:
        return
    words = i18n.section("baseline_", lang)
    counts = base["counts"]
    line = words["counts"].format(**counts)
    if counts["waived"]:
        line += words["and_waived"].format(waived=counts["waived"])
    echo(words["line"].format(label=base["label"], scanned=base["scanned_at"], counts=line))
    new = [f for f in document["findings"] if f.get("new")]
    _list(echo, words["new"] if new else words["none_new"], new, words, lang)
    if base["fixed"]:
        _list(echo, words["fixed"], base["fixed"], words, lang)


def _list(echo: Callable[[str], None], title: str, entries: Sequence[Mapping[str, Any]], words: Mapping[str, str],
          lang: str) -> None:
    echo(title)
    for entry in entries[:MAX_LINES]:
        echo(f"  [{i18n.severity(entry.get('severity'), lang)}] {entry['check_id']} {located(entry)}")
    if len(entries) > MAX_LINES:
        echo("  " + words["more"].format(n=len(entries) - MAX_LINES))


# --------------------------------------------------------------------------------------------- baseline create

#: the scan's parameters baseline create sets itself: a results JSON, no gate, no baseline, not recorded
_FORCED = ("formats", "fail_under", "fail_on", "allow_errors", "no_gate", "baseline", "record", "history_url")


def make_baseline_group(scan: click.Command) -> click.Group:
    """``baomi baseline create``: ``scan``'s options, less the gate, the formats and the recording, plus
    ``-o FILE`` and ``--from RESULTS``."""

    @click.group("baseline", short_help="Create the baseline a pull request is compared with.")
    def baseline_group() -> None:
        """The baseline of baomi scan --baseline (docs/baseline.md)."""

    def create(output: Path, from_file: Path | None, **params: Any) -> None:
        """Write a results JSON meant as a baseline: a scan of PATHS (and live targets) without gate, or, with
        --from, a results file checked and copied. Exit 0 whatever the findings."""
        lang = resolve_lang(params.get("lang"))
        ctx = click.get_current_context()
        if from_file is not None:
            _copy(from_file, output, [name for name in params if name != "lang" and
                                      ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE], lang)
            return
        forced: dict[str, Any] = {"formats": (f"json:{output}",), "no_gate": True, "allow_errors": False,
                                  "fail_under": None, "fail_on": None, "baseline": None, "record": False,
                                  "history_url": None}
        for name, value in forced.items():
            ctx.params[name] = value
            ctx.set_parameter_source(name, ParameterSource.COMMANDLINE)
        assert scan.callback is not None
        try:
            ctx.invoke(scan.callback, **{k: v for k, v in ctx.params.items() if k not in ("output", "from_file")})
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise
        _written(output, lang)

    params = [p for p in scan.params if p.name not in _FORCED]
    params += [
        click.Option(["-o", "--output"], type=click.Path(dir_okay=False, path_type=Path), required=True,
                     metavar="FILE", help="The baseline to write (a results JSON)."),
        click.Option(["--from", "from_file"], type=click.Path(dir_okay=False, path_type=Path), metavar="RESULTS",
                     help="Take this results file (baomi scan --format json:FILE) instead of scanning."),
    ]
    baseline_group.add_command(click.Command(
        "create", callback=create, params=params, help=create.__doc__,
        short_help="Write a results JSON to compare pull requests with."))
    return baseline_group


def _copy(source: Path, output: Path, given: Sequence[str], lang: str) -> None:
    """Check ``source`` is a results document and write it to ``output``; scan options with it are refused."""
    if given:
        fail(f"--from takes a results file as it is; it cannot be combined with scan options "
             f"(--from 不能与扫描选项同时使用): {', '.join(sorted(given))}")
    from baomi.reports import rendering

    try:
        document = rendering.load(source)
    except ValueError as exc:
        fail(str(exc))
    try:
        output.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    _written(output, lang)


def _written(output: Path, lang: str) -> None:
    from baomi.baseline import OPEN

    document = json.loads(output.read_text(encoding="utf-8"))
    still_open = sum(1 for f in document["findings"] if f["status"] in OPEN)
    click.echo(i18n.text("baseline_written", lang, path=output, open=still_open, scanned=document["scanned_at"]),
               err=True)
