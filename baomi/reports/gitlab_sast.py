"""A GitLab SAST security report (``gl-sast-report.json``, ``artifacts:reports:sast``), valid against GitLab's
security-report schema 15.2.1 (tests/schemas/gitlab/sast-report-format.json).

A vulnerability is a finding still to be dealt with: failed (at the check's severity) or not evaluated
(severity "Unknown": what the check would have found is not known, and the gate fails on it all the same).
Its primary identifier is the check ID, so GitLab groups findings by check; its ``id`` is the finding's
fingerprint as a UUID (``baomi/fingerprint.py``: no line number, no checkout directory), so it stays the same
across commits; its file is named from the repository root (``locations.py``). Findings without a file (a live
account, server or region) are kept, with no file, their resource named in the description.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from baomi.fingerprint import fingerprints
from baomi.reports import rendering as results
from baomi.reports.locations import Locator
from baomi.reports.sarif import docs_url

SCHEMA_VERSION = "15.2.1"
SCHEMA_URL = ("https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/"
              f"v{SCHEMA_VERSION}/dist/sast-report-format.json")
SEVERITY = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}
#: the schema's limits on a vulnerability's texts
MAX_NAME, MAX_SOLUTION = 255, 7000


class GitlabSastFormat:
    name = "gitlab-sast"
    extension = "json"

    def render(self, result: dict[str, Any], lang: str) -> str:
        labels = results.labels(lang)
        locator = Locator(result["targets"])
        docs = docs_url()
        when = result["scanned_at"][:19]  # the schema's yyyy-mm-ddThh:mm:ss, UTC
        tool = {"id": "baomi", "name": "baomi", "version": result["tool"]["version"], "vendor": {"name": "baomi"}}
        vulnerabilities = []
        for finding, fingerprint in zip(result["findings"], fingerprints(result), strict=True):
            if finding["status"] in ("fail", "error"):  # no two findings of one scan share a fingerprint
                vulnerabilities.append(_vulnerability(finding, str(uuid.UUID(hex=fingerprint[:32])), lang, labels,
                                                      locator, docs))
        report = {
            "version": SCHEMA_VERSION,
            "schema": SCHEMA_URL,
            "scan": {"analyzer": tool, "scanner": tool, "type": "sast", "start_time": when, "end_time": when,
                     "status": "success"},
            "vulnerabilities": vulnerabilities,
        }
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _vulnerability(finding: Mapping[str, Any], identifier: str, lang: str, labels: Mapping[str, str],
                   locator: Locator, docs: str | None) -> dict[str, Any]:
    title = results.localized(finding["title"], lang)
    failed = finding["status"] == "fail"
    lines = [finding["message"] if failed else f"{labels['status_error']}: {finding['message']}",
             f"{labels['resource']}: {finding['resource']}"]
    if finding["account"] or finding["region"]:
        lines.append(f"{labels['account_region']}: {finding['account'] or '-'} / {finding['region'] or '-'}")
    if finding["controls"]:
        lines.append(f"{labels['controls']}: {', '.join(finding['controls'])}")
    check: dict[str, str] = {"type": "baomi_check", "name": finding["check_id"], "value": finding["check_id"]}
    if docs:
        check["url"] = f"{docs}checks.md"
    vulnerability: dict[str, Any] = {
        "id": identifier,
        "name": _clip(f"{finding['check_id']}: {title}", MAX_NAME),
        "description": "\n\n".join(lines),
        "severity": SEVERITY[finding["severity"]] if failed and finding["severity"] else "Unknown",
        "solution": _clip(_solution(finding, lang, labels), MAX_SOLUTION),
        "identifiers": [check],
        "location": _location(finding, locator),
    }
    return vulnerability


def _solution(finding: Mapping[str, Any], lang: str, labels: Mapping[str, str]) -> str:
    if finding["remediation"] is None:
        return labels["source_error_help"]
    text = results.localized(finding["remediation"], lang)
    snippet = finding["remediation"].get("terraform")
    return f"{text}\n\n{snippet}" if snippet else text


def _location(finding: Mapping[str, Any], locator: Locator) -> dict[str, Any]:
    """The file from the repository root and its lines; nothing for a finding that concerns no file."""
    file = locator.concerned(finding)
    if file is None:
        return {}
    location: dict[str, Any] = {"file": locator.place(file).path}
    lines = finding["location"] or {}
    if lines.get("line"):
        location["start_line"] = lines["line"]
        if (lines.get("end_line") or 0) >= lines["line"]:
            location["end_line"] = lines["end_line"]
    return location


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


FORMAT = GitlabSastFormat()
