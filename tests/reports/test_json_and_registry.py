"""The canonical JSON writer, and the registry: every format renders the sample in both languages."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from baomi.reports import FORMATS, get_format
from baomi.reports import rendering as results


def test_json_is_the_document_itself(sample: dict[str, Any], tmp_path: Path) -> None:
    text = get_format("json").render(sample, "zh")
    assert text.endswith("}\n") and "金融机构客户信息保密规范" in text  # not \u-escaped
    assert json.loads(text) == sample
    assert list(json.loads(text)) == list(sample)  # key order kept
    path = tmp_path / "results.json"
    path.write_text(text, encoding="utf-8")
    assert results.load(path) == sample


#: the formats that list findings (clauses-csv lists clauses: tests/reports/test_clause_verdicts.py)
FINDINGS_FORMATS = sorted(set(FORMATS) - {"clauses-csv"})


@pytest.mark.parametrize("name", FINDINGS_FORMATS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_format_renders_the_sample(name: str, lang: str, sample: dict[str, Any]) -> None:
    fmt = get_format(name)
    assert fmt.name == name and fmt.extension.replace(".", "").isalnum()
    text = fmt.render(sample, lang)
    assert isinstance(text, str) and "aws_db_instance" in text.replace("\\_", "_")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_formats_do_not_change_the_document(name: str, sample: dict[str, Any]) -> None:
    before = json.dumps(sample, sort_keys=True)
    get_format(name).render(sample, "en")
    assert json.dumps(sample, sort_keys=True) == before


def test_importing_the_formats_loads_no_template_engine_or_schema_validator() -> None:
    code = ("import sys; import baomi.reports.rendering, baomi.reports.html, baomi.reports.markdown, "
            "baomi.reports.sarif, baomi.reports.junit, baomi.reports.csv, baomi.reports.json; "
            "print(sorted(m for m in ('jinja2', 'jsonschema') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
