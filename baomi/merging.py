"""Which findings of several results documents ``baomi merge`` counts.

Each document is one scan. Findings are identified by the scan they come from plus check and
resource, so two repositories whose code yields identical findings (the same ``main.tf`` in two
checkouts) are two findings, never one: the documents are concatenated, not de-duplicated.

What an auditor must not get is a stale and a fresh verdict on the same thing counted side by side
(yesterday's FAIL next to today's PASS of one bucket). Where the identity of what was scanned is
certain, the newest scan wins and the user is told:

- **AWS accounts** (account ID of each live finding): the newest scan of an account replaces every
  finding of that account in older documents. Two scans of one account made at the same second that
  disagree are refused (:class:`MergeError`): nothing says which to keep.
- **The same document twice** (same time, targets and findings): counted once.
- **Paths and database endpoints** are names given on a command line (``.`` in every CI checkout): the
  same name in two documents may well be two repositories, so both are kept and a note says so.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from baomi.document import Target
from baomi.model import Finding


class MergeError(ValueError):
    """The documents cannot be merged without guessing; the message is one line."""


@dataclass(frozen=True)
class Scan:
    """One results document: where it was read from, when it was scanned, what it found."""

    name: str
    scanned_at: str
    targets: tuple[Target, ...]
    findings: tuple[Finding, ...]

    @property
    def when(self) -> _dt.datetime:
        return _dt.datetime.fromisoformat(self.scanned_at.replace("Z", "+00:00"))

    def accounts(self) -> set[str]:
        return {f.account for f in self.findings if f.source == "aws" and f.account}


@dataclass(frozen=True)
class Merged:
    findings: list[Finding]
    targets: list[Target]
    notes: list[str] = field(default_factory=list)


def merge(scans: Sequence[Scan]) -> Merged:
    """The findings to score: every document's own, older scans of an AWS account left out."""
    notes: list[str] = []
    kept = _without_repeats(scans, notes)
    dropped: dict[int, set[str]] = {}  # document index -> accounts whose findings it loses
    for account in sorted({a for scan in kept for a in scan.accounts()}):
        holders = [i for i, scan in enumerate(kept) if account in scan.accounts()]
        if len(holders) < 2:
            continue
        newest = max(kept[i].when for i in holders)
        latest = [i for i in holders if kept[i].when == newest]
        if len(latest) > 1 and len({_account_findings(kept[i], account) for i in latest}) > 1:
            names = " and ".join(kept[i].name for i in latest)
            raise MergeError(f"{names} both hold a scan of AWS account {account} made at {kept[latest[0]].scanned_at} "
                             "with different findings: cannot tell which is newer; merge only one of them")
        winner = latest[0]
        older = [i for i in holders if i != winner]
        for i in older:
            dropped.setdefault(i, set()).add(account)
        notes.append(f"AWS account {account} was scanned more than once: kept the newest scan "
                     f"({kept[winner].scanned_at}, {kept[winner].name}); left out the findings of "
                     f"{', '.join(f'{kept[i].name} ({kept[i].scanned_at})' for i in older)}")
    notes += _shared_names(kept)
    findings = [f for i, scan in enumerate(kept) for f in scan.findings
                if not (f.source == "aws" and f.account in dropped.get(i, ()))]
    targets = list(dict.fromkeys(t for scan in kept for t in scan.targets))
    return Merged(findings, targets, notes)


def _account_findings(scan: Scan, account: str) -> frozenset[tuple[Finding, int]]:
    counted = Counter(f for f in scan.findings if f.source == "aws" and f.account == account)
    return frozenset(counted.items())


def _without_repeats(scans: Sequence[Scan], notes: list[str]) -> list[Scan]:
    """The documents, each distinct one once (the same file named twice, or a copy of it)."""
    seen: dict[tuple[str, tuple[Target, ...], frozenset[tuple[Finding, int]]], str] = {}
    kept = []
    for scan in scans:
        key = (scan.scanned_at, tuple(sorted(set(scan.targets), key=lambda t: (t.source, t.target))),
               frozenset(Counter(scan.findings).items()))
        if key in seen:
            notes.append(f"{scan.name} is the same scan as {seen[key]}: counted once")
            continue
        seen[key] = scan.name
        kept.append(scan)
    return kept


def _shared_names(scans: Sequence[Scan]) -> list[str]:
    """A note for each path or endpoint name that several documents scanned: kept apart, as they may be
    different inputs that share a name (every CI checkout is ``.``)."""
    holders: dict[Target, list[str]] = {}
    for scan in scans:
        for target in dict.fromkeys(scan.targets):
            if target.source != "aws":
                holders.setdefault(target, []).append(scan.name)
    return [f"{target.source} target {target.target!r} appears in {', '.join(names)}: their findings are all "
            "counted, as of different inputs; if these are two scans of the same input, merge only the newest"
            for target, names in holders.items() if len(names) > 1]
