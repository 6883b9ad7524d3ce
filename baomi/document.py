"""Build the canonical results document (docs/results-format.md) from findings and their scores.

Every report format renders this document, and ``baomi merge`` reads findings back from it, so it is
the one place where internal objects become data.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baomi import __version__
from baomi.catalog import Catalog, Text
from baomi.gate import GateResult
from baomi.model import Finding, Location, Status
from baomi.scoring import Counts, Scorecard, grade

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Target:
    """What was scanned, for the report header: a path, an account, a database endpoint."""

    source: str
    target: str


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _text(text: Text) -> dict[str, str]:
    return text.as_dict()


def _finding_dict(catalog: Catalog, f: Finding) -> dict[str, Any]:
    spec = catalog.check.get(f.check_id)
    remediation = None
    if spec is not None:
        remediation = spec.remediation.text.as_dict()
        if spec.remediation.terraform:
            remediation["terraform"] = spec.remediation.terraform
    return {
        "check_id": f.check_id,
        "title": _text(spec.title) if spec else {"zh": "输入无法读取", "en": "Input could not be read"},
        "status": f.status.value,
        "severity": spec.severity.value if spec else None,
        "controls": list(spec.controls) if spec else [],
        "source": f.source,
        "resource": f.resource,
        "location": None if f.location is None else {
            "file": f.location.file, "line": f.location.line, "end_line": f.location.end_line},
        "account": f.account,
        "region": f.region,
        "message": f.message,
        "suppression": f.suppression,
        "remediation": remediation,
    }


def build(
    catalog: Catalog,
    scorecard: Scorecard,
    findings: Sequence[Finding],
    targets: Iterable[Target],
    gate: GateResult | None = None,
    scanned_at: _dt.datetime | None = None,
) -> dict[str, Any]:
    """The results document; findings are sorted so that equal scans give equal documents."""
    when = scanned_at or _dt.datetime.now(_dt.timezone.utc)
    ordered = sorted(findings, key=_finding_order)
    # which inputs judged each check: one control shows its code, cloud and database evidence side by side
    sources: dict[str, set[str]] = {}
    for f in findings:
        sources.setdefault(f.check_id, set()).add(f.source)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "baomi", "version": __version__},
        "scanned_at": when.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "targets": [{"source": t.source, "target": t.target} for t in targets],
        "score": _round(scorecard.score),
        "grade": grade(scorecard.score),
        "coverage": {"assessed": scorecard.coverage.assessed, "mapped": scorecard.coverage.mapped},
        "counts": Counts.of(f.status for f in findings).as_dict(),
        "gate": None if gate is None else {"passed": gate.passed, "reasons": list(gate.reasons)},
        "frameworks": [
            {
                "id": fw.framework.id,
                "title": _text(fw.framework.title),
                "kind": fw.framework.kind,
                "score": _round(fw.score),
                "status": fw.status,
                "coverage": {"assessed": fw.coverage.assessed, "mapped": fw.coverage.mapped},
                "clauses": [
                    {
                        "id": cl.clause.id,
                        "title": _text(cl.clause.title),
                        "summary": _text(cl.clause.summary),
                        "score": _round(cl.score),
                        "status": cl.status,
                        "controls": list(cl.clause.controls),
                    }
                    for cl in fw.clauses
                ],
            }
            for fw in scorecard.frameworks
        ],
        "controls": [
            {
                "id": c.control.id,
                "domain": c.control.domain,
                "weight": c.control.weight,
                "title": _text(c.control.title),
                "rationale": _text(c.control.rationale),
                "score": _round(c.score),
                "status": c.status,
                "checks": [
                    {
                        "id": ch.check.id,
                        "title": _text(ch.check.title),
                        "severity": ch.check.severity.value,
                        "sources": sorted(sources.get(ch.check.id, ())),
                        "score": _round(ch.score),
                        "status": ch.status,
                        "counts": ch.counts.as_dict(),
                    }
                    for ch in c.checks
                    if ch.counts.evaluated or ch.counts.suppressed or ch.counts.not_applicable
                ],
            }
            for c in scorecard.controls
        ],
        "findings": [_finding_dict(catalog, f) for f in ordered],
    }


_STATUS_ORDER = {Status.ERROR: 0, Status.FAIL: 1, Status.SUPPRESSED: 2, Status.PASS: 3, Status.NOT_APPLICABLE: 4}


def _finding_order(f: Finding) -> tuple[Any, ...]:
    file, line = (f.location.file, f.location.line or 0) if f.location else ("", 0)
    return (_STATUS_ORDER[f.status], f.source, file, line, f.resource, f.check_id)


def findings_of(document: Mapping[str, Any]) -> list[Finding]:
    """The findings of a results document, as the scan produced them (for merge and re-scoring)."""
    out = []
    for raw in document["findings"]:
        loc = raw.get("location")
        out.append(Finding(
            check_id=raw["check_id"],
            status=Status(raw["status"]),
            source=raw["source"],
            resource=raw["resource"],
            message=raw["message"],
            location=Location(loc["file"], loc.get("line"), loc.get("end_line")) if loc else None,
            account=raw.get("account"),
            region=raw.get("region"),
            suppression=raw.get("suppression"),
        ))
    return out


def targets_of(document: Mapping[str, Any]) -> list[Target]:
    return [Target(t["source"], t["target"]) for t in document.get("targets", [])]
