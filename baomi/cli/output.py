"""Writing reports and the terminal summary of a scan."""
from __future__ import annotations

import os
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
    _refuse_shared_files(out)
    return out


def _refuse_shared_files(specs: Sequence[tuple[str, Path]]) -> None:
    """Two reports written to one file would leave only the last, found out after the scan: refused
    before it, however the file is spelled (``r.html``, ``./r.html``, a symbolic link to it, a hard link)."""
    seen: dict[str, tuple[str, Path]] = {}
    for name, path in specs:
        key = _file_identity(path)
        if key in seen:
            other, other_path = seen[key]
            fail(f"--format {other}:{other_path} and --format {name}:{path} write the same file; give each "
                 f"report its own file (两个报告不能写入同一文件)")
        seen[key] = (name, path)


def _file_identity(path: Path) -> str:
    """The file a path names: device and inode when it exists, else its resolved absolute path."""
    try:
        info = os.stat(path)
        return f"inode:{info.st_dev}:{info.st_ino}"
    except OSError:
        return "path:" + os.path.normcase(os.path.realpath(path))


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
           "counts": "Findings", "errors": "Not evaluated ({n}, each fails the gate unless --allow-errors):",
           "more": "… and {n} more: {where}", "reports": "every one is in {files}",
           "no_reports": "write a report for the full list (--format html:report.html)",
           "and_more": " and {n} more", "evidenced": "clauses evidenced",
           "risk": "risk accepted: {n} finding(s) waived or skipped with a reason",
           "expiring": "Attestations expiring within 30 days: {items}"},
    "zh": {"score": "得分", "coverage": "覆盖率", "controls": "项控制已评估", "na": "未评估",
           "framework": "框架", "gate_pass": "门禁：通过", "gate_fail": "门禁：未通过",
           "counts": "检查结果", "errors": "未能评估（{n} 项，除非 --allow-errors，均使门禁不通过）：",
           "more": "… 另有 {n} 项：{where}", "reports": "完整列表见 {files}",
           "no_reports": "完整列表请生成报告（--format html:report.html）",
           "and_more": " 等 {n} 处", "evidenced": "条款有证据",
           "risk": "已接受风险：{n} 项发现已豁免或附理由跳过",
           "expiring": "30 天内到期的证明材料：{items}"},
}


def _score_text(score: float | None, lang: str) -> str:
    return _LABELS[lang]["na"] if score is None else f"{score:5.1f}"


#: groups of errors named on the terminal; the others are counted there and listed in the reports
MAX_ERROR_GROUPS = 10
#: longest line of the error list (a message may quote a path or a parser's words at length)
MAX_ERROR_LINE = 240


def error_lines(document: dict[str, Any], lang: str, reports: Sequence[Path] = ()) -> list[str]:
    """What could not be evaluated, named (check, where, why) rather than only counted: one line per
    check and message, whole inputs first, at most MAX_ERROR_GROUPS lines and a pointer to the reports."""
    from baomi.model import SOURCE_ERROR_CHECK
    from baomi.userfiles import clip

    labels = _LABELS[lang]
    errors = [f for f in document["findings"] if f["status"] == "error"]
    if not errors:
        return []
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for finding in sorted(errors, key=lambda f: f["check_id"] != SOURCE_ERROR_CHECK):
        groups.setdefault((finding["check_id"], finding["message"]), []).append(finding)
    lines = [labels["errors"].format(n=len(errors))]
    for (check, message), members in list(groups.items())[:MAX_ERROR_GROUPS]:
        where = _where(members[0]) + (labels["and_more"].format(n=len(members) - 1) if len(members) > 1 else "")
        shown = message if check == SOURCE_ERROR_CHECK else f"{check} {where}: {message}"
        lines.append("  " + clip(shown, MAX_ERROR_LINE))
    pointer = (labels["reports"].format(files=", ".join(str(p) for p in reports)) if reports
               else labels["no_reports"])
    rest = len(groups) - MAX_ERROR_GROUPS
    lines.append("  " + (labels["more"].format(n=rest, where=pointer) if rest > 0 else pointer))
    return lines


def _where(finding: dict[str, Any]) -> str:
    location = finding.get("location") or {}
    file, line = location.get("file"), location.get("line")
    place = f"{file}:{line}" if file and line else file
    resource = finding["resource"]
    return resource if not place or place == resource else f"{resource} ({place})"


#: the columns of the framework lines: score, grade, clauses evidenced / applicable, controls assessed / mapped
_COLUMNS = {"en": ("framework", "score", "grade", "clauses", "controls"),
            "zh": ("框架", "得分", "等级", "条款", "控制项")}


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    gap = " " * max(0, width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))
    return gap + text if right else text + gap


def print_summary(document: dict[str, Any], lang: str, reports: Sequence[Path] = ()) -> None:
    """A short table for terminals and CI logs: overall score, each framework, counts, what could not be
    evaluated (named, see error_lines), gate."""
    labels = _LABELS[lang]
    cov = document["coverage"]
    evidence = document.get("evidence")  # absent in a 1.0 document
    shown = "" if evidence is None else (f", {evidence['clauses_evidenced']}/{evidence['clauses_applicable']} "
                                         f"{labels['evidenced']}")
    click.echo(f"{labels['score']}: {_score_text(document['score'], lang)} ({document['grade']}){shown}, "
               f"{labels['coverage']} {cov['assessed']}/{cov['mapped']} {labels['controls']}")
    width = max((len(f["id"]) for f in document["frameworks"]), default=10)
    if document["frameworks"] and "evidence" in document["frameworks"][0]:
        name, score, grade, clauses, controls = _COLUMNS[lang]
        click.echo(f"  {_pad(name, width)}  {_pad(score, 6, right=True)}  {_pad(grade, 3)} "
                   f"{_pad(clauses, 7, right=True)}  {controls}")
    for fw in document["frameworks"]:
        fcov = fw["coverage"]
        clauses = "" if "evidence" not in fw else (
            f"  {fw['grade']:<3} {fw['evidence']['clauses_evidenced']:>3}/{fw['evidence']['clauses_applicable']:<3}")
        click.echo(f"  {fw['id']:<{width}}  {_score_text(fw['score'], lang):>6}{clauses}  "
                   f"{fcov['assessed']:>2}/{fcov['mapped']:<2}"
                   f"  {fw['title'][lang]}")
    counts = document["counts"]
    click.echo(f"{labels['counts']}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    accepted = document.get("risk_accepted", {}).get("findings", 0)
    if accepted:
        click.echo(labels["risk"].format(n=accepted))
    soon = [a for a in document.get("attestations", ()) if a["expiring_soon"]]
    if soon:
        click.echo(labels["expiring"].format(items=", ".join(f"{a['check_id']} ({a['expires']})" for a in soon)))
    for line in error_lines(document, lang, reports):
        click.echo(line)
    gate = document.get("gate")
    if gate is not None:
        if gate["passed"]:
            click.echo(labels["gate_pass"])
        else:
            click.echo(f"{labels['gate_fail']}: " + "; ".join(gate["reasons"]))
