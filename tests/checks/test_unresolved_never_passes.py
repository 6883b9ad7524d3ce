"""Property: unresolved text in any attribute never turns a failing configuration into a pass.

The seeds are the configurations baomi's own checks fail in the fixtures (tests/fixtures/iac), as
checkov's real runners render them. Hypothesis replaces any subset of their attribute values with
text checkov leaves when it cannot evaluate an expression (variables without a default, lookups by a
key it could not compute, conditionals, CloudFormation intrinsics it did not resolve) and runs the check
again: the verdict may stay FAILED or become UNKNOWN, never PASSED. A check that read unresolved text
as a literal ("not TCP", "not accept", "no such block") would pass.

A reference to another managed resource, data source or module output (``aws_iam_role.app.arn``) is
not unresolved in this sense: it names one value Terraform computes, and the policy rules rightly
read it as one specific principal or resource (baomi.checks.policy).
"""
from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi.catalog import load_catalog
from baomi.checks.cloudformation import template
from baomi.engines.checkov import runtime as checkov_runtime

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "iac"

_IDENT = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_NOISE = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_/.:, ", max_size=20)

#: the shapes checkov renders for what it could not evaluate (Terraform)
TERRAFORM_UNRESOLVED = st.one_of(
    st.builds(lambda n: f"var.{n}", _IDENT),
    st.builds(lambda n: f"local.{n}", _IDENT),
    st.builds(lambda n: f"each.value.{n}", _IDENT),
    st.builds(lambda n: f"${{var.{n}}}", _IDENT),
    st.builds(lambda k, v, i: f"{{'{k}': [3306, 3306, 'tcp', '{v}']}}[\"var.rules[count.index]\"][{i}]",
              _IDENT, _NOISE, st.integers(0, 3)),
    st.builds(lambda n, a, b: f"local.{n} ? {a} : {b}", _IDENT, _NOISE, _NOISE),
    st.builds(lambda n, d: f"lookup(var.{n}, \"{d}\", null)", _IDENT, _NOISE),
    st.builds(lambda n: f"try(var.{n}, null)", _IDENT),
    st.builds(lambda n: f"{{for k, v in var.{n} : k => v}}", _IDENT),
)
#: intrinsic functions checkov's CloudFormation parser leaves unresolved
CLOUDFORMATION_UNRESOLVED = st.one_of(
    st.builds(lambda n: {"Ref": n}, _IDENT),
    st.builds(lambda n: {"Fn::ImportValue": n}, _IDENT),
    st.builds(lambda c, n: {"Fn::If": [c, {"Ref": n}, {"Ref": "AWS::NoValue"}]}, _IDENT, _IDENT),
    st.builds(lambda m, k: {"Fn::FindInMap": [m, {"Ref": "AWS::Region"}, k]}, _IDENT, _IDENT),
    st.builds(lambda n: {"Fn::GetAtt": [n, "Arn"]}, _IDENT),
)


@dataclass(frozen=True)
class Seed:
    check: Any
    entity_type: str
    conf: Mapping[str, Any]
    cloudformation: bool
    #: CloudFormation: the other resources of its template, by logical ID, and its own logical ID (a bucket
    #: is judged by the policies of its template)
    neighbours: Mapping[str, Any] | None = None
    logical_id: str = ""

    def __repr__(self) -> str:  # what hypothesis prints for a falsifying example
        return f"Seed({self.check.id}, {self.entity_type}, {dict(self.conf)!r})"


def _failing_seeds() -> list[Seed]:
    ckv = checkov_runtime.load()
    baomi_ids = sorted(c.id for c in load_catalog().checks if c.id.startswith("BAOMI_") and c.engine == "checkov")
    seeds: list[Seed] = []
    for framework, folder in (("terraform", FIXTURES / "terraform"), ("cloudformation", FIXTURES / "cloudformation")):
        with checkov_runtime.quiet():
            runner = ckv.runners[framework]()
            report = runner.run(root_folder=str(folder),
                                runner_filter=ckv.runner_filter(framework=[framework], checks=baomi_ids))
        for rp in report if isinstance(report, list) else [report]:
            for record in rp.failed_checks:
                conf = record.check_result.get(checkov_runtime.ENTITY_KEY)
                check = _check_instance(record.check_id, framework)
                if isinstance(conf, Mapping) and check is not None:
                    entity_type = _entity_type(record.resource, framework)
                    template = (runner.definitions or {}).get(record.file_abs_path) if framework == "cloudformation" \
                        else None
                    neighbours = copy.deepcopy(dict(template["Resources"])) if isinstance(template, Mapping) else None
                    seeds.append(Seed(check, entity_type, copy.deepcopy(dict(conf)), framework == "cloudformation",
                                      neighbours, record.resource.rpartition(".")[2]))
    return seeds


def _check_instance(check_id: str, framework: str) -> Any:
    from checkov.cloudformation.checks.resource.registry import cfn_registry
    from checkov.terraform.checks.provider.registry import provider_registry
    from checkov.terraform.checks.resource.registry import resource_registry

    registries = (cfn_registry,) if framework == "cloudformation" else (resource_registry, provider_registry)
    for registry in registries:
        for checks in registry.checks.values():
            for check in checks:
                if check.id == check_id:
                    return check
    return None


def _entity_type(resource: str, framework: str) -> str:
    if framework == "cloudformation":
        return resource.rpartition(".")[0]
    parts = resource.split(".")
    return parts[-2] if len(parts) >= 2 else parts[0]


SEEDS = _failing_seeds()


def _leaf_paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every replaceable value: scalars, and lists/maps as wholes (an expression may stand for either)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("__"):
                continue
            path = (*prefix, key)
            yield path
            if isinstance(value, (Mapping, list)):
                yield from _leaf_paths(value, path)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            path = (*prefix, index)
            yield path
            if isinstance(value, (Mapping, list)):
                yield from _leaf_paths(value, path)


def _replace(conf: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = conf
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _judge(seed: Seed, conf: dict[str, Any]) -> Any:
    from checkov.common.models.enums import CheckResult

    seed.check.details = []
    try:
        if seed.neighbours is None:
            return seed.check.scan_entity_conf(conf, seed.entity_type)
        with template.judging({"seed.yaml": {"Resources": {**seed.neighbours, seed.logical_id: conf}}}):
            return seed.check.scan_entity_conf(conf, seed.entity_type)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError):
        # checkov turns a crashing check into no result at all, which baomi reports as not evaluated
        return CheckResult.UNKNOWN


def test_every_custom_checkov_check_has_a_failing_seed() -> None:
    seeded = {s.check.id for s in SEEDS}
    custom = {c.id for c in load_catalog().checks if c.id.startswith("BAOMI_") and c.engine == "checkov"}
    assert custom - seeded == set()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"{s.check.id}:{s.entity_type}")
def test_the_seed_fails(seed: Seed) -> None:
    from checkov.common.models.enums import CheckResult

    assert _judge(seed, copy.deepcopy(dict(seed.conf))) == CheckResult.FAILED


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_unresolved_text_in_any_attributes_never_passes(data: st.DataObject) -> None:
    from checkov.common.models.enums import CheckResult

    seed = data.draw(st.sampled_from(SEEDS), label="seed")
    conf = copy.deepcopy(dict(seed.conf))
    paths = list(_leaf_paths(conf))
    chosen = data.draw(st.lists(st.sampled_from(paths), min_size=1, max_size=4, unique=True), label="paths")
    unresolved = CLOUDFORMATION_UNRESOLVED if seed.cloudformation else TERRAFORM_UNRESOLVED
    for path in sorted(chosen, key=len, reverse=True):  # deepest first: an outer replacement wins
        try:
            _replace(conf, path, data.draw(unresolved, label=f"value at {path}"))
        except (KeyError, IndexError, TypeError):
            continue  # an outer value was already replaced
    assert _judge(seed, conf) != CheckResult.PASSED


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"{s.check.id}:{s.entity_type}")
def test_every_attribute_unresolved_never_passes(seed: Seed) -> None:
    from checkov.common.models.enums import CheckResult

    conf = copy.deepcopy(dict(seed.conf))
    for key in [k for k in conf if not (isinstance(k, str) and k.startswith("__"))]:
        conf[key] = [{"Ref": "Unset"}] if seed.cloudformation else ["var.unset"]
    assert _judge(seed, conf) != CheckResult.PASSED
