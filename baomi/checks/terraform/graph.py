"""Looking up other blocks (providers, data sources) in the graph checkov hands to resource checks.

Resource checks see only their own resource; a policy in a ``data`` block or the provider's
``default_tags`` live elsewhere. checkov sets ``check.graph`` (a rustworkx graph of (index, attributes)
payloads) for Terraform directories; without it the lookup finds nothing and the check stays unknown.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def block_attributes(graph: Any, block_type: str, address: str) -> Mapping[str, Any] | None:
    """Rendered attributes of the ``block_type`` block at ``address`` (``aws.default``,
    ``aws_iam_policy_document.tls``), or None."""
    if graph is None or not hasattr(graph, "nodes"):
        return None
    for node in graph.nodes():
        attrs = node[1] if isinstance(node, tuple) and len(node) == 2 else None
        if (isinstance(attrs, Mapping) and attrs.get("block_type_") == block_type
                and address in (attrs.get("id_"), attrs.get("__address__"))):
            return attrs
    return None


def data_block_config(graph: Any, address: str) -> Mapping[str, Any] | None:
    """A data block's configuration in the same shape checks receive their own (values in lists)."""
    attrs = block_attributes(graph, "data", address)
    if attrs is None:
        return None
    kind, _, name = address.partition(".")
    conf = (attrs.get("config_") or {}).get(kind, {}).get(name)
    return conf if isinstance(conf, Mapping) else None
