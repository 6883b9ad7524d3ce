"""One self-contained HTML page (inline CSS and JS, nothing fetched), in Chinese or English.

The page carries a Content-Security-Policy that allows no network access at all and only the one
inline script whose hash it names, so that even a mistake in escaping could not run injected code.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

from baomi.reports import rendering as results

FINDING_STATUSES = ("fail", "error", "pass", "suppressed", "not_applicable")


class HtmlFormat:
    name = "html"
    extension = "html"

    def render(self, result: dict[str, Any], lang: str) -> str:
        from markupsafe import Markup

        script = results.template_text("report.js")
        return results.render_template(
            "report.html", result, lang,
            css=Markup(results.template_text("report.css")),
            script=Markup(script),
            script_hash=_csp_hash(script),
            filters=_filters(result, results.labels(lang)),
            findings=_ordered_findings(result),
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


def _filters(result: dict[str, Any], labels: Mapping[str, str]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(data attribute, label, [(value, text)]) for each filter, offering only values that occur."""
    findings = result["findings"]
    statuses = [s for s in FINDING_STATUSES if any(f["status"] == s for f in findings)]
    severities = sorted({f["severity"] or "none" for f in findings},
                        key=lambda s: results.severity_rank(None if s == "none" else s))
    controls = sorted({c for f in findings for c in f["controls"]})
    sources = sorted({f["source"] for f in findings})
    return [
        ("severity", labels["severity"], [(s, labels[f"severity_{s}"]) for s in severities]),
        ("status", labels["status"], [(s, labels[f"status_{s}"]) for s in statuses]),
        ("control", labels["control"], [(c, c) for c in controls]),
        ("source", labels["source"], [(s, s) for s in sources]),
    ]


FORMAT = HtmlFormat()
