"""The template a CloudFormation resource belongs to, for checks that judge a resource by its neighbours.

checkov hands a CloudFormation check one resource at a time, with no view of the rest of its template (the
Terraform runner sets a graph on its checks; the CloudFormation runner does not). baomi's checkov runtime
sets, for the duration of a runner's check loop, the templates it is judging (``judging``); a check finds its
resource's template by the identity of the configuration it was handed, which is the template's own entry.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Placed:
    """A resource's template (its ``Resources``) and the resource's logical ID in it."""

    resources: Mapping[str, Any]
    logical_id: str


class _Templates:
    """The templates of one runner call, indexed on first use by the identity of each resource entry."""

    def __init__(self, definitions: Mapping[str, Any]) -> None:
        self._definitions = definitions
        self._index: dict[int, Placed] | None = None

    def place(self, conf: Any) -> Placed | None:
        if self._index is None:
            self._index = {}
            for template in self._definitions.values():
                resources = template.get("Resources") if isinstance(template, Mapping) else None
                if not isinstance(resources, Mapping):
                    continue
                for logical_id, entry in resources.items():
                    self._index[id(entry)] = Placed(resources, str(logical_id))
        return self._index.get(id(conf))


_judged: ContextVar[_Templates | None] = ContextVar("baomi_cloudformation_templates", default=None)


@contextmanager
def judging(definitions: Mapping[str, Any]) -> Iterator[None]:
    """While checkov runs its CloudFormation checks over ``definitions`` (path -> parsed template)."""
    token = _judged.set(_Templates(definitions))
    try:
        yield
    finally:
        _judged.reset(token)


def place(conf: Any) -> Placed | None:
    """The template and logical ID of the resource configuration a check was handed; None outside a run
    or for a configuration that is not a template's own entry."""
    templates = _judged.get()
    return None if templates is None else templates.place(conf)
