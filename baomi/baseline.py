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
    """Each finding of one scan by its fingerprint (``fingerprint_all``: no two of one scan share one)."""
    listed = list(findings)
    return dict(zip(fingerprint_all(listed, scanned), listed, strict=True))


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
            "location": None if f.location is None else {"file": f.location.file, "line": f.location.line},
            "account": f.account, "region": f.region, "message": f.message}


@dataclass(frozen=True)
class Comparison:
    """A scan against its baseline: the fingerprints of its new findings, the counts of each category, and the
    baseline's findings fixed since (as the baseline had them, with their status now: None when gone)."""

    baseline: Baseline
    #: the fingerprint of each finding of the scan compared
    prints: Mapping[Finding, str]
    new_keys: frozenset[str]
    counts: Mapping[str, int]
    fixed: tuple[Mapping[str, Any], ...]

    def is_new(self, finding: Finding) -> bool:
        """True for a finding of the scan compared that is open now and was not open in the baseline."""
        return self.prints.get(finding) in self.new_keys

    def new(self, findings: Iterable[Finding]) -> list[Finding]:
        """The new ones of ``findings`` (those of the scan compared)."""
        return [f for f in findings if self.is_new(f)]


def compare(baseline: Baseline, findings: Iterable[Finding], targets: Iterable[Mapping[str, Any]]) -> Comparison:
    """The findings of a scan (with the targets its document names) against the baseline."""
    listed = list(findings)
    prints = dict(zip(listed, fingerprint_all([_as_document(f) for f in listed], roots(targets)), strict=True))
    now = {key: _as_document(f) for f, key in prints.items()}
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
    new_keys = frozenset(key for key, f in now.items() if f["status"] in OPEN
                         and baseline.findings.get(key, {}).get("status") not in OPEN)
    counts["new"] = len(new_keys)
    fixed.sort(key=lambda e: (SEVERITY_RANK.get(e["severity"] or "", 4), e["check_id"], e["resource"],
                              e["fingerprint"]))
    return Comparison(baseline, prints, new_keys, counts, tuple(fixed))


def _fixed_entry(key: str, old: Mapping[str, Any], current: Mapping[str, Any] | None) -> dict[str, Any]:
    location = old.get("location") or None
    return {"fingerprint": key, "check_id": old["check_id"], "severity": old.get("severity"),
            "source": old["source"], "resource": old["resource"],
            "location": None if location is None else {"file": location["file"], "line": location.get("line")},
            "status": None if current is None else current["status"]}
