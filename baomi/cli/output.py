"""Writing reports and the terminal summary of a scan."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from baomi.cli.common import fail
from baomi.reports import FORMATS, get_format


def parse_format_specs(specs: Sequence[str]) -> list[tuple[str, Path]]:
    """``FMT[:FILE]`` pairs; the file defaults to ``baomi-report.<ext>``."""
    out = []
    for spec in specs:
        name, _, file = spec.partition(":")
        if name not in FORMATS:
            fail(f"unknown report format {name!r} (choose from {', '.join(FORMATS)})")
        out.append((name, Path(file) if file else Path(f"baomi-report.{get_format(name).extension}")))
    return out


def write_reports(document: dict[str, Any], specs: Sequence[tuple[str, Path]], lang: str) -> None:
    for name, path in specs:
        text = get_format(name).render(document, lang)
        try:
            if path.parent != Path("."):
                path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            fail(f"{path}: cannot write {name} report: {exc.strerror}")
        click.echo(f"wrote {name} report: {path}", err=True)


_LABELS = {
    "en": {"score": "Score", "coverage": "coverage", "controls": "controls assessed", "na": "not assessed",
           "framework": "Framework", "gate_pass": "Gate: passed", "gate_fail": "Gate: FAILED",
           "counts": "Findings"},
    "zh": {"score": "得分", "coverage": "覆盖率", "controls": "项控制已评估", "na": "未评估",
           "framework": "框架", "gate_pass": "门禁：通过", "gate_fail": "门禁：未通过",
           "counts": "检查结果"},
}


def _score_text(score: float | None, lang: str) -> str:
    return _LABELS[lang]["na"] if score is None else f"{score:5.1f}"


def print_summary(document: dict[str, Any], lang: str) -> None:
    """A short table for terminals and CI logs: overall score, each framework, counts, gate."""
    labels = _LABELS[lang]
    cov = document["coverage"]
    click.echo(f"{labels['score']}: {_score_text(document['score'], lang)} ({document['grade']}), "
               f"{labels['coverage']} {cov['assessed']}/{cov['mapped']} {labels['controls']}")
    width = max((len(f["id"]) for f in document["frameworks"]), default=10)
    for fw in document["frameworks"]:
        fcov = fw["coverage"]
        click.echo(f"  {fw['id']:<{width}}  {_score_text(fw['score'], lang):>6}  {fcov['assessed']:>2}/{fcov['mapped']:<2}"
                   f"  {fw['title'][lang]}")
    counts = document["counts"]
    click.echo(f"{labels['counts']}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    gate = document.get("gate")
    if gate is not None:
        if gate["passed"]:
            click.echo(labels["gate_pass"])
        else:
            click.echo(f"{labels['gate_fail']}: " + "; ".join(gate["reasons"]))
