"""What a database source contributes to the evidence bundle: a server's facts as collected, secrets redacted,
and for configuration files the SHA-256 of every file they were read from (docs/evidence.md)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from baomi.model import EvidenceFile
from baomi.redaction import json_bytes, plain, redacted
from baomi.sources.database.snapshot import Facts
from baomi.sources.evidence import hashed, safe_name
from baomi.sources.interface import Collected


def server_evidence(collected: Collected) -> tuple[EvidenceFile, ...]:
    """``facts/<engine>-<endpoint>.json`` per live server: settings, roles or accounts, hba rules … as read."""
    out = []
    for item in collected.facts:
        if isinstance(item.facts, Facts):
            name = safe_name(item.facts.resource.partition("://")[2] or item.facts.resource)
            out.append(EvidenceFile(f"facts/{item.engine}-{name}.json", json_bytes({
                "source": "database", "engine": item.engine, "resource": item.facts.resource,
                "facts": redacted(item.facts)}, redact=False)))
    return tuple(out)


def file_evidence(collected: Collected) -> tuple[EvidenceFile, ...]:
    """``inputs/<engine>-<main file>.json`` per server's configuration files: every file read (its SHA-256 and
    size) and the settings and rules as parsed from them."""
    out = []
    for item in collected.facts:
        if isinstance(item.facts, Facts):
            facts = item.facts
            named = sorted({facts.resource, *_files(plain(facts))})
            out.append(EvidenceFile(f"inputs/{item.engine}-{safe_name(Path(facts.resource).name)}.json", json_bytes({
                "source": "database-config", "engine": item.engine, "resource": facts.resource,
                "files": hashed([Path(f) for f in named if Path(f).is_file()], None),
                "facts": redacted(facts)}, redact=False)))
    return tuple(out)


def _files(value: Any) -> Iterator[str]:
    """Every file a location in the facts names (``{"file": …}``)."""
    if isinstance(value, dict):
        if isinstance(value.get("file"), str) and value["file"]:
            yield value["file"]
        for item in value.values():
            yield from _files(item)
    elif isinstance(value, list):
        for item in value:
            yield from _files(item)
