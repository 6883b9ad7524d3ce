"""Following references from one Terraform resource to others through the graph checkov hands to checks.

Some rules need more than the resource they judge: a DB subnet group is private only if its subnets have
no route to an internet gateway; a console user is held to MFA only by a policy of one of their groups.
checkov renders what it can (``user = "li.wei"``) and leaves the rest as reference text
(``aws_subnet.public[*].id``, ``aws_subnet.public["0"].id``); both are followed here. What cannot be
followed (a variable without default, a literal cloud ID, a data source) is reported as unresolved, so
that the check answers "cannot tell" instead of guessing. Resources are matched by their address inside
their module (a check inside a module only ever refers to resources of its own module).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from baomi.checks.terraform.values import any_true, is_expression

_INDEX = re.compile(r"\[[^\]]*\]$")


@dataclass(frozen=True)
class Resource:
    """A resource block of the graph: ``address`` as ``aws_subnet.public[0]``, rendered ``attributes``."""

    address: str
    attributes: Mapping[str, Any]

    @property
    def base(self) -> str:
        """The address without its count/for_each key: ``aws_subnet.public``."""
        return _INDEX.sub("", self.address)

    def get(self, key: str) -> Any:
        return self.attributes.get(key)


def _local_address(attrs: Mapping[str, Any]) -> str:
    address = str(attrs.get("__address__") or attrs.get("id_") or "")
    return re.sub(r"^(module\.[^.]+(\[[^\]]*\])?\.)+", "", address)


def resources_of(graph: Any, resource_type: str) -> list[Resource]:
    """Every resource of ``resource_type`` in the graph (none without a graph)."""
    if graph is None or not hasattr(graph, "nodes"):
        return []
    found = []
    for node in graph.nodes():
        attrs = node[1] if isinstance(node, tuple) and len(node) == 2 else None
        if (isinstance(attrs, Mapping) and attrs.get("block_type_") == "resource"
                and attrs.get("resource_type") == resource_type):
            found.append(Resource(_local_address(attrs), attrs))
    return found


def flat(value: Any) -> list[Any]:
    """Every leaf of a value that may be a nested list (checkov nests rendered lists unpredictably)."""
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in flat(item)]
    return [] if value is None else [value]


def _reference(resource_type: str) -> re.Pattern[str]:
    return re.compile(rf'(?<![\w.]){re.escape(resource_type)}\.([A-Za-z_][\w-]*)(?:\[\s*"?([^\]"]*)"?\s*\])?')


def _matches(candidates: Iterable[Resource], name: str, index: str | None, resource_type: str) -> list[Resource]:
    base = f"{resource_type}.{name}"
    if index is None or index == "*":
        return [r for r in candidates if r.base == base]
    if not re.fullmatch(r"[\w-]+", index):  # an unrendered key such as count.index
        return []
    return [r for r in candidates if r.address == f'{base}[{index}]' or r.address == f'{base}["{index}"]']


def referenced(graph: Any, value: Any, resource_type: str) -> tuple[list[Resource], bool]:
    """The resources of ``resource_type`` that ``value`` refers to, and whether any part of ``value``
    could not be followed to one (a literal ID, a variable, a resource outside the configuration)."""
    candidates = resources_of(graph, resource_type)
    pattern = _reference(resource_type)
    found: list[Resource] = []
    unresolved = False
    for item in flat(value):
        refs = pattern.findall(item) if isinstance(item, str) else []
        if not refs:
            unresolved = True
        for name, index in refs:
            hits = _matches(candidates, name, index or None, resource_type)
            unresolved = unresolved or not hits
            found.extend(h for h in hits if h not in found)
    return found, unresolved


def identity(graph: Any, value: Any, resource_type: str) -> frozenset[str] | None:
    """What names one resource of ``resource_type``: its literal ``name`` and/or its address, so that a
    rendered name (``"li.wei"``) and a reference (``aws_iam_user.li_wei.name``) compare equal.
    None when the value is neither."""
    if not isinstance(value, str):
        return None
    if not is_expression(value):
        addresses = {r.address for r in resources_of(graph, resource_type) if r.get("name") == value}
        return frozenset({f"name:{value}", *(f"address:{a}" for a in addresses)})
    targets, unresolved = referenced(graph, value, resource_type)
    if unresolved or len(targets) != 1:
        return None
    name = targets[0].get("name")
    literal = {f"name:{name}"} if isinstance(name, str) and not is_expression(name) else set()
    return frozenset({f"address:{targets[0].address}", *literal})


def names_one_of(graph: Any, values: Any, target: frozenset[str], resource_type: str) -> bool | None:
    """Does any item of ``values`` name the ``target`` resource? None if an item cannot be told."""
    return any_true(None if (ident := identity(graph, item, resource_type)) is None else bool(ident & target)
                    for item in flat(values))
