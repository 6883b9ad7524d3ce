"""``baomi scan``: collect findings from every source asked for, score them, write reports, gate."""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from baomi import waivers as waiver_rules
from baomi.catalog import Catalog
from baomi.cli.common import (
    InputPath,
    check_framework_ids,
    evaluate_gate,
    exit_by_gate,
    fail,
    gate_options,
    lang_option,
    load_catalog,
    resolve_lang,
)
from baomi.cli.output import parse_format_specs, print_summary, write_reports
from baomi.cli.progress import Progress
from baomi.settings import Settings
from baomi.userfiles import UserFileError


@dataclass(frozen=True)
class _Planned:
    """A source to run, the check engines it serves, and how the report names what it scanned."""

    source: object
    engines: tuple[str, ...]
    targets: tuple[tuple[str, str], ...]
    label: str


@click.command("scan", short_help="Scan code, live AWS and databases; score and report.")
@click.argument("paths", nargs=-1, type=InputPath(path_type=Path))
@click.option("--framework", "framework_ids", multiple=True, metavar="ID",
              help="Score against this framework only (repeatable; default: all).")
@click.option("--framework-file", "framework_files", multiple=True, type=InputPath(path_type=Path),
              metavar="FILE", help="Your own framework (e.g. an internal policy) in the catalog's YAML format.")
@click.option("--format", "formats", multiple=True, metavar="FMT[:FILE]",
              help="Report to write: json, html, markdown, sarif, junit, csv; ':FILE' names the file "
                   "(default baomi-report.EXT). Repeatable.")
@gate_options
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip paths matching this glob (repeatable).")
@click.option("--config", "config_file", type=InputPath(path_type=Path), metavar="FILE",
              help="Settings file (YAML): thresholds and allowed regions, see docs/scoring.md.")
@click.option("--allowed-region", "allowed_regions", multiple=True, metavar="REGION",
              help="Region where customer data may be stored (repeatable; replaces the mainland-China default).")
@click.option("--waivers", "waivers_file", type=InputPath(path_type=Path), metavar="FILE",
              help="Accepted risks (YAML: check, resource glob, reason, expires): waived failures are reported "
                   "as suppressed with the reason until the expiry date.")
@lang_option
@click.option("--aws", "use_aws", is_flag=True, help="Also scan the live AWS account of the current credentials.")
@click.option("--profile", help="AWS profile (with --aws).")
@click.option("--region", "regions", multiple=True, metavar="REGION", help="AWS region to scan (repeatable).")
@click.option("--all-regions", is_flag=True, help="Scan every enabled AWS region.")
@click.option("--role-arn", "role_arns", multiple=True, metavar="ARN",
              help="Assume this role to scan its account (repeatable).")
@click.option("--external-id", help="External ID for --role-arn / --org-role.")
@click.option("--org-role", metavar="NAME", help="Assume this role in every account of the AWS Organization.")
@click.option("--endpoint-url", metavar="URL", help="AWS endpoint (emulators, VPC endpoints); also AWS_ENDPOINT_URL.")
@click.option("--db", "dsns", multiple=True, metavar="DSN",
              help="Live database: postgresql://user@host:5432/db or mysql://user@host:3306/ (repeatable). "
                   "Password from PGPASSWORD / BAOMI_DB_PASSWORD / ~/.pgpass or a prompt.")
@click.option("--db-sslmode", metavar="MODE", help="TLS mode for --db connections (e.g. verify-full).")
@click.option("--db-ssl-ca", type=InputPath(path_type=Path), metavar="FILE", help="CA certificate for --db TLS.")
@click.option("--db-config", "db_configs", multiple=True, type=InputPath(path_type=Path), metavar="FILE",
              help="Database configuration file to check (postgresql.conf, pg_hba.conf, my.cnf); repeatable.")
def scan_cmd(paths: tuple[Path, ...], framework_ids: tuple[str, ...], framework_files: tuple[Path, ...],
             formats: tuple[str, ...], fail_under: float | None, fail_on: str | None, allow_errors: bool,
             no_gate: bool, exclude: tuple[str, ...], config_file: Path | None, allowed_regions: tuple[str, ...],
             waivers_file: Path | None, lang: str | None, use_aws: bool, profile: str | None,
             regions: tuple[str, ...], all_regions: bool,
             role_arns: tuple[str, ...], external_id: str | None, org_role: str | None, endpoint_url: str | None,
             dsns: tuple[str, ...], db_sslmode: str | None, db_ssl_ca: Path | None,
             db_configs: tuple[Path, ...]) -> None:
    """Scan PATHS (Terraform, plan JSON, CloudFormation, database config files) and/or live targets."""
    aws_asked = use_aws or bool(role_arns or org_role or profile or regions or all_regions or endpoint_url)
    if not (paths or aws_asked or dsns or db_configs):
        fail("nothing to scan: give PATHs, --aws, --db or --db-config")
    for path in (*paths, *db_configs):
        if not path.exists():
            fail(f"{path}: no such file or directory")
        _check_readable(path)
    _check_files_are_readable_kinds(paths)
    report_specs = parse_format_specs(formats) if formats else []
    settings = _settings(config_file, allowed_regions)
    catalog = load_catalog(framework_files)
    waivers = _waivers(waivers_file, catalog)
    check_framework_ids(catalog, framework_ids)
    selected = list(framework_ids) or [f.id for f in catalog.frameworks]
    mapped = {c for fid in selected for c in catalog.framework[fid].control_ids}
    checks = [c for c in catalog.checks if mapped.intersection(c.controls)]

    from baomi.sources.interface import SourceError

    plan = _plan(paths, exclude, db_configs, dsns, db_sslmode, db_ssl_ca, aws_asked, profile, regions,
                 all_regions, role_arns, external_id, org_role, endpoint_url)
    for planned in plan:  # interactive steps (password prompts) before the progress line takes the terminal
        prepare = getattr(planned.source, "prepare", None)
        if prepare is not None:
            try:
                prepare()
            except SourceError as exc:
                fail(str(exc))
    findings = []
    with Progress() as progress:
        for planned in plan:
            progress.update(f"scanning {planned.label}")
            engine_checks = [c for c in checks if c.engine in planned.engines]
            try:
                findings.extend(planned.source.collect(engine_checks, settings))  # type: ignore[attr-defined]
            except SourceError as exc:
                progress.close()
                fail(str(exc))

    from baomi import results, scoring

    if waivers:
        findings = waiver_rules.apply(findings, waivers, datetime.date.today())
    scorecard = scoring.score(catalog, findings, selected)
    lang = resolve_lang(lang)
    gate_result = evaluate_gate(catalog, findings, scorecard.score, fail_under, fail_on, allow_errors, no_gate, lang)
    targets = [results.Target(s, t) for p in plan for s, t in p.targets]
    document = results.build(catalog, scorecard, findings, targets, gate_result)
    write_reports(document, report_specs, lang)
    print_summary(document, lang, [path for _, path in report_specs])
    exit_by_gate(gate_result, lang)


def _check_readable(path: Path) -> None:
    """A path named on the command line that cannot be read (a FIFO would block for ever) is a usage error."""
    from baomi.sources.paths import why_unreadable

    reason = why_unreadable(path)
    if reason is not None:
        fail(f"{path}: {reason}")


def _check_files_are_readable_kinds(paths: Sequence[Path]) -> None:
    """A file named on the command line that no source reads would otherwise vanish from the scan."""
    from baomi.sources import iac
    from baomi.sources.database.discovery import kind_of

    for path in paths:
        if path.is_file() and not iac.claims(path) and kind_of(path) is None:
            fail(f"{path}: not a file baomi reads (Terraform .tf / .tf.json / plan JSON, CloudFormation, "
                 "postgresql.conf, pg_hba.conf, my.cnf)")


def _waivers(path: Path | None, catalog: Catalog) -> list[waiver_rules.Waiver]:
    if path is None:
        return []
    try:
        waivers = waiver_rules.load(path)
    except UserFileError as exc:
        fail(str(exc))
    unknown = sorted({w.check for w in waivers} - set(catalog.check))
    if unknown:
        fail(f"{path}: waiver(s) for unknown check(s): {', '.join(unknown)} (see `baomi checks`)")
    for waiver in waiver_rules.expired(waivers, datetime.date.today()):
        click.echo(f"baomi: warning: {path}: waiver of {waiver.check} on {waiver.resource} expired on "
                   f"{waiver.expires.isoformat()}; not applied", err=True)
    return waivers


def _settings(config_file: Path | None, allowed_regions: Sequence[str]) -> Settings:
    if any(not region.strip() for region in allowed_regions):
        fail("--allowed-region: an empty region was given (an unset variable?)")
    settings = Settings()
    if config_file is not None:
        try:
            settings = Settings.from_file(config_file)
        except UserFileError as exc:
            fail(str(exc))
    return settings.with_overrides(allowed_regions=tuple(allowed_regions))


def _plan(paths: tuple[Path, ...], exclude: tuple[str, ...], db_configs: tuple[Path, ...], dsns: tuple[str, ...],
          db_sslmode: str | None, db_ssl_ca: Path | None, aws_asked: bool, profile: str | None,
          regions: tuple[str, ...], all_regions: bool, role_arns: tuple[str, ...], external_id: str | None,
          org_role: str | None, endpoint_url: str | None) -> list[_Planned]:
    """The sources this command line asks for, in the order they run."""
    from baomi.sources.paths import display_path

    plan: list[_Planned] = []
    if paths:
        from baomi.sources.iac import IacSource

        shown = tuple(display_path(str(p)) for p in paths)
        plan.append(_Planned(IacSource(paths, exclude), ("checkov",), tuple(("iac", s) for s in shown),
                             "infrastructure code"))
        from baomi.sources.tree import TreeSource  # what no file source could read under the paths

        plan.append(_Planned(TreeSource(paths, exclude), (), (), "scanned files"))
    if paths or db_configs:
        from baomi.sources.database import DatabaseFileSource

        plan.append(_Planned(DatabaseFileSource(paths, db_configs, exclude), ("postgresql", "mysql"),
                             tuple(("database-config", display_path(str(p))) for p in db_configs),
                             "database configuration files"))
    if dsns:
        from baomi.sources.database import LiveDatabaseSource, redact_dsn

        plan.append(_Planned(LiveDatabaseSource(dsns, db_sslmode, str(db_ssl_ca) if db_ssl_ca else None),
                             ("postgresql", "mysql"), tuple(("database", redact_dsn(d)) for d in dsns),
                             "live databases"))
    if aws_asked:
        from baomi.sources.aws import AwsOptions, AwsSource

        options = AwsOptions(profile=profile, regions=regions, all_regions=all_regions, role_arns=role_arns,
                             external_id=external_id, org_role=org_role, endpoint_url=endpoint_url)
        target = ", ".join(role_arns) or (
            f"organization role {org_role}" if org_role else f"profile {profile or 'default'}")
        plan.append(_Planned(AwsSource(options), ("aws",), (("aws", target),), "live AWS account"))
    return plan
