"""CloudFormation templates screened before checkov reads them.

checkov's CloudFormation runner judges all the templates it is given as one unit: one template of a
shape it does not expect (a ``Rain::Module`` resource type, Metadata that is not a mapping) crashes the
whole run, and others it drops without a word (Resources as a list, a resource without a Type, the
resources inside ``Fn::ForEach`` loops). Each file is parsed once here: what is not a template is left
out, a template checkov cannot judge becomes one ERROR finding naming the file and why, and a template
with ``Fn::ForEach`` loops (the AWS::LanguageExtensions transform) is expanded into a copy checkov can
judge, whose findings are pointed back at the original file and the loop's lines.
"""
from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from baomi import safeyaml
from baomi.model import SOURCE_ERROR_CHECK, Finding, Location, Status
from baomi.sources.paths import display_path

#: Larger files are not parsed: 4x the 1 MB CloudFormation accepts, so no deployable template is missed.
MAX_BYTES = 4 * 1024 * 1024
_FOREACH = "Fn::ForEach::"
_TEMPLATE_KEYS = ("AWSTemplateFormatVersion", "Resources")
_SKIP_COMMENT = re.compile(r"(checkov|bridgecrew|cortex):skip=")
_LIST_PARAMETER = re.compile(r"CommaDelimitedList|List<.+>")


@dataclass(frozen=True)
class Expanded:
    """A template whose ``Fn::ForEach`` loops were expanded, to be judged through a copy."""

    path: Path
    text: str  # the expanded template, YAML
    #: logical ID -> lines (first, last) in the original of the resource or of the loop that made it
    lines: Mapping[str, tuple[int, int]]


@dataclass(frozen=True)
class Screening:
    files: tuple[Path, ...]  # read by checkov as they are (unparseable ones too: checkov names the line)
    expanded: tuple[Expanded, ...]
    errors: tuple[Finding, ...]  # one per template checkov cannot judge


class _Rejected(Exception):
    """Why a template cannot be judged, and the key whose line to point at."""

    def __init__(self, reason: str, key: object = None) -> None:
        super().__init__(reason)
        self.reason, self.key = reason, key


def screen(paths: Iterable[Path]) -> Screening:
    """Sort candidate files into templates checkov reads, templates to expand, and ERROR findings."""
    files: list[Path] = []
    expanded: list[Expanded] = []
    errors: list[Finding] = []
    for path in paths:
        try:
            result = _screen_file(path)
        except _Rejected as rejected:
            errors.append(_error(path, rejected))
            continue
        if isinstance(result, Expanded):
            expanded.append(result)
        elif result:
            files.append(path)
    return Screening(tuple(files), tuple(expanded), tuple(errors))


def _screen_file(path: Path) -> Expanded | bool:
    """True: checkov reads the file as it is; False: not a template; or the template expanded."""
    try:
        if path.stat().st_size > MAX_BYTES:
            with path.open("rb") as fh:
                head = fh.read(65536).decode("utf-8", "replace")
            # a key at the start of a line (YAML, pretty JSON), or the version key anywhere (minified JSON)
            if any(_find(head.splitlines(), key) is not None for key in _TEMPLATE_KEYS) or re.search(
                    r"[\"']AWSTemplateFormatVersion[\"']\s*:", head):
                raise _Rejected(f"it is larger than {MAX_BYTES // 2**20} MB, far over the 1 MB CloudFormation "
                                "accepts, and was not read")
            return False
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return True  # checkov reads other encodings and reports what it cannot read
    try:
        template = _parse(text)
    except safeyaml.YamlLimitError as exc:  # checkov's own parser would take hours, or for ever
        raise _Rejected(f"it was not read: {exc}") from None
    except (ValueError, yaml.YAMLError):
        return True  # checkov reports the syntax error with its line
    if not (isinstance(template, dict) and any(key in template for key in _TEMPLATE_KEYS)):
        misshapen = _misshapen(template)
        if misshapen:
            raise _Rejected(misshapen)
        return False
    if _FOREACH not in text or not _has_loop(template):
        _validate(template.get("Resources", _Missing), {})
        return True
    origins: dict[str, str] = {}
    resources = _expand_mapping(template.get("Resources", _Missing), {}, template, origins)
    expanded = {**_expand({k: v for k, v in template.items() if k != "Resources"}, {}, template),
                "Resources": resources}
    _validate(resources, origins)
    return _expanded(path, text.splitlines(), expanded, origins)


class _Missing:
    """Stands for an absent Resources section."""


def _error(path: Path, rejected: _Rejected) -> Finding:
    shown = display_path(str(path))
    line = None
    if rejected.key is not None:
        try:
            line = _declared(path.read_text(encoding="utf-8-sig", errors="replace").splitlines(), str(rejected.key))
        except OSError:
            line = None
    return Finding(
        check_id=SOURCE_ERROR_CHECK,
        status=Status.ERROR,
        source="cloudformation",
        resource=shown,
        message=f"cannot evaluate {shown}: {rejected.reason}; none of its resources were evaluated",
        location=Location(shown, line),
    )


# -- parsing ---------------------------------------------------------------------------------------

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """CloudFormation YAML: short-form tags (!Ref, !GetAtt a.b, !Rain::Module) read as the long form."""


def _intrinsic(loader: Any, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = suffix if suffix in ("Ref", "Condition") or "::" in suffix else f"Fn::{suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if name == "Fn::GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_Loader.add_multi_constructor("!", _intrinsic)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes every repeated fragment out in full: checkov reads no YAML aliases into its line map."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _parse(text: str) -> Any:
    """The document, JSON or YAML; safeyaml.YamlLimitError for one that asks for too much work."""
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except RecursionError:
            raise safeyaml.YamlLimitError("nested too deeply") from None
        except ValueError:
            pass  # JSON with tabs or comments: YAML reads most of it
    return safeyaml.load(text, _Loader)  # a SafeLoader, aliases bounded


def _misshapen(document: Any) -> str | None:
    """Why a document that is a template in all but its top-level shape is not judged; None for a
    document that is no template at all. checkov reads only a mapping at the top and drops the rest
    without a word."""
    def is_template(value: Any) -> bool:
        return isinstance(value, dict) and any(key in value for key in _TEMPLATE_KEYS)

    if isinstance(document, list) and any(is_template(item) for item in document):
        return "its top level is a list of templates, not one template (a mapping with Resources)"
    if isinstance(document, dict) and len(document) == 1 and is_template(next(iter(document.values()))):
        (key,) = document
        if isinstance(key, str) and key.startswith("Fn::"):
            return (f"its top level carries the YAML tag !{key[4:]}, so it is not a template mapping; "
                    "remove the tag")
    if isinstance(document, str) and "AWSTemplateFormatVersion" in document:
        return "its top level is a string holding a template (encoded twice?), not a template mapping"
    return None


# -- what checkov cannot judge -----------------------------------------------------------------------


def _validate(resources: Any, origins: Mapping[str, str]) -> None:
    """The shapes that crash checkov's runner or make it drop a template or a resource silently."""
    if resources is _Missing:
        raise _Rejected("it declares AWSTemplateFormatVersion but has no Resources section",
                        "AWSTemplateFormatVersion")
    if not isinstance(resources, dict):
        raise _Rejected(f"Resources is {_kind(resources)}, not a mapping of logical IDs to resources", "Resources")
    problems = [(p, origins.get(str(name), name)) for name, body in resources.items()
                for p in _resource_problems(name, body)]
    if problems:
        (reason, key), more = problems[0], len(problems) - 1
        raise _Rejected(reason + (f" (and {more} more problem{'s' * (more > 1)} of this kind)" if more else ""), key)


def _resource_problems(name: object, body: Any) -> Iterator[str]:
    if not isinstance(name, str) or "." in name:
        yield f"logical ID {name!r} is not a string of letters and digits"
    if not isinstance(body, dict):
        yield f"resource {name} is {_kind(body)}, not a mapping with a Type"
        return
    rtype = body.get("Type")
    if isinstance(rtype, dict) and "Rain::Module" in rtype:
        yield (f"resource {name} is a rain module (Type Rain::Module {rtype['Rain::Module']}), which only "
               "`rain pkg` expands: scan the packaged template")
    elif "Type" not in body:
        yield f"resource {name} has no Type"
    elif not (isinstance(rtype, str) and "::" in rtype and not any(c.isspace() for c in rtype)):
        yield f"resource {name} has Type {_show(rtype)}, not a resource type such as AWS::S3::Bucket"
    if "Properties" in body and not isinstance(body["Properties"], dict):
        yield f"resource {name}: Properties is {_kind(body['Properties'])}, not a mapping"
    metadata = body.get("Metadata")
    if metadata is not None and not isinstance(metadata, dict):
        yield f"resource {name}: Metadata is {_kind(metadata)}, not a mapping"
    for tool in [t for t in ("checkov", "bridgecrew") if isinstance(metadata, dict) and t in metadata]:
        settings = metadata.get(tool) if isinstance(metadata, dict) else None
        skips = settings.get("skip", []) if isinstance(settings, dict) else None
        if not (isinstance(skips, list) and all(isinstance(skip, dict) for skip in skips)):
            yield f"resource {name}: Metadata.{tool} is not a mapping with a list of skips ({{id, comment}})"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), f"a {type(value).__name__}")


def _show(value: Any) -> str:
    return json.dumps(value, default=str)


# -- Fn::ForEach -------------------------------------------------------------------------------------


def _has_loop(node: Any) -> bool:
    if isinstance(node, dict):
        return any((isinstance(k, str) and k.startswith(_FOREACH)) or _has_loop(v) for k, v in node.items())
    return isinstance(node, list) and any(_has_loop(item) for item in node)


def _expand(node: Any, bindings: Mapping[str, str], template: Mapping[str, Any]) -> Any:
    """The transform's semantics: loops replicated, ${Id} and &{Id} replaced in keys and Fn::Sub
    strings, Ref Id replaced by the item."""
    if isinstance(node, list):
        return [_expand(item, bindings, template) for item in node]
    if not isinstance(node, dict):
        return node
    if bindings and len(node) == 1:
        ((function, argument),) = node.items()
        if function == "Ref" and isinstance(argument, str) and argument in bindings:
            return bindings[argument]
        if function == "Fn::Sub":
            return _sub(argument, bindings, template)
    return _expand_mapping(node, bindings, template)


def _expand_mapping(node: Any, bindings: Mapping[str, str], template: Mapping[str, Any],
                    origins: dict[str, str] | None = None) -> Any:
    """A mapping with its loops expanded; ``origins`` records which key (loop or not) made each entry."""
    if not isinstance(node, dict):
        return node
    out: dict[Any, Any] = {}
    for key, value in node.items():
        if isinstance(key, str) and key.startswith(_FOREACH):
            made = _loop(key, value, bindings, template)
        else:
            made = {_substitute(key, bindings) if isinstance(key, str) else key: _expand(value, bindings, template)}
        for made_key, made_value in made.items():
            if made_key in out:
                raise _Rejected(f"{made_key} is defined twice once {key} is expanded", key)
            out[made_key] = made_value
            if origins is not None:
                origins[str(made_key)] = key
    return out


def _loop(key: str, value: Any, bindings: Mapping[str, str], template: Mapping[str, Any]) -> dict[Any, Any]:
    if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and value[0]
            and isinstance(value[2], dict)):
        raise _Rejected(f"{key} is not [Identifier, Collection, {{OutputKey: OutputValue}}]", key)
    identifier, collection, fragment = value
    out: dict[Any, Any] = {}
    for item in _collection(key, collection, bindings, template):
        for made_key, made_value in _expand_mapping(fragment, {**bindings, identifier: item}, template).items():
            if made_key in out:
                raise _Rejected(f"{key} makes {made_key} more than once: its keys must use ${{{identifier}}} "
                                f"or &{{{identifier}}}", key)
            out[made_key] = made_value
    return out


def _collection(key: str, collection: Any, bindings: Mapping[str, str], template: Mapping[str, Any]) -> list[str]:
    """The loop's items, when known before deployment: a list, a list parameter's Default, a mapping."""
    items: Any = None
    if isinstance(collection, list):
        items = collection
    elif isinstance(collection, dict) and len(collection) == 1:
        ((function, argument),) = collection.items()
        if function == "Ref" and isinstance(argument, str):
            items = _list_parameter(key, argument, template)
        elif function == "Fn::FindInMap":
            items = _find_in_map(argument, bindings, template)
    if isinstance(items, list):
        values = [_literal(item, bindings, template) for item in items]
        if all(v is not None for v in values):
            return [v for v in values if v is not None]
    raise _Rejected(f"the collection of {key}, {_show(collection)}, is not a list of literal values, a Ref to a "
                    "list parameter with a Default or a Fn::FindInMap of literal keys, so the resources it "
                    "makes are only known at deployment", key)


def _list_parameter(key: str, name: str, template: Mapping[str, Any]) -> list[Any]:
    parameters = template.get("Parameters")
    spec = parameters.get(name) if isinstance(parameters, dict) else None
    if not isinstance(spec, dict):
        raise _Rejected(f"the collection of {key} is Ref {name}, which is not a parameter of the template", key)
    ptype, default = spec.get("Type"), spec.get("Default")
    if not (isinstance(ptype, str) and _LIST_PARAMETER.fullmatch(ptype)):
        raise _Rejected(f"the collection of {key} is parameter {name}, of type {ptype}, not a list", key)
    if isinstance(default, list):
        return default
    if isinstance(default, str):
        return [item.strip() for item in default.split(",")]  # CloudFormation trims each member
    raise _Rejected(f"the collection of {key} is parameter {name}, which has no Default, so the resources it "
                    "makes are only known at deployment", key)


def _find_in_map(argument: Any, bindings: Mapping[str, str], template: Mapping[str, Any]) -> Any:
    if not (isinstance(argument, list) and len(argument) in (3, 4)):
        return None
    keys = [_literal(part, bindings, template) for part in argument[:3]]
    node: Any = template.get("Mappings")
    for part in keys:
        node = node.get(part) if isinstance(node, dict) and part is not None else None
    if node is None and len(argument) == 4 and isinstance(argument[3], dict):
        node = argument[3].get("DefaultValue")
    return node


def _literal(value: Any, bindings: Mapping[str, str], template: Mapping[str, Any]) -> str | None:
    """A collection item or map key as a string; None when only deployment can tell."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, dict) and list(value) == ["Ref"] and isinstance(value["Ref"], str):
        name = value["Ref"]
        if name in bindings:
            return bindings[name]
        parameters = template.get("Parameters")
        spec = parameters.get(name) if isinstance(parameters, dict) else None
        default = spec.get("Default") if isinstance(spec, dict) else None
        return _literal(default, bindings, template) if isinstance(default, (str, int, float)) else None
    return None


def _sub(argument: Any, bindings: Mapping[str, str], template: Mapping[str, Any]) -> Any:
    """Fn::Sub with the loop identifiers replaced; a plain string once nothing is left to substitute."""
    if isinstance(argument, str):
        text = _substitute(argument, bindings)
        return text if "${" not in text else {"Fn::Sub": text}
    if isinstance(argument, list) and argument and isinstance(argument[0], str):
        return {"Fn::Sub": [_substitute(argument[0], bindings), *_expand(argument[1:], bindings, template)]}
    return {"Fn::Sub": _expand(argument, bindings, template)}


def _substitute(text: str, bindings: Mapping[str, str]) -> str:
    for identifier, item in bindings.items():
        text = text.replace(f"${{{identifier}}}", item).replace(f"&{{{identifier}}}", re.sub(r"[^0-9A-Za-z]", "", item))
    return text


# -- the expanded copy and the way back --------------------------------------------------------------


def _expanded(path: Path, lines: Sequence[str], template: dict[str, Any], origins: Mapping[str, str]) -> Expanded:
    """The expanded template as YAML, each resource carrying the checkov skip comments of its source lines."""
    spans = _spans(lines, list(dict.fromkeys(origins.values())))
    resources = template.pop("Resources")
    parts = [_yaml(template) if template else "", "Resources:\n"]
    for name, body in resources.items():
        first, _, rest = _yaml({name: body}).partition("\n")
        start, end = spans.get(origins[str(name)], (1, 0))
        comments = [f"    {line[line.index('#'):]}\n" for line in lines[start - 1:end]
                    if "#" in line and _SKIP_COMMENT.search(line)]
        parts += ["  ", first, "\n", *comments, *(f"  {line}\n" for line in rest.splitlines())]
    return Expanded(path, "".join(parts),
                    {str(name): spans[origin] for name, origin in origins.items() if origin in spans})


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**16)


def _declared(lines: Sequence[str], key: str) -> int | None:
    """1-based line of a top-level key, or of a Resources entry (searched under Resources first)."""
    section = None if key in _TEMPLATE_KEYS else _find(lines, "Resources")
    found = _find(lines, key, section + 1) if section is not None else None
    found = _find(lines, key) if found is None else found
    return None if found is None else found + 1


def _find(lines: Sequence[str], key: str, start: int = 0) -> int | None:
    """Index of the first line from ``start`` that declares ``key`` (YAML or JSON)."""
    pattern = re.compile(rf"[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*:")
    return next((n for n in range(start, len(lines)) if pattern.match(lines[n])), None)


def _spans(lines: Sequence[str], keys: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Lines (first, last, 1-based) of each Resources entry, counted as checkov counts them: comments
    just above an entry belong to it."""
    starts: list[int] = []
    at = _find(lines, "Resources")
    for key in keys:
        at = None if at is None else _find(lines, key, at + 1)
        if at is None:
            break
        starts.append(at)
    spans = {}
    for n, first in enumerate(starts):
        last = (starts[n + 1] if n + 1 < len(starts) else _block_end(lines, first)) - 1
        while last > first and _is_comment_or_blank(lines[last]):
            last -= 1
        while first > 0 and lines[first - 1].strip().startswith("#"):
            first -= 1
        spans[keys[n]] = (first + 1, last + 1)
    return spans


def _block_end(lines: Sequence[str], first: int) -> int:
    """Index of the first line after the entry declared at ``first`` (YAML indentation or JSON braces)."""
    indent = len(lines[first]) - len(lines[first].lstrip())
    for n in range(first + 1, len(lines)):
        stripped = lines[n].strip()
        if _is_comment_or_blank(lines[n]):
            continue
        depth = len(lines[n]) - len(lines[n].lstrip())
        if depth < indent or (depth == indent and stripped[0] not in "}]"):
            return n
    return len(lines)


def _is_comment_or_blank(line: str) -> bool:
    return not line.strip() or line.strip().startswith("#")


class Staged:
    """The files checkov reads, expanded copies included, and the way from a copy back to its original."""

    def __init__(self, files: tuple[Path, ...], copies: Mapping[str, Expanded]) -> None:
        self.files, self._copies = files, copies

    def restore(self, finding: Finding) -> Finding:
        """A finding on an expanded copy, named by the original file and the lines its resource came from."""
        shown = finding.location.file if finding.location else None
        expanded = self._copies.get(shown) if shown else None
        if expanded is None or shown is None:
            return finding
        original = display_path(str(expanded.path))
        first, last = expanded.lines.get(finding.resource.rpartition(".")[2], (None, None))
        return replace(finding, resource=original if finding.resource == shown else finding.resource,
                       message=finding.message.replace(shown, original), location=Location(original, first, last))


@contextmanager
def staged(screening: Screening) -> Iterator[Staged]:
    """The expanded templates written to a temporary directory for as long as checkov reads them."""
    if not screening.expanded:
        yield Staged(screening.files, {})
        return
    with tempfile.TemporaryDirectory(prefix="baomi-cfn-") as tmp:
        copies: dict[str, Expanded] = {}
        paths: list[Path] = []
        for n, expanded in enumerate(screening.expanded):
            copy = Path(tmp, str(n), f"{expanded.path.stem}.yaml")
            copy.parent.mkdir()
            copy.write_text(expanded.text, encoding="utf-8")
            copies[display_path(str(copy))] = expanded
            paths.append(copy)
        yield Staged((*screening.files, *paths), copies)
