"""Build the canonical results document (docs/results-format.md) from findings and their scores.

Every report format renders this document, and ``baomi merge`` reads findings back from it, so it is
the one place where internal objects become data.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from baomi import __version__, worktree
from baomi.baseline import Comparison
from baomi.catalog import Catalog, ClauseSpec, Text
from baomi.fingerprint import PATH_TARGETS
from baomi.gate import GateResult
from baomi.model import Attested, Finding, Location, Status
from baomi.scoring import ClauseScore, Counts, Evidence, FrameworkScore, Scorecard
from baomi.settings import Profile
from baomi.worktree import Placement

#: 1.1 added clause compliance and evidence, framework grades, attestations, accepted risk and the profile;
#: 1.2 the baseline a scan was compared with and each finding's ``new``, and each scanned path's root; older
#: documents are read as they are (docs/results-format.md)
SCHEMA_VERSION = "1.2"
#: attestations ending this many days after the scan are listed as expiring
EXPIRING_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Target:
    """What was scanned, for the report header: a path, an account, a database endpoint. A path carries its
    root (the git work tree holding it, else itself), so that reports name files from the repository root; it
    does not make two targets different."""

    source: str
    target: str
    root: Placement | None = field(default=None, compare=False)

    @classmethod
    def scanned(cls, source: str, target: str) -> Target:
        """A target of this scan, placed in its work tree when it is a path."""
        return cls(source, target, worktree.place(target) if source in PATH_TARGETS else None)


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
        **({} if f.attested is None else {"attestation": asdict(f.attested)}),
        **({} if f.item is None else {"item": f.item}),
    }


def build(
    catalog: Catalog,
    scorecard: Scorecard,
    findings: Sequence[Finding],
    targets: Iterable[Target],
    gate: GateResult | None = None,
    scanned_at: _dt.datetime | None = None,
    profile: Profile | None = None,
    baseline: Comparison | None = None,
) -> dict[str, Any]:
    """The results document; findings are sorted so that equal scans give equal documents. Compared with a
    baseline, it says so (``baseline``) and marks each finding ``new`` or not."""
    when = scanned_at or _dt.datetime.now(_dt.timezone.utc)
    if baseline is not None and tuple(findings) != baseline.findings:
        raise ValueError("the comparison is of other findings than the document's")
    # positions, not findings: two findings alike may be one new and one not (Comparison.new_at)
    positions = sorted(range(len(findings)), key=lambda i: _finding_order(findings[i]))
    ordered = [findings[i] for i in positions]
    # which inputs judged each check: one control shows its code, cloud and database evidence side by side
    sources: dict[str, set[str]] = {}
    for f in findings:
        sources.setdefault(f.check_id, set()).add(f.source)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "baomi", "version": __version__},
        "scanned_at": when.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "targets": [{"source": t.source, "target": t.target, **({"root": t.root.as_dict()} if t.root else {})}
                    for t in targets],
        "score": _round(scorecard.score),
        "grade": scorecard.grade,
        "coverage": {"assessed": scorecard.coverage.assessed, "mapped": scorecard.coverage.mapped},
        "evidence": _evidence(scorecard.evidence),
        "counts": Counts.of(f.status for f in findings).as_dict(),
        "risk_accepted": _risk_accepted(catalog, findings),
        "profile": asdict(profile or Profile()),
        "gate": None if gate is None else {
            "passed": gate.passed, "reasons": list(gate.reasons),
            "details": [{"code": r.code, "values": dict(r.values)} for r in gate.details]},
        "frameworks": [
            {
                "id": fw.framework.id,
                "title": _text(fw.framework.title),
                "kind": fw.framework.kind,
                "score": _round(fw.score),
                "grade": fw.grade,
                "status": fw.status,
                "coverage": {"assessed": fw.coverage.assessed, "mapped": fw.coverage.mapped},
                "evidence": _evidence(fw.evidence),
                "compliance": _compliance_counts(fw),
                "citation": {"reference": fw.framework.reference or None, "version": fw.framework.version,
                             "effective": fw.framework.effective, "status": fw.framework.status},
                "clauses": [_clause(cl) for cl in fw.clauses],
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
        "findings": [_finding_dict(catalog, findings[i]) if baseline is None else
                     {**_finding_dict(catalog, findings[i]), "new": baseline.new_at[i]} for i in positions],
        "attestations": _attestations(catalog, ordered, when.date()),
        **({} if baseline is None else {"baseline": _baseline(baseline)}),
    }


def _baseline(comparison: Comparison) -> dict[str, Any]:
    """What the scan was compared with, how many findings are new, fixed, waived and unchanged, and the fixed
    ones (the new ones are the findings marked ``new``)."""
    base = comparison.baseline
    return {"label": base.label, "run": base.run, "scanned_at": base.scanned_at,
            "schema_version": base.schema_version, "counts": dict(comparison.counts),
            "fixed": [dict(entry) for entry in comparison.fixed]}


def _evidence(evidence: Evidence) -> dict[str, int]:
    return {"clauses_evidenced": evidence.evidenced, "clauses_applicable": evidence.applicable}


def _compliance_counts(fw: FrameworkScore) -> dict[str, int]:
    counts = dict.fromkeys(("compliant", "partially_compliant", "non_compliant", "not_assessed", "not_applicable"), 0)
    for clause in fw.clauses:
        counts[clause.compliance] += 1
    return counts


def _clause(cl: ClauseScore) -> dict[str, Any]:
    spec: ClauseSpec = cl.clause
    return {
        "id": spec.id,
        "title": _text(spec.title),
        "summary": _text(spec.summary),
        "score": _round(cl.score),
        "status": cl.status,
        "controls": list(spec.controls),
        "compliance": cl.compliance,
        "evidenced": {"controls": cl.evidenced, "of": len(spec.controls)},
        "applicability": None if cl.applicability_note is None else _text(cl.applicability_note),
        "risk_accepted": cl.risk_accepted,
        "aliases": list(spec.aliases),
        "obligation": spec.obligation,
        "source": None if spec.source is None else {
            "zh": spec.source.zh, "en": spec.source.en, "location": spec.source.location,
            "verified": spec.source.verified, "note": spec.source.note},
        "evidence_requested": None if spec.evidence is None else _text(spec.evidence),
    }


def _risk_accepted(catalog: Catalog, findings: Sequence[Finding]) -> dict[str, Any]:
    """Findings accepted as a risk (waived, or skipped in code with a reason), by severity: shown beside the
    score, since they leave it."""
    by_severity = dict.fromkeys(("critical", "high", "medium", "low"), 0)
    for f in findings:
        spec = catalog.check.get(f.check_id)
        if f.status is Status.SUPPRESSED and spec is not None:
            by_severity[spec.severity.value] += 1
    return {"findings": sum(by_severity.values()), "by_severity": by_severity}


def _attestations(catalog: Catalog, findings: Sequence[Finding], today: _dt.date) -> list[dict[str, Any]]:
    """Every attestation judged, with its verdict, and whether it ends within EXPIRING_WITHIN_DAYS."""
    soon = today + _dt.timedelta(days=EXPIRING_WITHIN_DAYS)
    out = []
    for f in findings:
        if f.attested is None:
            continue
        spec = catalog.check.get(f.check_id)
        expires = _dt.date.fromisoformat(f.attested.expires)
        out.append({"check_id": f.check_id, "controls": list(spec.controls) if spec else [],
                    "status": f.status.value, **asdict(f.attested),
                    "expiring_soon": today <= expires <= soon})
    return sorted(out, key=lambda a: (a["expires"], a["check_id"]))


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
            attested=Attested(**raw["attestation"]) if raw.get("attestation") else None,
            item=raw.get("item"),
        ))
    return out


def profile_of(document: Mapping[str, Any]) -> Profile | None:
    """The institution profile a document was scored for (None in a 1.0 document)."""
    raw = document.get("profile")
    return None if raw is None else Profile(**raw)


def targets_of(document: Mapping[str, Any]) -> list[Target]:
    return [Target(t["source"], t["target"], Placement(**t["root"]) if t.get("root") else None)
            for t in document.get("targets", [])]
