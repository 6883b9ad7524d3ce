"""The shared judgement of classification labels and record retention (baomi/checks/records.py), and the
settings it reads: what a label must say, which labels mark customer data, how long that data is kept."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from baomi.checks.records import (
    Expiry,
    Unread,
    classification,
    customer_data,
    expiry,
    kept_long_enough,
    labels,
)
from baomi.checks.terraform.values import is_expression
from baomi.settings import Settings, level_of
from baomi.userfiles import UserFileError

DEFAULT = Settings()
KEYS = DEFAULT.classification_tag_keys


@pytest.mark.parametrize(("value", "level"), [
    ("3", "3"), (" 3 ", "3"), ("L3", "3"), ("l3", "3"), ("3级", "3"), (3, "3"), ("5", "5"), ("1级", "1"),
    ("0", None), ("6", None), ("L 3", None), ("level 3", None), ("三级", None), ("第3级", None), ("C3", None),
    ("confidential", None), ("", None), (True, None), (None, None), ({"Ref": "Level"}, None),
])
def test_the_spellings_of_a_level_are_few_and_explicit(value: Any, level: str | None) -> None:
    assert level_of(value, DEFAULT.classification_values) == level


def test_words_of_an_own_scheme_are_matched_case_insensitively_only() -> None:
    scheme = ("public", "internal", "confidential")
    assert level_of("Confidential", scheme) == "confidential"
    assert level_of("Lconfidential", scheme) is None  # L and 级 are for numeric levels


def test_the_resource_tag_overrides_the_default_tag_and_unread_maps_hide_what_is_below() -> None:
    default, own = {"DataClassification": "4"}, {"DataClassification": "internal", "Owner": "risk"}
    assert labels([default, own], KEYS) == {"DataClassification": "internal"}
    assert labels([default, {"Owner": "risk"}], KEYS) == {"DataClassification": "4"}
    assert labels([default, "var.tags"], KEYS) == {k: Unread("var.tags") for k in KEYS}
    assert labels(["var.defaults", own], KEYS)["DataClassification"] == "internal"
    assert labels([None, {"DataClassification": ""}], KEYS) == {}


@pytest.mark.parametrize(("found", "ok", "message"), [
    ({"DataClassification": "3"}, True, "DataClassification = '3': level 3 of the classification scheme"),
    ({"Classification": "L5"}, True, "Classification = 'L5': level 5 of the classification scheme"),
    ({"DataClassification": "confidential"}, False,
     "DataClassification = 'confidential' is not a level of the classification scheme "
     "(classification_values: 1, 2, 3, 4, 5)"),
    ({}, False, "no tag named DataClassification / data_classification / Classification"),
    ({"DataClassification": "var.level"}, None, "DataClassification could not be read: var.level"),
    ({"DataClassification": Unread("var.tags")}, None, "tags could not be read: var.tags"),
    # a label outside the scheme is certain, whatever the other label says
    ({"DataClassification": "var.level", "Classification": "secret"}, False,
     "Classification = 'secret' is not a level of the classification scheme (classification_values: 1, 2, 3, 4, 5)"),
])
def test_a_label_must_be_a_level_of_the_scheme(found: dict[str, Any], ok: bool | None, message: str) -> None:
    judgement = classification(found, DEFAULT, is_expression)
    assert (judgement.ok, judgement.message) == (ok, message)


@pytest.mark.parametrize(("found", "held"), [
    ({"DataClassification": "3"}, True), ({"DataClassification": "L2"}, True), ({"Classification": "4级"}, True),
    ({"DataClassification": "1"}, False), ({"DataClassification": "5"}, False), ({}, False),
    ({"DataClassification": "customer"}, False),  # not a level: the classification check fails it
    ({"DataClassification": "var.level"}, None), ({"DataClassification": Unread("var.tags")}, None),
    ({"DataClassification": "var.level", "Classification": "3"}, True),
])
def test_the_customer_data_levels_hold_personal_financial_information(found: dict[str, Any],
                                                                      held: bool | None) -> None:
    assert customer_data(found, DEFAULT, is_expression) is held


@pytest.mark.parametrize(("found", "ok", "message"), [
    (Expiry("rule 'a'", days=365), False,
     "rule 'a' expires customer data after 365 days, under the minimum of 3653 days (min_record_retention_days)"),
    (Expiry("rule 'a'", days="3653"), True,
     "rule 'a' expires customer data after 3653 days, at least the minimum of 3653 days (min_record_retention_days)"),
    (Expiry("rule 'a'", date="2030-01-01", by="Expiration.Date"), False,
     "rule 'a' expires customer data by Expiration.Date 2030-01-01, whatever its age: the minimum of 3653 days "
     "(min_record_retention_days) cannot hold"),
    (Expiry("rule 'a'", days="var.days"), None, "rule 'a': days could not be read: var.days"),
    (Expiry("rule 'a'", days="a year"), None, "rule 'a': days could not be read: a year"),
    (Expiry("rule 'a'", date="var.date", by="date"), None, "rule 'a': date could not be read: var.date"),
])
def test_no_expiry_of_customer_data_under_the_minimum(found: Expiry, ok: bool | None, message: str) -> None:
    judgement = expiry(found, DEFAULT, is_expression)
    assert (judgement.ok, judgement.message) == (ok, message)


def test_the_shortest_expiry_decides_and_an_unread_one_never_passes() -> None:
    ok, short, unread = (expiry(Expiry(f"rule {d}", days=d), DEFAULT, is_expression)
                         for d in (4000, 30, "var.days"))
    assert kept_long_enough([ok, unread, short]) == short
    assert kept_long_enough([ok, unread]) == unread
    assert kept_long_enough([ok]) == ok


def test_the_default_minimum_is_ten_calendar_years() -> None:
    assert DEFAULT.min_record_retention_days == 3653  # 10 x 365 + up to three leap days
    assert DEFAULT.classification_values == ("1", "2", "3", "4", "5")
    assert DEFAULT.customer_data_tag_values == ("2", "3", "4")


def test_a_settings_file_must_keep_customer_data_values_inside_the_scheme(tmp_path: Path) -> None:
    config = tmp_path / "baomi.yaml"
    config.write_text("classification_values: [public, internal, confidential]\n", encoding="utf-8")
    with pytest.raises(UserFileError, match=r"customer_data_tag_values: '2' is not a level of classification_values "
                                            r"\(public, internal, confidential\)"):
        Settings.from_file(config)
    config.write_text("classification_values: [public, internal, confidential]\n"
                      "customer_data_tag_values: [Confidential]\nmin_record_retention_days: 1827\n", encoding="utf-8")
    settings = Settings.from_file(config)
    assert customer_data({"DataClassification": "confidential"}, settings) is True
    assert settings.min_record_retention_days == 1827
    config.write_text("customer_data_tag_values: [L3, 4级]\n", encoding="utf-8")
    settings = Settings.from_file(config)
    assert settings.customer_data_tag_values == ("L3", "4级")
    assert [customer_data({"DataClassification": v}, settings) for v in ("3", "l4", "2")] == [True, True, False]
