"""Turning the forms a Terraform policy takes into one JSON-shaped dict, or None when it cannot be read.

checkov hands a policy over as a dict (heredoc JSON, a ``jsonencode`` it could evaluate), as JSON text,
as a reference to a ``data.aws_iam_policy_document``, or as the text of a ``jsonencode(...)`` call it
could not evaluate because a value is known only after apply. In that last text, interpolations are
mangled (``''aws_s3_bucket.b.arn'/*'``): the repair below glues such pieces back into one string,
which keeps every literal key and value intact. ``TERRAFORM`` tells the shared policy rules
(``baomi.checks.policy``) how such a dict writes what Terraform knows only after apply.
"""
from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections.abc import Mapping
from typing import Any

from baomi.checks.policy import Syntax
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


def _from_policy_document(conf: Mapping[str, Any]) -> Mapping[str, Any]:
    """``data "aws_iam_policy_document"`` blocks in IAM JSON terms (Effect, (Not)Principal, (Not)Action,
    (Not)Resource, Condition)."""
    statements = []
    for block in blocks(conf, "statement"):
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
        for hcl_name, json_name in (("not_actions", "NotAction"), ("resources", "Resource"),
                                    ("not_resources", "NotResource")):
            if hcl_name in block:
                statement[json_name] = strings(block.get(hcl_name))
        not_principal: dict[str, list[Any]] = {}
        for p in blocks(block, "not_principals"):
            not_principal.setdefault(str(scalar(p, "type")), []).extend(strings(p.get("identifiers")))
        if not_principal:
            statement["NotPrincipal"] = not_principal
        statements.append(statement)
    return {"Statement": statements}


def policy_dict(value: Any, scope: Scope = NOWHERE) -> Mapping[str, Any] | None:
    """The policy as a JSON-shaped dict, or None when checkov left it unresolved. A reference to a
    policy document is followed within ``scope`` (the judged resource's module instance)."""
    if isinstance(value, Mapping):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith("jsonencode("):
        return _from_jsonencode_text(text)
    if text.startswith("data.aws_iam_policy_document.") and text.endswith(".json"):
        conf = data_block_config(scope, text[len("data."):-len(".json")])
        return None if conf is None else _from_policy_document(conf)
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, Mapping) else None
