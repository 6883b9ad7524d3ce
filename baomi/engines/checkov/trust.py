"""How far a checkov result can be trusted, judged from the configuration the check saw.

checkov answers PASSED, FAILED or UNKNOWN, and each answer can hide something baomi must not report as it
stands:

* a resource that is never created (``count = 0``, an empty ``for_each``) gets UNKNOWN from every check:
  it is not there, so it gets no finding at all;
* a built-in check may PASS a value it could not resolve (``kms_key_id = var.key`` with no default): the
  attributes the check evaluated are read again, and an unresolved one turns the PASS into an ERROR
  naming it;
* a built-in check may FAIL a value it could not resolve, comparing the text checkov left
  (``try(encrypt_at_rest.value.enabled, true)``, a dynamic block's iterator) with what it expects: a FAIL
  whose evaluated attribute holds nothing but such a value is that ERROR too. An attribute that is absent
  or holds a literal keeps its FAIL, and so does a list where only some items are open (a literal item can
  be what failed);
* an UNKNOWN is either "could not resolve" (ERROR, naming the attribute where one is found) or "does not
  apply" (NOT_APPLICABLE): the catalog states, per check, which literal values make a check not apply
  (``not_applicable_when``) and which further attributes its verdict depends on (``reads``).

Nothing here imports checkov: the entity configuration arrives as plain dicts and lists.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from baomi.catalog import CheckSpec
from baomi.checks.cloudformation.properties import MAY_BE_ANYTHING
from baomi.checks.terraform.existence import single
from baomi.checks.terraform.values import NOT_APPLICABLE
from baomi.model import Status

_INDEX_STEP = re.compile(r"\[(\d+|\*)\]")
_MAX_SHOWN = 60  # characters of an unresolved value shown in a message


@dataclass(frozen=True)
class Trusted:
    """The verdict baomi reports for one checkov record, and the message when baomi rewrote it."""

    status: Status
    message: str | None = None


#: what leaves a value open: an input without a value (a variable with no default, a local checkov could
#: not compute), an iterator, a conditional, or a lookup by a key checkov could not evaluate
_OPEN = re.compile(
    r"(?<![\w.])(var|local|each|count)\.|\s\?\s.*\s:\s|^[\[{].*[\]}]\s*\[|\]\s*\[[^\]]*\]\s*$|^\{\s*for\s|^\[\s*for\s")
#: CloudFormation intrinsics whose value depends on a condition, mapping or another stack, as the
#: CloudFormation checks read them. (A ``Ref`` left unresolved names a resource of the template as often as a
#: parameter without default, so it is not taken as open here.)
_OPEN_INTRINSICS = MAY_BE_ANYTHING


def is_unresolved(value: Any, inputs: frozenset[str] = frozenset(),
                  iterators: frozenset[str] = frozenset()) -> bool:
    """A value with no known content: checkov left an input, iterator, conditional or lookup as text, or
    a CloudFormation intrinsic it could not evaluate.

    ``inputs`` are a CloudFormation template's parameters without a default: a ``Ref`` to one (checkov
    puts defaults in) is a value given only at deploy time. ``iterators`` are the names a Terraform
    block's dynamic blocks iterate by (``dynamic_iterators``): ``<name>.value`` and ``<name>.key`` are
    their iterators, which checkov may leave as text. A reference to another managed resource
    (``aws_kms_key.logs.arn``, ``module.kms.key_arn``, ``Fn::GetAtt``, a ``Ref`` to a resource) is not open: it
    names a value Terraform or CloudFormation computes when it creates
    that resource, so "a KMS key is set" is known even though the ARN is not.
    """
    if isinstance(value, str):
        text = value.strip()
        return bool(_OPEN.search(text)) or bool(iterators and _iterator_pattern(iterators).search(text))
    if isinstance(value, Mapping):
        if value.get("Ref") in inputs:
            return True
        return any(str(k) in _OPEN_INTRINSICS for k in value) or _substitutes(value.get("Fn::Sub"), inputs)
    return False


@lru_cache(maxsize=64)
def _iterator_pattern(iterators: frozenset[str]) -> re.Pattern[str]:
    """``<name>.value`` or ``<name>.key`` for one of ``iterators``, not the tail of a longer reference
    (``aws_kms_key.key.arn`` names a resource called "key", not an iterator)."""
    names = "|".join(re.escape(name) for name in sorted(iterators))
    return re.compile(rf"(?<![\w.\-])(?:{names})\s*(?:\.\s*(?:value|key)\b|\[\s*\"(?:value|key)\"\s*\])")


def dynamic_iterators(conf: Any) -> frozenset[str]:
    """The names the dynamic blocks of a Terraform configuration iterate by, at any depth: each block's
    label, or its ``iterator`` where it sets one. Only these can be iterators: Terraform has no other
    top-level object of those names, so ``<name>.value`` in a value is a dynamic block's iterator."""
    found: set[str] = set()
    _collect_iterators(conf, found)
    return frozenset(found)


def _collect_iterators(node: Any, found: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect_iterators(item, found)
        return
    if not isinstance(node, Mapping):
        return
    for key, value in node.items():
        if key == "dynamic":
            for block in value if isinstance(value, list) else [value]:
                if isinstance(block, Mapping):
                    for label, body in block.items():
                        found.add(str(label))
                        named = single(body.get("iterator")) if isinstance(body, Mapping) else None
                        if isinstance(named, str) and named.isidentifier():
                            found.add(named)
        _collect_iterators(value, found)


def _substitutes(template: Any, inputs: frozenset[str]) -> bool:
    """An ``Fn::Sub`` template that puts one of ``inputs`` into its text."""
    text = template[0] if isinstance(template, list) and template else template
    return isinstance(text, str) and any(f"${{{name}}}" in text for name in inputs)


def values_at(conf: Any, path: str) -> Iterator[Any]:
    """Every value at a checkov evaluated-key path (``a/[0]/b``, ``Properties/Engine``, ``x/[*]/y``).

    HCL values come wrapped in lists, so a list met on the way to a named key is walked through.
    """
    steps = [s for s in path.split("/") if s]
    yield from _walk(conf, steps)


def _walk(node: Any, steps: Sequence[str]) -> Iterator[Any]:
    if not steps:
        yield node
        return
    step, rest = steps[0], steps[1:]
    index = _INDEX_STEP.fullmatch(step)
    if isinstance(node, list):
        if index and index.group(1) != "*":
            position = int(index.group(1))
            if position < len(node):
                yield from _walk(node[position], rest)
            return
        for item in node:
            yield from _walk(item, rest if index else steps)
        return
    if isinstance(node, Mapping) and not index and step in node:
        yield from _walk(node[step], rest)


def unresolved_attributes(conf: Mapping[str, Any] | None, paths: Sequence[str],
                          inputs: frozenset[str] = frozenset(), whole: bool = False) -> list[str]:
    """``path = value`` for each of ``paths`` whose value in ``conf`` is unresolved; with ``whole``, only
    where the value is nothing but an unresolved one (not a list with some open items)."""
    if not isinstance(conf, Mapping):
        return []
    iterators = dynamic_iterators(conf)
    found = []
    for path in dict.fromkeys(paths):
        bad = [v for v in values_at(conf, path)
               if (is_unresolved(single(v), inputs, iterators) if whole
                   else _contains_unresolved(v, inputs, iterators))]
        if bad:
            found.append(f"{path} = {_shown(bad[0])}")
    return found


def _contains_unresolved(value: Any, inputs: frozenset[str], iterators: frozenset[str]) -> bool:
    if is_unresolved(value, inputs, iterators):
        return True
    if isinstance(value, list):
        return any(_contains_unresolved(v, inputs, iterators) for v in value)
    return False


def _shown(value: Any) -> str:
    text = str(value[0] if isinstance(value, list) and len(value) == 1 else value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def not_applicable(conf: Mapping[str, Any] | None, spec: CheckSpec | None) -> str | None:
    """The reason a check does not apply, from the catalog's ``not_applicable_when`` on literal values."""
    if spec is None or not isinstance(conf, Mapping):
        return None
    iterators: frozenset[str] | None = None  # walked for once, and only when a condition has a literal to test
    for condition in spec.not_applicable_when:
        for value in values_at(conf, condition.attribute):
            literal = single(value)
            if not isinstance(literal, str):
                continue
            if iterators is None:
                iterators = dynamic_iterators(conf)
            if not is_unresolved(literal, iterators=iterators) and condition.matches(literal):
                return f"{condition.attribute} = {literal}: {condition.reason}"
    return None


def trust(status: Status, conf: Mapping[str, Any] | None, evaluated_keys: Sequence[str],
          details: Sequence[str], spec: CheckSpec | None, builtin: bool,
          inputs: frozenset[str] = frozenset()) -> Trusted:
    """The status baomi reports for a checkov verdict (PASS, FAIL, or ERROR for UNKNOWN); ``inputs``: the
    template's parameters without default, for CloudFormation."""
    if status is Status.SUPPRESSED:
        return Trusted(status)
    reason = not_applicable(conf, spec)
    if reason:
        return Trusted(Status.NOT_APPLICABLE, f"not applicable: {reason}")
    if status is Status.ERROR and details and str(details[0]).startswith(NOT_APPLICABLE):
        return Trusted(Status.NOT_APPLICABLE, "; ".join(str(d) for d in details))
    reads = [*evaluated_keys, *(spec.reads if spec else ())]
    if status is Status.FAIL:
        # a FAIL stands unless what the check compared was text checkov could not render
        judged = unresolved_attributes(conf, reads, inputs, whole=True) if builtin else []
        if judged:
            return Trusted(Status.ERROR, "not evaluated: could not resolve " + "; ".join(judged))
        return Trusted(status)
    unresolved = unresolved_attributes(conf, reads, inputs) if builtin or status is Status.ERROR else []
    if unresolved:
        return Trusted(Status.ERROR, "not evaluated: could not resolve " + "; ".join(unresolved))
    if status is Status.ERROR:
        detail = ("; ".join(str(d) for d in details)
                  or "; ".join(f"{path} is not set" for path in unset(conf, reads))
                  or "; ".join(f"could not resolve {found}" for found in unrendered_references(conf, reads)))
        return Trusted(Status.ERROR, f"not evaluated: {detail}" if detail else None)
    return Trusted(status)


#: a reference to another block's attribute, left as text: ``data.aws_iam_policy_document.this[0].json``
_REFERENCE = re.compile(r"^\$?\{?\s*(data\.|module\.|[a-z][a-z0-9]*_\w+\.)[\w.\-\[\]\"*]+\s*\}?$")


def unrendered_references(conf: Mapping[str, Any] | None, paths: Sequence[str]) -> list[str]:
    """``path = value`` for each of ``paths`` that still holds a reference as text. A reference counts as
    known for a verdict checkov gave; when it gave none, the reference it could not render is why."""
    if not isinstance(conf, Mapping):
        return []
    found = []
    for path in paths:
        texts = [v for v in values_at(conf, path) if isinstance(single(v), str) and _REFERENCE.match(single(v))]
        if texts:
            found.append(f"{path} = {_shown(texts[0])}")
    return found


def unset(conf: Mapping[str, Any] | None, paths: Sequence[str]) -> list[str]:
    """Those of ``paths`` (of this configuration's kind: CloudFormation ``Properties/...`` or Terraform) that
    have no value at all: a check that depends on them gives no verdict, and this names why."""
    if not isinstance(conf, Mapping):
        return []
    cloudformation = isinstance(conf.get("Type"), str) and isinstance(conf.get("Properties", {}), Mapping)
    return [p for p in dict.fromkeys(paths)
            if p.startswith("Properties/") == cloudformation and next(values_at(conf, p), None) is None]
