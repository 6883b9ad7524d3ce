"""API answers read defensively, in one place: a malformed answer is an Unreadable naming the call.

An endpoint (a proxy, an emulator, a broken region) can answer 200 with a body botocore parses into
something else than the API promises: keys missing, a string where a list belongs, ``"yes"`` where a
boolean belongs, or no JSON at all. Collectors read answers with ``answer["Key"]``; left alone that is
a KeyError or TypeError, a traceback (exit 1, read as a failed gate) or, worse, a truthy string read
as "enabled". So every answer goes through :func:`checked`:

- its values are checked against the operation's output shape (types only: members AWS may leave
  out stay optional, as in the API model);
- dicts become :class:`Answer`, whose missing keys raise :class:`Malformed` naming the call;
- a body botocore would read as an empty answer (JSON that is not JSON, an XML document of another
  kind, such as an HTML error page) is refused before parsing.

What a fact computes from answers is guarded too (:func:`reading`): a KeyError, TypeError,
ValueError, AttributeError or IndexError raised while a fact is fetched names the last call the fact
made, so no shape of answer ends as a traceback.
"""
from __future__ import annotations

import datetime as _dt
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from baomi.sources.aws.errors import Unreadable

T = TypeVar("T")

#: exceptions that reading a malformed answer raises in plain Python code
READING_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


class Malformed(Unreadable, KeyError):
    """An answer that does not have the shape of the API: named by call, never with its content.

    A KeyError too, so code that reads an optional key with ``try: ... except KeyError`` keeps working."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.reason


class BadBody(Exception):
    """Raised by the before-parse hook; :class:`Api` turns it into :class:`Malformed` naming the call."""


class Answer(dict):  # type: ignore[type-arg]
    """A dict from an API answer; a missing key raises :class:`Malformed` naming the call."""

    __slots__ = ("action",)

    def __init__(self, items: Any = (), action: str = "an AWS call") -> None:
        super().__init__(items)
        self.action = action

    def __missing__(self, key: Any) -> Any:
        raise Malformed(f"malformed answer on {self.action}: no {key}")


def checked(value: Any, shape: Any, action: str) -> Any:
    """``value`` (a parsed answer) with its dicts as :class:`Answer`; Malformed when a value's type is not
    the shape's. ``ResponseMetadata`` and members the model does not know are kept unchecked."""
    return _check(value, shape, action, "")


_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,), "character": (str,), "boolean": (bool,), "integer": (int,), "long": (int,),
    "float": (int, float), "double": (int, float), "timestamp": (_dt.datetime, str),
    "blob": (bytes, bytearray, str),
}


def _check(value: Any, shape: Any, action: str, path: str) -> Any:
    kind = getattr(shape, "type_name", None)
    if shape is None or value is None or getattr(shape, "is_document_type", False):
        return Answer(value, action) if isinstance(value, dict) else value
    if kind == "structure":
        if not isinstance(value, dict):
            raise _wrong(action, path, "an object", value)
        members = shape.members
        return Answer({k: _check(v, members.get(k), action, f"{path}.{k}".lstrip(".")) for k, v in value.items()},
                      action)
    if kind == "list":
        if not isinstance(value, list):
            raise _wrong(action, path, "a list", value)
        return [_check(v, shape.member, action, f"{path}[]") for v in value]
    if kind == "map":
        if not isinstance(value, dict):
            raise _wrong(action, path, "a map", value)
        return Answer({k: _check(v, shape.value, action, f"{path}.{k}") for k, v in value.items()}, action)
    if kind == "string" and getattr(shape, "name", "") == "policyDocumentType" and isinstance(value, dict):
        return Answer(value, action)  # botocore's own after-call handler decodes IAM policy documents
    allowed = _SCALARS.get(str(kind))
    wrong = allowed is not None and (not isinstance(value, allowed) or (kind != "boolean" and isinstance(value, bool)))
    if wrong and not (kind == "blob" and hasattr(value, "read")):  # a streaming body is a blob
        raise _wrong(action, path, str(kind), value)
    return value


def _wrong(action: str, path: str, expected: str, value: Any) -> Malformed:
    return Malformed(f"malformed answer on {action}: {path or 'answer'} is {type(value).__name__}, "
                     f"expected {expected}")


def refuse_unparsable(response_dict: dict[str, Any], operation_model: Any, **_: Any) -> None:
    """Bodies botocore would read as an *empty* answer (before-parse): a listing would then find nothing
    and a setting read as absent would fail or pass on no evidence. Refused here instead:

    - JSON protocols: a body that is not a JSON object (botocore reads it as ``{"message": body}``);
    - query and EC2 protocols: an XML document whose root is not ``<Operation>Response``;
    - REST-XML answers carried as one structure: a root element other than that structure's; any other
      REST-XML answer that is an HTML page.
    """
    if response_dict.get("status_code", 200) >= 300 or operation_model.has_streaming_output:
        return
    body = response_dict.get("body") or b""
    if not body.strip():
        return
    protocol = operation_model.metadata.get("protocol")
    if protocol in ("json", "rest-json"):
        try:
            parsed = json.loads(body)
        except ValueError:
            raise BadBody("the body is not JSON") from None
        if not isinstance(parsed, dict):
            raise BadBody(f"the body is a JSON {type(parsed).__name__}, expected an object")
        return
    root = _root_tag(body)
    expected = _expected_root(protocol, operation_model)
    if root is not None and expected is not None and root != expected:
        raise BadBody(f"the answer is <{root}>, expected <{expected}>")
    if root is not None and root.lower() == "html":  # REST-XML answers have no root the model names
        raise BadBody("the answer is an HTML page")


def _expected_root(protocol: str | None, operation_model: Any) -> str | None:
    if protocol in ("query", "ec2"):
        return f"{operation_model.name}Response"
    shape = operation_model.output_shape
    payload = shape.serialization.get("payload") if shape is not None and protocol == "rest-xml" else None
    if payload is None or shape.members[payload].type_name != "structure":
        return None
    member = shape.members[payload]
    return str(member.serialization.get("name") or member.name)


def _root_tag(body: bytes) -> str | None:
    """The name of the first element of an XML body (namespace left out), None if there is none."""
    import re

    match = re.search(rb"<\s*([A-Za-z_][\w.:-]*)", re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", body, flags=re.DOTALL))
    return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1] if match else None


# --- which call a fact was reading when it failed ------------------------------------------------------

_reading = threading.local()


def record(action: str) -> None:
    """Note that the fact being fetched in this thread is calling ``action``."""
    stack = getattr(_reading, "stack", None)
    if stack:
        stack[-1] = action


@contextmanager
def _frame() -> Iterator[list[str | None]]:
    stack = _reading.__dict__.setdefault("stack", [])
    stack.append(None)
    try:
        yield stack
    finally:
        stack.pop()


def reading(fetch: Callable[[], T], what: str) -> T:
    """Run ``fetch`` (one fact); a plain-Python error on the answers it read becomes Malformed naming the
    last call it made (or ``what`` if it made none)."""
    with _frame() as stack:
        try:
            return fetch()
        except Unreadable:
            raise
        except READING_ERRORS as exc:
            last = stack[-1]
            where = f"on {last}" if last else f"while reading {what}"
            raise Malformed(f"malformed answer {where} ({type(exc).__name__})") from None
