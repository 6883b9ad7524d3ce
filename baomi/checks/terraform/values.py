"""Reading values out of checkov's parsed configuration without mistaking "unresolved" for "absent".

checkov leaves what it could not evaluate (a variable without default, a resource attribute known only
after apply) as the expression text, e.g. ``var.retention`` or ``aws_s3_bucket.b.arn``. A check must
report such a value as not evaluated, never judge it.

Importing this module does not import checkov (only building a verdict does): the policy and network
rules built on it serve the live AWS checks too.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checkov.common.models.enums import CheckResult

_EXPRESSION = re.compile(
    r"\$\{|^(var|local|module|data|each|count|self|path)\.|^[a-z][a-z0-9]*_[a-z0-9_]*\.[A-Za-z0-9_-]+"
    r"|^[A-Za-z_][A-Za-z0-9_]*\("  # a function call: lookup(...), try(...), coalesce(...)
    r"|^[\[{].*[\]}]\s*\[|\]\s*\[[^\]]*\]\s*$"  # a collection indexed by a key checkov could not evaluate
    r"|\s\?\s.*\s:\s|\s(&&|\|\|)\s|^!"  # a conditional or boolean expression left unevaluated
    r"|^\{\s*for\s|^\[\s*for\s"  # a for expression
)


#: a check that does not apply to a resource returns UNKNOWN with a first detail starting with this
NOT_APPLICABLE = "not applicable: "


def scalar(conf: Mapping[str, Any], key: str) -> Any:
    """The value of an attribute; checkov wraps each HCL attribute in a one-item list. None if absent."""
    value = conf.get(key)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def blocks(conf: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The nested blocks named ``key`` (``ingress { ... }``), skipping what is not a block."""
    value = conf.get(key) or []
    if isinstance(value, Mapping):
        value = [value]
    return [b for b in value if isinstance(b, Mapping)] if isinstance(value, list) else []


def hidden(conf: Mapping[str, Any], key: str) -> bool:
    """Could some ``key`` blocks be out of sight? True when the attribute holds something other than
    blocks (an expression standing for a list of blocks), a ``dynamic "key"`` block checkov could not
    expand into plain blocks, or several of them (checkov renders them into one another): a check must
    then not conclude from the blocks it does see."""
    value = conf.get(key)
    items = value if isinstance(value, list) else [] if value is None else [value]
    if any(not isinstance(item, Mapping) for item in items):
        return True
    contents = [d[key] for d in blocks(conf, "dynamic") if d.get(key) is not None]
    if len(contents) > 1:  # checkov renders same-named dynamic blocks into one another (every value "1")
        return True
    return any(not isinstance(c, (list, Mapping)) or _unexpanded(c) for c in contents)


def from_dynamic(conf: Mapping[str, Any], key: str) -> bool:
    """Were ``key`` blocks written as a ``dynamic "key"`` block? checkov drops any dynamic block nested in
    the blocks it expands, so what such a block seems to lack may only be out of sight."""
    return any(d.get(key) is not None for d in blocks(conf, "dynamic"))


def _unexpanded(content: Any) -> bool:
    """A dynamic block's content still written in terms of its iterator (``ingress.value.port``), or
    holding a further dynamic block: checkov did not expand it."""
    if isinstance(content, Mapping):
        return "dynamic" in content or any(_unexpanded(v) for v in content.values())
    if isinstance(content, list):
        return any(_unexpanded(v) for v in content)
    return isinstance(content, str) and bool(re.search(r"(^|[^\w])\w+\.(value|key)\b", content))


def is_expression(value: Any) -> bool:
    """True for an expression checkov left unevaluated (a string that names a variable, a resource...)."""
    return isinstance(value, str) and bool(_EXPRESSION.search(value.strip()))


def keyword(value: Any, words: Iterable[str]) -> str | None:
    """The lower-cased literal when it is one of ``words`` (compared case-insensitively), else None.

    An allow-list, not a deny-list: text checkov rendered in a shape nobody foresaw (a lookup table
    followed by an index, a conditional) is not one of the words, so it stays unknown instead of being
    read as "some other value".
    """
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return text if text in {w.lower() for w in words} else None


def integer(value: Any) -> int | None:
    """An integer value, or None when the value is not a number (e.g. an unresolved expression)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def boolean(value: Any) -> bool | None:
    """A boolean value (HCL true, "true", CloudFormation "True"), or None when it is not one."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def strings(value: Any) -> list[Any]:
    """A list attribute flattened one level (checkov nests lists: ``[["a", "b"]]``)."""
    if value is None:
        return []
    if not isinstance(value, list):
        return [value]
    flat: list[Any] = []
    for item in value:
        flat.extend(item if isinstance(item, list) else [item])
    return flat


def combine(results: Iterable[CheckResult]) -> CheckResult:
    """Several verdicts on one resource: any failure fails it; else anything unknown leaves it unknown."""
    from checkov.common.models.enums import CheckResult

    seen = set(results)
    if CheckResult.FAILED in seen:
        return CheckResult.FAILED
    if CheckResult.UNKNOWN in seen:
        return CheckResult.UNKNOWN
    return CheckResult.PASSED


def all_true(*facts: bool | None) -> bool | None:
    """Three-valued AND: False if any fact is False, None (unknown) if any is unknown, else True."""
    if any(f is False for f in facts):
        return False
    if any(f is None for f in facts):
        return None
    return True


def any_true(facts: Iterable[bool | None]) -> bool | None:
    """Three-valued OR: True if any fact is True, None (unknown) if any is unknown, else False."""
    collected = list(facts)
    if any(f is True for f in collected):
        return True
    if any(f is None for f in collected):
        return None
    return False


def verdict(violated: bool | None) -> CheckResult:
    """A check's result from "is the rule violated?": unknown stays unknown."""
    from checkov.common.models.enums import CheckResult

    if violated is None:
        return CheckResult.UNKNOWN
    return CheckResult.FAILED if violated else CheckResult.PASSED
