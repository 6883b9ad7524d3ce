"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Every failed and errored finding is a result; passed, suppressed and not-applicable findings are not alerts.
A result points at the file it concerns, named from the repository root (``%SRCROOT%``, ``locations.py``);
a finding without a file (a live account, server or region) is kept, located by its resource
(``logicalLocations``: the ARN or endpoint). ``partialFingerprints`` carries the finding's fingerprint
(``baomi/fingerprint.py``: no line number, no checkout directory), so a code host follows an alert across
commits; ``automationDetails.id`` puts runs over different targets in different categories.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from baomi.fingerprint import FINGERPRINT_VERSION, fingerprints
from baomi.reports import rendering as results
from baomi.reports.locations import Locator, Placed
from baomi.reports.markdown import escape as md_escape
from baomi.reports.markdown import fence as md_fence

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: GitHub maps these to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9) and low
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
REPORTED_STATUSES = ("fail", "error")
FINGERPRINT_KEY = f"baomiFingerprint/v{FINGERPRINT_VERSION}"
#: where the checks are documented, ending in "/" (docs/checks.md is under it); else the package metadata's
#: "Documentation" project URL; without either, rules carry no helpUri
DOCS_URL_VARIABLE = "BAOMI_DOCS_URL"
#: the section of docs/checks.md that lists a finding's check, by the finding's source
_CHECKS_SECTION = {"terraform": "terraform", "terraform_plan": "terraform", "terraform_json": "terraform",
                   "cloudformation": "cloudformation", "aws": "aws", "postgresql": "postgresql", "mysql": "mysql",
                   "attestation": "attestation"}
_ABSOLUTE = re.compile(r"^(/|[A-Za-z]:/)")


class SarifFormat:
    name = "sarif"
    extension = "sarif"

    def render(self, result: dict[str, Any], lang: str) -> str:
        labels = results.labels(lang)
        locator = Locator(result["targets"])
        prints = fingerprints(result)
        reported = [(f, fp) for f, fp in zip(result["findings"], prints, strict=True)
                    if f["status"] in REPORTED_STATUSES]
        first_of: dict[str, dict[str, Any]] = {}
        for finding, _ in reported:
            first_of.setdefault(finding["check_id"], finding)
        rule_index = {check_id: index for index, check_id in enumerate(first_of)}
        control_titles = {c["id"]: results.localized(c["title"], lang) for c in result["controls"]}
        docs = docs_url()
        driver: dict[str, Any] = {"name": "baomi", "version": result["tool"]["version"]}
        home = project_url("Homepage", "Source")
        if home:
            driver["informationUri"] = home
        driver["rules"] = [_rule(first, lang, labels, control_titles, docs) for first in first_of.values()]
        run: dict[str, Any] = {
            "tool": {"driver": driver},
            "automationDetails": automation_details(result, locator),
        }
        if locator.roots:
            run["originalUriBaseIds"] = {
                root.id: {"uri": _directory_uri(root.path),
                          "description": {"text": labels["sarif_root_git" if root.git else "sarif_root_scanned"]}}
                for root in locator.roots}
        run["results"] = [_result(f, fp, rule_index[f["check_id"]], labels, locator) for f, fp in reported]
        log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def automation_details(result: Mapping[str, Any], locator: Locator) -> dict[str, Any]:
    """``baomi/<digest of the targets>/``: the category is what was scanned (paths from their repository root,
    so two checkouts of one tree share it); the empty last component says the run has no identity of its own
    (SARIF 3.17.4), which keeps the log a function of the results document alone."""
    named = sorted(f"{t['source']}\x1f{_stable_target(t, locator)}" for t in result["targets"])
    digest = hashlib.sha256("\n".join(named).encode("utf-8")).hexdigest()[:16]
    return {"id": f"baomi/{digest}/"}


def _stable_target(target: Mapping[str, Any], locator: Locator) -> str:
    root = target.get("root")
    return str(root["target"]) if isinstance(root, Mapping) else locator.place(str(target["target"])).path


def _rule(finding: Mapping[str, Any], lang: str, labels: Mapping[str, str],
          control_titles: Mapping[str, str], docs: str | None) -> dict[str, Any]:
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
    rule: dict[str, Any] = {
        "id": finding["check_id"],
        "name": finding["check_id"],
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{title} ({labels['controls']}: {described_controls})" if controls else title},
        "help": {"text": help_text, "markdown": help_markdown},
    }
    section = _CHECKS_SECTION.get(finding["source"]) if finding["remediation"] is not None else None
    if docs and section:
        rule["helpUri"] = f"{docs}checks.md#{section}"
    rule["defaultConfiguration"] = {"level": _level(severity)}
    rule["properties"] = properties
    return rule


def _result(finding: Mapping[str, Any], fingerprint: str, rule_index: int, labels: Mapping[str, str],
            locator: Locator) -> dict[str, Any]:
    text = f"{finding['resource']}: {finding['message']}"
    if finding["account"] or finding["region"]:
        text += f" ({labels['account_region']}: {finding['account'] or '-'} / {finding['region'] or '-'})"
    if finding["status"] == "error":
        text = f"{labels['status_error']}: {text}"
    location: dict[str, Any] = {}
    file = locator.concerned(finding)
    if file is not None:
        physical: dict[str, Any] = {"artifactLocation": _artifact(locator.place(file))}
        region = _region(finding["location"])
        if region:
            physical["region"] = region
        location["physicalLocation"] = physical
    location["logicalLocations"] = [{"fullyQualifiedName": finding["resource"], "kind": "resource"}]
    return {
        "ruleId": finding["check_id"],
        "ruleIndex": rule_index,
        "level": _level(finding["severity"]),
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }


def _region(location: Mapping[str, Any] | None) -> dict[str, int]:
    """The finding's lines; a file named without lines (an attestation, a configuration file) has no region."""
    if not location or not location.get("file"):
        return {}
    start = location.get("line") or 1
    region = {"startLine": start}
    if (location.get("end_line") or 0) >= start:
        region["endLine"] = location["end_line"]
    return region


def _artifact(placed: Placed) -> dict[str, str]:
    if placed.root is None:
        return {"uri": artifact_uri(placed.path)}
    return {"uri": artifact_uri(placed.path), "uriBaseId": placed.root.id}


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


def _directory_uri(path: str) -> str:
    """An absolute ``file://`` URI ending in "/", as SARIF requires of a base ID's URI (3.14.14)."""
    uri = artifact_uri(path if _ABSOLUTE.match(path.replace("\\", "/")) else "/" + path)
    return uri if uri.endswith("/") else uri + "/"


def docs_url() -> str | None:
    """The base URL of baomi's docs/ (ending in "/"): $BAOMI_DOCS_URL, else the "Documentation" project URL of
    the installed package; None when neither is set (baomi names no URL it cannot vouch for)."""
    url = os.environ.get(DOCS_URL_VARIABLE, "").strip() or project_url("Documentation")
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


@functools.lru_cache(maxsize=8)
def project_url(*labels: str) -> str | None:
    """The first of the installed package's project URLs with one of ``labels`` (``Project-URL`` metadata,
    ``project_urls`` in setup.cfg; ``Home-page`` for "Homepage"), None when it declares none."""
    try:
        metadata = importlib.metadata.metadata("baomi")
    except importlib.metadata.PackageNotFoundError:
        return None
    declared: dict[str, str] = {}
    for entry in metadata.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        declared.setdefault(label.strip().lower(), url.strip())
    home = metadata.get_all("Home-page") or ()
    if home:
        declared.setdefault("homepage", str(home[0]).strip())
    return next((declared[label.lower()] for label in labels if declared.get(label.lower())), None)


FORMAT = SarifFormat()
