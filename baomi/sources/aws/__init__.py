"""Live AWS accounts, read-only through boto3 (imported lazily: importing this package costs nothing).

``AwsSource(options).collect(checks, settings)`` hands the AWS engine an ``Estate``: the accounts to scan
(the caller's, roles given with ``--role-arn``, or every account of the organization with ``--org-role``)
and their regions, whose facts are fetched while the checks run (``engines/aws.py``). See docs/aws.md.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from baomi.sources.interface import Collected, EngineFacts

if TYPE_CHECKING:
    from baomi.catalog import CheckSpec
    from baomi.model import EvidenceFile
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

    def prepare(self) -> None:
        """Nothing to ask: credentials come from the standard chain when the engine first needs them."""

    def collect(self, checks: Sequence[CheckSpec], settings: Settings) -> Collected:
        from baomi.sources.aws.estate import Estate

        return Collected((EngineFacts("aws", Estate(self.options, self._on_client)),))

    def evidence(self, collected: Collected) -> tuple[EvidenceFile, ...]:
        """``facts/aws-<account>.json`` per account: every fact the checks fetched (per fact, region and
        arguments: the answer, or why it could not be read), secrets redacted (docs/evidence.md)."""
        from baomi.sources.aws.estate import Estate
        from baomi.sources.aws.evidence import account_evidence

        return tuple(evidence for item in collected.facts if isinstance(item.facts, Estate)
                     for evidence in account_evidence(item.facts))


__all__ = ["AwsOptions", "AwsSource"]
