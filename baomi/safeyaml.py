"""YAML loading with a bound on the work an input can ask for.

PyYAML's safe loaders share the object an alias names, so a "billion laughs" document loads quickly
into a small graph; every consumer that walks it afterwards (schema validation, template screening,
checkov's own parser) then walks 10^9 nodes. A self-referring alias makes a cycle that a consumer walks
for ever. Here the composed node graph is measured before anything is constructed: its size once every
alias is expanded must stay under a limit, and a cycle is refused. Deep nesting is refused by libyaml
itself (1,000 levels) and, for the pure-Python loader, by Python's recursion limit.
"""
from __future__ import annotations

from typing import Any

import yaml

#: The C loader when PyYAML was built with libyaml (ten times faster on large files), else Python's.
SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Nodes a document may have once its aliases are expanded: far above what a real settings file,
#: waivers file, framework file or 4 MB CloudFormation template holds, far below an alias bomb.
MAX_EXPANDED_NODES = 1_000_000


class YamlLimitError(ValueError):
    """The document is valid YAML but asks for too much work (alias expansion, recursion, nesting)."""


def load(text: str, loader: type = SafeLoader, max_nodes: int = MAX_EXPANDED_NODES) -> Any:
    """The single document of ``text``, read with ``loader`` (a SafeLoader or a subclass of one).

    Raises yaml.YAMLError for invalid YAML (a date such as 2027-13-45 included) and YamlLimitError for a
    document whose aliases expand to more than ``max_nodes`` nodes, refer to themselves, or that nests
    too deeply.
    """
    instance = loader(text)
    try:
        node = instance.get_single_node()
        if node is None:
            return None
        expanded_size(node, max_nodes)
        try:
            return instance.construct_document(node)
        except (ValueError, TypeError, OverflowError) as exc:  # 2027-13-45, 0000-00-00, an unhashable key
            raise yaml.constructor.ConstructorError(None, None, f"a value that cannot be read ({exc})",
                                                    node.start_mark) from None
    except RecursionError:
        raise YamlLimitError("nested too deeply") from None
    finally:
        instance.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def expanded_size(root: yaml.Node, limit: int) -> int:
    """Nodes under ``root`` with every alias expanded (each shared node counted as often as it is
    reached); YamlLimitError past ``limit`` or on a cycle. Iterative: no recursion on deep documents."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > limit:
                raise YamlLimitError(f"its aliases expand to more than {limit:,} nodes (an alias bomb?)")
            sizes[key] = total
            on_path.discard(key)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlLimitError("an alias refers to a node that contains it (a recursive alias)")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return sizes[id(root)]
