"""Looking up the blocks one Terraform block can refer to, in the graph checkov hands to resource checks.

Resource checks see only their own block; the subnets of a DB subnet group, a policy in a ``data`` block
or the provider's ``default_tags`` live elsewhere. checkov sets ``check.graph`` (a rustworkx graph of
(index, attributes) payloads) for Terraform directories and plans: one graph holds every root directory,
module instance and plan a runner scans. A block refers only to blocks of its own module instance of its
own root (a provider: of its own root), so every lookup goes through the ``Scope`` of the judged block,
found from the very configuration dict checkov hands to the check (the vertex's own ``config_`` entry).
Without a graph a lookup finds nothing and the check stays unknown.

Lookups answer from an index of the graph built in one pass and kept while the graph is in use, so a
scan's cost grows linearly with its blocks rather than with blocks times lookups.
"""
from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from baomi.checks.terraform.existence import never_created

T = TypeVar("T")

#: (root: a root module's directory or a plan file, module instance: ``module.a["k"].module.b.``)
ScopeKey = tuple[str, str]

_INDEX = re.compile(r"\[[^\]]*\]$")
_MODULE_PREFIX = re.compile(r'(?:module\.[^.\[]+(?:\[(?:"[^"]*"|[^\]]*)\])?\.)*')
_RESOURCE, _PROVIDER = "resource", "provider"
#: indexes of recent graphs, by identity; the graph is held so that its id cannot be reused meanwhile
#: (rustworkx graphs take no weak references). One scan uses one graph per runner, seldom more.
_RECENT: OrderedDict[int, tuple[Any, _GraphIndex]] = OrderedDict()
_RECENT_GRAPHS = 4


@dataclass(frozen=True)
class Resource:
    """A resource block of one scope: ``address`` inside its module (``aws_subnet.public[0]``),
    rendered ``attributes``. Equal by address: addresses are unique within a scope."""

    address: str
    attributes: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def base(self) -> str:
        """The address without its count/for_each key: ``aws_subnet.public``."""
        return _INDEX.sub("", self.address)

    def get(self, key: str) -> Any:
        return self.attributes.get(key)


def split_address(address: str) -> tuple[str, str]:
    """``module.a["k"].aws_s3_bucket.b`` -> (``module.a["k"].``, ``aws_s3_bucket.b``)."""
    match = _MODULE_PREFIX.match(address)
    prefix = match.group(0) if match else ""
    return prefix, address[len(prefix):]


def _root(attrs: Mapping[str, Any]) -> str:
    """The root a vertex belongs to: the directory of the outermost module call, else of the block's own
    file; a plan (JSON other than Terraform JSON) is a root of its own."""
    module: Any = attrs.get("source_module_object_")  # a TFModule, nested from the innermost call
    while getattr(module, "nested_tf_module", None) is not None:
        module = module.nested_tf_module
    path = str(getattr(module, "path", None) or attrs.get("file_path_") or "")
    is_plan = path.endswith(".json") and not path.endswith(".tf.json")
    return path if is_plan else os.path.dirname(path)


def _own_configs(attrs: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The dicts checkov hands to the checks of this block (``config_[type][name]``)."""
    config = attrs.get("config_")
    for by_name in config.values() if isinstance(config, Mapping) else ():
        for conf in by_name.values() if isinstance(by_name, Mapping) else ():
            if isinstance(conf, Mapping):
                yield conf


def _payloads(graph: Any) -> Iterator[Mapping[str, Any]]:
    for node in graph.nodes():
        attrs = node[1] if isinstance(node, tuple) and len(node) == 2 else None
        if isinstance(attrs, Mapping):
            yield attrs


class _GraphIndex:
    """Every block of one graph by scope, type and address, from one pass over the graph."""

    def __init__(self, graph: Any) -> None:
        self.size = len(graph)
        self.scope_of_conf: dict[int, ScopeKey] = {}
        self.scopes_of_address: dict[str, list[tuple[str, ScopeKey]]] = {}
        self.blocks: dict[tuple[ScopeKey, str, str], Mapping[str, Any]] = {}
        self.resources: dict[tuple[ScopeKey, str], list[Resource]] = {}
        self.named: dict[tuple[ScopeKey, str], list[Resource]] = {}
        #: (root, type) -> (module instance prefix, resource) over every module instance of the root
        self.in_root: dict[tuple[str, str], list[tuple[str, Resource]]] = {}
        self.providers: dict[tuple[str, str], Mapping[str, Any]] = {}
        self.first: dict[tuple[str, str], Mapping[str, Any]] = {}
        self.derived: dict[tuple[ScopeKey, Hashable], Any] = {}
        for attrs in _payloads(graph):
            self._add(attrs)

    def _add(self, attrs: Mapping[str, Any]) -> None:
        block_type = str(attrs.get("block_type_") or "")
        address = str(attrs.get("__address__") or attrs.get("id_") or "")
        for name in (attrs.get("id_"), attrs.get("__address__")):
            if isinstance(name, str) and name:
                self.first.setdefault((block_type, name), attrs)
        root = _root(attrs)
        if block_type == _PROVIDER:
            self.providers.setdefault((root, address), attrs)
            return
        prefix, local = split_address(address)
        if block_type == "data":
            local = local.removeprefix("data.")  # as a plan writes it; checkov's HCL graph does not
        key = (root, prefix)
        self.blocks.setdefault((key, block_type, local), attrs)
        confs = list(_own_configs(attrs))
        self.scope_of_conf.update((id(conf), key) for conf in confs)
        if block_type == _RESOURCE and not any(never_created(conf) for conf in confs):  # else nothing to find
            self.scopes_of_address.setdefault(address, []).append((str(attrs.get("file_path_")), key))
            resource = Resource(local, attrs)
            self.resources.setdefault((key, str(attrs.get("resource_type"))), []).append(resource)
            self.named.setdefault((key, resource.base), []).append(resource)
            self.in_root.setdefault((root, str(attrs.get("resource_type"))), []).append((prefix, resource))

    def scope_of(self, conf: Mapping[str, Any]) -> ScopeKey | None:
        """The scope of the block whose configuration this is. checkov hands a plan's resources over as
        copies: those are found by address and file (``__file__``), when that names one scope only."""
        key = self.scope_of_conf.get(id(conf))
        if key is not None:
            return key
        files = conf.get("__file__")
        file = files[0] if isinstance(files, list) and files else files
        scopes = {key for path, key in self.scopes_of_address.get(str(conf.get("__address__") or ""), [])
                  if file is None or path == file}
        return scopes.pop() if len(scopes) == 1 else None


def _index(graph: Any) -> _GraphIndex:
    """The graph's index, built on first use; a new graph (a new scan) gets a new one."""
    recent = _RECENT.get(id(graph))
    if recent is not None and recent[0] is graph and recent[1].size == len(graph):
        _RECENT.move_to_end(id(graph))
        return recent[1]
    index = _GraphIndex(graph)
    _RECENT[id(graph)] = (graph, index)
    _RECENT.move_to_end(id(graph))
    while len(_RECENT) > _RECENT_GRAPHS:
        _RECENT.popitem(last=False)
    return index


class Scope:
    """What one block can refer to: the blocks of its own module instance of its own root. A scope
    that cannot be placed (no graph, a block the graph does not hold) holds nothing, so references
    from it stay unresolved."""

    __slots__ = ("_placed",)

    def __init__(self, index: _GraphIndex | None = None, key: ScopeKey | None = None) -> None:
        self._placed = (index, key) if index is not None and key is not None else None

    @property
    def key(self) -> ScopeKey | None:
        return None if self._placed is None else self._placed[1]

    def resources(self, resource_type: str) -> Sequence[Resource]:
        """Every resource of ``resource_type`` in the scope, in graph order."""
        if self._placed is None:
            return ()
        index, key = self._placed
        return index.resources.get((key, resource_type), ())

    def named(self, base: str) -> Sequence[Resource]:
        """Every instance of the resource ``base`` (``aws_subnet.public``: ``[0]``, ``["a"]`` ...)."""
        if self._placed is None:
            return ()
        index, key = self._placed
        return index.named.get((key, base), ())

    def in_root(self, resource_type: str) -> Sequence[tuple[Scope, Resource]]:
        """Every resource of ``resource_type`` in any module instance of the scope's root, with its own
        scope: for what may be attached to a block from outside its module (a bucket policy)."""
        if self._placed is None:
            return ()
        index, (root, _) = self._placed
        return [(Scope(index, (root, prefix)), r) for prefix, r in index.in_root.get((root, resource_type), ())]

    @property
    def module(self) -> str | None:
        """The scope's module instance path (``module.a["k"].``, ``""`` for the root module), or None."""
        return None if self._placed is None else self._placed[1][1]

    def block(self, block_type: str, address: str) -> Mapping[str, Any] | None:
        """Rendered attributes of the ``block_type`` block at ``address`` in the scope
        (``aws_iam_policy_document.tls`` for a data block), or None."""
        if self._placed is None:
            return None
        index, key = self._placed
        return index.blocks.get((key, block_type, address))

    def provider(self, address: str) -> Mapping[str, Any] | None:
        """The provider a resource names in ``__provider_address__`` (``aws.default``,
        ``module.m.aws.west``): an address within the scope's root."""
        if self._placed is None:
            return None
        index, (root, _) = self._placed
        return index.providers.get((root, address))

    def derived(self, name: Hashable, build: Callable[[], T]) -> T:
        """A further index of the scope (what refers to what), built by ``build`` once per scope."""
        if self._placed is None:
            return build()
        index, key = self._placed
        if (key, name) not in index.derived:
            index.derived[key, name] = build()
        return index.derived[key, name]  # type: ignore[no-any-return]


#: the scope of a block outside any graph: it refers to nothing that can be followed
NOWHERE = Scope()


def scope_of(graph: Any, conf: Mapping[str, Any]) -> Scope:
    """The scope of the block whose configuration ``conf`` checkov handed to a check."""
    if graph is None or not hasattr(graph, "nodes"):
        return NOWHERE
    index = _index(graph)
    return Scope(index, index.scope_of(conf))


def block_attributes(graph: Any, block_type: str, address: str) -> Mapping[str, Any] | None:
    """Rendered attributes of the first ``block_type`` block of the graph at ``address`` (``aws.default``),
    or None. Not scoped: it searches every root and module instance; ``Scope.block`` and
    ``Scope.provider`` answer for the judged block's own."""
    if graph is None or not hasattr(graph, "nodes"):
        return None
    return _index(graph).first.get((block_type, address))


def data_block_config(scope: Scope, address: str) -> Mapping[str, Any] | None:
    """A data block of the scope in the same shape checks receive their own configuration (values in
    lists)."""
    attrs = scope.block("data", address)
    if attrs is None:
        return None
    kind, _, name = address.partition(".")
    conf = (attrs.get("config_") or {}).get(kind, {}).get(name)
    return conf if isinstance(conf, Mapping) else None
