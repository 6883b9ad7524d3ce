"""The canonical results document: reading it back, validating it, and the helpers every format uses
to present it, so that the six formats agree on wording, ordering and escaping.

A report is always rendered from this document (docs/results-format.md), never from internal objects,
which is why it is validated before any format sees it.
"""
from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from baomi import i18n

LANGS = i18n.LANGS
#: most severe first; findings without severity (source errors) sort after these
SEVERITY_ORDER = ("critical", "high", "medium", "low")
SUPPORTED_MAJOR = "1"


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate a results file; ValueError with one line naming the file and the problem."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{where}: cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{where}: not JSON: the file is not UTF-8 text") from None
    try:
        result = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    validate(result, origin=where)
    return dict(result)


def validate(result: Any, origin: str = "results document") -> None:
    """Check an in-memory document against results.schema.json; ValueError with one line if it is not valid."""
    if not isinstance(result, dict):
        raise ValueError(f"{origin}: not a results document: expected a JSON object, got {type(result).__name__}")
    if "schema_version" not in result:
        raise ValueError(f"{origin}: missing field schema_version")
    version = result["schema_version"]
    if not isinstance(version, str) or version.split(".")[0] != SUPPORTED_MAJOR:
        raise ValueError(f"{origin}: schema_version {version!r} is not supported: this baomi reads "
                         f"{SUPPORTED_MAJOR}.x")
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(result))
    if error is not None:
        raise ValueError(f"{origin}: {_describe(error)}")


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("baomi.reports").joinpath("results.schema.json").read_text("utf-8"))
    return Draft202012Validator(_inline_refs(schema, schema["$defs"]))


def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    """The schema with every local ``#/$defs/NAME`` reference replaced by its definition.

    jsonschema resolves a $ref again for every instance it checks, which made validating a document with
    thousands of findings a third slower; the schema has no recursion, so inlining is safe.
    """
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    inlined = {key: _inline_refs(value, defs) for key, value in node.items() if key not in ("$ref", "$defs")}
    if "$ref" in node:
        return {**_inline_refs(defs[node["$ref"].removeprefix("#/$defs/")], defs), **inlined}
    return inlined


def _describe(error: Any) -> str:
    """One short line for a schema violation: where it is, and what is wrong, without dumping the value."""
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
    where = where.lstrip(".") or "the document"
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        return f"missing field {missing}" + ("" if where == "the document" else f" in {where}")
    if error.validator in ("enum", "const"):
        allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
        return f"{where}: {_short(error.instance)} is not one of {', '.join(map(_short, allowed))}"
    if error.validator == "type":
        return f"{where}: expected {error.validator_value}, got {_short(error.instance)}"
    message = " ".join(str(error.message).split())
    return f"{where}: {message[:200]}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


# --- presentation helpers shared by the formats -------------------------------------------------------


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


def localized(value: Mapping[str, str] | None, lang: str) -> str:
    """The text of a {zh, en} field in ``lang``, falling back to the other language if that one is empty."""
    if not value:
        return ""
    return value.get(lang) or next((value[other] for other in LANGS if value.get(other)), "")


def labels(lang: str) -> Mapping[str, str]:
    """The report's fixed wording in ``lang``: the one translation table the terminal reads too (baomi/i18n.py)."""
    return i18n.labels(check_lang(lang))


def finding_text(finding: Mapping[str, Any], lang: str) -> str:
    """What a finding says to a person: in English its detail message; in Chinese its check's title, since the
    messages (baomi's checks and checkov's) are English; the message stays in the document."""
    title = localized(finding.get("title"), lang)
    if lang == "en":
        return str(finding["message"]) or title
    return title or str(finding["message"])


def gate_reasons(result: Mapping[str, Any], lang: str) -> list[str]:
    """Why the gate failed, in ``lang``: from the reasons as data (``gate.details``, 1.2) through the translation
    table (the history keeps them too, so a recorded run is translated); a document without them (before 1.2, or
    a run recorded before) shows the text it recorded, in the run's language."""
    gate = result.get("gate") or {}
    details = gate.get("details")
    if details is None:
        return list(gate.get("reasons", ()))
    from baomi.gate import describe

    try:
        return [describe(d["code"], d["values"], lang) for d in details]
    except (KeyError, ValueError, TypeError):  # a code or value of a newer baomi: its recorded text
        return list(gate.get("reasons", ()))


def format_score(score: float | None) -> str | None:
    """One decimal, or None for "not assessed": a missing score must never read as 100 or 0."""
    return None if score is None else f"{score:.1f}"


def where(finding: Mapping[str, Any]) -> str:
    """``file:line`` (or just ``file``) of a finding, empty for live findings that have no file."""
    location = finding.get("location")
    if not location:
        return ""
    line = location.get("line")
    return f"{location['file']}:{line}" if line else location["file"]


def severity_rank(severity: str | None) -> int:
    """Sort key: 0 for critical ... 3 for low, 4 for findings without a severity."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def with_status(result: Mapping[str, Any], *statuses: str) -> list[dict[str, Any]]:
    """Findings in one of ``statuses``, most severe first, then by check and resource."""
    chosen = [f for f in result["findings"] if f["status"] in statuses]
    return sorted(chosen, key=lambda f: (severity_rank(f["severity"]), f["check_id"], f["resource"]))


def failures_by_severity(result: Mapping[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Failed findings grouped by severity, critical first; severities without failures are left out."""
    failures = with_status(result, "fail")
    groups = [(severity, [f for f in failures if f["severity"] == severity]) for severity in SEVERITY_ORDER]
    return [(severity, found) for severity, found in groups if found]


@dataclass(frozen=True)
class Remediation:
    """What to do about one check, with the failed findings it fixes."""

    check_id: str
    title: Mapping[str, str]
    severity: str
    text: Mapping[str, str]
    findings: tuple[Mapping[str, Any], ...]

    @property
    def terraform(self) -> str:
        return self.text.get("terraform", "")


def remediations(result: Mapping[str, Any]) -> list[Remediation]:
    """One entry per failed check, the most severe and then the most widespread first."""
    by_check: dict[str, list[dict[str, Any]]] = {}
    for finding in with_status(result, "fail"):
        by_check.setdefault(finding["check_id"], []).append(finding)
    entries = [
        Remediation(check_id, found[0]["title"], found[0]["severity"], found[0]["remediation"], tuple(found))
        for check_id, found in by_check.items()
    ]
    return sorted(entries, key=lambda r: (severity_rank(r.severity), -len(r.findings), r.check_id))


def template_text(name: str) -> str:
    """A static file from templates/ (CSS, JS) as text."""
    return resources.files("baomi.reports").joinpath("templates", name).read_text("utf-8")


def render_template(name: str, result: Mapping[str, Any], lang: str, **extra: Any) -> str:
    """Render templates/``name`` with the document, its language's labels and the helpers above.

    Autoescaping is on for .html and .xml templates: everything that comes from scanned files (resource
    names, messages, paths) is untrusted text.
    """
    check_lang(lang)
    context = {
        "result": result,
        "lang": lang,
        "L": labels(lang),
        "tr": lambda value: localized(value, lang),
        "finding_text": lambda finding: finding_text(finding, lang),
        "gate_reasons": gate_reasons(result, lang),
        "score": format_score,
        "where": where,
        **extra,
    }
    return str(_environment().get_template(name).render(context))


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("baomi.reports", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml"), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
