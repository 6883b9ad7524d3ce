"""The shipped compliance content (controls, frameworks) and the user framework-file format.

The loader's mechanics live in baomi/catalog/__init__.py; these tests hold the content to the rules in
docs/catalog.md: fixed technical control IDs, faithful and complete clause mappings, bilingual text,
and one-line errors naming the file for a bad user framework file.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from baomi.catalog import Catalog, CatalogError, load_catalog, load_framework_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_POLICY = ROOT / "examples" / "frameworks" / "internal-policy.yaml"

TECHNICAL_CONTROLS = {
    "ENC-REST", "ENC-TRANSIT", "ENC-KEYS", "IAM-MFA", "IAM-PASSWORD", "IAM-PRIVILEGE", "IAM-DB-AUTH",
    "LOG-AUDIT", "LOG-INTEGRITY", "LOG-RETENTION", "LOG-MONITOR", "NET-PUBLIC", "NET-SEGMENT", "BAK-BACKUP",
    "BAK-REDUNDANCY", "DATA-CLASSIFY", "DATA-RETENTION", "DATA-RESIDENCY", "VULN-MGMT",
}
SEED_DOCUMENTS = ("fin-privacy-commitment", "fin-confidentiality-spec", "bank-pi-protection", "microloan-cip",
                  "advisory-privacy-risk")
LAWS = ("pipl", "csl")

_CN_NUMERAL = "[一二三四五六七八九十]+"
#: The clause-ID style of each framework, as documented in docs/catalog.md.
CLAUSE_ID_STYLE = {
    "fin-privacy-commitment": rf"^{_CN_NUMERAL}(\.\d+)?$",
    "fin-confidentiality-spec": r"^\d+\.\d+$",
    # the title essay's 三(一)..; a cited rule and its article; "<compiled essay>·<its own numbering>"
    "bank-pi-protection": rf"^(三\({_CN_NUMERAL}\)|\S+(第\d+条|第{_CN_NUMERAL}章|\({_CN_NUMERAL}\))|[^·\s]+·\S+)$",
    "microloan-cip": rf"^第{_CN_NUMERAL}章$",
    "advisory-privacy-risk": rf"^{_CN_NUMERAL}$",
    "pipl": r"^Art\. \d+(\(\d+\))?$",
    "csl": r"^Art\. \d+(\(\d+\))?$",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _texts(catalog: Catalog):
    for control in catalog.controls:
        yield f"control {control.id}", control.title
        yield f"control {control.id}", control.rationale
    for fw in catalog.frameworks:
        yield f"framework {fw.id}", fw.title
        for clause in fw.clauses:
            yield f"{fw.id} {clause.id}", clause.title
            yield f"{fw.id} {clause.id}", clause.summary


def _write(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


_GOOD_CLAUSE = """\
  - id: "1"
    title: {zh: 加密, en: Encryption}
    summary: {zh: 客户信息加密存储, en: Customer data encrypted at rest}
    controls: [ENC-REST]
"""
_HEADER = """\
id: my-policy
title: {zh: 我的制度, en: My policy}
kind: internal
clauses:
"""


# ---------------------------------------------------------------- controls

def test_technical_controls_are_exactly_the_fixed_set_and_automatable(catalog: Catalog) -> None:
    technical = {c.id for c in catalog.controls if not c.id.startswith("GOV-")}
    assert technical == TECHNICAL_CONTROLS
    assert not [c.id for c in catalog.controls if c.id in TECHNICAL_CONTROLS and c.manual]


def test_governance_controls_are_manual(catalog: Catalog) -> None:
    governance = [c for c in catalog.controls if c.id.startswith("GOV-")]
    assert len(governance) >= 8
    assert all(c.manual and c.domain == "governance" for c in governance)


def test_control_weights_rank_the_core_protections_highest(catalog: Catalog) -> None:
    assert all(1 <= c.weight <= 5 for c in catalog.controls)
    for core in ("ENC-REST", "ENC-TRANSIT", "IAM-MFA", "NET-PUBLIC"):
        assert catalog.control[core].weight == 5


# ---------------------------------------------------------------- frameworks

def test_every_named_framework_is_shipped_with_its_kind(catalog: Catalog) -> None:
    assert set(catalog.framework) >= set(SEED_DOCUMENTS) | set(LAWS)
    assert {catalog.framework[f].kind for f in LAWS} == {"law"}
    assert all(catalog.framework[f].kind != "law" for f in SEED_DOCUMENTS)
    assert all(catalog.framework[f].reference for f in (*SEED_DOCUMENTS, *LAWS))


def test_every_technical_control_is_demanded_by_a_seed_document_or_a_law_it_cites(catalog: Catalog) -> None:
    mapped = {c for f in (*SEED_DOCUMENTS, *LAWS) for c in catalog.framework[f].control_ids}
    assert TECHNICAL_CONTROLS - mapped == set()


def test_every_control_is_mapped_by_some_clause(catalog: Catalog) -> None:
    mapped = {c for fw in catalog.frameworks for c in fw.control_ids}
    assert [c.id for c in catalog.controls if c.id not in mapped] == []


def test_every_clause_maps_to_known_controls_without_repeats(catalog: Catalog) -> None:
    for fw in catalog.frameworks:
        for clause in fw.clauses:
            assert clause.controls, f"{fw.id} {clause.id} maps to no control"
            assert len(set(clause.controls)) == len(clause.controls), f"{fw.id} {clause.id} repeats a control"
            assert set(clause.controls) <= set(catalog.control), f"{fw.id} {clause.id}"


@pytest.mark.parametrize("framework_id", sorted(CLAUSE_ID_STYLE))
def test_clause_ids_follow_the_documented_style(catalog: Catalog, framework_id: str) -> None:
    style = re.compile(CLAUSE_ID_STYLE[framework_id])
    bad = [c.id for c in catalog.framework[framework_id].clauses if not style.match(c.id)]
    assert bad == []


@pytest.mark.parametrize(("framework_id", "clause_id", "control_id"), [
    # the settings' defaults cite these clauses; they must keep mapping to the control they set
    ("fin-privacy-commitment", "五.2", "IAM-MFA"),
    ("csl", "Art. 23(3)", "LOG-RETENTION"),
    ("pipl", "Art. 40", "DATA-RESIDENCY"),
    ("csl", "Art. 39", "DATA-RESIDENCY"),
    ("pipl", "Art. 51(3)", "ENC-REST"),
    ("microloan-cip", "第六章", "ENC-TRANSIT"),
])
def test_clauses_the_settings_rely_on(catalog: Catalog, framework_id: str, clause_id: str, control_id: str) -> None:
    clauses = {c.id: c for c in catalog.framework[framework_id].clauses}
    assert control_id in clauses[clause_id].controls


def test_user_facing_text_is_bilingual(catalog: Catalog) -> None:
    for where, text in _texts(catalog):
        assert CJK.search(text.zh), f"{where}: zh text has no Chinese: {text.zh!r}"
        assert not CJK.search(text.en), f"{where}: en text contains Chinese: {text.en!r}"
        assert text.zh == text.zh.strip() and text.en == text.en.strip(), where


# ---------------------------------------------------------------- user framework files

def test_example_internal_policy_loads_beside_the_catalog(catalog: Catalog) -> None:
    policy = load_framework_file(EXAMPLE_POLICY)
    assert policy.kind == "internal"
    assert 5 <= len(policy.clauses) <= 8
    combined = catalog.with_frameworks([policy])
    assert combined.framework[policy.id] == policy
    assert len(combined.frameworks) == len(catalog.frameworks) + 1


def test_user_framework_may_not_reuse_a_shipped_id(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(tmp_path, _HEADER.replace("my-policy", "pipl") + _GOOD_CLAUSE)
    with pytest.raises(CatalogError, match="pipl"):
        catalog.with_frameworks([load_framework_file(path)])


@pytest.mark.parametrize(("content", "problem"), [
    (_HEADER + _GOOD_CLAUSE + _GOOD_CLAUSE, "duplicate clause id"),
    (_HEADER + _GOOD_CLAUSE.replace(", en: Customer data encrypted at rest", ""), "'en' is a required property"),
    (_HEADER + _GOOD_CLAUSE.replace("controls: [ENC-REST]", "controls: [ENC-REST"), "not valid YAML"),
    (_HEADER, "None is not of type 'array'"),
], ids=["duplicate-clause", "missing-en", "invalid-yaml", "no-clauses"])
def test_bad_framework_file_is_one_line_error_naming_the_file(tmp_path: Path, content: str, problem: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(CatalogError) as err:
        load_framework_file(path)
    message = str(err.value)
    assert str(path) in message and problem in message and "\n" not in message


def test_missing_framework_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(CatalogError, match=re.escape(str(path))):
        load_framework_file(path)


def test_unknown_control_in_framework_file_is_rejected(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(tmp_path, _HEADER + _GOOD_CLAUSE.replace("[ENC-REST]", "[ENC-REST, ENC-QUANTUM]"))
    with pytest.raises(CatalogError, match="my-policy.*unknown control.*ENC-QUANTUM"):
        catalog.with_frameworks([load_framework_file(path)])


def test_unknown_control_error_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from baomi.cli.common import load_catalog as cli_load_catalog

    path = _write(tmp_path, _HEADER + _GOOD_CLAUSE.replace("[ENC-REST]", "[ENC-QUANTUM]"))
    with pytest.raises(SystemExit) as exit_info:
        cli_load_catalog([path])
    assert exit_info.value.code == 2
    assert str(path) in capsys.readouterr().err
