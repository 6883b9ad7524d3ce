"""Report formats, one module each. Register a new format with one line in FORMATS.

Modules are imported only when their format is asked for, so that ``baomi --help`` stays instant.
"""
from __future__ import annotations

import importlib

from baomi.reports.interface import ReportFormat

#: format name -> module that defines ``FORMAT``
FORMATS: dict[str, str] = {
    "json": "baomi.reports.json",
    "html": "baomi.reports.html",
    "markdown": "baomi.reports.markdown",
    "sarif": "baomi.reports.sarif",
    "junit": "baomi.reports.junit",
    "csv": "baomi.reports.csv",
    "clauses-csv": "baomi.reports.clauses_csv",
    "gitlab-sast": "baomi.reports.gitlab_sast",
}


def get_format(name: str) -> ReportFormat:
    """The format registered under ``name``; KeyError if there is none."""
    module = importlib.import_module(FORMATS[name])
    fmt: ReportFormat = module.FORMAT
    return fmt
