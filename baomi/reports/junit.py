"""JUnit XML, so that CI systems show every (check x resource) verdict as a test case.

One testsuite per source (terraform, aws, ...); a failed finding is a ``<failure>`` typed by its
severity, a finding that could not be evaluated an ``<error>``, suppressed and not-applicable findings
are ``<skipped>`` with the reason, passes are plain test cases. The document is valid against the JUnit schema
of Jenkins' xunit plugin (tests/schemas/junit-10.xsd), which GitLab reads too: ``<testsuites>`` carries no
``skipped`` count there (each ``<testsuite>`` does).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baomi.reports import rendering as results

#: code points XML 1.0 cannot carry even escaped; scanned text may contain them
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_OUTCOME = {"fail": "failure", "error": "error", "suppressed": "skipped", "not_applicable": "skipped"}


def xml_text(text: str | None) -> str:
    """``text`` without the characters XML forbids (escaping the rest is the template's job)."""
    return _NOT_XML.sub("\ufffd", text or "")


@dataclass(frozen=True)
class JunitCase:
    classname: str
    name: str
    outcome: str | None  # failure | error | skipped, None for a pass
    message: str = ""
    type: str = ""
    details: str = ""


@dataclass(frozen=True)
class JunitSuite:
    name: str
    cases: tuple[JunitCase, ...]

    def _count(self, outcome: str) -> int:
        return sum(1 for case in self.cases if case.outcome == outcome)

    @property
    def tests(self) -> int:
        return len(self.cases)

    @property
    def failures(self) -> int:
        return self._count("failure")

    @property
    def errors(self) -> int:
        return self._count("error")

    @property
    def skipped(self) -> int:
        return self._count("skipped")


@dataclass(frozen=True)
class Totals:
    """The counts of ``<testsuites>``: the xunit schema allows no ``skipped`` there."""

    tests: int
    failures: int
    errors: int

    @classmethod
    def of(cls, suites: Sequence[JunitSuite]) -> Totals:
        return cls(*(sum(getattr(s, field) for s in suites) for field in ("tests", "failures", "errors")))


class JunitFormat:
    name = "junit"
    extension = "xml"

    def render(self, result: dict[str, Any], lang: str) -> str:
        labels = results.labels(lang)
        sources = list(dict.fromkeys(f["source"] for f in result["findings"]))
        suites = [
            JunitSuite(source, tuple(_case(f, lang, labels) for f in result["findings"] if f["source"] == source))
            for source in sources
        ]
        return results.render_template("junit.xml", result, lang, suites=suites, total=Totals.of(suites),
                                       timestamp=result["scanned_at"][:19])


def _case(finding: Mapping[str, Any], lang: str, labels: Mapping[str, str]) -> JunitCase:
    place = results.where(finding)
    name = f"{finding['resource']} ({place})" if place else finding["resource"]
    outcome = _OUTCOME.get(finding["status"])
    if outcome is None:
        return JunitCase(finding["check_id"], xml_text(name), None)
    if outcome == "skipped":
        reason = finding["suppression"] or finding["message"]
        return JunitCase(finding["check_id"], xml_text(name), outcome,
                        message=xml_text(f"{labels['status_' + finding['status']]}: {reason}"))
    return JunitCase(
        finding["check_id"], xml_text(name), outcome,
        message=xml_text(finding["message"]),
        type=finding["severity"] or "source_error",
        details=xml_text(_details(finding, lang, labels)),
    )


def _details(finding: Mapping[str, Any], lang: str, labels: Mapping[str, str]) -> str:
    """The body of a failure or error: what was checked, where, and what to do."""
    lines = [
        f"{finding['check_id']}: {results.localized(finding['title'], lang)}",
        f"{labels['resource']}: {finding['resource']}",
    ]
    if finding["location"]:
        lines.append(f"{labels['file_line']}: {results.where(finding)}")
    if finding["account"] or finding["region"]:
        lines.append(f"{labels['account_region']}: {finding['account'] or '-'} / {finding['region'] or '-'}")
    if finding["controls"]:
        lines.append(f"{labels['controls']}: {', '.join(finding['controls'])}")
    if finding["remediation"] is None:
        lines.append(labels["source_error_help"])
    else:
        lines.append(f"{labels['remediation']}: {results.localized(finding['remediation'], lang)}")
        if finding["remediation"].get("terraform"):
            lines.append(finding["remediation"]["terraform"])
    return "\n".join(lines)


FORMAT = JunitFormat()
