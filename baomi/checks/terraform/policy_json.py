"""Turning the forms a Terraform policy takes into one JSON-shaped dict, or None when it cannot be read.

checkov hands a policy over as a dict (heredoc JSON, a ``jsonencode`` it could evaluate), as JSON text,
as a reference to a ``data.aws_iam_policy_document``, or as the text of a ``jsonencode(...)`` call it
could not evaluate because a value is known only after apply. In that last text, interpolations are
mangled (``''aws_s3_bucket.b.arn'/*'``): the repair below glues such pieces back into one string,
which keeps every literal key and value intact. ``TERRAFORM`` tells the shared policy rules
(``baomi.checks.policy``) how such a dict writes what Terraform knows only after apply.

A policy document may be assembled from others, as the AWS provider does it: the statements of its
``source_json`` and ``source_policy_documents`` concatenated, then its own ``statement`` blocks, then each
of its ``override_json`` and ``override_policy_documents``; a statement with a non-blank ``sid`` replaces
the statement with the same ``sid`` merged before it. ``replace(document, "placeholder", value)`` around a
document is followed too. What cannot be seen (an item checkov left as text it could not render, a
document outside the scope, a ``dynamic`` block it did not expand) stands in the statement list as an
``Unseen`` entry naming it: the shared rules read it as an unknown statement (never a pass nor a failure
on its own), and a statement that an unseen override could replace becomes unseen too. ``unseen()``
gives the reasons, for the finding's message.
"""
from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from baomi.checks.policy import Syntax
from baomi.checks.terraform.existence import never_created
from baomi.checks.terraform.graph import NOWHERE, Scope, data_block_config
from baomi.checks.terraform.values import blocks, is_expression, scalar, strings

#: a reference to a resource's attribute: one fixed value, known after apply
_RESOURCE_REFERENCE = re.compile(r"^(data\.)?[a-z][a-z0-9]*_[a-z0-9_]*\.[\w-]+(\[[^\]]*\])?\.[\w.]+$")


def is_reference(value: Any) -> bool:
    """``aws_s3_bucket.b.arn`` or ``${aws_s3_bucket.b.arn}``: one resource's attribute."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    return bool(_RESOURCE_REFERENCE.match(text))


TERRAFORM = Syntax(unresolved=is_expression, reference=is_reference)

_STRUCTURE = set("{}[](),:")
_LAYOUT = {tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT}
_CONSTANTS = {"True", "False", "None"}


def _glued(run: list[tokenize.TokenInfo]) -> str:
    if len(run) == 1 and (run[0].type in (tokenize.STRING, tokenize.NUMBER) or run[0].string in _CONSTANTS):
        return run[0].string
    text = "".join(ast.literal_eval(t.string) if t.type == tokenize.STRING else t.string for t in run)
    return repr(text)


def _repaired_literal(text: str) -> Any:
    out: list[str] = []
    run: list[tokenize.TokenInfo] = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.OP and token.string in _STRUCTURE:
            if run:
                out.append(_glued(run))
                run = []
            out.append(token.string)
        elif token.type not in _LAYOUT:
            run.append(token)
    if run:
        out.append(_glued(run))
    return ast.literal_eval(" ".join(out))


def _from_jsonencode_text(text: str) -> Mapping[str, Any] | None:
    body = text.strip()[len("jsonencode("):].rstrip().removesuffix(")")
    try:
        value = ast.literal_eval(body)
    except (ValueError, SyntaxError):
        try:
            value = _repaired_literal(body)
        except (ValueError, SyntaxError, tokenize.TokenError):
            return None
    return value if isinstance(value, Mapping) else None


@dataclass(frozen=True)
class Unseen:
    """In a statement list: statements that could not be read, and why. Not a Mapping, so every shared
    rule reads it as an unknown statement."""

    reason: str


def unseen(policy: Mapping[str, Any] | None) -> list[str]:
    """Why parts of a policy read by ``policy_dict`` could not be seen (each reason once)."""
    found = policy.get("Statement") if isinstance(policy, Mapping) else None
    return list(dict.fromkeys(s.reason for s in found if isinstance(s, Unseen))) if isinstance(found, list) else []


#: a reference to a policy document's JSON: ``data.aws_iam_policy_document.tls[0].json``
_DOCUMENT_REFERENCE = re.compile(r"^data\.(aws_iam_policy_document\.[\w-]+)(?:\[(\d+)\])?\.json$")
#: an item of a list checkov rendered as text: ``${True ? data.aws_iam_policy_document.x[0].json : }``
_CONDITIONAL_ITEM = re.compile(r"^\$\{\s*(True|False|true|false)\s*\?\s*(.*?)\s*:\s*(?:\"\"|'')?\s*\}$", re.S)
_INTERPOLATION = re.compile(r"^\$\{([^{}]*)\}$")
_QUOTED_ITEM = re.compile(r"\s*'((?:[^'\\]|\\.)*)'\s*(,|\])")
_MAX_DEPTH = 8
_SHOWN = 80


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


@dataclass(frozen=True)
class _Reader:
    """Reads policies within one scope, following policy documents at most ``_MAX_DEPTH`` deep."""

    scope: Scope
    depth: int = 0

    def deeper(self) -> _Reader:
        return _Reader(self.scope, self.depth + 1)

    # ------------------------------------------------------------ one value: a whole policy

    def policy(self, value: Any, where: str) -> Mapping[str, Any] | None:
        """The policy ``value`` stands for, or None when none of it can be read."""
        if isinstance(value, Mapping):
            return value
        if not isinstance(value, str):
            return None
        text = value.strip()
        interpolated = _INTERPOLATION.match(text)
        if interpolated:
            text = interpolated.group(1).strip()
        if text.startswith("jsonencode("):
            return _from_jsonencode_text(text)
        if text.startswith("replace("):
            return self._replaced(text, where)
        document = _DOCUMENT_REFERENCE.match(text)
        if document:
            return self.document(document.group(1), document.group(2) is not None)
        try:
            parsed = json.loads(text)
        except ValueError:
            return None
        return parsed if isinstance(parsed, Mapping) else None

    def document(self, address: str, indexed: bool = False) -> Mapping[str, Any] | None:
        """``data "aws_iam_policy_document"`` at ``address`` of the scope, merged as the provider does."""
        conf = data_block_config(self.scope, address)
        if conf is None or self.depth >= _MAX_DEPTH:
            return None
        if never_created(conf):  # referred to, yet never read: the reference is in a branch not taken
            return None
        if "for_each" in conf or (not indexed and "count" in conf and scalar(conf, "count") not in (1, "1")):
            return None  # which instance is meant cannot be told
        return {"Statement": self.deeper()._merged(conf, f"data.{address}")}

    def _merged(self, conf: Mapping[str, Any], name: str) -> list[Any]:
        # source documents are concatenated (the provider refuses a Sid repeated among them)
        merged = [*self._documents(conf, "source_json", name), *self._documents(conf, "source_policy_documents", name)]
        for statement in self._own_statements(conf, name):
            merged = _merge(merged, statement)
        for attribute in ("override_json", "override_policy_documents"):
            for statement in self._documents(conf, attribute, name):
                merged = _merge(merged, statement)
        return merged

    # ------------------------------------------------------------ the documents a document merges

    def _documents(self, conf: Mapping[str, Any], attribute: str, name: str) -> list[Any]:
        """The statements of every document listed in ``attribute``, in order."""
        if conf.get(attribute) is None:
            return []
        where = f"{attribute} of {name}"
        found: list[Any] = []
        for item in self._items(conf.get(attribute), where):
            if isinstance(item, Unseen):
                found.append(item)
                continue
            policy = self.policy(item, where)
            statements = _statement_list(policy)
            if statements is None:
                found.append(Unseen(f"{where}: could not read {_shown(item)}"))
            else:
                found.extend(statements)
        return found

    def _items(self, value: Any, where: str) -> list[Any]:
        """The documents of a list attribute; an item that cannot be read is ``Unseen``."""
        items: list[Any] = []
        for item in strings(value):
            if isinstance(item, str) and item.strip().startswith("compact("):
                items.extend(i for i in self._rendered_list(item.strip()[len("compact("):], where) if i != "")
                continue
            if isinstance(item, str) and item.strip().startswith("["):
                items.extend(self._rendered_list(item.strip(), where))
                continue
            items.append(self._item(item, where))
        return [i for i in items if i is not None]

    def _rendered_list(self, text: str, where: str) -> list[Any]:
        """A list checkov left as text (``['${True ? data.x[0].json : }', ...]``), item by item: the items
        it rendered whole, then the rest, if any, as ``Unseen``."""
        body = text.rstrip()
        if body.endswith(")"):
            body = body[:-1].rstrip()
        if not body.startswith("["):
            return [Unseen(f"{where}: could not read {_shown(text)}")]
        items: list[Any] = []
        position = 1
        if body[1:].strip() == "]":
            return []
        while True:
            match = _QUOTED_ITEM.match(body, position)
            if match is None:
                return [*items, Unseen(f"{where}: checkov left {_shown(body[position:].strip())} unrendered")]
            items.append(self._item(match.group(1), where))
            position = match.end()
            if match.group(2) == "]":
                if body[position:].strip():
                    items.append(Unseen(f"{where}: could not read {_shown(body[position:].strip())}"))
                return items

    def _item(self, item: Any, where: str) -> Any:
        """One document of a list: its value, None for a branch not taken, or ``Unseen``."""
        if not isinstance(item, str):
            return item
        text = item.strip()
        conditional = _CONDITIONAL_ITEM.match(text)
        if conditional:
            return conditional.group(2) if conditional.group(1).lower() == "true" else None
        if text == "":
            return ""
        interpolated = _INTERPOLATION.match(text)
        return interpolated.group(1).strip() if interpolated else text

    # ------------------------------------------------------------ the document's own statements

    def _own_statements(self, conf: Mapping[str, Any], name: str) -> list[Any]:
        found: list[Any] = []
        value = conf.get("statement")
        if value is not None and any(not isinstance(b, Mapping) for b in strings(value)):
            found.append(Unseen(f"statement of {name}: {_shown(value)}"))
        for block in blocks(conf, "statement"):
            found.append(_statement(block, name))
        for dynamic in blocks(conf, "dynamic"):
            if dynamic.get("statement") is not None and not _no_iteration(dynamic["statement"]):
                found.append(Unseen(f"dynamic \"statement\" of {name}"))
        return found

    def _replaced(self, text: str, where: str) -> Mapping[str, Any] | None:
        """``replace(document, "literal", value)``: the document with each occurrence of the literal
        standing for the value (unknown unless it is a literal too). A regular expression (``/.../``) is
        not followed."""
        args = _call_arguments(text, "replace")
        if args is None or len(args) != 3:
            return None
        search, value = _literal(args[1]), _literal(args[2])
        if not search or search.startswith("/"):
            return None
        inner = self.policy(args[0], where)
        if inner is None:
            return None
        substitute = value if value is not None else "${" + args[2].strip() + "}"
        return _substituted(inner, search, substitute)  # type: ignore[no-any-return]


def _no_iteration(dynamic: Any) -> bool:
    """A ``dynamic`` block whose ``for_each`` is a literal empty collection: it adds nothing."""
    if not isinstance(dynamic, Mapping) or "for_each" not in dynamic:
        return False
    each = dynamic.get("for_each")
    each = each[0] if isinstance(each, list) and len(each) == 1 else each
    return isinstance(each, (list, tuple, Mapping)) and not each


def _statement(block: Mapping[str, Any], name: str) -> Any:
    """A ``statement`` block in IAM JSON terms (Effect, (Not)Principal, (Not)Action, (Not)Resource,
    Condition), or ``Unseen`` when a nested ``dynamic`` block may add conditions or principals."""
    sid = scalar(block, "sid")
    for dynamic in blocks(block, "dynamic"):
        if any(not _no_iteration(content) for content in dynamic.values()):
            kinds = ", ".join(f'dynamic "{k}"' for k in dynamic)
            return Unseen(f"{kinds} in statement {sid or '(no sid)'} of {name}")
    principal: dict[str, list[Any]] = {}
    for p in blocks(block, "principals"):
        principal.setdefault(str(scalar(p, "type")), []).extend(strings(p.get("identifiers")))
    condition: dict[str, dict[str, list[Any]]] = {}
    for c in blocks(block, "condition"):
        condition.setdefault(str(scalar(c, "test")), {})[str(scalar(c, "variable"))] = strings(c.get("values"))
    statement: dict[str, Any] = {
        "Effect": scalar(block, "effect") or "Allow",
        "Principal": "*" if principal.get("*") == ["*"] else principal,
        "Action": strings(block.get("actions")),
        "Condition": condition,
    }
    if sid is not None:
        statement["Sid"] = sid
    for hcl_name, json_name in (("not_actions", "NotAction"), ("resources", "Resource"),
                                ("not_resources", "NotResource")):
        if hcl_name in block:
            statement[json_name] = strings(block.get(hcl_name))
    not_principal: dict[str, list[Any]] = {}
    for p in blocks(block, "not_principals"):
        not_principal.setdefault(str(scalar(p, "type")), []).extend(strings(p.get("identifiers")))
    if not_principal:
        statement["NotPrincipal"] = not_principal
    return statement


def _statement_list(policy: Mapping[str, Any] | None) -> list[Any] | None:
    if not isinstance(policy, Mapping):
        return None
    found = policy.get("Statement")
    if isinstance(found, Mapping):
        return [found]
    return list(found) if isinstance(found, list) else None


def _sid(statement: Any) -> str | None:
    """The statement's Sid: ``""`` for none, None when it cannot be told (unseen, or an expression)."""
    if not isinstance(statement, Mapping):
        return None
    sid = statement.get("Sid", "")
    if sid is None:
        return ""
    if not isinstance(sid, str) or is_expression(sid):
        return None
    return sid


def _merge(merged: list[Any], statement: Any) -> list[Any]:
    """The provider's merge of one more statement: one with a non-blank Sid replaces the statement with the
    same Sid, else it is appended. One whose Sid cannot be told may replace any statement with a Sid:
    those become unseen."""
    sid = _sid(statement)
    if sid:
        replaced = [statement if _sid(s) == sid else s for s in merged]
        return replaced if any(_sid(s) == sid for s in merged) else [*merged, statement]
    if sid is None:
        reason = statement.reason if isinstance(statement, Unseen) else f"statement with Sid {statement.get('Sid')}"
        merged = [Unseen(f"{reason} (may replace {s.get('Sid')})") if _sid(s) != "" and isinstance(s, Mapping)
                  else s for s in merged]
    return [*merged, statement]


def _call_arguments(text: str, function: str) -> list[str] | None:
    """The top-level arguments of ``function(a, b, c)`` as text, or None when the text is not one call."""
    if not text.startswith(function + "("):
        return None
    args: list[str] = []
    depth, quote, current = 0, "", []
    body = text[len(function) + 1:]
    for position, char in enumerate(body):
        if quote:
            current.append(char)
            if char == quote and body[position - 1] != "\\":
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                if body[position + 1:].strip():
                    return None
                args.append("".join(current).strip())
                return args
            depth -= 1
        elif char == "," and depth == 0:
            args.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    return None


def _literal(text: str) -> str | None:
    """A quoted string literal's content, or None when the text is not one."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" and "${" not in text:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return None
        return value if isinstance(value, str) else None
    return None


def _substituted(value: Any, search: str, substitute: str) -> Any:
    if isinstance(value, str):
        return value.replace(search, substitute)
    if isinstance(value, Mapping):
        return {_substituted(k, search, substitute): _substituted(v, search, substitute) for k, v in value.items()}
    if isinstance(value, list):
        return [_substituted(v, search, substitute) for v in value]
    return value


def policy_dict(value: Any, scope: Scope = NOWHERE) -> Mapping[str, Any] | None:
    """The policy as a JSON-shaped dict, or None when checkov left it unresolved. A reference to a
    policy document is followed within ``scope`` (the judged resource's module instance), with the
    documents it merges; statements that cannot be seen are ``Unseen`` entries (``unseen()``)."""
    return _Reader(scope).policy(value, "policy")
