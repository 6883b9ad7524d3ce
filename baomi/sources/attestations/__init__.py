"""Attestations as a source: what no configuration can show, recorded by the people who answer for it.

The file (docs/attestations.md) is validated on ``prepare()``: a malformed file, an unknown check or a date
that is not one stops the scan with one line (exit 2), as a settings or waivers file does. ``collect()``
reads every evidence file named and hashes it, so the attestation engine can tell a file that is gone or
changed since it was attested; nothing here judges whether an attestation holds (``checks/attestation``).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baomi.catalog import CheckSpec
from baomi.model import EvidenceFile
from baomi.settings import Settings
from baomi.sources.evidence import safe_name
from baomi.sources.interface import Collected, EngineFacts, SourceError
from baomi.sources.paths import display_path, why_unreadable

FREQUENCIES = ("monthly", "quarterly", "half_yearly", "yearly")

_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_TEXT = {"type": "string", "minLength": 1}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["attestations"],
    "additionalProperties": False,
    "properties": {
        "attestations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["check", "owner", "role", "statement", "done", "evidence"],
                "additionalProperties": False,
                "properties": {
                    "check": {"type": "string", "pattern": "^ATTEST_[A-Z0-9_]+$"},
                    "owner": _TEXT,
                    "role": _TEXT,
                    "statement": {"type": "string", "minLength": 10},
                    "done": _DATE,
                    "valid_until": _DATE,
                    "frequency": {"enum": list(FREQUENCIES)},
                    "evidence": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": False,
                        "dependentRequired": {"file": ["sha256"], "sha256": ["file"]},
                        "properties": {
                            "reference": _TEXT,
                            "url": {"type": "string", "pattern": "^https?://"},
                            "file": _TEXT,
                            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        },
                    },
                    "metrics": {
                        "type": "object",
                        "additionalProperties": {"type": "number", "minimum": 0},
                        "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
                    },
                    "third_parties": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["name", "assessed"],
                            "additionalProperties": False,
                            "properties": {"name": _TEXT, "assessed": _DATE},
                        },
                    },
                },
            },
        }
    },
}


@dataclass(frozen=True)
class Evidence:
    """What an attestation rests on; for a file, the hash recorded when attested and the one read now."""

    reference: str | None = None
    url: str | None = None
    file: str | None = None  # as shown in reports
    recorded_sha256: str | None = None
    #: the file's SHA-256 as read at scan time; None when it could not be read (``unreadable`` says why)
    actual_sha256: str | None = None
    unreadable: str | None = None

    def describe(self) -> str:
        return "; ".join(part for part in (self.reference, self.url, self.file) if part)


@dataclass(frozen=True)
class ThirdParty:
    name: str
    assessed: _dt.date


@dataclass(frozen=True)
class Attestation:
    check: str
    owner: str
    role: str
    statement: str
    done: _dt.date
    evidence: Evidence
    valid_until: _dt.date | None = None
    frequency: str | None = None
    metrics: Mapping[str, float] = field(default_factory=dict)
    third_parties: tuple[ThirdParty, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class AttestationFile:
    """The attestations one file records, as the attestation engine judges them."""

    path: str  # as shown in reports
    entries: tuple[Attestation, ...]

    def of(self, check_id: str) -> list[Attestation]:
        return [a for a in self.entries if a.check == check_id]


@dataclass
class AttestationSource:
    path: Path
    name: str = "attestations"
    _raw: list[dict[str, Any]] | None = field(default=None, init=False, repr=False)

    def prepare(self) -> None:
        """Validate the file: one line naming the file and the problem (exit 2) when it is not usable."""
        if self._raw is not None:
            return
        import jsonschema

        from baomi.catalog import load_catalog
        from baomi.userfiles import UserFileError, read_yaml, schema_problem

        try:
            data = _dates_as_text(read_yaml(self.path, "attestations file"))
        except UserFileError as exc:
            raise SourceError(str(exc)) from None
        error = next(iter(sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data),
                                 key=lambda e: list(e.absolute_path))), None)
        if error is not None:
            raise SourceError(f"{self.path}: {schema_problem(error)}")
        known = {c.id for c in load_catalog().checks_for("attestation")}
        for index, entry in enumerate(data["attestations"]):
            where = f"{self.path}: attestations[{index}]"
            if entry["check"] not in known:
                raise SourceError(f"{where}: unknown check {entry['check']} (see `baomi checks --source attestation`)")
            if ("valid_until" in entry) == ("frequency" in entry):
                raise SourceError(f"{where}: give either valid_until (a date) or frequency ({', '.join(FREQUENCIES)})"
                                  ", to say how long it holds")
            for key in ("done", "valid_until"):
                if key in entry:
                    _date(entry[key], f"{where}.{key}")
            for party in entry.get("third_parties", ()):
                _date(party["assessed"], f"{where}.third_parties")
        self._raw = data["attestations"]

    def collect(self, checks: Sequence[CheckSpec], settings: Settings) -> Collected:
        self.prepare()
        assert self._raw is not None
        text = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        entries = tuple(self._entry(raw, _line_of(text, raw["check"], i, self._raw))
                        for i, raw in enumerate(self._raw))
        return Collected((EngineFacts("attestation", AttestationFile(display_path(str(self.path)), entries)),))

    def evidence(self, collected: Collected) -> tuple[EvidenceFile, ...]:
        """The attestations file and every evidence file it names that can be read, as they are (an examiner
        needs their contents): ``attestations/<file>``, and each evidence file at its path relative to the
        attestations file's folder (``attestations/evidence/…``; one outside it, by its name). A file that
        cannot be read is not there: the attestation's finding says why."""
        if not collected.facts or self._raw is None:
            return ()
        out = [EvidenceFile(f"attestations/{safe_name(self.path.name)}", self.path.read_bytes())]
        seen = set()
        for raw in self._raw:
            named = raw["evidence"].get("file")
            if named is None:
                continue
            target = Path(named) if Path(named).is_absolute() else self.path.parent / named
            inside = os.path.relpath(os.path.abspath(target), os.path.abspath(self.path.parent))
            shown = ("/".join(safe_name(part) for part in Path(inside).parts) if not inside.startswith("..") else
                     f"outside/{safe_name(target.name)}")
            if shown in seen or why_unreadable(target) is not None or not target.is_file():
                continue
            seen.add(shown)
            try:
                out.append(EvidenceFile(f"attestations/{shown}", target.read_bytes()))
            except OSError:
                continue
        return tuple(out)

    def _entry(self, raw: Mapping[str, Any], line: int | None) -> Attestation:
        evidence = raw["evidence"]
        shown_file = actual = unreadable = None
        if "file" in evidence:
            target = Path(evidence["file"])
            target = target if target.is_absolute() else self.path.parent / target
            shown_file = display_path(str(target))
            actual, unreadable = _sha256(target)
        return Attestation(
            check=raw["check"], owner=raw["owner"], role=raw["role"], statement=raw["statement"],
            done=_dt.date.fromisoformat(raw["done"]),
            evidence=Evidence(evidence.get("reference"), evidence.get("url"), shown_file, evidence.get("sha256"),
                              actual, unreadable),
            valid_until=_dt.date.fromisoformat(raw["valid_until"]) if "valid_until" in raw else None,
            frequency=raw.get("frequency"),
            metrics=dict(raw.get("metrics", {})),
            third_parties=tuple(ThirdParty(p["name"], _dt.date.fromisoformat(p["assessed"]))
                                for p in raw.get("third_parties", ())),
            line=line,
        )


def _dates_as_text(data: Any) -> Any:
    """YAML reads an unquoted 2026-10-15 as a date: the schema checks text, so turn dates back into it."""
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    return data.isoformat() if isinstance(data, _dt.date) else data


def _date(text: str, where: str) -> None:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        raise SourceError(f"{where}: {text!r} is not a date (YYYY-MM-DD)") from None


def _sha256(path: Path) -> tuple[str | None, str | None]:
    """The file's SHA-256, or why it could not be read (gone, a directory, a FIFO, no permission)."""
    if not path.exists() and not path.is_symlink():
        return None, "not found"
    reason = why_unreadable(path)
    if reason is None and not path.is_file():
        reason = "not a regular file"
    if reason is not None:
        return None, reason
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        return None, exc.strerror or type(exc).__name__
    return digest.hexdigest(), None


def _line_of(lines: Sequence[str], check_id: str, index: int, raw: Sequence[Mapping[str, Any]]) -> int | None:
    """The line of the ``index``-th entry: the n-th ``check: ID`` line for its ID (n counted among entries)."""
    nth = sum(1 for earlier in raw[:index] if earlier["check"] == check_id)
    seen = 0
    for number, line in enumerate(lines, start=1):
        if line.strip().lstrip("- ").replace('"', "").replace("'", "") == f"check: {check_id}":
            if seen == nth:
                return number
            seen += 1
    return None
