"""AWS Backup plans: every RDS instance and cluster, DynamoDB table and EFS file system is selected by a plan.

Every such store is judged, tagged as customer data or not: like the other backup checks (RDS retention,
DynamoDB point-in-time recovery) this one does not read the classification tag, since any of these stores may
hold customer data and an untagged one is the likeliest to be forgotten. Aurora members are judged through their
cluster, which AWS Backup protects as one.

How a selection assigns a store, from AWS's documentation (BackupSelection, CreateBackupSelection, "Assign
resources with AWS CLI"):

- ``Resources`` are ARN patterns (``*`` for any run of characters; ``"*"`` alone is every resource), ORed; no
  ``Resources`` and no ``ListOfTags`` means every supported resource;
- ``Conditions`` (``StringEquals``, ``StringNotEquals``, ``StringLike``, ``StringNotLike`` on
  ``aws:ResourceTag/<key>``) are ANDed with each other and with ``Resources``; as in IAM, a negated operator
  holds for a store without the tag;
- ``ListOfTags`` entries (``STRINGEQUALS`` on a tag key) are ORed with each other and with ``Resources`` (the
  API's "additive" patterns); where ``Conditions`` are set too, they are required of a store selected by tag as
  well (the stricter reading: it can fail a covered store, never pass an uncovered one);
- ``NotResources`` patterns exclude whatever they match;
- a store selected without its resource type being named (``"*"``, ``arn:aws:rds:*``, tags only), and an Aurora,
  Neptune or DocumentDB cluster however it is selected, is backed up only when its type is opted in to AWS Backup
  in the region (DescribeRegionSettings, read only then).

What the check cannot read or does not understand (an operator, a key that is not ``aws:ResourceTag/…``, a
``?`` that may be a wildcard, a store's tags it could not read) makes that selection unknown: the store is an
ERROR naming it, unless another selection certainly covers it. Tags are read only when a selection's tag
test is reached (DynamoDB: ListTagsOfResource; RDS and EFS carry theirs in the listing).

Calls per region: one ListBackupPlans; per plan, once a store is not selected by the plans before it, one
ListBackupSelections and one GetBackupSelection per selection (memoised, shared by every store);
DescribeRegionSettings at most once, only where the opt-in decides.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from baomi.checks.aws import aws_check
from baomi.checks.verdicts import failed, not_evaluated, passed
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import backup, dynamodb, efs, rds
from baomi.sources.aws.errors import Unreadable
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource
from baomi.userfiles import clip

#: true, false, or (a string) why it cannot be told
Tri = bool | str

_STORES = (rds.standalone_instances, rds.clusters, dynamodb.tables, efs.file_systems)
#: the types whose explicitly named resources AWS Backup protects even when the type is not opted in
_NAMED_WITHOUT_OPT_IN = ("RDS", "DynamoDB", "EFS")
_TAG_KEY = "aws:ResourceTag/"
#: Conditions operator -> (pattern match, negated)
_OPERATORS = {"StringEquals": (False, False), "StringNotEquals": (False, True), "StringLike": (True, False),
              "StringNotLike": (True, True)}


def _q(value: object) -> str:
    return clip(repr(value), 60)


def _decided_by(values: Iterable[Tri], decisive: bool) -> Tri:
    """``decisive`` as soon as one value is; else the first reason a value is unknown; else the other answer."""
    unknown: str | None = None
    for value in values:
        if value is decisive:
            return decisive
        if isinstance(value, str) and unknown is None:
            unknown = value
    return unknown if unknown is not None else not decisive


def _any(values: Iterable[Tri]) -> Tri:
    return _decided_by(values, True)


def _all(values: Iterable[Tri]) -> Tri:
    return _decided_by(values, False)


def _not(value: Tri) -> Tri:
    return value if isinstance(value, str) else not value


def _regex(pattern: str, star: str, question: bool) -> re.Pattern[str]:
    parts = [star if c == "*" else "." if c == "?" and question else re.escape(c) for c in pattern]
    return re.compile("".join(parts), re.DOTALL)


def _glob(pattern: str, value: str, star: str, what: str) -> Tri:
    """Whether ``value`` matches ``pattern`` (``*`` a wildcard); a ``?`` that changes the answer depending on
    whether it is a wildcard (as in IAM) or a character (AWS Backup documents only ``*``) is unknown."""
    literal = _regex(pattern, star, question=False).fullmatch(value) is not None
    if "?" not in pattern or literal == (_regex(pattern, star, question=True).fullmatch(value) is not None):
        return literal
    return f"{what} {_q(pattern)} has a '?' that may or may not be a wildcard"


class _Store:
    """A store as AWS Backup selects it: its ARN, type, opt-in kind and (read on first use) tags."""

    def __init__(self, scope: Scope, resource: Resource) -> None:
        self.scope, self.resource, self.arn = scope, resource, resource.arn
        parts = resource.arn.split(":", 5)
        self.service = parts[2] if len(parts) == 6 else ""
        prefix = re.match(r"[^:/]*[:/]", parts[5]) if len(parts) == 6 else None
        self.prefix = prefix.group(0) if prefix else ""
        self.kind = self._kind()
        self._tags: Mapping[str, Any] | str | None = None

    def _kind(self) -> str | None:
        """The store's resource type in AWS Backup's opt-in settings."""
        if self.service == "rds" and self.prefix == "cluster:":
            engine = str(self.resource.data.get("Engine") or "")
            if engine.startswith("aurora"):
                return "Aurora"
            return {"docdb": "DocumentDB", "neptune": "Neptune", "mysql": "RDS", "postgres": "RDS"}.get(engine)
        return {"rds": "RDS", "dynamodb": "DynamoDB", "elasticfilesystem": "EFS"}.get(self.service)

    def names_type(self, pattern: object) -> bool:
        """Whether a Resources pattern names the store's resource type (``arn:aws:rds:*:*:db:*``)."""
        parts = pattern.split(":", 5) if isinstance(pattern, str) else []
        return len(parts) == 6 and parts[2] == self.service and bool(self.prefix) and parts[5].startswith(self.prefix)

    def tags(self) -> Mapping[str, Any] | str:
        """The store's tags by key, or why they cannot be told."""
        if self._tags is None:
            self._tags = self._read_tags()
        return self._tags

    def _read_tags(self) -> Mapping[str, Any] | str:
        if self.service == "dynamodb":
            try:
                tags: Mapping[str, Any] = self.scope.get(dynamodb.tags, self.arn)
            except Unreadable as exc:
                return f"the table's tags could not be read ({exc.reason})"
            return tags
        key = "TagList" if self.service == "rds" else "Tags"
        listed = self.resource.data.get(key)
        if not isinstance(listed, list):
            return f"the listing gives no {key} for the store"
        return {str(t.get("Key")): t.get("Value") for t in listed if isinstance(t, Mapping)}


def _resource(pattern: object, store: _Store, field: str) -> Tri:
    if pattern == "*":
        return True
    if not isinstance(pattern, str) or not pattern.startswith("arn:"):
        return f"{field} entry {_q(pattern)} is neither '*' nor an ARN pattern"
    return _glob(pattern, store.arn, r"\S*", f"{field} pattern")


def _tag_entry(entry: Mapping[str, Any], store: _Store) -> Tri:
    """One ListOfTags entry: STRINGEQUALS on a tag key (a plain key, not aws:ResourceTag/…)."""
    kind, key, value = entry.get("ConditionType"), entry.get("ConditionKey"), entry.get("ConditionValue")
    if kind != "STRINGEQUALS":
        return f"ListOfTags ConditionType {_q(kind)} is not STRINGEQUALS"
    if not isinstance(key, str) or key.startswith("aws:") or not isinstance(value, str):
        return f"ListOfTags entry {_q(key)} = {_q(value)} is not a tag key and value"
    tags = store.tags()
    if isinstance(tags, str):
        return tags
    actual = tags.get(key)
    if not isinstance(actual, str) or actual == value:
        return actual == value
    if "*" in value and _glob(value, actual, ".*", "ListOfTags value") is not False:
        return f"ListOfTags value {_q(value)} for {_q(key)} may be a wildcard pattern"
    return False


def _condition(operator: str, entry: Mapping[str, Any], store: _Store) -> Tri:
    key, value = entry.get("ConditionKey"), entry.get("ConditionValue")
    if not isinstance(key, str) or not key.startswith(_TAG_KEY) or not isinstance(value, str):
        return f"Conditions {operator} key {_q(key)} is not aws:ResourceTag/<key> with a value"
    tags = store.tags()
    if isinstance(tags, str):
        return tags
    actual = tags.get(key[len(_TAG_KEY):])
    like, negated = _OPERATORS[operator]
    if not isinstance(actual, str):
        return negated  # as in IAM: a negated operator holds where the tag is missing
    matched = _glob(value, actual, ".*", f"Conditions {operator} value") if like else actual == value
    return _not(matched) if negated else matched


def _conditions(conditions: Mapping[str, Any], store: _Store) -> Tri:
    results: list[Tri] = []
    for operator, entries in conditions.items():
        if operator not in _OPERATORS:
            results.append(f"Conditions operator {_q(operator)} is not one this check knows")
            continue
        results += [_condition(operator, e, store) if isinstance(e, Mapping) else f"a Conditions {operator} entry "
                    f"is {_q(e)}" for e in entries or ()]
    return _all(results)


def _selects(selection: Mapping[str, Any], store: _Store) -> tuple[Tri, bool]:
    """Whether the selection assigns the store to its plan, and whether that rests on the type's opt-in (the
    store is not selected through a Resources pattern naming its resource type)."""
    excluded = _any(_resource(p, store, "NotResources") for p in selection.get("NotResources") or ())
    if excluded is True:
        return False, False
    resources = list(selection.get("Resources") or ())
    by_tags = list(selection.get("ListOfTags") or ())
    conditions = selection.get("Conditions") or {}
    matched = {i: _resource(p, store, "Resources") for i, p in enumerate(resources)}
    by_resources = _any(matched.values()) if resources else not by_tags
    path = False if by_resources is False else _all((by_resources, _conditions(conditions, store)))
    tagged: Tri = False
    if by_tags and path is not True:
        tagged = _any(_tag_entry(t, store) if isinstance(t, Mapping) else f"a ListOfTags entry is {_q(t)}"
                      for t in by_tags)
        if tagged is not False and conditions:
            tagged = _all((tagged, _conditions(conditions, store)))
    named = path is True and any(m is True and store.names_type(resources[i]) for i, m in matched.items())
    return _all((_any((path, tagged)), _not(excluded))), not named


def _opted_in(scope: Scope, store: _Store) -> Tri:
    if store.kind is None:
        return (f"the cluster's engine {_q(store.resource.data.get('Engine'))} is not one whose AWS Backup "
                "opt-in this check knows")
    try:
        preference: Mapping[str, Any] = scope.get(backup.opt_in)
    except Unreadable as exc:
        return f"the region's AWS Backup opt-in could not be read ({exc.reason})"
    value = preference.get(store.kind)
    if not isinstance(value, bool):
        return f"the region's AWS Backup opt-in for {store.kind} is {'absent' if value is None else _q(value)}"
    return value


def _selections(scope: Scope, plan: Resource) -> tuple[Mapping[str, Any], ...] | str:
    try:
        found: tuple[Mapping[str, Any], ...] = scope.get(backup.selections, plan.data["BackupPlanId"])
    except Unreadable as exc:
        return exc.reason
    return found


@aws_check("AWS_BACKUP_PLAN_COVERAGE", *_STORES)
def plan_coverage(scope: Scope, resource: Resource, settings: Settings) -> Verdict:
    store = _Store(scope, resource)
    plans: tuple[Resource, ...] = scope.get(backup.plans)
    unknown: str | None = None
    opted_out: str | None = None
    for plan in plans:
        selections = _selections(scope, plan)
        if isinstance(selections, str):
            unknown = unknown or f"plan {plan.name!r}: {selections}"
            continue
        for selection in selections:
            name = f"plan {plan.name!r}, selection {selection.get('SelectionName')!r}"
            covered, needs_opt_in = _selects(selection, store)
            if covered is True and (needs_opt_in or store.kind not in _NAMED_WITHOUT_OPT_IN):
                covered = _opted_in(scope, store)
                opted_out = opted_out or (name if covered is False else None)
            if covered is True:
                return passed(f"selected by AWS Backup {name}")
            if isinstance(covered, str):
                unknown = unknown or f"{name}: {covered}"
    if unknown is not None:
        return not_evaluated(unknown)
    if not plans:
        return failed(f"no AWS Backup plan in {scope.region}")
    why = f" ({opted_out} would, but {store.kind} is not opted in to AWS Backup there)" if opted_out else ""
    return failed(f"none of the {len(plans)} AWS Backup plan(s) in {scope.region} selects it{why}")
