"""Data residency: every cloud provider block targets a region the settings allow (mainland China
by default), so customer data is stored and processed in the country.

A provider without a region takes it from the environment at apply time, which the code cannot
show: that is "not evaluated", never a pass. ``region_allowed`` is shared with other checks.
"""
from __future__ import annotations

import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.provider.base_check import BaseProviderCheck

from baomi.checks.terraform.values import scalar
from baomi.settings import current

_REGION = re.compile(r"[a-z]{2}(-[a-z0-9]+)+")


def region_allowed(region: Any) -> bool | None:
    """Is the region one of the allowed ones? None if it is not a literal region name."""
    if not isinstance(region, str) or not _REGION.fullmatch(region.strip()):
        return None
    return region.strip() in current().allowed_regions


class ProviderRegion(BaseProviderCheck):
    def __init__(self, check_id: str, provider: str) -> None:
        super().__init__(
            name=f"Ensure the {provider} provider targets an allowed (in-country) region",
            id=check_id,
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_provider=(provider,),
        )

    def scan_provider_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        region = scalar(conf, "region")
        allowed = region_allowed(region)
        if allowed is None:
            self.details = ["region not set or not resolved: it comes from the environment at apply time"]
            return CheckResult.UNKNOWN
        self.details = [f"region {region}"]
        return CheckResult.PASSED if allowed else CheckResult.FAILED


checks = (
    ProviderRegion("BAOMI_AWS_PROVIDER_REGION", "aws"),
    ProviderRegion("BAOMI_ALI_PROVIDER_REGION", "alicloud"),
    ProviderRegion("BAOMI_TC_PROVIDER_REGION", "tencentcloud"),
)
