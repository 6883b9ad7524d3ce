"""Live AWS accounts, read-only through boto3 (imported lazily: importing this package costs nothing).

``AwsSource(options).collect(checks, settings)`` resolves the accounts to scan (the caller's, roles
given with ``--role-arn``, or every account of the organization with ``--org-role``), the regions,
and runs the selected checks concurrently. See docs/aws.md.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baomi.catalog import CheckSpec
    from baomi.model import Finding
    from baomi.settings import Settings
    from baomi.sources.aws.clients import ClientHook


@dataclass(frozen=True)
class AwsOptions:
    """What ``baomi scan --aws`` was told; credentials always come from the standard boto3 chain."""

    profile: str | None = None
    regions: tuple[str, ...] = ()
    all_regions: bool = False
    role_arns: tuple[str, ...] = ()
    external_id: str | None = None
    org_role: str | None = None
    endpoint_url: str | None = None


class AwsSource:
    """The live-AWS source (``baomi.sources.interface.Source``)."""

    name = "aws"

    def __init__(self, options: AwsOptions, *, on_client: ClientHook | None = None) -> None:
        """``on_client(account, region, service, client)`` sees every boto3 client the scan creates
        (used to record API calls in tests and benchmarks)."""
        self.options = options
        self._on_client = on_client

    def collect(self, checks: Iterable[CheckSpec], settings: Settings) -> Iterable[Finding]:
        """Findings of the selected checks; raises SourceError when no account can be read at all."""
        from baomi.sources.aws.scan import scan

        return scan(self.options, tuple(checks), settings, self._on_client)


__all__ = ["AwsOptions", "AwsSource"]
