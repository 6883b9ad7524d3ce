"""A short Markdown summary for a pull-request comment: verdict, failures by severity, what to fix first.

Everything that comes from scanned files is escaped, so that a resource name cannot break a table or
inject markup into the comment.
"""
from __future__ import annotations

import re
from typing import Any

from baomi.reports import rendering as results

#: rows per table: a pull-request comment has a size limit, the full list is in the HTML report
MAX_ROWS = 30

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


class MarkdownFormat:
    name = "markdown"
    extension = "md"

    def render(self, result: dict[str, Any], lang: str) -> str:
        return results.render_template(
            "report.md", result, lang,
            md=escape,
            fence=fence,
            max_rows=MAX_ROWS,
            failures=results.failures_by_severity(result),
            fixes=results.remediations(result),
            errors=results.with_status(result, "error"),
        )


FORMAT = MarkdownFormat()
