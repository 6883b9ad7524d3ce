"""``baomi precommit [SCAN OPTIONS] FILE…``: the entry point of the pre-commit hook (``.pre-commit-hooks.yaml``).

pre-commit hands over the changed files. A Terraform file is judged with its whole module, its directory (a
resource in one file is configured by variables and blocks in the others); a CloudFormation template or a database
configuration file on its own. One ``baomi scan`` runs over those roots, with every option of ``baomi scan`` (the
hook's ``args``); a file that is none of these (a Kubernetes manifest, a plan, a workflow) is named and left out,
since scanning it alone would fail the gate with nothing evaluated.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from baomi.cli.common import fail

#: the files of a Terraform module, read with the others of their directory
TERRAFORM_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
#: how many left-out files the note names before counting the rest
MAX_NAMED = 5


def roots_of(files: Sequence[Path], claims: Callable[[Path], bool],
             is_template: Callable[[Path], bool]) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """(the paths to scan, the files left out): Terraform files give their directory, files a source claims
    are kept (candidate CloudFormation files only when ``is_template``); a path under a directory kept is
    dropped, the directory's scan reads it."""
    from baomi.sources.iac import CFN_SUFFIXES

    chosen: set[Path] = set()
    left_out: list[Path] = []
    for file in (Path(os.path.normpath(f)) for f in files):
        if not file.is_file():
            fail(f"{file}: not a file (不是文件)")
        if file.name.endswith(TERRAFORM_SUFFIXES):
            chosen.add(file.parent)
        elif claims(file) and (file.suffix not in CFN_SUFFIXES or is_template(file)):
            chosen.add(file)
        else:
            left_out.append(file)
    directories = {p for p in chosen if p.is_dir()}
    roots = sorted(p for p in chosen if not any(d in p.parents for d in directories))
    return tuple(roots), tuple(left_out)


def _is_template(path: Path) -> bool:
    """A CloudFormation template, or a file that may be one but does not parse (the scan names its error)."""
    from baomi.sources.iac.cloudformation_templates import screen

    screening = screen([path])
    return bool(screening.files or screening.expanded or screening.errors)


def _claims(path: Path) -> bool:
    from baomi.sources.registry import plugins

    return any(p.claims(path) for p in plugins() if p.claims is not None)


@click.command("precommit", context_settings={"ignore_unknown_options": True},
               short_help="Scan the roots of changed files (the pre-commit hook).")
@click.argument("args", nargs=-1, type=click.UNPROCESSED, metavar="[SCAN OPTIONS] FILE…")
@click.pass_context
def precommit_cmd(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Scan the roots of FILEs: each Terraform file's directory, each CloudFormation template or database
    configuration file itself, in one `baomi scan` that takes every option of `baomi scan`. Other files are
    left out (named on stderr); nothing left to scan exits 0.

    扫描变更文件所在的根：Terraform 文件的目录、CloudFormation 模板或数据库配置文件本身；选项同 baomi scan。
    """
    group = ctx.parent
    scan = None if group is None or not isinstance(group.command, click.Group) else group.command.get_command(
        group, "scan")
    if group is None or scan is None:
        fail("baomi precommit runs inside the baomi command (baomi precommit 须经 baomi 命令运行)")
    with scan.make_context("precommit", list(args), parent=group) as scan_ctx:
        roots, left_out = roots_of(scan_ctx.params["paths"], _claims, _is_template)
        if left_out:
            named = ", ".join(str(p) for p in left_out[:MAX_NAMED])
            more = f" (+{len(left_out) - MAX_NAMED})" if len(left_out) > MAX_NAMED else ""
            click.echo(f"baomi precommit: not scanned, not Terraform, CloudFormation or a database configuration "
                       f"(未扫描：非 Terraform、CloudFormation 或数据库配置): {named}{more}", err=True)
        if not roots:
            click.echo("baomi precommit: nothing to scan among the changed files (变更的文件中没有可扫描的文件)",
                       err=True)
            return
        scan_ctx.params["paths"] = roots
        scan.invoke(scan_ctx)
