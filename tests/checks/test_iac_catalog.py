"""The catalog's checkov checks against checkov itself: every ID exists (built in, or registered by
``register()``), and resource_types and sources are exactly what checkov supports for it."""
from __future__ import annotations

from functools import cache

import pytest

from baomi.catalog import CheckSpec, load_catalog


@cache
def checkov_support() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """{check id: (frameworks, supported resource types)} over checkov's Terraform resource, provider
    and data registries, its CloudFormation registry and its graph (YAML) checks."""
    from checkov.cloudformation.checks.resource.registry import cfn_registry
    from checkov.common.checks_infra.registry import get_graph_checks_registry
    from checkov.terraform.checks.data.registry import data_registry
    from checkov.terraform.checks.provider.registry import provider_registry
    from checkov.terraform.checks.resource.registry import resource_registry

    from baomi.checks import checkov_custom

    checkov_custom.register()
    support: dict[str, tuple[set[str], set[str]]] = {}

    def add(check_id: str, framework: str, types: object) -> None:
        frameworks, resources = support.setdefault(check_id, (set(), set()))
        frameworks.add(framework)
        resources.update(types)  # type: ignore[call-overload]

    for registry, framework in ((resource_registry, "terraform"), (provider_registry, "terraform"),
                                (data_registry, "terraform"), (cfn_registry, "cloudformation")):
        for entity, checks in registry.checks.items():
            for check in checks:
                add(check.id, framework, [entity])
    for framework in ("terraform", "cloudformation"):
        graph = get_graph_checks_registry(framework)
        graph.load_checks()
        for check in graph.checks:
            add(check.id, framework, check.resource_types)
    return {k: (frozenset(f), frozenset(r)) for k, (f, r) in support.items()}


CHECKOV_CHECKS = list(load_catalog().checks_for("checkov"))

#: types checkov supports for a check but never judges when the attribute is absent (checkov answers UNKNOWN)
NO_VERDICT_BY_DESIGN: dict[str, set[str]] = {
    "CKV_AWS_62": {"AWS::IAM::Group", "AWS::IAM::Role", "AWS::IAM::User"},  # only inline Policies are judged
}


@pytest.mark.parametrize("spec", CHECKOV_CHECKS, ids=lambda c: c.id)
def test_check_exists_with_resource_types_it_supports(spec: CheckSpec) -> None:
    """resource_types are the types a verdict is expected for: checkov's supported types, less those where
    checkov by design gives none (an IAM role without inline policies for CKV_AWS_62), which would otherwise be
    reported as not evaluated."""
    support = checkov_support()
    assert spec.id in support, f"checkov knows no check {spec.id}"
    frameworks, resources = support[spec.id]
    assert spec.resource_types and set(spec.resource_types) <= resources
    narrowed = set(resources) - set(spec.resource_types)
    assert narrowed <= NO_VERDICT_BY_DESIGN.get(spec.id, set()), f"undocumented narrowing: {sorted(narrowed)}"
    assert sorted(spec.sources) == sorted(frameworks)


def _checks_of(module_name: str) -> set[str]:
    """IDs of the checkov checks a module builds at import (``check = ...`` or ``checks = (...)``)."""
    import importlib

    from checkov.common.checks.base_check import BaseCheck

    found = set()
    for value in vars(importlib.import_module(module_name)).values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, BaseCheck):
                found.add(item.id)
    return found


def test_custom_checks_come_from_register() -> None:
    """Every BAOMI_* check of the catalog is registered by register(), and built by a module it imports
    (the modules of checks/terraform and checks/cloudformation, discovered); the modules that build none are
    the rules the checks share."""
    from checkov.cloudformation.checks.resource.registry import cfn_registry
    from checkov.terraform.checks.provider.registry import provider_registry
    from checkov.terraform.checks.resource.registry import resource_registry

    from baomi.checks.checkov_custom import custom_check_modules

    checkov_support()  # registers
    registered = {check.id for registry in (resource_registry, provider_registry, cfn_registry)
                  for checks in registry.checks.values() for check in checks if check.id.startswith("BAOMI_")}
    custom = {c.id for c in CHECKOV_CHECKS if c.id.startswith("BAOMI_")}
    assert custom == registered
    built = {module: _checks_of(module) for module in custom_check_modules()}
    assert sorted(module.rsplit(".", 2)[-2] + "/" + module.rsplit(".", 1)[-1]
                  for module, ids in built.items() if not ids) == [
        "cloudformation/properties", "cloudformation/template", "terraform/existence", "terraform/firewall",
        "terraform/graph", "terraform/network", "terraform/policy_json", "terraform/resources", "terraform/values"]
    # one built-in is replaced under its own ID (CloudFormation CKV_AWS_161: the engine compared as
    # CloudFormation compares it), and only once in checkov's registry
    assert built["baomi.checks.cloudformation.rds_iam_auth"] == {"CKV_AWS_161"}
    assert [c.id for checks in cfn_registry.checks.values() for c in checks].count("CKV_AWS_161") == 1
    assert set().union(*built.values()) - {"CKV_AWS_161"} == custom


def test_register_is_idempotent() -> None:
    from checkov.cloudformation.checks.resource.registry import cfn_registry
    from checkov.terraform.checks.resource.registry import resource_registry

    from baomi.checks import checkov_custom

    def count() -> int:
        return sum(1 for registry in (resource_registry, cfn_registry) for checks in registry.checks.values()
                   for check in checks if check.id.startswith("BAOMI_"))

    checkov_custom.register()
    before = count()
    checkov_custom.register()
    assert count() == before > 0


def test_custom_check_ids_are_stable_names() -> None:
    for spec in CHECKOV_CHECKS:
        if spec.id.startswith("BAOMI_"):
            assert spec.id.replace("_", "").isalnum() and spec.id.isupper()
