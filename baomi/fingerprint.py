"""Stable fingerprints of findings: what makes two findings of two scans "the same finding".

A fingerprint is the SHA-256 of the check, the source, the resource's identity, the account and the region,
and of the item a check names when it judges several things of one resource one by one (a pg_hba rule, a
role, an account); findings of one scan that still share all of it are numbered in the order of their content
(status, message, file, line), never of their place in a list (docs/history.md#fingerprints). Line numbers
are never part of it, and every path in it is made relative to the scanned path (the PATH of
``baomi scan PATH``) that holds it: a line inserted above a block, a checkout in another directory, or the
insecure and hardened versions of one tree give the same fingerprint to the same block's finding.

Pure functions over the results document (a run read back from the history keeps the fingerprints recorded
with it, since the history does not keep the items: ``baomi.baseline.by_fingerprint``). They
sit at the bottom of the layers (they import nothing of baomi) because the history, the baseline comparison the
gate uses and the report formats (SARIF's ``partialFingerprints``) all need them; ``baomi.history.fingerprint``
re-exports them.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: bumped when the recipe changes; recorded with every run (and in SARIF's ``baomiFingerprint/vN``), so that a
#: fingerprint says which recipe made it. 2: a finding's item (``Finding.item``) instead of what a database
#: entry's message says, and colliding identities numbered in the order of their content
FINGERPRINT_VERSION = 2
#: target kinds (``targets[].source`` of the document) that name a path on disk
PATH_TARGETS = frozenset({"iac", "database-config", "attestations"})
#: Terraform names a block within its module, a directory: moving a block to another file of it is not a change
_MODULE_SCOPED = frozenset({"terraform", "terraform_json"})
#: a plan file or a CloudFormation template names its resources within the file
_FILE_SCOPED = frozenset({"terraform_plan", "cloudformation"})
_SEPARATOR = "\x1f"
#: "line 4", "lines 4-6" in a message: where a finding is, not what it is (ordering findings of one identity)
_LINE_REFERENCE = re.compile(r"\blines? \d+(?:\s*[-–]\s*\d+)?")


@dataclass(frozen=True)
class Root:
    """A scanned path and the label its findings' paths carry (empty unless several paths of its kind were
    scanned in one run: then the path's last name, or the whole path where two share a last name)."""

    path: str
    label: str


def roots(targets: Iterable[Mapping[str, Any]]) -> tuple[Root, ...]:
    """The scanned paths of a document's targets, longest first (the innermost root holds a path)."""
    by_kind: dict[str, list[str]] = {}
    for target in targets:
        if target.get("source") in PATH_TARGETS:
            by_kind.setdefault(str(target["source"]), []).append(_clean(str(target["target"])))
    out: dict[str, Root] = {}
    for paths in by_kind.values():
        unique = list(dict.fromkeys(paths))
        names = [posixpath.basename(p) or p for p in unique]
        for path, name in zip(unique, names, strict=True):
            label = "" if len(unique) == 1 else (name if names.count(name) == 1 else path)
            out.setdefault(path, Root(path, label))
    return tuple(sorted(out.values(), key=lambda r: len(r.path), reverse=True))


def _clean(path: str) -> str:
    return posixpath.normpath(path) if path else "."


def relative(text: str, scanned: Sequence[Root], is_path: bool = False) -> str:
    """``text`` (a file path, or a resource name that may start with one) relative to the scanned path that
    holds it, with that path's label; unchanged when no scanned path holds it.

    A resource is held by a path it starts with, followed by ``/``, ``:`` (a module address after its root)
    or ``#`` (an entry of a file); ``.`` holds every relative path, but no resource (it cannot be told
    from a name)."""
    for root in scanned:
        rest = _under(text, root.path, is_path)
        if rest is not None:
            if not root.label or not rest:
                return rest or root.label
            return root.label + rest if rest[:1] in (":", "#") else posixpath.join(root.label, rest)
    return text


def _under(text: str, root: str, is_path: bool) -> str | None:
    if root == ".":
        return posixpath.normpath(text) if is_path and not text.startswith("/") else None
    if text == root:
        return ""
    if root == "/":
        return text[1:] if text.startswith("/") else None
    if text.startswith(root):
        after = text[len(root)]
        if after == "/":
            return text[len(root) + 1:]
        if after in (":", "#"):
            return text[len(root):]
    return None


def identity(finding: Mapping[str, Any], scanned: Sequence[Root]) -> tuple[str, ...]:
    """What identifies a finding across scans: check, source, resource and its scope (module directory,
    template or plan file, relative to the scanned path), account, region; and the item of a finding about one
    of several things a check judges one by one on its resource (a pg_hba rule, a role, an account: ``item``,
    never a line number), as the check names it. Never a line number."""
    source = str(finding.get("source") or "")
    location = finding.get("location") or {}
    file = location.get("file") if isinstance(location, Mapping) else None
    scope = ""
    if file and source in _MODULE_SCOPED:
        scope = posixpath.dirname(relative(str(file), scanned, is_path=True))
    elif file and source in _FILE_SCOPED:
        scope = relative(str(file), scanned, is_path=True)
    resource = str(finding.get("resource") or "")
    key = (str(finding["check_id"]), source, relative(resource, scanned), scope, str(finding.get("account") or ""),
           str(finding.get("region") or ""))
    item = finding.get("item")
    return key if not item else (*key, str(item))


def fingerprint(finding: Mapping[str, Any], scanned: Sequence[Root]) -> str:
    """The fingerprint of a finding alone: hex SHA-256 of its identity (``fingerprint_all`` tells apart the
    findings of one scan that share one)."""
    return _digest(identity(finding, scanned))


def _digest(key: tuple[str, ...]) -> str:
    return hashlib.sha256(_SEPARATOR.join(key).encode("utf-8")).hexdigest()


#: open findings first, then waived, then the rest: the numbering of colliding findings puts what to deal with first
_STATUS_RANK = {"fail": 0, "error": 1, "suppressed": 2, "pass": 3, "not_applicable": 4}


def _content(finding: Mapping[str, Any]) -> tuple[Any, ...]:
    """What orders findings of one identity: their content, never their place in a list (a scan and its results
    document list them in different orders, and both must number them alike)."""
    location = finding.get("location") or {}
    if not isinstance(location, Mapping):
        location = {}
    status = str(finding.get("status") or "")
    message = str(finding.get("message") or "")
    return (_STATUS_RANK.get(status, len(_STATUS_RANK)), status, _LINE_REFERENCE.sub("line", message),
            str(location.get("file") or ""), str(finding.get("suppression") or ""),
            location.get("line") or 0, location.get("end_line") or 0, message)


def fingerprint_all(findings: Sequence[Mapping[str, Any]], scanned: Sequence[Root]) -> list[str]:
    """The fingerprints of one scan's findings, in order, no two the same: findings of one identity (a resource
    reported twice alike) are told apart by their rank among them in the order of their content (status,
    message, file, line), so that any order of the same findings gives each the same fingerprint."""
    keys = [identity(finding, scanned) for finding in findings]
    groups: dict[tuple[str, ...], list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    rank = [0] * len(keys)
    for positions in groups.values():
        if len(positions) > 1:
            for number, position in enumerate(sorted(positions, key=lambda p: _content(findings[p]))):
                rank[position] = number
    return [_digest(key if number == 0 else (*key, str(number + 1))) for key, number in zip(keys, rank, strict=True)]


def fingerprints(document: Mapping[str, Any]) -> list[str]:
    """The fingerprint of every finding of a results document, in the document's order (``fingerprint_all``)."""
    return fingerprint_all(document["findings"], roots(document.get("targets", ())))
