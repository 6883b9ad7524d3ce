"""The checkov engine: infrastructure code (Terraform HCL, Terraform plan JSON, CloudFormation) judged by
checkov in-process, with baomi's custom checks registered in checkov's own registries.

checkov is quiet about what it could not judge: a file that does not parse only lands in
``report.parsing_errors``, and a check that cannot resolve a value yields no record at all. This engine
turns both into ERROR findings, so a scan of broken or unresolvable code never looks clean.
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from baomi.catalog import CheckSpec
from baomi.checks.terraform.existence import never_created
from baomi.engines.checkov.runtime import DETAILS_KEY, ENTITY_KEY, keeping_parsed_files, quiet
from baomi.engines.checkov.trust import trust
from baomi.model import SOURCE_ERROR_CHECK, Finding, Location, Status
from baomi.settings import Settings, activate
from baomi.sources.iac import IacInput, Job, terraform_count
from baomi.sources.interface import SourceError
from baomi.sources.paths import display_path
from baomi.sources.paths import excluded as _excluded
from baomi.userfiles import clip

_NOT_EVALUATED = "not evaluated: checkov could not resolve the values this check needs"
_UNEXPLAINED_SKIP = ("not evaluated: skipped in code without a reason; write one (#checkov:skip=ID: why) so "
                     "the suppression can be audited")
_CHECKOV_NO_COMMENT = "No comment provided"  # what checkov records for a skip without a reason


class CheckovEngine:
    name = "checkov"

    def judge(self, facts: object, checks: Sequence[CheckSpec], settings: Settings) -> Iterator[Finding]:
        """Findings of the catalog's checkov checks on the files of an IaC source; SourceError when the
        catalog maps a check this checkov does not know (checkov would ignore it silently)."""
        if not isinstance(facts, IacInput):
            raise TypeError(f"the checkov engine judges an IacInput, not {type(facts).__name__}")
        from baomi.engines.checkov import runtime as checkov_runtime

        activate(settings)
        ckv = checkov_runtime.load()
        missing = sorted({c.id for c in checks} - ckv.check_ids)
        if missing:
            raise SourceError(f"catalog maps check(s) checkov does not know: {', '.join(missing)}")
        for job in facts.jobs:
            relevant = [c for c in checks if _applies(c, job.framework)]
            if relevant:
                yield from _run(ckv, job, relevant, facts.exclude)


def _applies(check: CheckSpec, framework: str) -> bool:
    """Terraform checks judge HCL, plan JSON and Terraform JSON (CDK for Terraform) alike."""
    return ("terraform" if framework in ("terraform_plan", "terraform_json") else framework) in check.sources


def _exclude_regexes(exclude: Sequence[str]) -> list[str]:
    """checkov searches its excluded paths as regexes in each path: translate our globs."""
    return [fnmatch.translate(g).replace(r"\Z", "") for g in exclude]


def _run(ckv: Any, job: Job, checks: Sequence[CheckSpec], exclude: Sequence[str]) -> Iterator[Finding]:
    if job.framework == "cloudformation":
        yield from _run_cloudformation(ckv, job, checks, exclude)
        return
    try:
        with keeping_parsed_files() as parsed:
            runner, reports = _checkov(ckv, job, checks, exclude)
    except Exception as exc:  # noqa: BLE001 - checkov raises anything; one target must not end the scan
        where = job.root or ", ".join(map(str, job.files))
        yield Finding(SOURCE_ERROR_CHECK, Status.ERROR, job.framework, str(where),
                      f"checkov failed on {where}: {type(exc).__name__}: {_first_line(str(exc))}")
        return
    existence = _Existence(_never_created_calls(runner.definitions or {}), terraform_count.Counts(parsed)) \
        if job.framework == "terraform" else _NOTHING_KNOWN
    for report in reports:
        yield from _findings_of_report(report, job.framework, checks, exclude, ckv.graph_check_ids, existence)
    if job.framework == "terraform":
        yield from _unloaded_modules(runner.definitions or {}, exclude, existence)


#: a chain of module calls from a root, outermost first: (absolute file of the call, module name) each
_Chain = tuple[tuple[str, str], ...]


def _chain(calls: Iterable[terraform_count.ModuleCall]) -> _Chain:
    return tuple((os.path.abspath(c.caller_file), c.name) for c in calls)


@dataclass(frozen=True)
class _Existence:
    """What tells a Terraform block checkov judged is never created: module calls checkov itself rendered
    with count 0 or an empty for_each, and counts read from the code where checkov's rendering errs."""

    absent_calls: frozenset[_Chain] = frozenset()
    counts: terraform_count.Counts | None = None

    def never_created(self, record: Any, conf: Any, abs_path: str) -> bool:
        if never_created(conf):
            return True
        calls = terraform_count.module_calls(getattr(record, "baomi_definition_key", None),
                                             getattr(record, "breadcrumbs", None))  # graph checks: breadcrumbs
        if not calls:
            return False
        if self._absent(calls):
            return True
        return self.counts is not None and self.counts.created(abs_path, str(record.resource), calls) is False

    def call_never_created(self, calls: Sequence[terraform_count.ModuleCall]) -> bool:
        """The last of ``calls`` (outermost first), a module call checkov may not have loaded, has no instance:
        it or a call above it rendered with count 0 or an empty for_each, or the code fixes such a count at
        zero."""
        if self._absent(calls):
            return True
        *above, call = calls
        return self.counts is not None and self.counts.call_created(call.caller_file, call.name, above) is False

    def _absent(self, calls: Sequence[terraform_count.ModuleCall]) -> bool:
        chain = _chain(calls)
        return any(chain[:depth] in self.absent_calls for depth in range(1, len(chain) + 1))


_NOTHING_KNOWN = _Existence()  # CloudFormation, plans: only what checkov rendered


def _never_created_calls(definitions: Any) -> frozenset[_Chain]:
    """Module calls with ``count = 0`` or an empty ``for_each`` (a ``wrappers/`` module over an empty
    ``var.items``), each as the chain of calls from the root down to it: none of the resources inside them
    is created."""
    absent = set()
    for key, blocks in definitions.items():
        path = os.path.abspath(getattr(key, "file_path", str(key)))
        above = _chain(terraform_count.module_calls(key) or ())
        for block in blocks.get("module") or [] if isinstance(blocks, dict) else []:
            for name, conf in block.items() if isinstance(block, dict) else ():
                if isinstance(conf, dict) and never_created(conf):
                    absent.add((*above, (path, name)))
    return frozenset(absent)


def _checkov(ckv: Any, job: Job, checks: Sequence[CheckSpec], exclude: Sequence[str]) -> tuple[Any, list[Any]]:
    """One fresh runner over the job (a reused one returns nothing): the runner and its reports.
    Raises whatever checkov raises."""
    with quiet():
        runner_filter = ckv.runner_filter(
            framework=[job.framework],
            checks=[c.id for c in checks],
            excluded_paths=[*_exclude_regexes(exclude), *(f"^{re.escape(p)}$" for p in job.unreadable)],
            show_progress_bar=False,
        )
        runner = ckv.runners[job.framework]()
        reports = runner.run(
            root_folder=str(job.root) if job.root else None,
            files=[str(f) for f in job.files] or None,
            runner_filter=runner_filter,
        )
    return runner, reports if isinstance(reports, list) else [reports]


def _run_cloudformation(ckv: Any, job: Job, checks: Sequence[CheckSpec],
                        exclude: Sequence[str]) -> Iterator[Finding]:
    """Templates are screened first, so that one checkov cannot handle is an ERROR of its own instead of
    crashing the run for every other template (baomi.sources.iac.cloudformation_templates)."""
    from baomi.sources.iac import cloudformation_templates

    screening = cloudformation_templates.screen(f for f in job.files if not _excluded(f, exclude))
    yield from screening.errors
    with cloudformation_templates.staged(screening) as stage:
        yield from map(stage.restore, _isolating(ckv, stage.files, checks))


def _isolating(ckv: Any, files: Sequence[Path], checks: Sequence[CheckSpec]) -> Iterator[Finding]:
    """One checkov run over all the templates; a run that crashes is split in halves until the template
    that crashes it stands alone, reported by name (the rest are still judged)."""
    if not files:
        return
    try:
        runner, reports = _checkov(ckv, Job("cloudformation", None, tuple(files)), checks, ())
    except Exception as exc:  # noqa: BLE001 - checkov raises anything; one template must not end the scan
        if len(files) > 1:
            yield from _isolating(ckv, files[:len(files) // 2], checks)
            yield from _isolating(ckv, files[len(files) // 2:], checks)
            return
        where = display_path(str(files[0]))
        yield Finding(SOURCE_ERROR_CHECK, Status.ERROR, "cloudformation", where,
                      f"checkov failed on {where}: {type(exc).__name__}: {_first_line(str(exc))}; none of its "
                      "resources were evaluated", Location(where))
        return
    inputs = _deploy_inputs(runner.definitions or {})
    for report in reports:  # the files were filtered by --exclude before screening
        yield from _findings_of_report(report, "cloudformation", checks, (), ckv.graph_check_ids, inputs=inputs)


def _deploy_inputs(definitions: Any) -> dict[str, frozenset[str]]:
    """Per template, its parameters without a default: checkov puts defaults into ``Ref``s and leaves these."""
    inputs = {}
    for path, template in definitions.items() if isinstance(definitions, dict) else ():
        parameters = template.get("Parameters") if isinstance(template, dict) else None
        inputs[os.path.abspath(str(path))] = frozenset(
            str(name) for name, declared in (parameters.items() if isinstance(parameters, dict) else ())
            if not (isinstance(declared, dict) and "Default" in (declared.get("Properties") or {})))
    return inputs


def _unloaded_modules(definitions: Any, exclude: Sequence[str], existence: _Existence) -> Iterator[Finding]:
    """Module calls checkov could not load (a registry or git source not downloaded): their resources
    are missing from the scan, which must say so rather than look clean.

    One finding per instance of the call, named like a resource inside a module (``_resource_name``): a
    call written in a local module is there once for each instance of that module, from each root
    (``examples/complete:module.api.module.acm``); an instance that is never created gets none.
    """
    for key, blocks in definitions.items():
        path = getattr(key, "file_path", str(key))
        if _excluded(Path(path), exclude):
            continue
        above = terraform_count.module_calls(key) or []
        for block in blocks.get("module") or []:
            for name, conf in block.items():
                if not isinstance(conf, dict) or conf.get("__resolved__"):
                    continue
                calls = [*above, terraform_count.ModuleCall(path, name)]
                if existence.call_never_created(calls):
                    continue
                source = (conf.get("source") or ["?"])[0]
                address = ".".join(call.address for call in calls)
                yield Finding(
                    check_id=SOURCE_ERROR_CHECK,
                    status=Status.ERROR,
                    source="terraform",
                    resource=_within_root(above, address),
                    message=(f"module {name!r} (source {source}) could not be loaded, so none of its resources "
                             "were evaluated: run `terraform init` first, or scan a plan (terraform show -json)"),
                    location=Location(display_path(path), conf.get("__start_line__"), conf.get("__end_line__")),
                )


def _findings_of_report(report: Any, framework: str, checks: Sequence[CheckSpec], exclude: Sequence[str],
                        graph_check_ids: frozenset[str],
                        existence: _Existence = _NOTHING_KNOWN,
                        inputs: Mapping[str, frozenset[str]] | None = None) -> Iterator[Finding]:
    by_id = {c.id: c for c in checks}
    judged: set[tuple[str, str, str]] = set()  # (file, address, check) pairs checkov gave any record for
    for record, status in (
        *((r, Status.PASS) for r in report.passed_checks),
        *((r, Status.FAIL) for r in report.failed_checks),
        *((r, Status.SUPPRESSED) for r in report.skipped_checks),
        *((r, Status.ERROR) for r in getattr(report, "baomi_unknown_checks", [])),
    ):
        abs_path = record.file_abs_path or record.file_path
        if _excluded(Path(abs_path), exclude):
            continue
        judged.add((os.path.abspath(abs_path), record.resource, record.check_id))
        if status is Status.ERROR and not _verdict_expected(record, framework, checks):
            continue
        conf = record.check_result.get(ENTITY_KEY)
        if existence.never_created(record, conf, abs_path):
            continue  # count = 0, empty for_each: nothing to judge, nothing to report
        details = record.details or record.check_result.get(DETAILS_KEY) or []
        trusted = trust(status, conf, record.check_result.get("evaluated_keys") or [], details,
                        by_id.get(record.check_id), builtin=not record.check_id.startswith("BAOMI_"),
                        inputs=(inputs or {}).get(os.path.abspath(abs_path), frozenset()))
        status, message, suppression = trusted.status, trusted.message or _message(record, trusted.status), None
        if status is Status.SUPPRESSED:
            suppression = _suppression_reason(record)
            if suppression is None:  # a skip nobody explained hides the verdict: not acceptable evidence
                status, message = Status.ERROR, _UNEXPLAINED_SKIP
        yield Finding(
            check_id=record.check_id,
            status=status,
            source=framework,
            resource=_resource_name(record, abs_path, framework),
            message=message,
            location=_location(abs_path, record.file_line_range),
            suppression=suppression,
        )
    graph_checks_left_out = [c for c in checks if c.id not in graph_check_ids]
    yield from _not_evaluated(report, framework, graph_checks_left_out, judged, exclude)
    for path in sorted(set(report.parsing_errors)):
        if not _excluded(Path(path), exclude):
            yield _parse_error(path, framework)


def _resource_name(record: Any, abs_path: str, framework: str) -> str:
    """The resource's address; inside a module, prefixed by the root directory that instantiates it.

    A module's resources live in the module's file whichever root calls it: two roots that both declare
    ``module "db"`` give the same file and address, and only the root tells the two databases apart
    (``examples/complete:module.db.aws_db_instance.this``). A root that is the working directory goes
    without prefix.
    """
    if framework == "terraform_json":
        return _tf_json_address(abs_path, record.resource)
    calls = terraform_count.module_calls(getattr(record, "baomi_definition_key", None),
                                         getattr(record, "breadcrumbs", None))  # graph checks: breadcrumbs
    return _within_root(calls or [], str(record.resource))


def _within_root(calls: Sequence[terraform_count.ModuleCall], address: str) -> str:
    """A block's address prefixed by the root directory, the file of the first of the module ``calls`` that
    instantiate it; a block of the root itself, or of a root that is the working directory, has none."""
    if not calls:
        return address
    root = display_path(os.path.dirname(calls[0].caller_file))
    return address if root == "." else f"{root}:{address}"


@lru_cache(maxsize=256)
def _tf_json_types(path: str) -> dict[str, tuple[str, ...]]:
    """Resource name -> its types in a Terraform JSON file."""
    try:
        resources = json.loads(Path(path).read_text(encoding="utf-8")).get("resource") or {}
    except (OSError, ValueError, AttributeError):
        return {}
    names: dict[str, list[str]] = {}
    for rtype, by_name in resources.items() if isinstance(resources, dict) else ():
        for name in by_name if isinstance(by_name, dict) else ():
            names.setdefault(name, []).append(rtype)
    return {name: tuple(types) for name, types in names.items()}


def _tf_json_address(path: str, resource: str) -> str:
    """checkov names Terraform JSON resources ``resource.<name>``; give back ``<type>.<name>`` when the name
    is unambiguous in its file, so findings read like Terraform addresses."""
    prefix, _, name = resource.partition(".")
    types = _tf_json_types(os.path.abspath(path)).get(name, ()) if prefix == "resource" else ()
    return f"{types[0]}.{name}" if len(types) == 1 else resource


def _suppression_reason(record: Any) -> str | None:
    """The reason written in ``#checkov:skip=ID:reason``; None when there is none."""
    reason = (record.check_result.get("suppress_comment") or "").strip()
    return None if reason in ("", _CHECKOV_NO_COMMENT) else reason


def _verdict_expected(record: Any, framework: str, checks: Sequence[CheckSpec]) -> bool:
    """An UNKNOWN result is "not evaluated" only on the types the catalog expects a verdict for."""
    rtype = _resource_type(record.resource, framework)
    return any(c.id == record.check_id and rtype in c.resource_types for c in checks)


def _not_evaluated(report: Any, framework: str, checks: Sequence[CheckSpec], seen: set[tuple[str, str, str]],
                   exclude: Sequence[str]) -> Iterator[Finding]:
    """(resource x check) pairs checkov should have judged but did not: it could not resolve a value.

    Graph checks are left out: their supported types include linked resources they never report on.
    """
    by_type: dict[str, list[CheckSpec]] = {}
    for check in checks:
        for rtype in check.resource_types:
            by_type.setdefault(rtype, []).append(check)
    for key in sorted(report.resources):
        path, _, address = key.rpartition(":")
        if not path or _excluded(Path(path), exclude):
            continue
        for check in by_type.get(_resource_type(address, framework), []):
            if (os.path.abspath(path), address, check.id) not in seen:
                yield Finding(
                    check_id=check.id,
                    status=Status.ERROR,
                    source=framework,
                    resource=address,
                    message=_NOT_EVALUATED,
                    location=Location(display_path(path), _declaration_line(path, address, framework)),
                )


def _resource_type(address: str, framework: str) -> str:
    if framework == "cloudformation":
        return address.rpartition(".")[0]
    parts = re.sub(r"\[[^\]]*\]", "", address).split(".")
    return parts[-2] if len(parts) >= 2 else address


def _declaration_line(path: str, address: str, framework: str) -> int | None:
    """Line where the resource is declared, so that an unevaluated pair still points somewhere useful."""
    name = re.sub(r"\[[^\]]*\]", "", address).split(".")[-1]
    if framework == "cloudformation":
        pattern = re.compile(rf"^\s*\"?{re.escape(name)}\"?\s*:")
    else:
        pattern = re.compile(rf'^\s*resource\s+"{re.escape(_resource_type(address, framework))}"\s+"{re.escape(name)}"')
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return next((n for n, line in enumerate(fh, 1) if pattern.search(line)), None)
    except OSError:
        return None


def _message(record: Any, status: Status) -> str:
    """The check's own detail when it gave one (baomi's checks say what they saw), else its name."""
    if status is Status.ERROR:
        return _NOT_EVALUATED
    detail = "; ".join(str(d) for d in (record.details or record.check_result.get(DETAILS_KEY) or []))
    return detail or record.check_name or record.check_id


def _location(path: str, line_range: Sequence[int] | None) -> Location:
    start, end = (line_range[0], line_range[1]) if line_range else (None, None)
    return Location(file=display_path(path), line=start, end_line=end)


def _parse_error(path: str, framework: str) -> Finding:
    with quiet():
        message = _parser_message(path, framework)
    match = re.search(r"line (\d+)", message)
    return Finding(
        check_id=SOURCE_ERROR_CHECK,
        status=Status.ERROR,
        source=framework,
        resource=display_path(path),
        message=f"could not parse {display_path(path)}: {message}; none of its resources were evaluated",
        location=Location(display_path(path), int(match.group(1)) if match else None),
    )


def _parser_message(path: str, framework: str) -> str:
    """Parse the file again to recover the parser's message, which checkov's report drops."""
    errors: dict[str, Any] = {}
    if framework == "cloudformation":
        precise = _yaml_error(path)
        if precise:
            return precise
        from checkov.cloudformation.parser import parse

        parse(path, out_parsing_errors=errors)
    elif framework in ("terraform_plan", "terraform_json"):
        try:
            json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            errors[path] = exc
    else:
        from checkov.terraform.parser_utils import load_or_die_quietly

        load_or_die_quietly(path, errors)
    return _first_line(str(errors.get(path) or next(iter(errors.values()), "parser error")))


def _yaml_error(path: str) -> str | None:
    """The YAML/JSON syntax error with its line, which checkov's CloudFormation message lacks."""
    import yaml

    class _TagTolerantLoader(yaml.SafeLoader):
        """Accepts CloudFormation's short-form tags (!Ref, !Sub ...) so only real syntax errors remain."""

    _TagTolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
    try:
        with open(path, encoding="utf-8") as fh:
            yaml.load(fh, Loader=_TagTolerantLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        return f"line {mark.line + 1}, column {mark.column + 1}: {exc.problem}" if mark else str(exc.problem)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return _first_line(str(exc))
    except RecursionError:
        return "nested too deeply"
    return None


def _first_line(text: str) -> str:
    """The first line of a parser's message, clipped: some quote the offending line, which may be megabytes."""
    return clip(text.strip().splitlines()[0], 300) if text.strip() else "unknown error"
