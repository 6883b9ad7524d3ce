"""Whether Terraform creates a block at all: ``count = 0`` or an empty ``for_each`` creates no instance.

Read by the checks that look blocks up in the graph (a never-created block is not there to be found) and by
the checkov engine (a never-created block gets no finding).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from baomi.checks.terraform.values import integer


def never_created(conf: Mapping[str, Any] | None) -> bool:
    """``count = 0`` or an empty ``for_each``: Terraform creates no instance of this block."""
    if not isinstance(conf, Mapping):
        return False
    if "count" in conf:
        count = single(conf["count"])
        if integer(count) == 0 or count is False:
            return True
    if "for_each" in conf:
        each = single(conf["for_each"])
        if isinstance(each, (list, tuple, Mapping)) and not each:
            return True
        if isinstance(each, str) and _empty_for_expression(each):
            return True
    return False


#: a for-expression as checkov leaves it when it could not evaluate it: ``toset([for x in SRC : x if COND])``
_FOR_EXPRESSION = re.compile(r"^\s*(?:toset\(\s*)?[\[{]\s*for\s+\w+(?:\s*,\s*\w+)?\s+in\s+(?P<source>.+?)\s*:"
                             r"(?P<body>.*?)(?:\sif\s+(?P<condition>[^?:()|]+?))?\s*[\]}]\s*\)?\s*$")
_LITERAL_FALSE = frozenset({"false", "False"})


def _empty_for_expression(text: str) -> bool:
    """A for-expression that yields nothing whatever checkov left unevaluated: it iterates over an empty
    literal (``for log in [] : ...``), or its filter is a chain of ``&&`` with a literal false in it."""
    match = _FOR_EXPRESSION.match(text)
    if match is None:
        return False
    if match["source"].replace(" ", "") in ("[]", "{}"):
        return True
    condition = match["condition"]
    return condition is not None and any(part.strip() in _LITERAL_FALSE for part in condition.split("&&"))


def single(value: Any) -> Any:
    """checkov wraps each HCL attribute in a one-item list."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value
