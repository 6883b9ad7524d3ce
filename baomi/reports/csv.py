"""One row per finding, for auditors' spreadsheets (attestation findings with who attested and until when).

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
           "region", "message", "suppression", "remediation", "attested_by", "attestation_valid_until")
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
        return writer_with_bom([list(COLUMNS), *(_row(finding, lang) for finding in result["findings"])])


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
        "attested_by": _attested_by(finding.get("attestation")),
        "attestation_valid_until": (finding.get("attestation") or {}).get("expires", ""),
    }
    return [cells[c] for c in COLUMNS]


def _attested_by(attestation: Mapping[str, Any] | None) -> str:
    return "" if attestation is None else f"{attestation['owner']} ({attestation['role']})"


def writer_with_bom(rows: list[list[Any]]) -> str:
    """CSV text with the byte order mark spreadsheets need, every text cell neutralized."""
    out = io.StringIO()
    csv.writer(out).writerows([[neutralize(v) if isinstance(v, str) else v for v in row] for row in rows])
    return BOM + out.getvalue()


FORMAT = CsvFormat()
