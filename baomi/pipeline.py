"""The assessment as a library: a typed request in, an ``Assessment`` out (docs/api.md).

The stages run in one direction: the sources asked for collect facts, each source's engines judge them
with the selected checks, waivers qualify the findings, scoring aggregates them, the gate decides, and the
results document is built. The click commands (``baomi scan``, ``baomi merge``) only turn their options
into a request and print what comes back; reports render ``Assessment.document``.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from baomi import baseline as baselines
from baomi import document as results
from baomi import scoring
from baomi import waivers as waiver_rules
from baomi.catalog import Catalog, CheckSpec
from baomi.document import Target
from baomi.gate import GatePolicy, GateResult, evaluate
from baomi.merging import Scan, merge
from baomi.model import EvidenceFile, Finding
from baomi.settings import Settings
from baomi.sources.interface import ScanInputs, Source, SourceError, SourcePlugin

if TYPE_CHECKING:
    from baomi.engines.interface import Engine

__all__ = [
    "Assessment", "AssessmentRequest", "PlannedSource", "ScanInputs", "SourceError", "Target", "assess", "judge",
    "plan", "reassess",
]

#: told the label of each planned source as its scan starts ("live AWS account"); the CLI shows a progress line
Progress = Callable[[str], None]


@dataclass(frozen=True)
class PlannedSource:
    """A source to run, the engines it serves, and how the report names what it scanned."""

    source: Source
    engines: tuple[str, ...]
    targets: tuple[Target, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class AssessmentRequest:
    """What to assess and how: the sources, the catalog and frameworks to score against, the settings
    checks read, the waivers in force and the gate (None: no gate)."""

    sources: tuple[PlannedSource, ...]
    catalog: Catalog
    #: framework IDs to score against; empty means every framework of the catalog
    frameworks: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    waivers: tuple[waiver_rules.Waiver, ...] = ()
    gate: GatePolicy | None = field(default_factory=GatePolicy)
    #: language of the gate's reasons
    lang: str = "en"
    #: the day waivers are judged on (default: today)
    today: _dt.date | None = None
    #: baseline mode (docs/baseline.md): the gate judges only the findings not open in this earlier scan
    baseline: baselines.Baseline | None = None


@dataclass(frozen=True)
class Assessment:
    """Findings (waivers applied), their scores, the gate's verdict and the results document."""

    findings: tuple[Finding, ...]
    scorecard: scoring.Scorecard
    gate: GateResult | None
    document: dict[str, Any]
    #: what the scan read, for an examiner's evidence bundle (``baomi evidence``, docs/evidence.md): IaC files'
    #: hashes, facts as collected (secrets redacted), attestations and their evidence files
    evidence: tuple[EvidenceFile, ...] = ()

    @property
    def passed(self) -> bool:
        """True when the gate passed or there was no gate."""
        return self.gate is None or self.gate.passed


def plan(inputs: ScanInputs, plugins: Sequence[SourcePlugin] | None = None) -> tuple[PlannedSource, ...]:
    """The sources ``inputs`` ask for, built by their plugins, in the order they run."""
    if plugins is None:
        from baomi.sources.registry import plugins as registered

        plugins = registered()
    return tuple(PlannedSource(p.build(inputs), p.engines,
                               tuple(Target.scanned(s, t) for s, t in p.targets(inputs)), p.label)
                 for p in plugins if p.asked(inputs))


def selected_checks(catalog: Catalog, frameworks: Sequence[str]) -> list[CheckSpec]:
    """The checks that serve a control of the frameworks scored: a scan never runs what nothing scores."""
    mapped = {c for fid in frameworks for c in catalog.framework[fid].control_ids}
    return [c for c in catalog.checks if mapped.intersection(c.controls)]


def assess(request: AssessmentRequest, *, engines: Mapping[str, Engine] | None = None,
           progress: Progress | None = None) -> Assessment:
    """Run every planned source through its engines and conclude. SourceError when a source cannot be
    read at all; every lesser fault is an ERROR finding in the result. ``prepare()`` of every source runs
    first, before anything is scanned (a password prompt must not wait behind a scan)."""
    frameworks = _frameworks(request.catalog, request.frameworks)
    checks = selected_checks(request.catalog, frameworks)
    if engines is None:
        from baomi.engines import registry

        registry.check_catalog(request.catalog)
        engines = registry.build()
    for planned in request.sources:
        planned.source.prepare()
    findings: list[Finding] = []
    evidence: list[EvidenceFile] = []
    for planned in request.sources:
        if progress is not None:
            progress(planned.label or planned.source.name)
        found, shown = _judged(planned.source, [c for c in checks if c.engine in planned.engines],
                               request.settings, engines)
        findings += found
        evidence += shown
    targets = [t for p in request.sources for t in p.targets]
    return replace(conclude(request, findings, targets), evidence=numbered(evidence))


def judge(source: Source, checks: Sequence[CheckSpec], settings: Settings,
          engines: Mapping[str, Engine] | None = None) -> list[Finding]:
    """One source's findings: what it could not read, then its engines' verdicts on what it collected."""
    return _judged(source, checks, settings, engines)[0]


def _judged(source: Source, checks: Sequence[CheckSpec], settings: Settings,
            engines: Mapping[str, Engine] | None = None) -> tuple[list[Finding], tuple[EvidenceFile, ...]]:
    """``judge``, and then what the source says the scan read from it (its ``evidence``, when it has one)."""
    if engines is None:
        from baomi.engines import registry

        engines = registry.build()
    collected = source.collect(checks, settings)
    findings = list(collected.findings)
    for item in collected.facts:
        engine = engines.get(item.engine)
        if engine is None:
            raise SourceError(f"{source.name}: no engine {item.engine!r} to judge what it collected")
        findings += engine.judge(item.facts, [c for c in checks if c.engine == item.engine], settings)
    shows = getattr(source, "evidence", None)
    return findings, (tuple(shows(collected)) if callable(shows) else ())


#: the folders of the evidence whose files are numbered in the order of the scan
_NUMBERED = ("inputs/", "facts/")


def numbered(files: Iterable[EvidenceFile]) -> tuple[EvidenceFile, ...]:
    """The evidence files of every source, ``inputs/`` and ``facts/`` numbered in order (``inputs/1-aws-insecure.json``)
    and every path unique (a second ``attestations/a.yaml`` becomes ``attestations/a-2.yaml``)."""
    counts = dict.fromkeys(_NUMBERED, 0)
    taken: set[str] = set()
    out = []
    for file in files:
        path = file.path
        folder = next((f for f in _NUMBERED if path.startswith(f)), None)
        if folder is not None:
            counts[folder] += 1
            path = f"{folder}{counts[folder]}-{path[len(folder):]}"
        stem, dot, suffix = path.rpartition(".") if "." in path.rpartition("/")[2] else (path, "", "")
        copy = 2
        while path in taken:
            path = f"{stem}-{copy}{dot}{suffix}"
            copy += 1
        taken.add(path)
        out.append(file if path == file.path else replace(file, path=path))
    return tuple(out)


def conclude(request: AssessmentRequest, findings: Iterable[Finding], targets: Iterable[Target],
             scanned_at: _dt.datetime | None = None) -> Assessment:
    """Waive, score, compare with the baseline, gate and build the results document."""
    found = list(findings)
    targets = list(targets)
    if request.waivers:
        found = waiver_rules.apply(found, request.waivers, request.today or _dt.date.today())
    frameworks = _frameworks(request.catalog, request.frameworks)
    profile = request.settings.profile
    scorecard = scoring.score(request.catalog, found, frameworks, profile)
    comparison = None if request.baseline is None else baselines.compare(
        request.baseline, found, [{"source": t.source, "target": t.target} for t in targets])
    verdict = None if request.gate is None else evaluate(
        request.gate, request.catalog, found, scorecard.score, request.lang,
        None if comparison is None else comparison.new())
    document = results.build(request.catalog, scorecard, found, targets, verdict, scanned_at, profile, comparison)
    return Assessment(tuple(found), scorecard, verdict, document)


def reassess(documents: Sequence[tuple[str, Mapping[str, Any]]], request: AssessmentRequest) -> tuple[Assessment,
                                                                                                         list[str]]:
    """Several results documents (name, document) scored as one (``baomi merge``): the assessment and the
    notes on what was left out (older scans of an AWS account). MergeError when that cannot be decided.
    The documents' institution profile is kept when they agree on one; else every clause applies."""
    profiles = {results.profile_of(document) for _, document in documents}
    agreed = profiles.pop() if len(profiles) == 1 else None
    if agreed is not None:
        request = replace(request, settings=replace(request.settings, profile=agreed))
    scans = [Scan(name, document["scanned_at"], tuple(results.targets_of(document)),
                  tuple(results.findings_of(document))) for name, document in documents]
    merged = merge(scans)
    return conclude(request, merged.findings, merged.targets), merged.notes


def _frameworks(catalog: Catalog, ids: Sequence[str]) -> list[str]:
    unknown = [i for i in ids if i not in catalog.framework]
    if unknown:
        raise ValueError(f"unknown framework(s): {', '.join(unknown)}")
    return list(ids) or [f.id for f in catalog.frameworks]
