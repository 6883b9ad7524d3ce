"""Import checkov's runners without letting checkov touch the network or baomi's logging.

checkov adds a stderr handler to the root logger on import, wraps stdout and stderr in colorama (which then
ends every line on a terminal with an ANSI reset, NO_COLOR or not) and may check PyPI for a newer version;
all are undone or switched off here, once per process.
"""
from __future__ import annotations

import atexit
import copy
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, NamedTuple

from baomi.engines.checkov import optional_defaults

# No version check, no policy-metadata download: a scan makes no network call.
_OFFLINE_ENV = {"CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "BC_SKIP_MAPPING": "TRUE",
                "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}


#: the key under which baomi keeps, in checkov's per-check result dict, the configuration the check judged
ENTITY_KEY = "baomi_entity"
#: ... and the details the check gave (the CloudFormation runner does not copy them into its records)
DETAILS_KEY = "baomi_details"


class Checkov(NamedTuple):
    #: runner class per framework: terraform, terraform_plan, terraform_json (CDK for Terraform), cloudformation
    runners: Mapping[str, type]
    runner_filter: type
    check_ids: frozenset[str]  # every check checkov knows, built-in and baomi's own
    #: graph checks: their supported types include linked resources they never report on
    graph_check_ids: frozenset[str]


@cache
def load() -> Checkov:
    """checkov's runner modules, imported quietly, with baomi's custom checks registered.

    All checkov imports happen here, inside the guard: some of its modules reconfigure the root
    logger when first imported.
    """
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    root = logging.getLogger()
    saved_level, saved_handlers = root.level, list(root.handlers)
    saved_streams = sys.stdout, sys.stderr
    try:
        import checkov.logging_init  # noqa: F401 - configures the root logger on first import: do it here
        from checkov.cloudformation.checks.resource.registry import cfn_registry
        from checkov.cloudformation.runner import Runner as CloudFormationRunner
        from checkov.common.checks.base_check import BaseCheck
        from checkov.common.checks_infra.registry import get_graph_checks_registry
        from checkov.common.output.report import Report
        from checkov.runner_filter import RunnerFilter
        from checkov.terraform import tf_parser
        from checkov.terraform.checks.data.registry import data_registry
        from checkov.terraform.checks.provider.registry import provider_registry
        from checkov.terraform.checks.resource.registry import resource_registry
        from checkov.terraform.graph_builder.graph_components.block_types import BlockType
        from checkov.terraform.graph_builder.local_graph import TerraformLocalGraph
        from checkov.terraform.graph_builder.variable_rendering import renderer as tf_renderer
        from checkov.terraform.module_loading import module_finder
        from checkov.terraform.plan_runner import Runner as PlanRunner
        from checkov.terraform.runner import Runner as TerraformRunner
        from checkov.terraform_json.runner import TerraformJsonRunner

        from baomi.checks import checkov_custom

        checkov_custom.register()
        _keep_unknown_records(Report)
        _keep_entity(BaseCheck)
        _keep_definition_key(TerraformRunner, Report)
        _dedupe_per_root(sys.modules[TerraformRunner.__module__])
        _apply_optional_defaults(TerraformLocalGraph, BlockType.VARIABLE)
        _render_in_a_fixed_order(TerraformLocalGraph)
        _keep_unrendered_dynamic_values(tf_renderer)
        _show_templates(CloudFormationRunner)
        for parsing_module in (tf_parser, module_finder):  # each imported checkov's parse function by name
            _keep_parsed_files(parsing_module)
        ids: set[str] = set()
        for registry in (resource_registry, cfn_registry, provider_registry, data_registry):
            for checks in (*registry.checks.values(), *registry.wildcard_checks.values()):
                ids.update(check.id for check in checks)
        graph_ids: set[str] = set()
        for framework in ("terraform", "cloudformation"):
            graph = get_graph_checks_registry(framework)
            graph.load_checks()
            graph_ids.update(check.id for check in graph.checks)
        ids |= graph_ids
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        sys.stdout, sys.stderr = saved_streams
        _unregister_colorama_reset()
    # checkov logs parse failures and check crashes as warnings; baomi reports them as findings instead.
    logging.getLogger("checkov").setLevel(logging.CRITICAL)
    runners = {"terraform": TerraformRunner, "terraform_plan": PlanRunner, "terraform_json": TerraformJsonRunner,
               "cloudformation": CloudFormationRunner}
    return Checkov(runners, _exact_filter(RunnerFilter), frozenset(ids), frozenset(graph_ids))


def _unregister_colorama_reset() -> None:
    """colorama.init, which checkov's modules call on import, also writes an ANSI reset to the terminal at exit."""
    from colorama import initialise

    atexit.unregister(initialise.reset_all)


def _exact_filter(runner_filter: Any) -> Any:
    """A RunnerFilter that matches baomi's explicit check IDs by set lookup.

    checkov treats each ID as an fnmatch pattern and tries every (check, pattern) pair for every
    resource: on a large estate that was the single largest cost of a scan. baomi passes exact IDs only.
    """

    class ExactRunnerFilter(runner_filter):  # type: ignore[misc]
        def check_matches(self, check_id: str, bc_check_id: str | None, pattern_list: list[str]) -> bool:
            if pattern_list is self.checks:
                wanted = self.__dict__.setdefault("_baomi_wanted", frozenset(self.checks))
                return check_id in wanted or (bc_check_id is not None and bc_check_id in wanted)
            return bool(runner_filter.check_matches(check_id, bc_check_id, pattern_list))

    return ExactRunnerFilter


def _keep_unknown_records(report_class: Any) -> None:
    """Make checkov's Report keep the records it drops: results UNKNOWN (a value not resolvable).

    baomi reports those as "not evaluated"; checkov discards them in ``Report.add_record``.
    """
    from checkov.common.models.enums import CheckResult

    original = report_class.add_record
    if getattr(original, "_baomi_keeps_unknown", False):
        return

    def add_record(self: Any, record: Any) -> None:
        if record.check_result["result"] == CheckResult.UNKNOWN:
            self.__dict__.setdefault("baomi_unknown_checks", []).append(record)
        original(self, record)

    add_record._baomi_keeps_unknown = True  # type: ignore[attr-defined]
    report_class.add_record = add_record


def _keep_entity(base_check: Any) -> None:
    """Keep the configuration a check judged, and the details it gave, in its result, so that baomi can tell
    a resource that is never created and an attribute checkov could not resolve
    (``baomi.engines.checkov.trust``).

    The dict is the one checkov already holds for the resource: keeping a reference costs no copy.
    """
    original = base_check.run
    if getattr(original, "_baomi_keeps_entity", False):
        return

    def run(self: Any, scanned_file: str, entity_configuration: dict[str, Any], entity_name: str,
            entity_type: str, skip_info: Any) -> dict[str, Any]:
        result: dict[str, Any] = original(self, scanned_file, entity_configuration, entity_name, entity_type,
                                          skip_info)
        result[ENTITY_KEY] = entity_configuration
        result[DETAILS_KEY] = list(getattr(self, "details", None) or [])
        return result

    run._baomi_keeps_entity = True  # type: ignore[attr-defined]
    base_check.run = run


_definition_key: ContextVar[Any] = ContextVar("baomi_definition_key", default=None)


def _keep_definition_key(terraform_runner: Any, report_class: Any) -> None:
    """Tag each Terraform record with checkov's definition key: the file plus the chain of module calls
    from the root that instantiates it, which the record itself does not carry. Two roots that both call
    ``module "db"`` give records with the same address and file; only this chain tells them apart."""
    original_block = terraform_runner.run_block
    if getattr(original_block, "_baomi_keeps_key", False):
        return

    def run_block(self: Any, entities: Any, definition_context: Any, full_file_path: Any, *args: Any,
                  **kwargs: Any) -> None:
        token = _definition_key.set(full_file_path)
        try:
            original_block(self, entities, definition_context, full_file_path, *args, **kwargs)
        finally:
            _definition_key.reset(token)

    run_block._baomi_keeps_key = True  # type: ignore[attr-defined]
    terraform_runner.run_block = run_block
    original_add = report_class.add_record

    def add_record(self: Any, record: Any) -> None:
        record.baomi_definition_key = _definition_key.get()
        original_add(self, record)

    report_class.add_record = add_record


def _record_identity(record: Any) -> tuple[Any, ...]:
    """What makes a record one verdict: checkov's own key (check, file, lines, address) and the chain of
    module calls that instantiates the block, from the definition key (resource checks) or the
    ``source_module_`` breadcrumbs (graph checks)."""
    crumbs = (getattr(record, "breadcrumbs", None) or {}).get("source_module_")
    chain = tuple((c.get("path"), c.get("name")) for c in crumbs if isinstance(c, Mapping)) \
        if isinstance(crumbs, list) else ()
    return record.get_unique_string(), getattr(record, "baomi_definition_key", None), chain


def _dedupe_per_root(terraform_runner_module: Any) -> None:
    """Make the Terraform runner drop only true duplicates. checkov's ``remove_duplicate_results`` keys a
    record by check, file, lines and address: two roots that call the same module give the same key, and
    all but one root lost its verdict. The key here adds the calls that instantiate the block."""
    original = terraform_runner_module.remove_duplicate_results
    if getattr(original, "_baomi_per_root", False):
        return

    def remove_duplicate_results(report: Any) -> Any:
        for name in ("passed_checks", "failed_checks"):
            unique: dict[tuple[Any, ...], Any] = {}
            for record in getattr(report, name):
                unique[_record_identity(record)] = record
            setattr(report, name, list(unique.values()))
        return report

    remove_duplicate_results._baomi_per_root = True  # type: ignore[attr-defined]
    terraform_runner_module.remove_duplicate_results = remove_duplicate_results


def _render_in_a_fixed_order(local_graph: Any) -> None:
    """Make checkov's variable rendering the same from one run to the next. Each round renders the edges not
    rendered yet, a set of edges whose order follows the hashes of their labels, which Python seeds anew in every
    process; the result depends on that order (terraform-aws-efs' tags were rendered in some runs and left as
    text in others). The set is put in the order of its edges' vertices and labels before checkov's own
    (stable) sort by out-degree."""
    original = local_graph.sort_edged_by_dest_out_degree
    if getattr(original, "_baomi_fixed_order", False):
        return

    def sort_edged_by_dest_out_degree(self: Any, edges: Any) -> Any:
        if isinstance(edges, (set, frozenset)):
            edges = sorted(edges, key=lambda edge: (edge.origin, edge.dest, edge.label))
        return original(self, edges)

    sort_edged_by_dest_out_degree._baomi_fixed_order = True  # type: ignore[attr-defined]
    local_graph.sort_edged_by_dest_out_degree = sort_edged_by_dest_out_degree


def _apply_optional_defaults(local_graph: Any, variable: str) -> None:
    """Give an object-typed variable the ``optional(type, default)`` defaults Terraform gives it, both to its
    own default and to the value a module call passes (``optional_defaults``): checkov applies no type, and
    renders a missing attribute as ``""`` where Terraform has the default."""
    if getattr(local_graph, "_baomi_optional_defaults", False):
        return
    original_create, original_update = local_graph._create_vertices, local_graph.update_vertex_attribute

    def typed(vertex: Any, value: Any) -> Any:
        if vertex.block_type != variable or not isinstance(value, (dict, list)):
            return value
        return optional_defaults.with_defaults(value, optional_defaults.parse_type(vertex.attributes.get("type")))

    def _create_vertices(self: Any) -> None:
        original_create(self)
        for vertex in self.vertices:
            default = vertex.attributes.get("default")
            filled = typed(vertex, default)
            if filled != default:
                vertex.update_attribute("default", filled, None, [], None)

    def update_vertex_attribute(self: Any, vertex_index: int, attribute_key: str, attribute_value: Any,
                                *args: Any, **kwargs: Any) -> None:
        if attribute_key == "default":
            attribute_value = typed(self.vertices[vertex_index], attribute_value)
        original_update(self, vertex_index, attribute_key, attribute_value, *args, **kwargs)

    local_graph._create_vertices = _create_vertices
    local_graph.update_vertex_attribute = update_vertex_attribute
    local_graph._baomi_optional_defaults = True


def _keep_unrendered_dynamic_values(renderer_module: Any) -> None:
    """A dynamic block's argument that reads its iterator by a key the iterator's value lacks
    (``destination_arn = x.value.create ? aws_log_group.this.arn : x.value.arn``) is given ``""`` by checkov
    when its text holds no literal null or bool: a value nobody wrote, which a check then FAILs. It keeps
    its text instead, which ``trust`` reads as unresolved."""
    original = renderer_module.get_lookup_value
    if getattr(original, "_baomi_keeps_text", False):
        return

    def get_lookup_value(block_content: dict[str, Any], dynamic_argument: str) -> Any:
        value = original(block_content, dynamic_argument)
        return block_content[dynamic_argument] if value == "" else value

    get_lookup_value._baomi_keeps_text = True  # type: ignore[attr-defined]
    renderer_module.get_lookup_value = get_lookup_value


def _show_templates(cloudformation_runner: Any) -> None:
    """Let baomi's CloudFormation checks see the template of the resource they judge (a bucket by the
    policies that name it): checkov gives them the resource alone (checks/cloudformation/template.py)."""
    original = cloudformation_runner.check_definitions
    if getattr(original, "_baomi_shows_templates", False):
        return
    from baomi.checks.cloudformation import template

    def check_definitions(self: Any, *args: Any, **kwargs: Any) -> None:
        with template.judging(self.definitions or {}):
            original(self, *args, **kwargs)

    check_definitions._baomi_shows_templates = True  # type: ignore[attr-defined]
    cloudformation_runner.check_definitions = check_definitions


_parsed_files: ContextVar[dict[str, Any] | None] = ContextVar("baomi_parsed_files", default=None)


def _keep_parsed_files(parsing_module: Any) -> None:
    """Keep a copy of each HCL file as checkov parsed it, before any rendering, for what baomi reads from the
    code itself (sources/iac/terraform_count.py): parsing it a second time would cost as much again."""
    original = parsing_module.load_or_die_quietly
    if getattr(original, "_baomi_keeps_files", False):
        return

    def load_or_die_quietly(file: Any, parsing_errors: Any, *args: Any, **kwargs: Any) -> Any:
        parsed = original(file, parsing_errors, *args, **kwargs)
        kept = _parsed_files.get()
        if kept is not None and isinstance(parsed, dict):
            kept[os.path.abspath(getattr(file, "path", file))] = copy.deepcopy(parsed)
        return parsed

    load_or_die_quietly._baomi_keeps_files = True  # type: ignore[attr-defined]
    parsing_module.load_or_die_quietly = load_or_die_quietly


@contextmanager
def keeping_parsed_files() -> Iterator[dict[str, Any]]:
    """For the duration: absolute file path -> the HCL checkov parsed from it, untouched by its rendering."""
    kept: dict[str, Any] = {}
    token = _parsed_files.set(kept)
    try:
        yield kept
    finally:
        _parsed_files.reset(token)


@contextmanager
def quiet() -> Iterator[None]:
    """Silence checkov's root-logger messages (parse failures) while it runs.

    baomi reports those as findings. When nobody configured the root logger, Python's last-resort
    handler would print them; a NullHandler stands in for the duration. A root logger the embedding
    application configured is left alone.
    """
    root = logging.getLogger()
    if root.handlers:
        yield
        return
    handler = logging.NullHandler()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
