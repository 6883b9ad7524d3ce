"""How ``baomi scan`` asks for a live AWS account: ``--aws`` or any of its other options."""
from __future__ import annotations

import click

from baomi.sources.aws import AwsOptions, AwsSource
from baomi.sources.interface import ScanInputs, Source, SourcePlugin

_OPTIONS = ("profile", "regions", "all_regions", "role_arns", "external_id", "org_role", "endpoint_url")


def _asked(inputs: ScanInputs) -> bool:
    return bool(inputs.option("use_aws") or any(inputs.option(name) for name in _OPTIONS))


def _options(inputs: ScanInputs) -> AwsOptions:
    return AwsOptions(profile=inputs.option("profile"), regions=tuple(inputs.option("regions") or ()),
                      all_regions=bool(inputs.option("all_regions")), role_arns=tuple(inputs.option("role_arns") or ()),
                      external_id=inputs.option("external_id"), org_role=inputs.option("org_role"),
                      endpoint_url=inputs.option("endpoint_url"))


def _build(inputs: ScanInputs) -> Source:
    return AwsSource(_options(inputs))


def _targets(inputs: ScanInputs) -> tuple[tuple[str, str], ...]:
    options = _options(inputs)
    target = ", ".join(options.role_arns) or (
        f"organization role {options.org_role}" if options.org_role else f"profile {options.profile or 'default'}")
    return (("aws", target),)


PLUGIN = SourcePlugin(
    name="aws", label="live AWS account", engines=("aws",),
    asked=_asked, build=_build, targets=_targets,
    options=(
        click.Option(["--aws", "use_aws"], is_flag=True,
                     help="Also scan the live AWS account of the current credentials."),
        click.Option(["--profile"], help="AWS profile (with --aws)."),
        click.Option(["--region", "regions"], multiple=True, metavar="REGION", help="AWS region to scan (repeatable)."),
        click.Option(["--all-regions"], is_flag=True, help="Scan every enabled AWS region."),
        click.Option(["--role-arn", "role_arns"], multiple=True, metavar="ARN",
                     help="Assume this role to scan its account (repeatable)."),
        click.Option(["--external-id"], help="External ID for --role-arn / --org-role."),
        click.Option(["--org-role"], metavar="NAME", help="Assume this role in every account of the AWS Organization."),
        click.Option(["--endpoint-url"], metavar="URL",
                     help="AWS endpoint (emulators, VPC endpoints); also AWS_ENDPOINT_URL."),
    ),
    options_title="Live AWS",
    asked_by="--aws",
)
