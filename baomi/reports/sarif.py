"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

SARIF results point at lines of files, so only failed and errored findings THAT HAVE A FILE LOCATION
become results: live findings (AWS, PostgreSQL, MySQL) have no file and are left out here; they are in
the JSON, HTML, CSV and JUnit reports. Passed, suppressed and not-applicable findings are not alerts.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from baomi.reports import rendering as results
from baomi.reports.markdown import escape as md_escape
from baomi.reports.markdown import fence as md_fence

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/baomi/"
#: GitHub maps these to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9) and low
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
REPORTED_STATUSES = ("fail", "error")
_ABSOLUTE = re.compile(r"^(/|[A-Za-z]:/)")


class SarifFormat:
    name = "sarif"
    extension = "sarif"

    def render(self, result: dict[str, Any], lang: str) -> str:
        labels = results.labels(lang)
        reported = [f for f in result["findings"] if f["status"] in REPORTED_STATUSES and f["location"]]
        first_of: dict[str, dict[str, Any]] = {}
        for finding in reported:
            first_of.setdefault(finding["check_id"], finding)
        rule_index = {check_id: index for index, check_id in enumerate(first_of)}
        control_titles = {c["id"]: results.localized(c["title"], lang) for c in result["controls"]}
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "baomi",
                    "version": result["tool"]["version"],
                    "informationUri": INFORMATION_URI,
                    "rules": [_rule(first, lang, labels, control_titles) for first in first_of.values()],
                }},
                "results": [_result(f, rule_index[f["check_id"]], labels) for f in reported],
            }],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _rule(finding: Mapping[str, Any], lang: str, labels: Mapping[str, str],
          control_titles: Mapping[str, str]) -> dict[str, Any]:
    """A rule for one check, described from its first reported finding (they all share title and fix)."""
    title = results.localized(finding["title"], lang)
    controls = finding["controls"]
    described_controls = "; ".join(f"{c} {control_titles.get(c, '')}".strip() for c in controls)
    severity = finding["severity"]
    if finding["remediation"] is None:  # a source error: nothing to configure, the input must be fixed
        help_text = help_markdown = labels["source_error_help"]
    else:
        fix = results.localized(finding["remediation"], lang)
        snippet = finding["remediation"].get("terraform", "")
        help_text = f"{fix}\n\n{snippet}" if snippet else fix
        help_markdown = md_escape(fix)
        if snippet:
            help_markdown += f"\n\n{md_fence(snippet)}hcl\n{snippet}\n{md_fence(snippet)}"
    properties: dict[str, Any] = {"tags": ["security", *controls] if controls else ["source-error"]}
    if severity is not None:
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    return {
        "id": finding["check_id"],
        "name": finding["check_id"],
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{title} ({labels['controls']}: {described_controls})" if controls else title},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _level(severity)},
        "properties": properties,
    }


def _result(finding: Mapping[str, Any], rule_index: int, labels: Mapping[str, str]) -> dict[str, Any]:
    location = finding["location"]
    start = location.get("line") or 1
    region: dict[str, int] = {"startLine": start}
    if (location.get("end_line") or 0) >= start:
        region["endLine"] = location["end_line"]
    text = f"{finding['resource']}: {finding['message']}"
    if finding["status"] == "error":
        text = f"{labels['status_error']}: {text}"
    return {
        "ruleId": finding["check_id"],
        "ruleIndex": rule_index,
        "level": _level(finding["severity"]),
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(location["file"])},
            "region": region,
        }}],
    }


def _level(severity: str | None) -> str:
    """Source errors have no severity but always fail the gate: they are errors."""
    return LEVEL[severity] if severity is not None else "error"


def artifact_uri(path: str) -> str:
    """A relative URI with forward slashes (percent-encoded), as GitHub matches it against the repository.

    Absolute paths cannot be matched to a repository file; they become ``file://`` URIs so that the log
    stays valid and the path is still shown.
    """
    posix = path.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    if _ABSOLUTE.match(posix):
        return "file://" + quote(posix if posix.startswith("/") else "/" + posix, safe="/:")
    return quote(posix, safe="/")


FORMAT = SarifFormat()
