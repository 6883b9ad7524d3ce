"""One self-contained HTML page (inline CSS and JS, nothing fetched), in Chinese or English.

The page carries a Content-Security-Policy that allows no network access at all and only the one
inline script whose hash it names, so that even a mistake in escaping could not run injected code.
The findings table is filtered, searched and sorted in the page by report.js, which only moves and hides
the rows rendered here: the orders it sorts by are computed here (``data-sort-ranks``), so that they are
the same in every browser and language, and it never builds markup from the data.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from baomi.reports import rendering as results

#: failures first: the findings table's default order and the status column's ascending order
FINDING_STATUSES = ("fail", "error", "pass", "suppressed", "not_applicable")
#: left out of print unless the reader asks for them ("print passes too")
NOT_PRINTED = ("pass", "not_applicable")


@dataclass(frozen=True)
class Filter:
    """A ``<select>`` above the findings table: the row attribute it reads and the values it offers.

    ``at_least``: a value keeps the rows at that rank or before it in ``choices`` (severity "high" keeps
    critical and high); rows whose value is not offered (no severity) are kept only by "all".
    """

    key: str
    label: str
    choices: list[tuple[str, str]]
    at_least: bool = False


def _text(value: str | None) -> str:
    return (value or "").casefold()


def _location_key(finding: Mapping[str, Any]) -> tuple[Any, ...]:
    """By file, then line as a number; live findings (no file) after them, by account and region."""
    location = finding.get("location")
    if location:
        return (0, _text(location["file"]), location.get("line") or 0)
    return (1, _text(finding.get("account")), _text(finding.get("region")))


#: the findings table's columns, in order, and what each sorts by (the column's label is L[name])
COLUMNS: tuple[tuple[str, Callable[[Mapping[str, Any]], Any]], ...] = (
    ("status", lambda f: FINDING_STATUSES.index(f["status"])),
    ("severity", lambda f: results.severity_rank(f["severity"])),
    ("check", lambda f: f["check_id"]),
    ("resource", lambda f: _text(f["resource"])),
    ("location", _location_key),
    ("source", lambda f: f["source"]),
    ("controls", lambda f: (not f["controls"], " ".join(f["controls"]))),
    ("message", lambda f: _text(f["message"])),
)
#: the columns the search box looks in (their cells' text as shown)
SEARCHED = ("check", "resource", "location", "message")


class HtmlFormat:
    name = "html"
    extension = "html"

    def render(self, result: dict[str, Any], lang: str) -> str:
        from markupsafe import Markup

        script = results.template_text("report.js")
        findings = _ordered_findings(result)
        return results.render_template(
            "report.html", result, lang,
            css=Markup(results.template_text("report.css")),
            script=Markup(script),
            script_hash=_csp_hash(script),
            filters=_filters(result, results.labels(lang)),
            columns=[(name, name in SEARCHED) for name, _ in COLUMNS],
            findings=findings,
            sort_ranks=_sort_ranks(findings),
            not_printed=sum(f["status"] in NOT_PRINTED for f in findings),
            fixes=results.remediations(result),
            suppressed=results.with_status(result, "suppressed"),
            errors=results.with_status(result, "error"),
        )


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _ordered_findings(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Failures and errors first, then the rest; within a status the most severe first."""
    return sorted(result["findings"], key=lambda f: (FINDING_STATUSES.index(f["status"]),
                                                     results.severity_rank(f["severity"]),
                                                     f["check_id"], f["resource"]))


def _sort_ranks(findings: list[dict[str, Any]]) -> list[str]:
    """For each finding, its rank in every column's order ("0 3 12 …"): equal values share a rank, so the
    page keeps the default order among them whichever way a column is sorted."""
    per_column = []
    for _, key in COLUMNS:
        values = sorted({key(f) for f in findings})
        rank = {value: n for n, value in enumerate(values)}
        per_column.append([rank[key(f)] for f in findings])
    return [" ".join(str(column[i]) for column in per_column) for i in range(len(findings))]


def _filters(result: dict[str, Any], labels: Mapping[str, str]) -> list[Filter]:
    """The filters: severity at or above any level, the other values only those that occur."""
    findings = result["findings"]
    statuses = [s for s in FINDING_STATUSES if any(f["status"] == s for f in findings)]
    controls = sorted({c for f in findings for c in f["controls"]})
    sources = sorted({f["source"] for f in findings})
    return [
        Filter("severity", labels["filter_severity_at_least"],
               [(s, labels[f"severity_{s}"]) for s in results.SEVERITY_ORDER], at_least=True),
        Filter("status", labels["status"], [(s, labels[f"status_{s}"]) for s in statuses]),
        Filter("control", labels["control"], [(c, c) for c in controls]),
        Filter("source", labels["source"], [(s, s) for s in sources]),
    ]


FORMAT = HtmlFormat()
