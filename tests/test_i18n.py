"""The one translation table (baomi/i18n.py): complete in both languages, the same values in both, the only
place baomi's fixed words live, and what the reports and the terminal both read."""
from __future__ import annotations

import ast
import json
from importlib import resources
from pathlib import Path

import pytest

from baomi import i18n
from baomi.model import Severity, Status
from baomi.reports import FORMATS, rendering

BAOMI = Path(__file__).resolve().parents[1] / "baomi"


def _raw() -> dict[str, dict[str, str]]:
    return dict(json.loads(resources.files("baomi").joinpath(*i18n.TABLE).read_text("utf-8")))


def test_every_key_has_a_chinese_and_an_english_text() -> None:
    raw = _raw()
    assert len(raw) > 200
    for key, texts in raw.items():
        assert set(texts) == {"zh", "en"}, key
        assert texts["zh"].strip() and texts["en"].strip(), key
        assert i18n.placeholders(texts["zh"]) == i18n.placeholders(texts["en"]), key
    assert i18n.table() == raw


@pytest.mark.parametrize("raw,problem", [
    ([], "the translation table is not a JSON object"),
    ({"a": {"zh": "甲"}}, "a: expected exactly the languages zh, en"),
    ({"a": {"zh": "甲", "en": "a", "fr": "a"}}, "a: expected exactly the languages zh, en"),
    ({"a": {"zh": " ", "en": "a"}}, "a: the zh text is empty"),
    ({"a": {"zh": "甲", "en": 1}}, "a: the en text is empty"),
    ({"a": {"zh": "{n} 项", "en": "{count} items"}}, "a: the placeholders differ between zh ['n'] and en ['count']"),
    ({"a": {"zh": "共 {n} 项", "en": "items"}}, "a: the placeholders differ between zh ['n'] and en []"),
])
def test_a_malformed_table_is_refused_naming_the_key(raw: object, problem: str) -> None:
    with pytest.raises(i18n.TranslationError) as caught:
        i18n.validate(raw)
    assert str(caught.value) == problem


def test_a_key_given_twice_is_refused() -> None:
    with pytest.raises(i18n.TranslationError, match="^a: given twice$"):
        json.loads('{"a": {"zh": "甲", "en": "a"}, "a": {"zh": "乙", "en": "b"}}', object_pairs_hook=i18n._unique)


def test_statuses_severities_and_formats_have_their_words() -> None:
    for lang in i18n.LANGS:
        labels = i18n.labels(lang)
        assert {f"status_{s.value}" for s in Status} <= set(labels)
        assert {f"severity_{s.value}" for s in Severity} <= set(labels)
        # a new report format names itself in the table, or a Chinese scan says "wrote <id>" in English
        assert {f"format_{name}" for name in FORMATS} <= set(labels)
    assert i18n.status("not_applicable", "zh") == "不适用" and i18n.status("not_applicable", "en") == "not applicable"
    assert i18n.severity("high", "zh") == "高" and i18n.severity(None, "zh") == "—"


def test_sections_and_texts() -> None:
    assert i18n.section("hist_", "zh")["run"] == "运行" and i18n.section("hist_", "en")["run"] == "run"
    assert i18n.text("term_failures", "zh", n=3) == "不合格（3 项）："
    assert i18n.text("term_failures", "en", n=3) == "Failed (3):"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.labels("fr")


def test_the_reports_read_the_same_table() -> None:
    for lang in i18n.LANGS:
        assert rendering.labels(lang) == i18n.labels(lang)


def _tables(path: Path) -> list[str]:
    """Where a module keeps words of its own: a dict literal keyed by the two languages (``{"zh": …, "en": …}``,
    or a table of them), or a name ending in LABELS."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict) and {k.value for k in node.keys if isinstance(k, ast.Constant)} == {"zh", "en"}:
            found.append(f"line {node.lineno}: a {{zh, en}} dict")
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [f"line {node.lineno}: {t.id}" for t in targets
                      if isinstance(t, ast.Name) and t.id.endswith("LABELS")]
    return found


def test_no_labels_dict_is_left_in_baomi() -> None:
    left = {str(path.relative_to(BAOMI)): [f for f in _tables(path) if f.endswith("LABELS")]
            for path in sorted(BAOMI.rglob("*.py"))}
    assert {path: found for path, found in left.items() if found} == {}


def test_the_commands_and_the_gate_keep_no_words_of_their_own() -> None:
    left = {str(path.relative_to(BAOMI)): _tables(path) for path in [*sorted((BAOMI / "cli").glob("*.py")),
                                                                      BAOMI / "gate.py"]}
    assert {path: found for path, found in left.items() if found} == {}
