"""Parsers of user text, fuzzed: arbitrary text gives a valid result or one clear error, never a
traceback, never a hang, never a message longer than a line.

Text is drawn both at random and from YAML-ish tokens (anchors, aliases, tags, flow brackets, the keys
each file knows), which reach much deeper into the parsers than random characters do.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi import safeyaml, waivers
from baomi.catalog import CatalogError, load_catalog, load_framework_file
from baomi.cli.common import Percentage
from baomi.cli.output import parse_format_specs
from baomi.options import InputPath
from baomi.settings import Settings
from baomi.sources import iac
from baomi.sources.iac import cloudformation_templates
from baomi.userfiles import UserFileError, parse_yaml

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTROLS = load_catalog().control

_TOKENS = [
    "waivers:", "\n  - ", "check: ", "CKV_AWS_16", "resource: ", "'*'", "reason: ", "expires: ", "2027-03-31",
    "2027-13-45", "approved_by: ", "id: ", "title: ", "{zh: 制度, en: Policy}", "kind: ", "internal", "clauses:",
    "controls: [ENC-REST]", "summary: ", "min_password_length: ", "allowed_regions: ", "[cn-north-1]", "14",
    "-1", ".nan", ".inf", "~", "null", "&a ", "*a", "&b ", "*b", "<<: *a", "!Ref ", "!!python/object:os.system ",
    "!!binary ", "!!set ", "? ", "[", "]", "{", "}", ",", ": ", "\n", "\n    ", "- ", "---\n", "...\n", "|\n  ",
    ">\n  ", "'", '"', "#", "%YAML 1.1\n", "\t", "\x00", "\ufeff", "\u2028", "é", "保密",
]
yamlish = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=8)), max_size=40).map("".join)
texts = st.one_of(st.text(max_size=300), yamlish)


def _one_line(message: str) -> None:
    assert message and "\n" not in message and len(message) < 2000, message[:200]


def _file(text: str, suffix: str = ".yaml") -> Path:
    handle = tempfile.NamedTemporaryFile("w", suffix=suffix, encoding="utf-8", errors="surrogatepass",
                                         delete=False)
    with handle:
        handle.write(text)
    return Path(handle.name)


@FUZZ
@given(texts)
def test_yaml_of_a_user_file(text: str) -> None:
    try:
        parse_yaml(text, "f.yaml")
    except UserFileError as exc:
        _one_line(str(exc))
        assert str(exc).startswith("f.yaml")


@FUZZ
@given(texts)
def test_bounded_yaml_loader(text: str) -> None:
    try:
        safeyaml.load(text)
    except (yaml.YAMLError, safeyaml.YamlLimitError):
        pass


def _load_each(loader: Callable[[Path], Any], errors: tuple[type[Exception], ...], text: str) -> None:
    path = _file(text)
    try:
        loader(path)
    except errors as exc:
        _one_line(str(exc))
        assert str(path) in str(exc)
    finally:
        path.unlink()


@FUZZ
@given(texts)
def test_waivers_file(text: str) -> None:
    _load_each(waivers.load, (UserFileError,), text)


@FUZZ
@given(texts)
def test_settings_file(text: str) -> None:
    _load_each(Settings.from_file, (UserFileError,), text)


@FUZZ
@given(texts)
def test_framework_file(text: str) -> None:
    _load_each(lambda p: load_framework_file(p, CONTROLS), (CatalogError,), text)


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=40), st.sampled_from(["json", "html:", "sarif:a.sarif", "csv:x/y.csv",
                                                                  "json:r", "html:r", ":", "junit::"])), max_size=4))
def test_format_specs(specs: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp)
        try:
            parsed = parse_format_specs(specs)
        except SystemExit as exc:
            assert exc.code == 2
        else:
            assert [name for name, _ in parsed] == [s.partition(":")[0] for s in specs]


@FUZZ
@given(st.one_of(st.text(max_size=30), st.floats().map(str), st.integers().map(str)))
def test_threshold_values(text: str) -> None:
    try:
        value = Percentage().convert(text, None, None)
    except click.BadParameter as exc:
        _one_line(exc.format_message())
    else:
        assert 0 <= value <= 100


@FUZZ
@given(st.text(max_size=30))
def test_path_values(text: str) -> None:
    try:
        value = InputPath(path_type=Path).convert(text, None, None)
    except click.BadParameter:
        assert text == "" or "\x00" in text
    else:
        assert isinstance(value, Path)


_TEMPLATE_TOKENS = ["AWSTemplateFormatVersion: '2010-09-09'\n", "Resources:\n", "  B:\n", "    Type: ",
                    "AWS::S3::Bucket\n", "    Properties:\n", "      BucketName: !Ref X\n", "Fn::ForEach::L:\n",
                    "  - Id\n", "  - [a, b]\n", "Metadata: &m\n", "  k: *m\n", "- ", '{"Resources": ', "[", "]",
                    "{", "}", "!Template\n", "Rain::Module\n", "Transform: AWS::LanguageExtensions\n"]


@FUZZ
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.one_of(st.sampled_from(_TEMPLATE_TOKENS), st.text(max_size=6)), max_size=30).map("".join)))
def test_template_screening_and_plan_recognition(text: str) -> None:
    path = _file(text, ".yaml")
    try:
        screening = cloudformation_templates.screen([path])
        for error in screening.errors:
            _one_line(error.message)
        assert isinstance(iac._is_plan(path), bool)
        json_path = path.rename(path.with_suffix(".json"))
        assert isinstance(iac._is_plan(json_path), bool)
        path = json_path
    finally:
        path.unlink()


def test_the_fuzzed_plan_recogniser_still_knows_a_plan() -> None:
    plan = Path(__file__).parents[1] / "fixtures" / "iac_source" / "plan" / "tfplan.json"
    assert iac._is_plan(plan)
    assert not iac._is_plan(_file(json.dumps({"format_version": "1.2"}), ".json"))
