"""One row per finding, for auditors' spreadsheets.

The text starts with a UTF-8 byte order mark: without it Excel reads a CSV file in the local ANSI code
page and shows Chinese as mojibake; with it Excel, LibreOffice and Python's ``utf-8-sig`` all read it
right. Cells from scanned files that start with ``= + - @`` (or a tab or carriage return) get a leading
apostrophe so that a spreadsheet shows them as text instead of running them as formulas (CSV injection).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from baomi.reports import rendering as results

COLUMNS = ("check_id", "title", "status", "severity", "controls", "source", "resource", "file", "line", "account",
           "region", "message", "suppression", "remediation")
BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """``text`` as a spreadsheet will show it, never as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class CsvFormat:
    name = "csv"
    extension = "csv"

    def render(self, result: dict[str, Any], lang: str) -> str:
        results.check_lang(lang)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(_row(finding, lang) for finding in result["findings"])
        return BOM + out.getvalue()


def _row(finding: Mapping[str, Any], lang: str) -> list[str | int]:
    location = finding["location"] or {}
    cells = {
        "check_id": finding["check_id"],
        "title": results.localized(finding["title"], lang),
        "status": finding["status"],
        "severity": finding["severity"] or "",
        "controls": ";".join(finding["controls"]),
        "source": finding["source"],
        "resource": finding["resource"],
        "file": location.get("file") or "",
        "line": location.get("line") or "",
        "account": finding["account"] or "",
        "region": finding["region"] or "",
        "message": finding["message"],
        "suppression": finding["suppression"] or "",
        "remediation": results.localized(finding["remediation"], lang),
    }
    return [neutralize(value) if isinstance(value, str) else value for value in (cells[c] for c in COLUMNS)]


FORMAT = CsvFormat()
