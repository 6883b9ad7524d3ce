"""Waivers: an accepted risk for a check on some resources, with a reason and an expiry date.

Like InSpec's waivers, they are data (YAML) kept next to the pipeline. A waived failure or error is
reported as suppressed with the waiver's reason and leaves the score; a waiver past its expiry date
no longer applies, so accepted risks are looked at again.
"""
from __future__ import annotations

import datetime as _dt
import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from baomi.model import SOURCE_ERROR_CHECK, Finding, Status
from baomi.userfiles import UserFileError, read_yaml, schema_problem

WAIVERS_FILE: dict[str, Any] = {
    "type": "object",
    "required": ["waivers"],
    "additionalProperties": False,
    "properties": {
        "waivers": {
            "type": "array",
            "items": {
                "type": "object",
                # who accepted the risk: a waiver nobody answers for is not an accepted risk
                "required": ["check", "resource", "reason", "expires", "approved_by"],
                "additionalProperties": False,
                "properties": {
                    # what could not be read at all cannot be waived: fix the input instead
                    "check": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]+$", "not": {"const": SOURCE_ERROR_CHECK}},
                    "resource": {"type": "string", "minLength": 1},
                    "reason": {"type": "string", "minLength": 10},
                    "expires": {"type": "string", "format": "date"},
                    "approved_by": {"type": "string", "minLength": 1},
                },
            },
        }
    },
}


@dataclass(frozen=True)
class Waiver:
    check: str
    resource: str  # fnmatch glob over the finding's resource ("*" for all, said explicitly)
    reason: str
    expires: _dt.date
    approved_by: str

    def covers(self, finding: Finding) -> bool:
        return finding.check_id == self.check and fnmatch.fnmatchcase(finding.resource, self.resource)


def load(path: Path) -> list[Waiver]:
    """The waivers of a YAML file; UserFileError naming the file and the problem if it is invalid."""
    import jsonschema

    data = read_yaml(path, "waivers file")
    if isinstance(data, dict) and isinstance(data.get("waivers"), list):
        for item in data["waivers"]:  # YAML reads an unquoted 2027-03-31 as a date
            if isinstance(item, dict) and isinstance(item.get("expires"), _dt.date):
                item["expires"] = item["expires"].isoformat()
    validator = jsonschema.Draft202012Validator(WAIVERS_FILE, format_checker=jsonschema.FormatChecker())
    error = next(iter(sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        raise UserFileError(f"{path}: {schema_problem(error)}")
    return [Waiver(w["check"], w["resource"], w["reason"], _dt.date.fromisoformat(w["expires"]), w["approved_by"])
            for w in data["waivers"]]


def expired(waivers: Iterable[Waiver], today: _dt.date) -> list[Waiver]:
    return [w for w in waivers if w.expires < today]


def apply(findings: Sequence[Finding], waivers: Sequence[Waiver], today: _dt.date) -> list[Finding]:
    """Failures and errors covered by a waiver in force become suppressed, with the waiver's reason."""
    active = [w for w in waivers if w.expires >= today]
    out = []
    for finding in findings:
        waiver = next((w for w in active if w.covers(finding)), None)
        if waiver is not None and finding.status in (Status.FAIL, Status.ERROR):
            finding = replace(finding, status=Status.SUPPRESSED,
                              suppression=f"waived until {waiver.expires.isoformat()}, approved by "
                                          f"{waiver.approved_by}: {waiver.reason}")
        out.append(finding)
    return out
