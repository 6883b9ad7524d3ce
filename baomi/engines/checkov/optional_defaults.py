"""Terraform's ``optional(type, default)``: the defaults an object-typed variable's value gets.

A module variable typed ``object({ v = optional(string, "TLSv1.2_2025") })`` that the caller sets without
``v`` (or leaves at ``default = {}``) holds ``v = "TLSv1.2_2025"`` in Terraform; checkov applies no type,
so the attribute is missing and the check judges what checkov makes of that (often ``""``).
``with_defaults`` fills what Terraform fills, where it is certain: a missing attribute whose default is a
literal of its type (a string, a number, a bool, an empty collection), inside objects, lists, sets and maps
of them. Anything this module cannot read (a type it does not parse, a default that is an expression, a
value checkov left as text) is left as it is, so nothing is invented. Optional attributes without a
default (null in Terraform) are not added: a missing attribute and a null one read the same to checkov's
checks.

The type arrives as python-hcl2 renders it: ``${object({'a': '${optional(bool,True)}', ...})}``.
Nothing here imports checkov.
"""
from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_PRIMITIVES = frozenset({"string", "number", "bool", "any"})
_COLLECTIONS = frozenset({"list", "set", "map"})
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_MISSING = object()


@dataclass(frozen=True)
class TypeExpr:
    """One parsed type: ``kind`` is a primitive, a collection, ``object`` or ``unknown``."""

    kind: str
    element: TypeExpr | None = None  # of a list, set or map
    attributes: tuple[tuple[str, Attribute], ...] = ()  # of an object


@dataclass(frozen=True)
class Attribute:
    """An object attribute: its type, whether it is optional, and its default (``_MISSING`` when none
    or when it is not a literal this module reads)."""

    type: TypeExpr
    optional: bool
    default: Any = _MISSING


UNKNOWN = TypeExpr("unknown")


def parse_type(text: Any) -> TypeExpr:
    """The type a variable's ``type`` attribute declares (checkov keeps it as ``["${...}"]``)."""
    if isinstance(text, list) and len(text) == 1:
        text = text[0]
    if not isinstance(text, str):
        return UNKNOWN
    try:
        return _parse(_unwrap(text))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return UNKNOWN


def _unwrap(text: str) -> str:
    text = text.strip()
    if text.startswith("${") and text.endswith("}") and _closing(text, 1) == len(text) - 1:
        text = text[2:-1].strip()
    return text


def _parse(text: str) -> TypeExpr:
    text = _unwrap(text)
    if text in _PRIMITIVES:
        return TypeExpr(text)
    name, inner = _call(text)
    if name in _COLLECTIONS:
        return TypeExpr(name, element=_parse(inner))
    if name == "object":
        fields = ast.literal_eval(inner)
        if not isinstance(fields, dict):
            return UNKNOWN
        return TypeExpr("object", attributes=tuple((str(k), _attribute(v)) for k, v in fields.items()))
    return UNKNOWN


def _attribute(text: Any) -> Attribute:
    if not isinstance(text, str):
        return Attribute(UNKNOWN, optional=False)
    text = _unwrap(text)
    if not text.startswith("optional("):
        return Attribute(_parse(text), optional=False)
    _, inner = _call(text)
    parts = _split_top_level(inner)
    kind = _parse(parts[0])
    if len(parts) == 1:
        return Attribute(kind, optional=True)
    if len(parts) != 2:
        return Attribute(UNKNOWN, optional=True)
    return Attribute(kind, optional=True, default=_literal(parts[1].strip(), kind))


def _literal(text: str, kind: TypeExpr) -> Any:
    """The default as a value of ``kind``, or ``_MISSING`` for what is not a plain literal of that type."""
    if kind.kind == "string" and len(text) >= 2 and text[0] == text[-1] == '"' and "${" not in text \
            and "%{" not in text:
        value = ast.literal_eval(text)
        return value if isinstance(value, str) else _MISSING
    if kind.kind == "bool" and text in ("True", "False", "true", "false"):
        return text in ("True", "true")
    if kind.kind == "number" and _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    if kind.kind in ("list", "set") and text.replace(" ", "") == "[]":
        return []
    if kind.kind in ("map", "object") and text.replace(" ", "") == "{}":
        return with_defaults({}, kind) if kind.kind == "object" else {}
    return _MISSING


def _call(text: str) -> tuple[str, str]:
    """``name(inner)`` split, the parenthesis closing at the very end."""
    start = text.find("(")
    if start <= 0 or _closing(text, start) != len(text) - 1:
        raise ValueError(text)
    return text[:start].strip(), text[start + 1:-1]


_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _closing(text: str, start: int) -> int:
    """Where the bracket opened at ``start`` closes, quotes respected; -1 if it does not."""
    stack: list[str] = []
    quote = ""
    i = start
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c in _PAIRS:
            stack.append(_PAIRS[c])
        elif c in ")]}":
            if not stack or stack.pop() != c:
                return -1
            if not stack:
                return i
        i += 1
    return -1


def _split_top_level(text: str) -> list[str]:
    """``text`` split at the commas outside brackets and quotes."""
    parts, depth, quote, current = [], 0, "", []
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and i + 1 < len(text):
                current.append(c)
                i += 1
                c = text[i]
            elif c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append("".join(current))
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    parts.append("".join(current))
    return parts


def with_defaults(value: Any, kind: TypeExpr) -> Any:
    """``value`` with the optional attributes' defaults Terraform gives it, as far as both are known. An optional
    attribute set to null gets its default too, as Terraform gives it."""
    if kind.kind == "object" and isinstance(value, Mapping):
        filled = dict(value)
        for name, attribute in kind.attributes:
            if filled.get(name) is not None:
                filled[name] = with_defaults(filled[name], attribute.type)
            elif attribute.optional and attribute.default is not _MISSING:
                filled[name] = attribute.default
        return filled
    if kind.kind in ("list", "set") and kind.element is not None and isinstance(value, list):
        return [with_defaults(item, kind.element) for item in value]
    if kind.kind == "map" and kind.element is not None and isinstance(value, Mapping):
        return {key: with_defaults(item, kind.element) for key, item in value.items()}
    return value
