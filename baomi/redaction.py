"""Facts as JSON for an evidence bundle, with every secret replaced by ``"<redacted>"`` (docs/evidence.md).

``plain(value)`` turns what a source collected (dataclasses, mappings, lists, tuples, sets, dates, enums, paths,
bytes, exceptions) into JSON values; ``redacted(value)`` does the same and blanks out what may be a secret:

- the value of a key that names a secret (password, passphrase, secret, token, credential, private key, API or
  access key, session key, user data, connection string or info, DSN), unless the key names something about the
  secret rather than the secret itself (``password_encryption``, ``PasswordLastUsed``, ``AccessKeyId``,
  ``validate_password.length``: see ``_ABOUT_WORDS``); booleans, numbers and null are kept (``has_password: true``);
- the value of a name/value pair whose name does (``{"name": "db_password", "value": …}``, a tag
  ``{"Key": "api_token", "Value": …}``, a setting ``primary_conninfo``);
- every value under an environment (``Environment.Variables`` of a Lambda function, ``environment`` of an ECS
  container), whatever its name: only the names are kept;
- inside any text: a password in a URL (``postgresql://u:secret@h``), ``password=…`` (``ldapbindpasswd=…``,
  ``token=…``) in a connection string or an option list, and a PEM private key block.

Bytes are never written as they are: ``"<bytes N sha256:…>"``. Nothing here imports a library.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import hashlib
import itertools
import json
import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

REDACTED = "<redacted>"

#: words of a key (or a pair's name) that name a secret, alone or as a pair of words
_SECRET_WORDS = frozenset({"password", "passwd", "passphrase", "pwd", "secret", "secrets", "token", "credential",
                           "credentials", "dsn", "salt", "userdata", "conninfo", "connstr", "apikey", "privatekey",
                           "accesskey", "secretkey", "authtoken"})
_SECRET_PAIRS = frozenset({("private", "key"), ("api", "key"), ("access", "key"), ("session", "key"),
                           ("signing", "key"), ("user", "data"), ("connection", "string"), ("conn", "info"),
                           ("authentication", "string"), ("auth", "string"), ("client", "key")})
#: ... unless another word says it is about the secret: its policy, age, kind, whether there is one, its ID
_ABOUT_WORDS = frozenset({
    "encryption", "policy", "policies", "last", "reset", "required", "require", "enabled", "enable", "plugin",
    "method", "age", "length", "expiry", "expires", "expiration", "expired", "reuse", "lifetime", "interval",
    "rotation", "rotate", "min", "max", "minimum", "maximum", "status", "check", "validate", "validation",
    "strength", "lock", "locked", "history", "has", "present", "type", "arn", "id", "ids", "count", "timeout",
    "dictionary", "mixed", "special", "number", "digits", "case", "file", "path", "dir", "algorithm", "level",
    "mode", "changed", "created", "date", "time", "name", "names", "kms", "encrypted", "roles", "users", "accounts"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")

#: a mapping or list under such a key holds environment variables: every value is redacted, names kept
_ENVIRONMENT = re.compile(r"^(environment|env|variables|environment[-_]?variables|envvars|secrets)$", re.IGNORECASE)
#: the fields of a name/value pair
_NAMES = ("name", "Name", "key", "Key", "ParameterKey", "ParameterName", "OptionName")
_VALUES = ("value", "Value", "ParameterValue", "Values")

_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)[^@\s]+(?=@)")
_KEYWORD_PASSWORD = re.compile(
    r"(?P<head>\b\w*(password|passwd|passphrase|pwd|secret|token|access_key|secret_key)\w*\s*=\s*)"
    r"(?P<value>'[^']*'|\"[^\"]*\"|[^\s;,&]+)", re.IGNORECASE)
_PEM = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)", re.DOTALL)

#: nesting kept; deeper values (which no fact has) become a marker
MAX_DEPTH = 64


def secret_key(key: str) -> bool:
    """Does this key (or pair name) name a secret rather than something about one? Told by its words
    (``db_password``, ``UserData``, ``AccessKeyId``: split at ``_``, ``-``, ``.`` and case changes)."""
    words = [w.lower() for w in _WORD.findall(key)]
    secret = any(w in _SECRET_WORDS for w in words) or any(pair in _SECRET_PAIRS for pair in itertools.pairwise(words))
    return secret and not any(w in _ABOUT_WORDS for w in words)


def scrub_text(text: str) -> str:
    """``text`` with passwords in URLs and connection strings and private key blocks redacted."""
    text = _PEM.sub(REDACTED, text)
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + REDACTED, text)
    return _KEYWORD_PASSWORD.sub(lambda m: m.group("head") + REDACTED, text)


def plain(value: Any) -> Any:
    """``value`` as JSON values, nothing redacted (for what holds no secret)."""
    return _convert(value, redact=False, depth=0)


def redacted(value: Any) -> Any:
    """``value`` as JSON values, every secret replaced by ``"<redacted>"`` (the module's docstring)."""
    return _convert(value, redact=True, depth=0)


def json_bytes(value: Any, redact: bool = True) -> bytes:
    """``value`` as indented UTF-8 JSON (redacted unless told otherwise), ending with a newline."""
    converted = redacted(value) if redact else plain(value)
    return (json.dumps(converted, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _bytes(data: bytes) -> str:
    return f"<bytes {len(data)} sha256:{hashlib.sha256(data).hexdigest()}>"


def _convert(value: Any, redact: bool, depth: int, environment: bool = False) -> Any:
    if depth > MAX_DEPTH:
        return "<nested too deeply>"
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return _convert(value.value, redact, depth + 1, environment)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        if not redact:
            return value
        return REDACTED if environment else scrub_text(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return REDACTED if redact and environment else _bytes(bytes(value))
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if isinstance(value, PurePath):
        return _convert(str(value), redact, depth + 1, environment)
    if isinstance(value, BaseException):
        return {"error": type(value).__name__, "message": _convert(str(value), redact, depth + 1)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _mapping({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, redact, depth,
                        environment)
    if isinstance(value, Mapping):
        return _mapping(value, redact, depth, environment)
    if isinstance(value, (list, tuple)):
        return [_convert(v, redact, depth + 1, environment) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [_convert(v, redact, depth + 1, environment) for v in value]
        try:
            return sorted(items)  # numbers as numbers, texts as texts
        except TypeError:  # mixed kinds: by their JSON text
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return f"<{type(value).__name__}>"  # never repr(): it may show what it holds


def _mapping(value: Mapping[Any, Any], redact: bool, depth: int, environment: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    pair_name = next((value[k] for k in _NAMES if isinstance(value.get(k), str)), None)
    secret_pair = redact and pair_name is not None and secret_key(pair_name)
    for raw_key, item in value.items():
        key = raw_key if isinstance(raw_key, str) else str(_convert(raw_key, redact, depth + 1))
        if not redact:
            out[key] = _convert(item, redact, depth + 1)
        elif environment and key in _NAMES:
            out[key] = _convert(item, redact, depth + 1)  # a variable's name is kept, its value is not
        elif secret_key(key) or (secret_pair and key in _VALUES):
            out[key] = _blank(item)
        else:
            out[key] = _convert(item, redact, depth + 1, environment or bool(_ENVIRONMENT.match(key)))
    return out


def _blank(value: Any) -> Any:
    """A secret's value: gone, unless it is a boolean, a number or null (which tell whether, not what)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return REDACTED
