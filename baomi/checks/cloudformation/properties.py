"""Reading a CloudFormation resource's Properties; an unresolved intrinsic function stays a dict,
which the shared rules treat as "cannot tell"."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: stands for tags hidden behind an intrinsic function: not a map, so the rules answer "cannot tell"
_UNRESOLVED = "<unresolved>"


def prop(conf: Mapping[str, Any], key: str) -> Any:
    properties = conf.get("Properties")
    return properties.get(key) if isinstance(properties, Mapping) else None


def tag_map(tags: Any) -> Any:
    """CloudFormation tags ([{Key, Value}] or a plain map) as a map; None if absent; the raw value if
    it is an unresolved intrinsic function."""
    if tags is None or isinstance(tags, Mapping) and not any(k.startswith("Fn::") or k == "Ref" for k in tags):
        return tags
    if isinstance(tags, list) and all(isinstance(t, Mapping) and isinstance(t.get("Key"), str) for t in tags):
        return {t["Key"]: t.get("Value") for t in tags}
    return _UNRESOLVED
