"""JSON Schemas of the catalog's YAML files; the loader validates every file against them."""
from __future__ import annotations

from typing import Any

_BILINGUAL: dict[str, Any] = {
    "type": "object",
    "required": ["zh", "en"],
    "properties": {"zh": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
}

DOMAINS = ["encryption", "identity", "logging", "network", "resilience", "data-lifecycle", "vulnerability",
           "governance"]
SEVERITIES = ["critical", "high", "medium", "low"]
INSTITUTION_TYPES = ["commercial_bank", "microlender", "advisory", "other"]
OBLIGATIONS = ["shall", "should", "may"]  # 应当 / 宜 / 可
#: engine and input names: the engine registry (``baomi/engines/registry.py``) says which exist
_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}

CONTROLS_FILE: dict[str, Any] = {
    "type": "object",
    "required": ["controls"],
    "additionalProperties": False,
    "properties": {
        "controls": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "domain", "weight", "title", "rationale"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[A-Z]+(-[A-Z0-9]+)+$"},
                    "domain": {"enum": DOMAINS},
                    "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
                    "title": _BILINGUAL,
                    "rationale": _BILINGUAL,
                    # procedural controls no configuration can show: reported as "manual"
                    "manual": {"type": "boolean"},
                },
            },
        }
    },
}

#: a clause's text as the document states it, where, and whether baomi could check it against a published copy;
#: without the text (a standard not published in full), it says why in ``note`` and is not verified
_SOURCE: dict[str, Any] = {
    "type": "object",
    "required": ["location", "verified"],
    "if": {"not": {"required": ["zh"]}},
    "then": {"required": ["note"], "properties": {"verified": {"const": False}}},
    "additionalProperties": False,
    "properties": {
        "zh": {"type": "string", "minLength": 1},  # verbatim
        "en": {"type": "string", "minLength": 1},  # a translation, marked as such by its field
        "location": {"type": "string", "minLength": 1},  # "第二十三条第（一）项", "§五 第1点"
        "verified": {"type": "boolean"},
        "note": {"type": "string", "minLength": 1},  # where the text was checked, or why it could not be
    },
}

#: who a clause binds, judged against the institution profile of the settings (docs/catalog.md)
_APPLIES_WHEN: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": False,
    "properties": {
        "institution_types": {"type": "array", "minItems": 1, "items": {"enum": INSTITUTION_TYPES}},
        "ciio": {"type": "boolean"},
        "pi_subjects_at_least": {"type": "integer", "minimum": 1},
        "reason": _BILINGUAL,
    },
}

FRAMEWORK_FILE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "kind", "clauses"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "title": _BILINGUAL,
        "kind": {"enum": ["law", "regulation", "standard", "guidance", "commentary", "internal"]},
        "reference": {"type": "string"},
        # the text the clauses cite: its version and the date it took effect
        "version": {"type": "string", "minLength": 1},
        "effective": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "status": {"enum": ["in_force", "superseded", "expired", "draft", "not_law"]},
        "clauses": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "title", "summary", "controls"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    # earlier IDs of this clause (an article renumbered by an amendment) that still resolve
                    "aliases": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "title": _BILINGUAL,
                    "summary": _BILINGUAL,
                    "controls": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "source": _SOURCE,
                    "obligation": {"enum": OBLIGATIONS},
                    # what an examiner asks to see for this clause
                    "evidence": _BILINGUAL,
                    # the same duty in other frameworks: "framework-id:clause-id"
                    "related": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9-]+:.+$"}},
                    "applies_when": _APPLIES_WHEN,
                },
            },
        },
    },
}

CHECKS_FILE: dict[str, Any] = {
    "type": "object",
    "required": ["checks"],
    "additionalProperties": False,
    "properties": {
        "checks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "engine", "sources", "title", "severity", "controls", "resource_types",
                             "remediation"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]+$"},
                    "engine": _NAME,
                    "sources": {"type": "array", "minItems": 1, "items": _NAME},
                    "title": _BILINGUAL,
                    "severity": {"enum": SEVERITIES},
                    "controls": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "resource_types": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    # built-in checkov checks: what their verdict depends on beyond checkov's evaluated keys
                    "reads": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "not_applicable_when": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["attribute", "pattern", "reason"],
                            "additionalProperties": False,
                            "properties": {
                                "attribute": {"type": "string", "minLength": 1},
                                "pattern": {"type": "string", "minLength": 1, "format": "regex"},
                                "reason": {"type": "string", "minLength": 1},
                            },
                        },
                    },
                    "remediation": {
                        "type": "object",
                        "required": ["zh", "en"],
                        "additionalProperties": False,
                        "properties": {
                            "zh": {"type": "string", "minLength": 1},
                            "en": {"type": "string", "minLength": 1},
                            "terraform": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}
