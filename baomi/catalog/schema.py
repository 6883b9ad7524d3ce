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

FRAMEWORK_FILE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "kind", "clauses"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "title": _BILINGUAL,
        "kind": {"enum": ["law", "regulation", "guidance", "internal"]},
        "reference": {"type": "string"},
        "clauses": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "title", "summary", "controls"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "title": _BILINGUAL,
                    "summary": _BILINGUAL,
                    "controls": {"type": "array", "minItems": 1, "items": {"type": "string"}},
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
