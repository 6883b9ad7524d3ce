"""Following references from one Terraform resource to others through the graph checkov hands to checks.

Some rules need more than the resource they judge: a DB subnet group is private only if its subnets have
no route to an internet gateway; a console user is held to MFA only by a policy of one of their groups.
checkov renders what it can (``user = "li.wei"``) and leaves the rest as reference text
(``aws_subnet.public[*].id``, ``aws_subnet.public["0"].id``); both are followed here. What cannot be
followed (a variable without default, a literal cloud ID, a data source) is reported as unresolved, so
that the check answers "cannot tell" instead of guessing. References are followed within the judged
resource's ``Scope`` (its own module instance of its own root, see ``graph.py``), by address inside
that module. What refers to a resource (``referrers``, ``naming``) is indexed once per scope, so that
no check asks every resource of a type about every resource it judges.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from baomi.checks.terraform.graph import Resource, Scope
from baomi.checks.terraform.values import is_expression


def flat(value: Any) -> list[Any]:
    """Every leaf of a value that may be a nested list (checkov nests rendered lists unpredictably)."""
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in flat(item)]
    return [] if value is None else [value]


@cache
def _reference(resource_type: str) -> re.Pattern[str]:
    return re.compile(rf'(?<![\w.]){re.escape(resource_type)}\.([A-Za-z_][\w-]*)(?:\[\s*"?([^\]"]*)"?\s*\])?')


def _matches(candidates: Sequence[Resource], base: str, index: str | None) -> list[Resource]:
    """The instances of ``base`` a reference with ``index`` (none, ``*``, a key) designates."""
    if index is None or index == "*":
        return list(candidates)
    if not re.fullmatch(r"[\w-]+", index):  # an unrendered key such as count.index
        return []
    return [r for r in candidates if r.address in (f"{base}[{index}]", f'{base}["{index}"]')]


def referenced(scope: Scope, value: Any, resource_type: str) -> tuple[list[Resource], bool]:
    """The resources of ``resource_type`` that ``value`` refers to, and whether any part of ``value``
    could not be followed to one (a literal ID, a variable, a resource outside the configuration)."""
    pattern = _reference(resource_type)
    found: dict[Resource, None] = {}
    unresolved = False
    for item in flat(value):
        refs = pattern.findall(item) if isinstance(item, str) else []
        if not refs:
            unresolved = True
        for name, index in refs:
            base = f"{resource_type}.{name}"
            hits = _matches(scope.named(base), base, index or None)
            unresolved = unresolved or not hits
            found.update(dict.fromkeys(hits))
    return list(found), unresolved


def referrers(scope: Scope, resource_type: str, attribute: str, target_type: str) -> Mapping[Resource, list[Resource]]:
    """The resources of ``resource_type`` by each ``target_type`` resource their ``attribute`` refers to:
    a route table -> the ``aws_route`` resources whose ``route_table_id`` names it."""

    def build() -> dict[Resource, list[Resource]]:
        index: dict[Resource, list[Resource]] = {}
        for resource in scope.resources(resource_type):
            for target in referenced(scope, resource.get(attribute), target_type)[0]:
                index.setdefault(target, []).append(resource)
        return index

    return scope.derived(("referrers", resource_type, attribute, target_type), build)


def identity(scope: Scope, value: Any, resource_type: str) -> frozenset[str] | None:
    """What names one resource of ``resource_type``: its literal ``name`` and/or its address, so that a
    rendered name (``"li.wei"``) and a reference (``aws_iam_user.li_wei.name``) compare equal.
    None when the value is neither."""
    if not isinstance(value, str):
        return None
    if not is_expression(value):
        addresses = _addresses_by_name(scope, resource_type).get(value, [])
        return frozenset({f"name:{value}", *(f"address:{a}" for a in addresses)})
    targets, unresolved = referenced(scope, value, resource_type)
    if unresolved or len(targets) != 1:
        return None
    name = targets[0].get("name")
    literal = {f"name:{name}"} if isinstance(name, str) and not is_expression(name) else set()
    return frozenset({f"address:{targets[0].address}", *literal})


def _addresses_by_name(scope: Scope, resource_type: str) -> Mapping[str, list[str]]:
    def build() -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for resource in scope.resources(resource_type):
            name = resource.get("name")
            if isinstance(name, str):
                index.setdefault(name, []).append(resource.address)
        return index

    return scope.derived(("names", resource_type), build)


def naming(scope: Scope, resource_type: str, attribute: str, target: frozenset[str],
           target_type: str) -> list[tuple[Resource, bool | None]]:
    """The resources of ``resource_type`` whose ``attribute`` (one value or a list) may name the
    ``target`` resource of ``target_type`` (an ``identity``): True when an item names it, None when none
    does but an item cannot be told. Those whose items all name others are left out."""
    by_token, untold = scope.derived(("naming", resource_type, attribute, target_type),
                                     lambda: _naming_index(scope, resource_type, attribute, target_type))
    named = dict.fromkeys(r for token in sorted(target) for r in by_token.get(token, []))
    return [*((r, True) for r in named), *((r, None) for r in untold if r not in named)]


def _naming_index(scope: Scope, resource_type: str, attribute: str,
                  target_type: str) -> tuple[dict[str, list[Resource]], list[Resource]]:
    """(identity token -> the resources an item of whose ``attribute`` carries it, the resources with an
    item whose identity cannot be told)."""
    by_token: dict[str, list[Resource]] = {}
    untold: list[Resource] = []
    for resource in scope.resources(resource_type):
        identities = [identity(scope, item, target_type) for item in flat(resource.get(attribute))]
        for token in {t for ident in identities if ident is not None for t in ident}:
            by_token.setdefault(token, []).append(resource)
        if None in identities:
            untold.append(resource)
    return by_token, untold
