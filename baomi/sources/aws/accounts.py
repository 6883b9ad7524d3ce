"""Which accounts and regions a scan covers, and the credentials for each account.

The caller's own credentials must work (else the scan stops with one SourceError line). A role that
cannot be assumed or a region that does not answer is reported as a BAOMI_SOURCE_ERROR finding and
skipped, so one broken account does not hide the others.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baomi.model import SOURCE_ERROR_CHECK, Finding, Status
from baomi.sources.aws.clients import ClientFactory, ClientHook
from baomi.sources.aws.collectors import organizations, regions, sts
from baomi.sources.aws.endpoints import Endpoints, invalid_message, redact, valid
from baomi.sources.aws.errors import RegionUnreachable, Unreadable
from baomi.sources.aws.scope import Account
from baomi.sources.interface import SourceError

if TYPE_CHECKING:
    from baomi.sources.aws import AwsOptions

DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class Target:
    """An account to scan and the regions to scan it in (the first is its home region)."""

    account: Account
    regions: tuple[str, ...]


def source_error(resource: str, message: str, account: str | None = None, region: str | None = None) -> Finding:
    return Finding(SOURCE_ERROR_CHECK, Status.ERROR, "aws", resource, message, account=account, region=region)


def base_account(options: AwsOptions, on_client: ClientHook | None) -> Account:
    """The caller's account, checked with sts:GetCallerIdentity; SourceError when that fails.

    The endpoint (``--endpoint-url``, else what the environment and profile configure) is checked
    first, and shown in messages without any user:password part."""
    import boto3
    from botocore.exceptions import (
        BotoCoreError,
        NoCredentialsError,
        PartialCredentialsError,
        ProfileNotFound,
    )

    try:
        session = boto3.Session(profile_name=options.profile)
    except ProfileNotFound:
        raise SourceError(f"AWS profile {options.profile!r} not found in the AWS config files") from None
    endpoints = Endpoints(options.endpoint_url, session)
    try:
        endpoint = endpoints.url("sts")
    except BotoCoreError as exc:  # e.g. a profile naming a services section that does not exist
        raise SourceError(f"AWS: cannot read the endpoint configuration: {type(exc).__name__}") from None
    if endpoint is not None and not valid(endpoint):
        raise SourceError(invalid_message(endpoint))
    home = options.regions[0] if options.regions else session.region_name or DEFAULT_REGION
    clients = ClientFactory(session, None, endpoints, on_client)
    try:
        identity = sts.caller_identity(clients.api("sts", home, probe=True))
    except (NoCredentialsError, PartialCredentialsError):
        raise SourceError("AWS: no credentials found (set a profile, environment variables or an instance role)") \
            from None
    except Unreadable as exc:
        where = f" at {redact(endpoint)}" if endpoint else ""
        raise SourceError(f"AWS: cannot verify credentials{where}: {exc.reason}") from None
    return Account(identity.account, identity.partition, home,
                   ClientFactory(session, identity.account, endpoints, on_client))


def _role_arns(options: AwsOptions, base: Account) -> tuple[str, ...]:
    """--role-arn values, plus --org-role in every active member account of the organization."""
    arns = list(options.role_arns)
    if options.org_role:
        try:
            members = organizations.active_accounts(base.clients.api("organizations", base.home_region))
        except Unreadable as exc:
            raise SourceError(f"AWS: cannot list the organization's accounts for --org-role: {exc.reason}") from None
        arns += [f"arn:{base.partition}:iam::{member}:role/{options.org_role}"
                 for member in members if member != base.id]
    return tuple(dict.fromkeys(arns))


def accounts(options: AwsOptions, base: Account, on_client: ClientHook | None,
             run: Callable[..., list[Any]]) -> tuple[list[Account], list[Finding]]:
    """Accounts to scan and a source error for each role that could not be assumed.

    ``run(function, items)`` maps ``function`` over ``items`` concurrently.
    """
    import boto3

    arns = _role_arns(options, base)
    scanned = [base] if not options.role_arns else []  # --org-role scans the caller's account too
    if not arns:
        return scanned, []
    sts_api = base.clients.api("sts", base.home_region)

    def assume(arn: str) -> Account | Finding:
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[2] != "iam" or not parts[4].isdigit() or not parts[5].startswith("role/"):
            return source_error(arn, "not an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
        partition, account_id = parts[1], parts[4]
        try:
            credentials = sts.assume_role(sts_api, arn, options.external_id)
        except Unreadable as exc:
            return source_error(arn, f"cannot assume role: {exc.reason}", account_id)
        session = boto3.Session(region_name=base.home_region, **credentials)
        return Account(account_id, partition, base.home_region,
                       ClientFactory(session, account_id, base.clients.endpoints, on_client))

    results = run(assume, arns)
    errors = [r for r in results if isinstance(r, Finding)]
    scanned += [r for r in results if isinstance(r, Account)]
    if not scanned:
        raise SourceError(f"AWS: no account could be scanned; first failure: {errors[0].resource}: {errors[0].message}")
    return scanned, errors


def target(options: AwsOptions, account: Account, probe: bool) -> tuple[Target | None, list[Finding]]:
    """The regions to scan in ``account``; with ``probe``, regions that do not answer are dropped."""
    findings: list[Finding] = []
    wanted: tuple[str, ...] = options.regions or (account.home_region,)
    if options.all_regions and not options.regions:
        try:
            wanted = regions.enabled_regions(account.clients.api("ec2", account.home_region)) or wanted
        except Unreadable as exc:
            findings.append(source_error(f"arn:{account.partition}:ec2::{account.id}:regions",
                                         f"cannot list regions ({exc.reason}); scanning {account.home_region} only",
                                         account.id))
    live = []
    for region in wanted:
        try:
            if probe:
                regions.probe(account.clients.api("ec2", region, probe=True))
            live.append(region)
        except RegionUnreachable as exc:
            findings.append(source_error(f"arn:{account.partition}:ec2:{region}:{account.id}:region",
                                         f"region {region} skipped: {exc.reason}", account.id, region))
        except Unreadable:
            live.append(region)  # e.g. AccessDenied on the probe: the region itself answers
    return (Target(account, tuple(live)) if live else None), findings
