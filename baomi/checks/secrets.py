"""Credentials out of place: the one judgement of environment variables and scripts, for code and cloud alike.

A Lambda function's environment, an ECS container's environment and an EC2 instance's user data are read by
anyone who can describe the resource, and are copied into plans, state files and consoles: no credential
belongs there (it belongs in Secrets Manager or Parameter Store, referenced). The Terraform checks and the live
AWS checks use these functions, so a variable gets the same verdict wherever it is read.

Detected by the variable's name (the words that name a secret, as the evidence redaction reads them:
``DB_PASSWORD``, ``api_key``, ``STRIPE_SECRET``) when it holds a literal value, and by the value's shape
whatever the name: an AWS access key ID (``AKIA``/``ASIA`` + 16), a PEM private key, a URL with a password,
``password=...`` in a connection string. A value that only refers to a secret (a Secrets Manager or SSM ARN,
a ``${...}`` or ``$(...)`` expansion, a ``{{resolve:...}}``) is not one. What is reported is the names and kinds
found, never a value.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from baomi.redaction import secret_key

_ACCESS_KEY_ID = re.compile(r"\b(AKIA|ASIA)[A-Z0-9]{16}\b")
_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
_URL_PASSWORD = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]+:([^@\s]+)@")
_ASSIGNED_PASSWORD = re.compile(r"\b(password|passwd|pwd)\s*=\s*([^\s;&'\"]+|'[^']*'|\"[^\"]*\")", re.IGNORECASE)
#: NAME=value or NAME: value (shell, env or YAML), anywhere in a line. checkov deletes a heredoc's line breaks
#: (``cd /opt`` + ``DB_PASSWORD=x`` comes as ``cd /optDB_PASSWORD=x``, ``A=b`` + ``API_KEY=c`` as
#: ``A=bAPI_KEY=c``): a name is any run of name characters not itself part of a name or an expansion
#: (``${DB_PASSWORD:-x}``), and the value is only looked at, so that an assignment glued to it is read too
_ASSIGNMENT = re.compile(r"(?<![\w.$-])(?<!\$\{)([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*"
                         r"(?=('[^']*'|\"[^\"]*\"|[^\s;]+))")
#: the tail of a glued name that reads as an environment variable (``optDB_PASSWORD``: ``DB_PASSWORD``)
_GLUED_TAIL = re.compile(r"(?<=[a-z0-9])[A-Z][A-Z0-9_]*$")
#: the end of a Terraform reference to a secret's ARN or ID (``aws_secretsmanager_secret.db.arn``)
ARN_OR_ID = r"\.(arn|id)\}?\s*$"
#: a value that names where a secret is kept, or that is expanded at run time
_REFERENCE = re.compile(r"^\s*(\$[{(]?|\{\{\s*resolve:|arn:[\w-]+:(secretsmanager|ssm|kms):|<)|^\s*$|" + ARN_OR_ID)


def _is_reference(value: str) -> bool:
    return bool(_REFERENCE.search(value.strip("'\"")))


def value_kinds(value: str) -> list[str]:
    """The kinds of credential a text value holds, by shape alone (empty when none)."""
    kinds = []
    if _ACCESS_KEY_ID.search(value):
        kinds.append("an AWS access key ID")
    if _PRIVATE_KEY.search(value):
        kinds.append("a private key")
    if any(not _is_reference(m.group(1)) for m in _URL_PASSWORD.finditer(value)):
        kinds.append("a URL with a password")
    if any(not _is_reference(m.group(2)) for m in _ASSIGNED_PASSWORD.finditer(value)):
        kinds.append("a password= setting")
    return kinds


def _never(value: str) -> bool:
    return False


#: is a value known only at deploy time (a Terraform variable or attribute)? A live value never is
Unresolved = Callable[[str], bool]


def holds_secret(name: str, value: Any, unresolved: Unresolved = _never) -> bool | None:
    """Does the variable ``name`` hold a credential? None when its value is not text, or is known only at
    deploy time (``unresolved``) under a secret's name: it may be the credential itself."""
    if value is None or isinstance(value, (bool, int, float)):
        return False  # a flag or a number tells whether, not what
    if not isinstance(value, str):
        return None
    if value_kinds(value):
        return True
    if not secret_key(name):
        return False
    if unresolved(value):
        return None
    return not _is_reference(value)


def secret_variables(variables: Mapping[str, Any], unresolved: Unresolved = _never) -> tuple[list[str], list[str]]:
    """(names of the variables that hold credentials, names whose value could not be read)."""
    found, unread = [], []
    for name, value in variables.items():
        held = holds_secret(str(name), value, unresolved)
        if held is None:
            unread.append(str(name))
        elif held:
            found.append(str(name))
    return sorted(found), sorted(unread)


def _secret_name(run: str) -> str | None:
    """The secret's name a run of name characters assigns to: the upper-case tail a previous line glued to it
    (checkov joins a heredoc's lines), or the run; None when it names no secret. Only an all-capitals tail is
    taken, so that ``requirePassword`` is not read as ``Password``."""
    tail = _GLUED_TAIL.search(run)
    if tail and secret_key(tail.group(0)):
        return tail.group(0)
    return run if secret_key(run) else None


def script_secrets(text: str, unresolved: Unresolved = _never) -> tuple[list[str], list[str]]:
    """What credentials a script or cloud-config holds: ``line N: NAME`` for an assignment of a literal to a
    secret's name, ``line N: <kind>`` for a value shaped like a credential; and the assignments to a secret's
    name of a value known only at deploy time. Names and line numbers only."""
    found, unread = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        for assignment in _ASSIGNMENT.finditer(line):
            name, value = _secret_name(assignment.group(1)), assignment.group(2)
            held = name is not None and holds_secret(name, value, unresolved)
            if held is None:
                unread.append(f"line {number}: {name}")
            elif held:
                found.append(f"line {number}: {name}")
        found += [f"line {number}: {kind}" for kind in value_kinds(line)
                  if not any(f.startswith(f"line {number}: ") for f in found)]
    return found, unread


def named(items: Iterable[str], limit: int = 10) -> str:
    """A short list of names for a message (the first ``limit``, then how many more)."""
    items = list(items)
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def container_variables(definitions: Any) -> tuple[dict[str, Any], list[str]] | None:
    """The ``environment`` of ECS container definitions as {"container.NAME": value}, with what could not be
    read; None when ``definitions`` is not a list of objects."""
    if not isinstance(definitions, list):
        return None
    variables: dict[str, Any] = {}
    unread: list[str] = []
    for index, container in enumerate(definitions):
        if not isinstance(container, Mapping):
            return None
        label = str(container.get("name") or f"container {index + 1}")
        environment = container.get("environment") or []
        if not isinstance(environment, list):
            unread.append(f"{label}.environment")
            continue
        for pair in environment:
            if isinstance(pair, Mapping) and isinstance(pair.get("name"), str):
                variables[f"{label}.{pair['name']}"] = pair.get("value")
            else:
                unread.append(f"{label}.environment")
    return variables, unread
