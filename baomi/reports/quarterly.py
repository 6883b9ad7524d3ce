"""The quarterly compliance report as one self-contained HTML page (docs/quarterly.md), in Chinese or English.

It renders the data of ``baomi/history/quarterly.py`` (plain JSON-able data, never history objects). No script:
the trends are inline SVG and the page is read, printed or turned into a PDF as it is; its Content-Security-
Policy allows no network access and no script. Print CSS puts the executive summary alone on the first A4 page.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baomi import __version__
from baomi.reports import rendering

#: the sparkline's size in CSS pixels, and its inner margin
_WIDTH, _HEIGHT, _PAD = 112.0, 24.0, 3.0


@dataclass(frozen=True)
class Sparkline:
    """An inline SVG trend of one clause's score per quarter: polylines over the quarters with a score (a gap
    where there is none), a dot on the last one, and a text alternative."""

    segments: tuple[str, ...]
    last: tuple[float, float] | None
    label: str
    width: float = _WIDTH
    height: float = _HEIGHT


def sparkline(quarters: Sequence[str], scores: Sequence[float | None], not_assessed: str) -> Sparkline:
    """The sparkline of ``scores`` (0-100, None: no score that quarter) over ``quarters``."""
    step = (_WIDTH - 2 * _PAD) / max(1, len(scores) - 1)
    segments: list[list[str]] = [[]]
    last = None
    for index, score in enumerate(scores):
        if score is None:
            if segments[-1]:
                segments.append([])
            continue
        x = _PAD + index * step
        y = _PAD + (100.0 - max(0.0, min(100.0, score))) / 100.0 * (_HEIGHT - 2 * _PAD)
        segments[-1].append(f"{x:.1f},{y:.1f}")
        last = (round(x, 1), round(y, 1))
    label = " · ".join(f"{q} {not_assessed if s is None else f'{s:.1f}'}" for q, s in zip(quarters, scores,
                                                                                             strict=True))
    return Sparkline(tuple(" ".join(points) for points in segments if points), last, label)


def render(report: Mapping[str, Any], lang: str) -> str:
    """The whole page for the quarterly data ``report`` in ``lang`` (zh or en)."""
    from markupsafe import Markup

    labels = rendering.labels(lang)
    method = labels["q_method_text"].format(horizon=report["horizon_days"],
                                            **report["remediation"]["sla_days"])
    return rendering.render_template(
        "quarterly.html", dict(report), lang,
        css=Markup(rendering.template_text("report.css") + rendering.template_text("quarterly.css")),
        sparklines=[sparkline(report["quarters"], cl["trend"], labels["q_not_assessed_score"])
                    for cl in report["clauses"]],
        changed=sum(1 for cl in report["clauses"] if cl["changed"]),
        method=method,
        tool_version=__version__,
        delta=_delta,
    )


def _delta(value: float | int | None) -> str:
    """A change as the report shows it: +3.0, -1.5, 0.0, or — where there is nothing to compare."""
    if value is None:
        return "—"
    return f"{value:+d}" if isinstance(value, int) else f"{value:+.1f}"
