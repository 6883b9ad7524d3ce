"""A short Markdown summary for a pull-request comment or a job summary: verdict, failures by severity with links
to their lines, the frameworks, what to fix first.

Everything that comes from scanned files is escaped, so that a resource name cannot break a table or
inject markup into the comment. The whole text stays within GitHub's comment limit (COMMENT_LIMIT): lists are
cut shorter until it fits, and the last line says how many findings were left out and where the full report is.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from baomi.reports import rendering as results
from baomi.reports.locations import Locator

#: rows per table at most; fewer when the comment would be too long (the full list is in the HTML report)
MAX_ROWS = 30
#: the rows per table tried, in turn, until the text fits in COMMENT_LIMIT
ROW_STEPS = (MAX_ROWS, 10, 3, 1)
#: the most characters GitHub takes in a pull-request comment or issue body
COMMENT_LIMIT = 65_536

#: characters with a meaning in GitHub Markdown; a backslash makes any ASCII punctuation literal
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def escape(text: str | None) -> str:
    """Inline Markdown that shows ``text`` literally, on one line (safe inside a table cell)."""
    return _NEWLINES.sub("<br>", _SPECIAL.sub(r"\\\1", text or ""))


def fence(code: str) -> str:
    """A backtick fence longer than any backtick run inside ``code``."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


class Links:
    """Where a finding's line is: ``path#Lline`` from the repository root; on GitHub Actions (GITHUB_SERVER_URL,
    GITHUB_REPOSITORY and GITHUB_SHA set) the file at that commit, so the link works from a comment."""

    def __init__(self, locator: Locator, environ: Mapping[str, str]) -> None:
        self.locator = locator
        server, repository = environ.get("GITHUB_SERVER_URL", ""), environ.get("GITHUB_REPOSITORY", "")
        sha, run = environ.get("GITHUB_SHA", ""), environ.get("GITHUB_RUN_ID", "")
        self.blob = f"{server.rstrip('/')}/{repository}/blob/{sha}/" if server and repository and sha else ""
        self.run = f"{server.rstrip('/')}/{repository}/actions/runs/{run}" if server and repository and run else ""

    def __call__(self, finding: Mapping[str, Any]) -> str | None:
        """The link to the finding's line (at the commit only for a file in a git work tree), None for a file
        outside every root (an absolute path)."""
        location = finding["location"]
        placed = self.locator.place(location["file"])
        if placed.path.startswith(("/", "../")):
            return None
        base = self.blob if placed.root is not None and placed.root.git else ""
        anchor = f"#L{location['line']}" if location.get("line") else ""
        return f"{base}{quote(placed.path, safe='/')}{anchor}"


class MarkdownFormat:
    name = "markdown"
    extension = "md"

    def render(self, result: dict[str, Any], lang: str) -> str:
        labels = results.labels(lang)
        links = Links(Locator(result["targets"]), os.environ)
        full_report = (f"[{labels['md_full_report_run']}]({links.run})" if links.run
                       else labels["md_full_report_files"])
        failures = results.failures_by_severity(result)
        errors = results.with_status(result, "error")
        lists = [found for _, found in failures] + [errors, result.get("attestations") or []]
        text = ""
        for rows in ROW_STEPS:
            text = results.render_template(
                "report.md", result, lang,
                md=escape,
                fence=fence,
                link=links,
                max_rows=rows,
                failures=failures,
                fixes=results.remediations(result),
                errors=errors,
                left_out=sum(max(0, len(found) - rows) for found in lists),
                full_report=full_report,
            )
            if len(text) <= COMMENT_LIMIT:
                return text
        return _cut(text, labels["md_cut"].replace("{where}", full_report))


def _cut(text: str, last_line: str) -> str:
    """``text`` cut at a line end so that it and ``last_line`` fit in COMMENT_LIMIT (a document whose tables
    alone are too long even at one row each: thousands of frameworks' rows or gate reasons)."""
    room = COMMENT_LIMIT - len(last_line) - 2
    end = text.rfind("\n", 0, room)
    return text[:end if end > 0 else room] + "\n\n" + last_line


FORMAT = MarkdownFormat()
