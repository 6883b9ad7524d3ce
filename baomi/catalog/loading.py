"""Loading the catalog: the YAML shipped in this package, validated against ``schema.py`` and
cross-referenced (every control a clause or check names must exist, IDs are unique). A user's own framework
file (``--framework-file``) goes through the same validation.
"""
from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from baomi.catalog import schema
from baomi.catalog.specs import (
    Applicability,
    Catalog,
    CatalogError,
    CheckSpec,
    ClauseSource,
    ClauseSpec,
    ControlSpec,
    FrameworkSpec,
    NotApplicableWhen,
    Remediation,
    Text,
    check_references,
)
from baomi.model import Severity
from baomi.userfiles import UserFileError, parse_yaml, read_yaml, schema_problem


def _text(raw: Mapping[str, str]) -> Text:
    return Text(zh=raw["zh"], en=raw["en"])


def _validated(data: Any, file_schema: dict[str, Any], where: str) -> Any:
    import jsonschema

    validator = jsonschema.Draft202012Validator(file_schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        raise CatalogError(f"{where}: {schema_problem(err)}")
    return data


def _read_yaml(text: str, where: str) -> Any:
    try:
        return parse_yaml(text, where)
    except UserFileError as exc:
        raise CatalogError(str(exc)) from None


def parse_framework(data: Any, where: str) -> FrameworkSpec:
    raw = _validated(data, schema.FRAMEWORK_FILE, where)
    _require_unique([i for c in raw["clauses"] for i in (c["id"], *c.get("aliases", ()))], where,
                    "clause id or alias")
    return FrameworkSpec(
        id=raw["id"],
        title=_text(raw["title"]),
        kind=raw["kind"],
        reference=raw.get("reference", ""),
        version=raw.get("version"),
        effective=raw.get("effective"),
        status=raw.get("status"),
        clauses=tuple(_parse_clause(c) for c in raw["clauses"]),
    )


def _parse_clause(raw: Mapping[str, Any]) -> ClauseSpec:
    source = raw.get("source")
    applies = raw.get("applies_when")
    return ClauseSpec(
        raw["id"], _text(raw["title"]), _text(raw["summary"]), tuple(raw["controls"]),
        aliases=tuple(raw.get("aliases", ())),
        source=None if source is None else ClauseSource(source["location"], source["verified"], source.get("zh"),
                                                        source.get("en"), source.get("note")),
        obligation=raw.get("obligation"),
        evidence=_text(raw["evidence"]) if "evidence" in raw else None,
        related=tuple(raw.get("related", ())),
        applies_when=None if applies is None else Applicability(
            tuple(applies["institution_types"]) if "institution_types" in applies else None,
            applies.get("ciio"), applies.get("pi_subjects_at_least"),
            _text(applies["reason"]) if "reason" in applies else None),
    )


def load_framework_file(path: Path, controls: Mapping[str, ControlSpec] | None = None) -> FrameworkSpec:
    """A user's framework file (``--framework-file``); with ``controls``, its references are checked too."""
    try:
        data = read_yaml(path, "framework file")
    except UserFileError as exc:
        raise CatalogError(str(exc)) from None
    framework = parse_framework(data, str(path))
    if controls is not None:
        check_references(str(path), framework.control_ids, controls)
    return framework


def _parse_check(raw: Mapping[str, Any]) -> CheckSpec:
    rem = raw["remediation"]
    return CheckSpec(
        id=raw["id"],
        engine=raw["engine"],
        sources=tuple(raw["sources"]),
        title=_text(raw["title"]),
        severity=Severity(raw["severity"]),
        controls=tuple(raw["controls"]),
        resource_types=tuple(raw["resource_types"]),
        remediation=Remediation(_text(rem), rem.get("terraform")),
        reads=tuple(raw.get("reads", ())),
        not_applicable_when=tuple(NotApplicableWhen(c["attribute"], c["pattern"], c["reason"])
                                  for c in raw.get("not_applicable_when", ())),
    )


def _package_files(folder: str) -> list[tuple[str, str]]:
    root = resources.files("baomi.catalog") / folder
    entries = sorted((e for e in root.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name)
    return [(f"baomi/catalog/{folder}/{e.name}", e.read_text(encoding="utf-8")) for e in entries]


def load_catalog() -> Catalog:
    """Load and cross-check the shipped catalog. Raises CatalogError naming the bad file."""
    where = "baomi/catalog/controls.yaml"
    raw_controls = _validated(
        _read_yaml((resources.files("baomi.catalog") / "controls.yaml").read_text(encoding="utf-8"), where),
        schema.CONTROLS_FILE,
        where,
    )["controls"]
    controls = tuple(
        ControlSpec(c["id"], c["domain"], float(c["weight"]), _text(c["title"]), _text(c["rationale"]),
                    bool(c.get("manual", False)))
        for c in raw_controls
    )
    _require_unique([c.id for c in controls], where)
    control_index = {c.id: c for c in controls}

    checks: list[CheckSpec] = []
    for name, text in _package_files("checks"):
        raw = _validated(_read_yaml(text, name), schema.CHECKS_FILE, name)
        for entry in raw["checks"]:
            spec = _parse_check(entry)
            check_references(f"{name}: check {spec.id}", spec.controls, control_index)
            checks.append(spec)
    _require_unique([c.id for c in checks], "baomi/catalog/checks")

    frameworks = []
    for name, text in _package_files("frameworks"):
        fw = parse_framework(_read_yaml(text, name), name)
        check_references(name, fw.control_ids, control_index)
        frameworks.append(fw)
    _require_unique([f.id for f in frameworks], "baomi/catalog/frameworks")
    _check_related(frameworks)
    return Catalog(tuple(frameworks), controls, tuple(checks))


def _check_related(frameworks: list[FrameworkSpec]) -> None:
    """Every "framework:clause" a clause names as related resolves (by ID or alias)."""
    index = {f.id: f for f in frameworks}
    for fw in frameworks:
        for clause in fw.clauses:
            for ref in clause.related:
                fid, _, cid = ref.partition(":")
                if fid not in index or index[fid].clause(cid) is None:
                    raise CatalogError(f"baomi/catalog/frameworks/{fw.id}.yaml: clause {clause.id}: related "
                                       f"{ref!r} names no clause")


def _require_unique(ids: list[str], where: str, what: str = "id") -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CatalogError(f"{where}: duplicate {what}(s): {', '.join(dupes)}")
