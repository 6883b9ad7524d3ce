"""Is a resource inside a module created at all? Read from the code where checkov's rendering errs.

checkov renders a module called with ``create_db_instance = false`` as one instance of the module's
``aws_db_instance.this`` (``count = var.create ? 1 : 0`` comes out as ``this[0]``, with the count gone), so the
database Terraform never creates was judged. This module evaluates the ``count`` or ``for_each`` of the resource
block and of every module call above it, from the HCL itself: module inputs the caller passes, variable defaults
of the module, locals, and the operators such flags are written with (``&&``, ``||``, ``!``, ``==``, ``!=``,
comparisons, ``? :``); for a ``for_each``, also empty collections (``[]``, ``{}``, ``toset([])``,
``tomap({})``) and for-expressions, empty when their source is or their ``if`` is false whatever the element.
Anything else (a function call, a root variable, which ``-var`` or a tfvars file may set, a reference to another
block) is unknown, and unknown never drops a finding: only a count known to be zero, or a ``for_each`` known to
be empty, does. Each directory is read once, from what checkov parsed, except files with parentheses that group:
hcl2 drops those (``a && (b || c)`` comes out ``a && b || c``), so such a file is parsed again keeping them.

Nothing here imports checkov; the HCL is read with ``hcl2``, the parser checkov itself uses.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any


class _Unknown:
    """A value the code does not fix: an input from outside, or an expression not evaluated here."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
_MAX_DEPTH = 64  # references followed for one value (locals that refer to each other, deep module chains)


@dataclass(frozen=True)
class ModuleCall:
    """One ``module "name" {...}`` block on the way from a root to a resource: the file it is written in, and
    which instance of a ``count`` or ``for_each`` call it is (checkov's ``foreach_idx``; None for a single one)."""

    caller_file: str
    name: str
    index: int | str | None = None

    @property
    def address(self) -> str:
        """``module.name``, ``module.name[0]`` or ``module.name["key"]``, as Terraform writes the instance."""
        if self.index is None:
            return f"module.{self.name}"
        return f'module.{self.name}[{self.index}]' if isinstance(self.index, int) else \
            f'module.{self.name}["{self.index}"]'


@dataclass(frozen=True)
class _Blocks:
    """What one directory (one module) declares."""

    resources: Mapping[tuple[str, str], Mapping[str, Any]]
    data: Mapping[tuple[str, str], Mapping[str, Any]]
    modules: Mapping[str, Mapping[str, Any]]
    variables: Mapping[str, Mapping[str, Any]]
    locals: Mapping[str, Any]


#: a ``(`` that groups rather than calls a function: after an operator, a bracket, ``=``, ``,``, a line's start, or
#: the keywords ``if``/``in`` (text in strings and comments may match too: that costs a parse, nothing else)
_GROUPING = re.compile(r"(?:[^\w\s]|^|\b(?:if|in|for))\s*\(", re.MULTILINE)


def _parse(text: str) -> Mapping[str, Any]:
    """A file's HCL as hcl2 gives it, but with the parentheses that group kept: hcl2's own transformer drops
    them, and ``var.create && (a || b)`` would read ``(var.create && a) || b``."""
    from hcl2.parser import Hcl2

    text += "\n"  # as hcl2.loads does: the grammar wants every block to end in a new line
    parsed: Mapping[str, Any] = _keeping_parentheses()(text).transform(Hcl2.lark_parser.parse(text))
    return parsed


@cache
def _keeping_parentheses() -> Any:
    """hcl2's transformer, made to keep the parentheses around an expression (built on first use: hcl2 and lark
    are imported only when Terraform is read)."""
    from hcl2.transformer import DictTransformer
    from lark.visitors import v_args

    class KeepingParentheses(DictTransformer):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        @v_args(meta=True)
        def expr_term(self, meta: Any, args: list[Any]) -> Any:
            value = super().expr_term(args)
            grouped = not meta.empty and self.text[meta.start_pos] == "("
            return f"({value})" if grouped and isinstance(value, str) else value

    return KeepingParentheses


def _read_blocks(directory: str, parsed: Mapping[str, Mapping[str, Any]]) -> _Blocks | None:
    """The blocks of every ``.tf`` file of a directory, as checkov parsed them where it did; None when one
    of them does not parse."""
    resources: dict[tuple[str, str], Mapping[str, Any]] = {}
    data: dict[tuple[str, str], Mapping[str, Any]] = {}
    modules: dict[str, Mapping[str, Any]] = {}
    variables: dict[str, Mapping[str, Any]] = {}
    local_values: dict[str, Any] = {}
    try:
        for name in sorted(n for n in os.listdir(directory) if n.endswith(".tf")):
            path = os.path.join(directory, name)
            if not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            kept = parsed.get(path)
            content = kept if kept and not _GROUPING.search(text) else _parse(text)
            for kind, found in (("resource", resources), ("data", data)):
                for block in content.get(kind, []):
                    for rtype, by_name in block.items():
                        for rname, body in by_name.items():
                            found[(rtype, rname)] = body
            for block in content.get("module", []):
                modules.update(block)
            for block in content.get("variable", []):
                variables.update(block)
            for block in content.get("locals", []):
                local_values.update({k: v for k, v in block.items() if not k.startswith("__")})
    except Exception:  # noqa: BLE001 - hcl2 raises anything on text it cannot read: nothing is known then
        return None
    return _Blocks(resources, data, modules, variables, local_values)


class Counts:
    """Whether the blocks of one scan's Terraform code are created; each directory is read once, from the
    files checkov parsed (``parsed``: absolute path -> its HCL) where it did."""

    def __init__(self, parsed: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._parsed = parsed or {}
        self._directories: dict[str, _Blocks | None] = {}

    def blocks(self, directory: str) -> _Blocks | None:
        if directory not in self._directories:
            self._directories[directory] = _read_blocks(directory, self._parsed)
        return self._directories[directory]

    def created(self, resource_file: str, address: str, calls: Sequence[ModuleCall]) -> bool | None:
        """False when the code fixes the ``count`` of the block, or of a module call above it, at zero;
        True when every such count is known and not zero; None when any is unknown. ``calls`` run from
        the outermost (written in the root) to the innermost."""
        scope = self._scope(resource_file, calls)
        if scope is None or scope.blocks is None:
            return None
        kind, resource_type, name = _block_of(address)
        blocks = scope.blocks
        body = (blocks.data if kind == "data" else blocks.resources).get((resource_type, name))
        if body is None and kind is None:  # checkov names data blocks without their "data." prefix
            body = blocks.data.get((resource_type, name))
        if body is None:
            return None
        return _all_created([_instances(body, scope), *_call_instances(scope)])

    def call_created(self, caller_file: str, name: str, calls: Sequence[ModuleCall]) -> bool | None:
        """Whether the call ``module "name"`` written in ``caller_file`` is instantiated, its source loaded or
        not: False when the code fixes its ``count``, or that of a call above it (``calls``, outermost first),
        at zero; True when every such count is known and not zero; None when any is unknown."""
        scope = self._scope(caller_file, calls)
        body = scope.blocks.modules.get(name) if scope is not None and scope.blocks is not None else None
        if scope is None or body is None:
            return None
        return _all_created([_instances(body, scope), *_call_instances(scope)])

    def _scope(self, resource_file: str, calls: Sequence[ModuleCall]) -> _Scope | None:
        root = os.path.dirname(os.path.abspath(calls[0].caller_file if calls else resource_file))
        scope = _Scope(root, None, None, self.blocks(root))
        for position, call in enumerate(calls):
            caller = os.path.dirname(os.path.abspath(call.caller_file))
            blocks = self.blocks(caller)
            body = blocks.modules.get(call.name) if blocks else None
            source = _single(body.get("source")) if body else None
            if body is None or not isinstance(source, str) or not source.startswith("."):  # registry, remote
                return None
            directory = os.path.normpath(os.path.join(caller, source))
            following = calls[position + 1].caller_file if position + 1 < len(calls) else resource_file
            if os.path.dirname(os.path.abspath(following)) != directory:  # the chain does not join up
                return None
            scope = _Scope(directory, body, scope, self.blocks(directory))
        return scope


@dataclass(frozen=True)
class _Scope:
    """A module instance: its directory, and the call that instantiates it (None for the root)."""

    directory: str
    call: Mapping[str, Any] | None
    parent: _Scope | None
    blocks: _Blocks | None


def _all_created(answers: Sequence[bool | None]) -> bool | None:
    """One block's answer from those of its own count and of the calls above it: one zero is enough."""
    if any(a is False for a in answers):
        return False
    return True if all(a is True for a in answers) else None


def _call_instances(scope: _Scope) -> Iterator[bool | None]:
    """Whether each module call on the way creates any instance of its module."""
    while scope.call is not None and scope.parent is not None:
        yield _instances(scope.call, scope.parent)
        scope = scope.parent


def _instances(body: Mapping[str, Any], scope: _Scope) -> bool | None:
    """Does a block with this ``count`` or ``for_each`` create any instance? A ``for_each`` is answered only when
    it is known to be empty (False); one that is not empty is left to checkov's rendering (None)."""
    if "for_each" in body:
        return False if isinstance(_evaluate(_single(body["for_each"]), scope, 0), _Empty) else None
    if "count" not in body:
        return True
    count = _evaluate(_single(body["count"]), scope, 0)
    if isinstance(count, bool) or not isinstance(count, int | float):
        return None
    return count != 0


def _block_of(address: str) -> tuple[str | None, str, str]:
    """(``"data"`` or None, type, name) of the last block in a module address."""
    parts = re.sub(r"\[[^\]]*\]", "", address).split(".")
    if len(parts) < 2:
        return None, "", address
    return ("data" if len(parts) >= 3 and parts[-3] == "data" else None), parts[-2], parts[-1]


def _single(value: Any) -> Any:
    return value[0] if isinstance(value, list) and len(value) == 1 else value


# ---------------------------------------------------------------- values and expressions


@dataclass(frozen=True)
class _Empty:
    """An empty collection: ``[]``, ``toset([])`` (a sequence) or ``{}``, ``tomap({})`` (a mapping). Only its
    emptiness is followed, for a ``for_each``: comparing one with anything is unknown."""

    mapping: bool


_EMPTY_SEQUENCE, _EMPTY_MAPPING = _Empty(mapping=False), _Empty(mapping=True)
#: conversions that keep an empty collection empty: name -> whether they take (and give) a mapping
_CONVERSIONS = {"toset": False, "tolist": False, "tomap": True}
_FUNCTIONS = frozenset({*_CONVERSIONS, "length"})


def _evaluate(value: Any, scope: _Scope, depth: int) -> Any:
    """A value as hcl2 gives it: a literal, or a string holding ``${expression}``."""
    if depth > _MAX_DEPTH:
        return UNKNOWN
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, list | dict) and not value:
        return _EMPTY_MAPPING if isinstance(value, dict) else _EMPTY_SEQUENCE
    if not isinstance(value, str):
        return UNKNOWN
    match = _WHOLE_EXPRESSION.fullmatch(value.strip())
    if match is None:
        return UNKNOWN if "${" in value or "%{" in value else value
    return _Parser(match.group(1), scope, depth).parse()


def _variable(name: str, scope: _Scope, depth: int) -> Any:
    if scope.call is not None and name in scope.call:
        assert scope.parent is not None
        return _evaluate(_single(scope.call[name]), scope.parent, depth + 1)
    if scope.call is None:  # a root variable: -var or a tfvars file may set it
        return UNKNOWN
    declared = scope.blocks.variables.get(name) if scope.blocks else None
    if declared is None or "default" not in declared:
        return UNKNOWN
    return _evaluate(_single(declared["default"]), scope, depth + 1)


def _local(name: str, scope: _Scope, depth: int) -> Any:
    if scope.blocks is None or name not in scope.blocks.locals:
        return UNKNOWN
    return _evaluate(_single(scope.blocks.locals[name]), scope, depth + 1)


_WHOLE_EXPRESSION = re.compile(r"\$\{(.*)\}", re.DOTALL)
_TOKEN = re.compile(r"""\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<string>"(?:[^"\\]|\\.)*")"""
                    r"""|(?P<quoted>'(?:[^'\\]|\\.)*')"""  # hcl2 writes an object inside an expression as a Python dict
                    r"""|(?P<name>[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)"""
                    r"""|(?P<op>&&|\|\||==|!=|<=|>=|=>|[!<>?:()\[\]{}+*/%,-])|(?P<other>\S))""")
_OPENING = {"(": ")", "[": "]", "{": "}"}
_BINARY = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6,
           "%": 6}


class _Parser:
    """Precedence climbing over the few operators create flags are written with; any other text is unknown."""

    def __init__(self, text: str, scope: _Scope, depth: int) -> None:
        self.tokens = self._tokenize(text)
        self.position = 0
        self.scope = scope
        self.depth = depth

    @staticmethod
    def _tokenize(text: str) -> list[tuple[str, str]]:
        tokens, position = [], 0
        while (match := _TOKEN.match(text, position)) is not None:  # fails only on trailing blanks
            kind = match.lastgroup or ""
            tokens.append((kind, match.group(kind)))
            position = match.end()
        return tokens

    def parse(self) -> Any:
        try:
            value = self._conditional()
        except _Unparsed:
            return UNKNOWN
        return value if self.position == len(self.tokens) else UNKNOWN

    def _peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> tuple[str, str]:
        if self.position >= len(self.tokens) or (expected is not None and self.tokens[self.position][1] != expected):
            raise _Unparsed
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _conditional(self) -> Any:
        condition = self._binary(1)
        if self._peek() != "?":
            return condition
        self._take("?")
        yes = self._conditional()
        self._take(":")
        no = self._conditional()
        if condition is True:
            return yes
        if condition is False:
            return no
        return yes if yes == no and yes is not UNKNOWN else UNKNOWN

    def _binary(self, minimum: int) -> Any:
        left = self._unary()
        while (operator := self._peek()) in _BINARY and _BINARY[operator or ""] >= minimum:
            self._take()
            right = self._binary(_BINARY[operator or ""] + 1)
            left = _apply(operator or "", left, right)
        return left

    def _unary(self) -> Any:
        if self._peek() == "!":
            self._take()
            value = self._unary()
            return (not value) if isinstance(value, bool) else UNKNOWN
        if self._peek() == "-":
            self._take()
            value = self._unary()
            return -value if isinstance(value, int | float) and not isinstance(value, bool) else UNKNOWN
        return self._primary()

    def _primary(self) -> Any:
        kind, text = self._take()
        if text == "(":
            value = self._conditional()
            self._take(")")
            return value
        if text in ("[", "{"):
            if self._peek() == _OPENING[text]:
                self._take()
                return _EMPTY_MAPPING if text == "{" else _EMPTY_SEQUENCE
            if self._peek() == "for":
                return self._for(text)
            self._skip(text)  # a collection with elements: not evaluated here
            return UNKNOWN
        if kind == "number":
            return float(text) if "." in text else int(text)
        if kind == "string":
            return UNKNOWN if "\\" in text or "${" in text or "%{" in text else text[1:-1]
        if kind != "name":
            raise _Unparsed
        if self._peek() in ("(", "["):  # a function call or an index: not evaluated here, but for conversions
            opening = self._take()[1]
            value = self._conversion(text) if opening == "(" and text in _FUNCTIONS else self._skip(opening)
            while self._peek() in ("[", "."):
                value = UNKNOWN
                if self._take()[1] == "[":
                    self._skip("[")
                else:
                    self._take()  # the attribute after the dot
            return value
        if text in ("true", "false", "True", "False"):  # python-hcl2 writes the literals inside ${...} as Python's
            return text in ("true", "True")
        if text in ("null", "None"):
            return None
        head, _, rest = text.partition(".")
        if head == "var" and rest and "." not in rest:
            return _variable(rest, self.scope, self.depth)
        if head == "local" and rest and "." not in rest:
            return _local(rest, self.scope, self.depth)
        return UNKNOWN  # another block's attribute, each.*, count.*, path.*

    def _skip(self, opening: str) -> Any:
        """Past the bracket that closes ``opening`` (already taken), over whatever is inside: UNKNOWN."""
        expected = [_OPENING[opening]]
        while expected:
            _, text = self._take()
            if text in _OPENING:
                expected.append(_OPENING[text])
            elif text in _OPENING.values() and text != expected.pop():
                raise _Unparsed
        return UNKNOWN

    def _conversion(self, function: str) -> Any:
        """``toset([])``, ``tolist([])``, ``tomap({})`` (``(`` taken): still empty; ``length`` of an empty collection:
        0 (``count = length(var.rules)`` over a default ``[]``); any other argument unknown."""
        start = self.position
        try:
            argument = self._conditional()
            self._take(")")
        except _Unparsed:
            self.position = start
            return self._skip("(")
        if function == "length":
            return 0 if isinstance(argument, _Empty) else UNKNOWN
        return argument if isinstance(argument, _Empty) and argument.mapping is _CONVERSIONS[function] else UNKNOWN

    def _for(self, opening: str) -> Any:
        """A for-expression (``[`` or ``{`` taken): empty when its source is empty or its ``if`` is false whatever
        the element; unknown otherwise, and when it is not read."""
        start = self.position
        try:
            return self._for_expression(opening)
        except _Unparsed:
            self.position = start
            return self._skip(opening)

    def _for_expression(self, opening: str) -> Any:
        self._take("for")
        names = [self._take()]
        if self._peek() == ",":
            self._take()
            names.append(self._take())
        if any(kind != "name" or "." in name for kind, name in names):
            raise _Unparsed
        self._take("in")
        source = self._conditional()
        self._take(":")
        closing, expected = _OPENING[opening], list[str]()
        while expected or self._peek() not in (closing, "if") or self._after_dot():
            kind, text = self._take()  # the element (``key => value`` in a mapping): read by the brackets only
            if kind in ("string", "quoted") and text.count("{") != text.count("}"):
                raise _Unparsed  # a template the tokens cut apart: what looks like `if` may be inside it
            if text in _OPENING:
                expected.append(_OPENING[text])
            elif text in _OPENING.values() and (not expected or text != expected.pop()):
                raise _Unparsed
        condition = None
        if self._peek() == "if":
            self._take()
            condition = self._conditional()
        self._take(closing)
        if any(name in ("var", "local") for _, name in names):
            return UNKNOWN  # the iteration variable hides var.* or local.* in the condition
        if isinstance(source, _Empty) or condition is False:
            return _EMPTY_MAPPING if opening == "{" else _EMPTY_SEQUENCE
        return UNKNOWN


    def _after_dot(self) -> bool:
        """The next token follows a ``.`` that is not the end of ``...``: an attribute (``x[0].if``), not a filter."""
        before = [text for _, text in self.tokens[max(self.position - 2, 0):self.position]]
        return before[-1:] == ["."] and before[-2:] != [".", "."]


class _Unparsed(Exception):
    """The expression uses syntax this parser does not read."""


def _apply(operator: str, left: Any, right: Any) -> Any:
    if operator == "&&":
        if left is False or right is False:
            return False
        return True if left is True and right is True else UNKNOWN
    if operator == "||":
        if left is True or right is True:
            return True
        return False if left is False and right is False else UNKNOWN
    if left is UNKNOWN or right is UNKNOWN or isinstance(left, _Empty) or isinstance(right, _Empty):
        return UNKNOWN
    if operator in ("==", "!=") and (left is None or right is None):  # null equals only null, whatever the type
        return (left is None and right is None) is (operator == "==")
    if operator in ("==", "!="):
        if type(left) is not type(right) and not (_number(left) and _number(right)):
            return UNKNOWN  # Terraform converts between types here; not followed
        return (left == right) is (operator == "==")
    if not (_number(left) and _number(right)):
        return UNKNOWN
    if operator in ("/", "%") and right == 0:
        return UNKNOWN
    return {"<": lambda: left < right, ">": lambda: left > right, "<=": lambda: left <= right,
            ">=": lambda: left >= right, "+": lambda: left + right, "-": lambda: left - right,
            "*": lambda: left * right, "/": lambda: left / right, "%": lambda: left % right}[operator]()


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def module_calls(definition_key: Any, breadcrumbs: Mapping[str, Any] | None = None) -> list[ModuleCall] | None:
    """The module calls that instantiate a checkov record's block, outermost first: from its definition key
    (``tf_source_modules``, on the records of resource checks) or else from its ``source_module_``
    breadcrumbs (graph checks' records carry no key). None when neither names any."""
    module = getattr(definition_key, "tf_source_modules", None)
    if module is not None:
        chain = []
        while module is not None:
            name, path = getattr(module, "name", None), getattr(module, "path", None)
            if not isinstance(name, str) or not isinstance(path, str):
                return None
            index = getattr(module, "foreach_idx", None)
            chain.append(ModuleCall(path, name, index if isinstance(index, int | str) else None))
            module = getattr(module, "nested_tf_module", None)
        return list(reversed(chain))
    crumbs = (breadcrumbs or {}).get("source_module_")
    if not isinstance(crumbs, list) or not crumbs:
        return None
    calls = [ModuleCall(c["path"], c["name"]) for c in crumbs
             if isinstance(c, Mapping) and isinstance(c.get("path"), str) and isinstance(c.get("name"), str)]
    return calls if len(calls) == len(crumbs) else None
