"""Security Hub: whether the hub is enabled in a region and which standards are ready."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import fact

#: Security Hub answers these when the account has not enabled it in the region
_NOT_ENABLED = ("InvalidAccessException", "ResourceNotFoundException")


@fact()
def enabled_standards(scope: Scope) -> tuple[str, ...] | None:
    """ARNs of the standards in READY state; None when Security Hub is not enabled."""
    api = scope.api("securityhub")
    if api.call("describe_hub", absent=_NOT_ENABLED) is None:
        return None
    standards = api.items("get_enabled_standards", "StandardsSubscriptions")
    return tuple(s["StandardsArn"] for s in standards if s.get("StandardsStatus") == "READY")
