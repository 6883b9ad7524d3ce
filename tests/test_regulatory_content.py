"""Regulatory content an examiner can check: every clause cites its text (verbatim, or says why it cannot),
every renumbered article still resolves by its old number, every default threshold names its source."""
from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from baomi.catalog import Catalog, load_catalog
from baomi.cli import cli
from baomi.settings import SCAN_KEYS, SOURCES, Settings


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_every_clause_cites_its_text(catalog: Catalog) -> None:
    for fw in catalog.frameworks:
        for clause in fw.clauses:
            where = f"{fw.id} {clause.id}"
            assert clause.source is not None and clause.source.location.strip(), where
            if clause.source.zh is None:  # a text no published copy of which could be read says so
                assert not clause.source.verified and clause.source.note, where
            assert clause.obligation in ("shall", "should", "may"), where
            assert clause.evidence is not None and clause.evidence.zh and clause.evidence.en, where


def test_every_framework_says_which_text_it_cites(catalog: Catalog) -> None:
    for fw in catalog.frameworks:
        assert fw.status in ("in_force", "superseded", "expired", "draft", "not_law"), fw.id
        if fw.kind in ("law", "regulation", "standard"):
            assert fw.version and fw.effective and fw.status == "in_force", fw.id


def test_cybersecurity_law_articles_are_those_in_force_since_2026(catalog: Catalog) -> None:
    csl = catalog.framework["csl"]
    assert csl.effective == "2026-01-01"
    # the 2016 numbers users' files may still name resolve to the article as renumbered
    renumbered = {"Art. 21(1)": "Art. 23(1)", "Art. 21(3)": "Art. 23(3)", "Art. 25": "Art. 27", "Art. 41": "Art. 43"}
    for old, new in renumbered.items():
        clause = csl.clause(old)
        assert clause is not None and clause.id == new, old
    assert "LOG-RETENTION" in csl.clause("Art. 23(3)").controls  # type: ignore[union-attr]


def test_every_alias_resolves_to_its_own_clause_only(catalog: Catalog) -> None:
    for fw in catalog.frameworks:
        names = [name for clause in fw.clauses for name in (clause.id, *clause.aliases)]
        assert len(names) == len(set(names)), fw.id
        for clause in fw.clauses:
            for alias in clause.aliases:
                assert fw.clause(alias) is clause


def test_related_clauses_resolve(catalog: Catalog) -> None:
    refs = [(fw.id, c.id, ref) for fw in catalog.frameworks for c in fw.clauses for ref in c.related]
    assert refs
    for fid, cid, ref in refs:
        other, _, clause = ref.partition(":")
        assert catalog.framework[other].clause(clause) is not None, (fid, cid, ref)


def test_the_frameworks_a_bank_examiner_expects_are_there(catalog: Catalog) -> None:
    assert {"dsl", "bank-insurance-data-security", "jr-t-0171", "pipl", "csl"} <= set(catalog.framework)
    pipl = catalog.framework["pipl"]
    for article in (13, 24, 30, 39, 41, 44, 45, 46, 47, 48, 59):
        assert pipl.clause(f"Art. {article}") is not None, article
    result = CliRunner().invoke(cli, ["frameworks", "--json"])
    listed = {f["id"] for f in json.loads(result.output)}
    assert {"dsl", "bank-insurance-data-security", "jr-t-0171"} <= listed


def test_every_default_threshold_names_its_source() -> None:
    assert set(SOURCES) == {f.name for f in dataclasses.fields(Settings)} | set(SCAN_KEYS)
    assert all(text.strip() for text in SOURCES.values())
    assert Settings().min_log_retention_days >= 184  # six calendar months are up to 184 days


def test_the_seeds_customer_mfa_target_is_about_customer_accounts(catalog: Catalog) -> None:
    fw = catalog.framework["fin-privacy-commitment"]
    mfa = [c for c in fw.clauses if "IAM-MFA" in c.controls and "90%" in (c.source.zh or "" if c.source else "")]
    assert mfa and all("客户" in (c.source.zh or "") for c in mfa if c.source)
    attestation = catalog.check["ATTEST_CUSTOMER_MFA_COVERAGE"]
    assert attestation.controls == ("IAM-MFA",) and "customer" in attestation.title.en
    assert Settings().customer_mfa_coverage_target == 0.9 and Settings().staff_mfa_coverage_target == 1.0
