"""Helpers shared by the subcommands: language choice, catalog loading, one-line fatal errors."""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from baomi.catalog import Catalog, CatalogError

LANGS = ("zh", "en")

lang_option = click.option(
    "--lang", type=click.Choice(LANGS), default=None,
    help="Report language (default: from the locale, Chinese when it is zh_*).")


def resolve_lang(lang: str | None) -> str:
    if lang:
        return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def fail(message: str) -> NoReturn:
    """A configuration or input error: one line on stderr, exit code 2."""
    click.echo(f"baomi: error: {message}", err=True)
    sys.exit(2)


def load_catalog(framework_files: Sequence[Path] = ()) -> Catalog:
    from baomi.catalog import load_catalog as _load
    from baomi.catalog import load_framework_file

    try:
        catalog = _load()
        return catalog.with_frameworks(load_framework_file(p, catalog.control) for p in framework_files)
    except CatalogError as exc:
        fail(str(exc))


def check_framework_ids(catalog: Catalog, ids: Sequence[str]) -> None:
    unknown = [i for i in ids if i not in catalog.framework]
    if unknown:
        fail(f"unknown framework(s): {', '.join(unknown)} (see `baomi frameworks`)")
