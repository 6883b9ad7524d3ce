"""The compliance catalog: frameworks (clauses) -> controls <- checks, all YAML shipped in this package.

Content is data: ``specs`` is its shape, ``loading`` reads and validates it. The names below are the
catalog's public interface.
"""
from __future__ import annotations

from baomi.catalog.loading import load_catalog, load_framework_file, parse_framework
from baomi.catalog.specs import (
    Applicability,
    Catalog,
    CatalogError,
    CheckSpec,
    ClauseSource,
    ClauseSpec,
    ControlSpec,
    FrameworkSpec,
    NotApplicableWhen,
    Remediation,
    Text,
)

__all__ = [
    "Applicability",
    "Catalog",
    "CatalogError",
    "CheckSpec",
    "ClauseSource",
    "ClauseSpec",
    "ControlSpec",
    "FrameworkSpec",
    "NotApplicableWhen",
    "Remediation",
    "Text",
    "load_catalog",
    "load_framework_file",
    "parse_framework",
]
