"""Writing reports and the terminal summary of a scan, in the language asked for (``baomi/i18n.py``).

The summary is for terminals and CI logs: what failed (severity, check, resource, file:line) and what could not
be evaluated, each capped with a pointer to the full report, then the gate. A report written to ``-`` takes
standard output, and everything else goes to standard error; colour only on a terminal and never with NO_COLOR.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from baomi import i18n
from baomi.cli.common import fail, pad
from baomi.reports import FORMATS, get_format

#: ``--format FMT:-``: the report goes to standard output
STDOUT = Path("-")


def parse_format_specs(specs: Sequence[str]) -> list[tuple[str, Path]]:
    """``FMT[:FILE]`` pairs; the file defaults to ``baomi-report.<ext>``, ``-`` is standard output (one report
    at most: two would be one unreadable stream)."""
    out = []
    for spec in specs:
        name, _, file = spec.partition(":")
        if name not in FORMATS:
            fail(f"unknown report format {name!r} (choose from {', '.join(FORMATS)})")
        out.append((name, Path(file) if file else Path(f"baomi-report.{get_format(name).extension}")))
    to_stdout = [f"{name}:-" for name, path in out if path == STDOUT]
    if len(to_stdout) > 1:
        fail(f"--format {' and --format '.join(to_stdout)}: only one report can go to standard output "
             f"(只能有一个报告写到标准输出)")
    _refuse_shared_files([(name, path) for name, path in out if path != STDOUT])
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


def use_colour(stream: IO[str], environ: Mapping[str, str] = os.environ) -> bool:
    """Colour for a terminal only, and never when NO_COLOR is set to anything (https://no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass(frozen=True)
class Console:
    """Where the summary goes (standard error when a report takes standard output) and whether it is coloured."""

    err: bool = False
    colour: bool = False
    quiet: bool = False

    @classmethod
    def of(cls, specs: Sequence[tuple[str, Path]] = (), quiet: bool = False) -> Console:
        err = any(path == STDOUT for _, path in specs)
        return cls(err, use_colour(sys.stderr if err else sys.stdout), quiet)

    def echo(self, line: str) -> None:
        """One line; click strips its styles unless colour is on."""
        click.echo(line, err=self.err, color=self.colour)


def write_reports(document: dict[str, Any], specs: Sequence[tuple[str, Path]], lang: str,
                  console: Console | None = None) -> None:
    """Each report to its file (or standard output), saying so on standard error unless quiet."""
    quiet = console is not None and console.quiet
    for name, path in specs:
        text = get_format(name).render(document, lang)
        if path == STDOUT:
            click.echo(text, nl=False)
            continue
        try:
            if path.parent != Path("."):
                path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            fail(f"{path}: cannot write {name} report: {exc.strerror}")
        if not quiet:
            kind = i18n.labels(lang).get(f"format_{name}", name)
            click.echo(i18n.text("term_wrote", lang, kind=kind, path=path), err=True)


def _score_text(score: float | None, lang: str) -> str:
    return i18n.text("status_not_assessed", lang) if score is None else f"{score:5.1f}"


#: groups of errors named on the terminal; the others are counted there and listed in the reports
MAX_ERROR_GROUPS = 10
#: failed findings named on the terminal (a CI log is read, not searched); the rest are in the reports
MAX_FAILURE_LINES = 20
#: longest line of the lists (a message may quote a path or a parser's words at length)
MAX_ERROR_LINE = 240
#: the colour of each severity's heading and of the gate's verdict
_STYLES: dict[str, dict[str, Any]] = {
    "critical": {"fg": "red", "bold": True}, "high": {"fg": "red"}, "medium": {"fg": "yellow"},
    "low": {"fg": "cyan"}, "passed": {"fg": "green", "bold": True}, "failed": {"fg": "red", "bold": True},
}


def _pointer(lang: str, reports: Sequence[Path]) -> str:
    """Where the full list is: the reports written (to files), or how to write one."""
    files = [str(p) for p in reports if p != STDOUT]
    if reports and not files:
        files = [i18n.text("term_stdout", lang)]
    return i18n.text("term_reports", lang, files=", ".join(files)) if files else i18n.text("term_no_reports", lang)


def failure_lines(document: Mapping[str, Any], lang: str, reports: Sequence[Path] = ()) -> list[str]:
    """The failed findings, most severe first, grouped by severity (check, resource, file:line and what it is
    about), at most MAX_FAILURE_LINES of them and a pointer to the reports for the rest."""
    from baomi.reports.rendering import failures_by_severity, finding_text
    from baomi.userfiles import clip

    groups = failures_by_severity(document)
    total = sum(len(found) for _, found in groups)
    if not total:
        return []
    lines = [i18n.text("term_failures", lang, n=total)]
    shown = 0
    for severity, found in groups:
        if shown >= MAX_FAILURE_LINES:
            break
        heading = i18n.text("term_group", lang, severity=i18n.severity(severity, lang), n=len(found))
        lines.append("  " + click.style(heading, **_STYLES.get(severity, {})))
        for finding in found[:MAX_FAILURE_LINES - shown]:
            lines.append("    " + clip(f"{finding['check_id']} {located(finding)}: {finding_text(finding, lang)}",
                                       MAX_ERROR_LINE))
            shown += 1
    if total > shown:
        lines.append("  " + i18n.text("term_more", lang, n=total - shown, where=_pointer(lang, reports)))
    return lines


def error_lines(document: Mapping[str, Any], lang: str, reports: Sequence[Path] = ()) -> list[str]:
    """What could not be evaluated, named (check, where, why) rather than only counted: one line per
    check and message, whole inputs first, at most MAX_ERROR_GROUPS lines and a pointer to the reports.
    In Chinese a check's title stands for the English detail, which the reports keep."""
    from baomi.model import SOURCE_ERROR_CHECK
    from baomi.reports.rendering import finding_text
    from baomi.userfiles import clip

    errors = [f for f in document["findings"] if f["status"] == "error"]
    if not errors:
        return []
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for finding in sorted(errors, key=lambda f: f["check_id"] != SOURCE_ERROR_CHECK):
        groups.setdefault((finding["check_id"], finding_text(finding, lang)), []).append(finding)
    lines = [i18n.text("term_errors", lang, n=len(errors))]
    for (check, text), members in list(groups.items())[:MAX_ERROR_GROUPS]:
        more = len(members) - 1
        where = located(members[0]) + (i18n.text("term_and_more", lang, n=more) if more else "")
        if check != SOURCE_ERROR_CHECK:
            shown = f"{check} {where}: {text}"
        else:  # the English message names the input; the Chinese title does not
            shown = text if lang == "en" else f"{text}: {where}"
        lines.append("  " + clip(shown, MAX_ERROR_LINE))
    rest = len(groups) - MAX_ERROR_GROUPS
    pointer = _pointer(lang, reports)
    lines.append("  " + (i18n.text("term_more", lang, n=rest, where=pointer) if rest > 0 else pointer))
    return lines


def located(finding: Mapping[str, Any]) -> str:
    """A finding's resource and where it is, ``resource (file:line)``, as every terminal line names it; the
    resource alone when it has no file or is the file itself."""
    location = finding.get("location") or {}
    file, line = location.get("file"), location.get("line")
    place = f"{file}:{line}" if file and line else file
    resource = str(finding["resource"])
    return resource if not place or place == resource else f"{resource} ({place})"


def gate_line(document: Mapping[str, Any], lang: str) -> str:
    """The gate's verdict and its reasons, or that no gate was asked for."""
    from baomi.reports.rendering import gate_reasons

    gate = document.get("gate")
    if gate is None:
        return i18n.text("term_gate_none", lang)
    if gate["passed"]:
        return click.style(i18n.text("term_gate_pass", lang), **_STYLES["passed"])
    return click.style(i18n.text("term_gate_fail", lang), **_STYLES["failed"]) + ": " + "; ".join(
        gate_reasons(document, lang))


def print_summary(document: dict[str, Any], lang: str, reports: Sequence[Path] = (),
                  console: Console | None = None) -> None:
    """A short account for terminals and CI logs: overall score, each framework, counts, the failed findings
    and what could not be evaluated (named, capped), the gate; quiet: the gate alone."""
    console = console or Console.of()
    if console.quiet:
        console.echo(gate_line(document, lang))
        return
    labels = i18n.section("term_", lang)
    cov = document["coverage"]
    evidence = document.get("evidence")  # absent in a 1.0 document
    shown = "" if evidence is None else (f", {evidence['clauses_evidenced']}/{evidence['clauses_applicable']} "
                                         f"{labels['evidenced']}")
    console.echo(f"{labels['score']}: {_score_text(document['score'], lang)} ({document['grade']}){shown}, "
                 f"{labels['coverage']} {cov['assessed']}/{cov['mapped']} {labels['controls']}")
    width = max((len(f["id"]) for f in document["frameworks"]), default=10)
    if document["frameworks"] and "evidence" in document["frameworks"][0]:
        name, score, grade, clauses, controls = (labels[f"col_{c}"] for c in
                                                 ("framework", "score", "grade", "clauses", "controls"))
        console.echo(f"  {pad(name, width)}  {pad(score, 6, right=True)}  {pad(grade, 3)} "
                     f"{pad(clauses, 7, right=True)}  {controls}")
    for fw in document["frameworks"]:
        fcov = fw["coverage"]
        clauses = "" if "evidence" not in fw else (
            f"  {fw['grade']:<3} {fw['evidence']['clauses_evidenced']:>3}/{fw['evidence']['clauses_applicable']:<3}")
        console.echo(f"  {fw['id']:<{width}}  {_score_text(fw['score'], lang):>6}{clauses}  "
                     f"{fcov['assessed']:>2}/{fcov['mapped']:<2}"
                     f"  {fw['title'][lang]}")
    counts = document["counts"]
    console.echo(f"{labels['counts']}: " + ", ".join(f"{i18n.status(k, lang)} {v}" for k, v in counts.items()))
    accepted = document.get("risk_accepted", {}).get("findings", 0)
    if accepted:
        console.echo(labels["risk"].format(n=accepted))
    soon = [a for a in document.get("attestations", ()) if a["expiring_soon"]]
    if soon:
        console.echo(labels["expiring"].format(items=", ".join(f"{a['check_id']} ({a['expires']})" for a in soon)))
    for line in [*failure_lines(document, lang, reports), *error_lines(document, lang, reports)]:
        console.echo(line)
    console.echo(gate_line(document, lang))
