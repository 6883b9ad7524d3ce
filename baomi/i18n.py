"""The one translation table: every fixed word baomi shows a person, in Chinese and English.

The reports (``reports/rendering.py``) and the terminal (``baomi/cli/``) read the same table, so a status,
a severity or a gate reason reads the same in a CI log and in the HTML report. It is one JSON file of
``{key: {"zh": …, "en": …}}`` (``reports/templates/labels.json``, where the templates have always found it),
read and validated once: both languages present and non-empty for every key, the same ``{placeholders}`` in
both (a translation can never drop or invent a value), no key twice. It sits at the bottom of the layers (it
imports nothing of baomi) so that the gate can use it as well as the reports and the commands.
"""
from __future__ import annotations

import functools
import json
import string
from collections.abc import Mapping
from importlib import resources

LANGS = ("zh", "en")
#: the table, inside the package (read as a file of ``baomi``, so no higher package is imported for it)
TABLE = ("reports", "templates", "labels.json")


class TranslationError(ValueError):
    """The table is malformed: a bug in the package, named by key."""


@functools.lru_cache(maxsize=1)
def table() -> Mapping[str, Mapping[str, str]]:
    """Every key with its texts, validated (TranslationError names the first key that is wrong)."""
    raw = json.loads(resources.files("baomi").joinpath(*TABLE).read_text("utf-8"), object_pairs_hook=_unique)
    return validate(raw)


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose keys are unique: json keeps the last of two silently, and two engineers adding one
    key each would lose a translation."""
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise TranslationError(f"{key}: given twice")
        out[key] = value
    return out


def validate(raw: object) -> dict[str, dict[str, str]]:
    """``raw`` as a table, or TranslationError: an object of objects with exactly a non-empty zh and en each,
    whose ``{placeholders}`` are the same in both languages."""
    if not isinstance(raw, dict):
        raise TranslationError("the translation table is not a JSON object")
    out: dict[str, dict[str, str]] = {}
    for key, texts in raw.items():
        if not isinstance(texts, dict) or set(texts) != set(LANGS):
            raise TranslationError(f"{key}: expected exactly the languages {', '.join(LANGS)}")
        for lang in LANGS:
            if not isinstance(texts[lang], str) or not texts[lang].strip():
                raise TranslationError(f"{key}: the {lang} text is empty")
        fields = {lang: placeholders(texts[lang]) for lang in LANGS}
        if fields["zh"] != fields["en"]:
            raise TranslationError(f"{key}: the placeholders differ between zh {sorted(fields['zh'])} and "
                                   f"en {sorted(fields['en'])}")
        out[key] = {lang: texts[lang] for lang in LANGS}
    return out


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


@functools.lru_cache(maxsize=len(LANGS))
def labels(lang: str) -> Mapping[str, str]:
    """Every key's text in ``lang``."""
    check_lang(lang)
    return {key: texts[lang] for key, texts in table().items()}


@functools.cache
def section(prefix: str, lang: str) -> Mapping[str, str]:
    """The texts of the keys starting with ``prefix`` in ``lang``, keyed without it (one command's words:
    ``section("hist_", "zh")["run"]`` is ``hist_run``)."""
    return {key[len(prefix):]: value for key, value in labels(lang).items() if key.startswith(prefix)}


def text(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` with its placeholders filled (KeyError for an unknown key: a bug)."""
    return labels(lang)[key].format(**values) if values else labels(lang)[key]


def status(value: str, lang: str) -> str:
    """A finding's or a score's status (pass, fail, error, …) as a person reads it; an unknown one as it is."""
    return labels(lang).get(f"status_{value}", value)


def severity(value: str | None, lang: str) -> str:
    """A severity (critical … low; None for an input error) as a person reads it."""
    return labels(lang).get(f"severity_{value or 'none'}", value or "—")
