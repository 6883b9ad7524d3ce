"""Reading a CloudFormation resource's Properties; an unresolved intrinsic function stays a dict,
which the shared rules treat as "cannot tell" (or, in a policy, as a reference to one value)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from baomi.checks.policy import Syntax

#: stands for tags hidden behind an intrinsic function: not a map, so the rules answer "cannot tell"
_UNRESOLVED = "<unresolved>"
_ONE_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def prop(conf: Mapping[str, Any], key: str) -> Any:
    """A property's value; None when absent. When Properties itself is not a plain map (an intrinsic
    function, a scalar), every property is unknown: that value is returned, never None for "absent"."""
    properties = conf.get("Properties")
    if properties is None:
        return None
    if isinstance(properties, Mapping) and not is_intrinsic(properties):
        return properties.get(key)
    return properties if is_intrinsic(properties) else _UNRESOLVED


def is_intrinsic(value: Any) -> bool:
    """``{"Ref": ...}``, ``{"Fn::Sub": ...}`` and the other intrinsic functions, resolved only on deploy."""
    return isinstance(value, Mapping) and any(str(k).startswith("Fn::") or k == "Ref" for k in value)


def tag_map(tags: Any) -> Any:
    """CloudFormation tags ([{Key, Value}] or a plain map) as a map; None if absent; the raw value if
    it is an unresolved intrinsic function."""
    if tags is None or (isinstance(tags, Mapping) and not is_intrinsic(tags)):
        return tags
    if isinstance(tags, list) and all(isinstance(t, Mapping) and isinstance(t.get("Key"), str) for t in tags):
        return {t["Key"]: t.get("Value") for t in tags}
    return _UNRESOLVED


def _placeholder(value: Any) -> str:
    return text(value) or "${?}"


def text(value: Any) -> str | None:
    """A value as text: ``Fn::Sub`` keeps its template, ``Fn::Join`` joins its parts, any other
    intrinsic function becomes a ``${...}`` placeholder. None for what has no text form."""
    if isinstance(value, str):
        return value
    if not is_intrinsic(value):
        return None
    name, argument = next((k, v) for k, v in value.items() if str(k).startswith("Fn::") or k == "Ref")
    if name == "Fn::Sub":
        template = argument[0] if isinstance(argument, list) and argument else argument
        return template if isinstance(template, str) else None
    if name == "Fn::Join" and isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list):
        return str(argument[0]).join(_placeholder(part) for part in argument[1])
    return "${" + str(name) + "}"


def _unresolved(value: Any) -> bool:
    return is_intrinsic(value) or (isinstance(value, str) and "${" in value)


def _reference(value: Any) -> bool:
    """An intrinsic function, or text that is nothing but one ``${...}`` placeholder: one value."""
    return is_intrinsic(value) or (isinstance(value, str) and bool(_ONE_PLACEHOLDER.fullmatch(value.strip())))


#: what another stack exports, a mapping holds, a list or a condition picks: any text at deploy time, "*" too
#: (engines/checkov/trust.py takes a value holding one as unresolved)
MAY_BE_ANYTHING = frozenset({"Fn::ImportValue", "Fn::FindInMap", "Fn::Select", "Fn::If"})


def _parameter(value: Any) -> bool:
    """A value that may be any text at deploy time: ``{"Ref": name}`` or ``{"Fn::Sub": "${name}"}`` of a name that
    is not a pseudo parameter (``AWS::...``) nor an attribute (``Res.Arn``), a template parameter; an imported,
    mapped, selected or conditional value; a join of nothing but those. (A ``Ref`` to a resource gives its name or
    id, and ``Fn::GetAtt`` one of its attributes: one fixed value, though not always one principal, which
    s3_public_policy.py judges for the principals it reads.)"""
    if not isinstance(value, Mapping) or len(value) != 1:
        return False
    name, argument = next(iter(value.items()))
    if name in MAY_BE_ANYTHING:
        return True
    if name == "Fn::Join" and isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list):
        # nothing but such values (and empty text) joined without a separator: the text may be "*" too
        parts = [part for part in argument[1] if part != ""]
        return bool(parts) and all(_parameter(part) for part in parts) and (len(parts) == 1 or argument[0] == "")
    if name == "Fn::Sub" and isinstance(argument, str):
        match = _ONE_PLACEHOLDER.fullmatch(argument.strip())
        argument = argument.strip()[2:-1] if match else None
    elif name != "Ref":
        return False
    return isinstance(argument, str) and "::" not in argument and "." not in argument


#: how the shared policy rules read a CloudFormation policy document
CLOUDFORMATION = Syntax(unresolved=_unresolved, reference=_reference, text=text, parameter=_parameter)


def policy_document(conf: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """A bucket policy's PolicyDocument; None when it is missing or hidden behind an intrinsic function."""
    document = prop(conf, "PolicyDocument")
    return document if isinstance(document, Mapping) and not is_intrinsic(document) else None
