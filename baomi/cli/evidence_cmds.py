"""``baomi evidence RUN -o bundle.zip`` and ``baomi evidence verify bundle.zip``: a recorded run's evidence bundle
for examiners, and its check against its manifest (docs/evidence.md).

The logic is in ``baomi/history/bundle.py`` (and ``evidence.py``, which reads the run's files); these commands
parse and print. Exit codes of ``verify``: 0 every file matches, 1 a file changed, missing or not listed, 2 not a
bundle (or not readable).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from baomi import i18n
from baomi.cli.common import fail, lang_option, resolve_lang


class _DefaultBuild(click.Group):
    """``baomi evidence RUN …`` builds (the issue's spelling); ``baomi evidence verify ZIP`` verifies."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                            list[str]]:
        if args and args[0] not in self.commands:
            return "build", self.commands["build"], args
        return super().resolve_command(ctx, args)


@click.group("evidence", cls=_DefaultBuild, context_settings={"ignore_unknown_options": True},
             short_help="Evidence bundle of a recorded run for examiners; verify one.")
def evidence_group() -> None:
    """Evidence bundle of a recorded run for examiners (docs/evidence.md):

    \b
      baomi evidence RUN -o bundle.zip     the bundle of run RUN (see baomi history list)
      baomi evidence verify bundle.zip     check it against its MANIFEST.sha256
    """


@evidence_group.command("build", short_help="Write the evidence bundle of run RUN (the default).")
@click.argument("run_id", type=click.IntRange(min=1), metavar="RUN")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="The zip file to write (replaced if it exists).")
@click.option("--history", "history_url", metavar="URL",
              help="History database: a SQLite file (default .baomi/history.db), sqlite:///PATH or "
                   "postgresql://USER@HOST/DB (password from PGPASSWORD or ~/.pgpass).")
@lang_option
def build_cmd(run_id: int, output: Path, history_url: str | None, lang: str | None) -> None:
    """Write the evidence bundle of recorded run RUN: run.json, results.json, the inputs' hashes, the facts as
    collected (secrets redacted), the attestations and their evidence files, and MANIFEST.sha256."""
    from baomi.history import bundle, evidence
    from baomi.history.location import HistoryError, locate

    lang = resolve_lang(lang)
    labels = i18n.section("ev_", lang)
    if output.is_dir():
        fail(labels["exists"].format(path=output))
    try:
        location = locate(history_url)
        if location.warning:
            click.echo(location.warning, err=True)
        recorded = evidence.recorded(location, run_id)
    except HistoryError as exc:
        fail(str(exc))
    try:
        built = bundle.build(recorded, output)
    except OSError as exc:
        fail(f"{output}: cannot be written: {exc.strerror or exc}")
    if built.missing == bundle.NOT_RECORDED:
        click.echo(labels["not_recorded"].format(id=run_id), err=True)
    elif built.missing:
        click.echo(labels["no_evidence"].format(id=run_id), err=True)
    click.echo(labels["built"].format(id=run_id, path=output, n=len(built.files)))
    click.echo(labels["digest"].format(digest=built.manifest_sha256))


@evidence_group.command("verify", short_help="Check a bundle against its MANIFEST.sha256.")
@click.argument("path", type=click.Path(path_type=Path), metavar="ZIP")
@lang_option
def verify_cmd(path: Path, lang: str | None) -> None:
    """Check every file of evidence bundle ZIP against its MANIFEST.sha256: exit 0 when all match, 1 naming each
    file changed, missing or not listed, 2 when ZIP is not a bundle."""
    from baomi.history.bundle import BundleError, verify

    labels = i18n.section("ev_", resolve_lang(lang))
    try:
        result = verify(path)
    except BundleError as exc:
        fail(str(exc))
    if result.note:
        click.echo(labels["note"].format(note=result.note))
    click.echo(labels["manifest"].format(digest=result.manifest_sha256))
    if result.ok:
        click.echo(labels["verified"].format(n=result.listed))
        return
    problems: list[tuple[str, Any]] = [("changed", result.changed), ("missing", result.missing),
                                       ("unlisted", result.unlisted), ("duplicated", result.duplicated)]
    count = 0
    for kind, names in problems:
        for name in names:
            click.echo(labels[kind].format(name=name))
            count += 1
    click.echo(labels["failed"].format(n=count), err=True)
    raise SystemExit(1)
