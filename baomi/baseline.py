"""Baseline mode: which findings of a scan are new against an earlier scan (docs/baseline.md).

``baomi scan --baseline FILE|history:RUN`` gates on what a change brings, not on what the estate already had: a
finding is *new* when it is open now (failed, or could not be evaluated) and was not open in the baseline
(absent, passed, not applicable or waived there); *fixed* when it was open in the baseline and is not open now
(passed, not applicable, or gone); *waived* when it was open and is suppressed now; *unchanged* when open in both.
Findings are matched by fingerprint (``baomi/fingerprint.py``: no line number, paths relative to the scanned
path), as ``baomi diff`` matches them (``history/diff.py`` uses ``by_fingerprint`` and ``OPEN`` from here).

Pure functions over findings as the results document writes them, below the gate and the document builder, so
that the pipeline compares, the gate counts only the new findings and the document records the comparison; the
history is not needed (a run read from it is one more results document).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baomi.fingerprint import Root, fingerprint_all, roots
from baomi.model import Finding

#: statuses of a finding still to be dealt with
OPEN = frozenset({"fail", "error"})
CATEGORIES = ("new", "fixed", "waived", "unchanged")
#: most severe first; a finding without severity (a source error) after these
SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def by_fingerprint(findings: Iterable[Mapping[str, Any]], scanned: Sequence[Root]) -> dict[str, Mapping[str, Any]]:
    """Each finding of one scan by its fingerprint (``fingerprint_all``: no two of one scan share one). A run read
    from the history carries the fingerprints recorded with it (its document lacks what they were made of, the
    findings' items); where a run recorded before ``fingerprint_all`` has one twice, an open finding wins."""
    listed = list(findings)
    recorded = [f.get("fingerprint") for f in listed]
    if not listed or not all(isinstance(p, str) for p in recorded):
        return dict(zip(fingerprint_all(listed, scanned), listed, strict=True))
    out: dict[str, Mapping[str, Any]] = {}
    for key, finding in zip(recorded, listed, strict=True):
        if key not in out or (out[key]["status"] not in OPEN and finding["status"] in OPEN):
            out[str(key)] = finding
    return out


@dataclass(frozen=True)
class Baseline:
    """The scan compared against: what it was (a file's path, ``run 12``), when it was scanned, and its
    findings by fingerprint."""

    label: str
    run: int | None
    scanned_at: str
    schema_version: str
    findings: Mapping[str, Mapping[str, Any]]

    @classmethod
    def of(cls, document: Mapping[str, Any], label: str) -> Baseline:
        """The baseline of a results document (a results file, or a recorded run as ``store.run`` reads it)."""
        run = document.get("run")
        return cls(label=label, run=None if not isinstance(run, Mapping) else int(run["id"]),
                   scanned_at=str(document["scanned_at"]), schema_version=str(document["schema_version"]),
                   findings=by_fingerprint(document["findings"], roots(document.get("targets", ()))))


def _as_document(f: Finding) -> dict[str, Any]:
    """What the fingerprint reads of a finding, as the results document writes it."""
    return {"check_id": f.check_id, "status": f.status.value, "source": f.source, "resource": f.resource,
            "location": None if f.location is None else {
                "file": f.location.file, "line": f.location.line, "end_line": f.location.end_line},
            "account": f.account, "region": f.region, "message": f.message, "suppression": f.suppression,
            **({} if f.item is None else {"item": f.item})}


@dataclass(frozen=True)
class Comparison:
    """A scan against its baseline: its findings with their fingerprints and whether each is new (by position:
    two findings alike are two findings), the counts of each category, and the baseline's findings fixed since
    (as the baseline had them, with their status now: None when gone)."""

    baseline: Baseline
    #: the findings of the scan compared, in the order given to ``compare``
    findings: tuple[Finding, ...]
    #: the fingerprint of each of ``findings``, by position
    prints: tuple[str, ...]
    #: whether each of ``findings`` is new, by position
    new_at: tuple[bool, ...]
    counts: Mapping[str, int]
    fixed: tuple[Mapping[str, Any], ...]

    def new(self) -> list[Finding]:
        """The new findings of the scan compared: open now and not open in the baseline."""
        return [f for f, is_new in zip(self.findings, self.new_at, strict=True) if is_new]


def compare(baseline: Baseline, findings: Iterable[Finding], targets: Iterable[Mapping[str, Any]]) -> Comparison:
    """The findings of a scan (with the targets its document names) against the baseline."""
    listed = tuple(findings)
    documents = [_as_document(f) for f in listed]
    prints = tuple(fingerprint_all(documents, roots(targets)))
    now = dict(zip(prints, documents, strict=True))
    counts = dict.fromkeys(CATEGORIES, 0)
    fixed: list[dict[str, Any]] = []
    for key, old in baseline.findings.items():
        if old["status"] not in OPEN:
            continue
        current = now.get(key)
        if current is None or current["status"] not in OPEN:
            if current is not None and current["status"] == "suppressed":
                counts["waived"] += 1
            else:
                counts["fixed"] += 1
                fixed.append(_fixed_entry(key, old, current))
        else:
            counts["unchanged"] += 1
    new_at = tuple(f["status"] in OPEN and baseline.findings.get(key, {}).get("status") not in OPEN
                   for key, f in zip(prints, documents, strict=True))
    counts["new"] = sum(new_at)
    fixed.sort(key=lambda e: (SEVERITY_RANK.get(e["severity"] or "", 4), e["check_id"], e["resource"],
                              e["fingerprint"]))
    return Comparison(baseline, listed, prints, new_at, counts, tuple(fixed))


def _fixed_entry(key: str, old: Mapping[str, Any], current: Mapping[str, Any] | None) -> dict[str, Any]:
    location = old.get("location") or None
    return {"fingerprint": key, "check_id": old["check_id"], "severity": old.get("severity"),
            "source": old["source"], "resource": old["resource"],
            "location": None if location is None else {"file": location["file"], "line": location.get("line")},
            "status": None if current is None else current["status"]}
