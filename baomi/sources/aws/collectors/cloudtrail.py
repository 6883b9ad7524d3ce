"""CloudTrail: trails homed in a region, all trails visible from the home region, trail status."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


def _trails(scope: Scope, include_shadow: bool) -> tuple[Resource, ...]:
    items = scope.api("cloudtrail").items("describe_trails", "trailList", includeShadowTrails=include_shadow)
    return tuple(Resource(t["TrailARN"], t["Name"], t.get("HomeRegion", scope.region), t) for t in items)


@fact()
def trails(scope: Scope) -> tuple[Resource, ...]:
    """Trails whose home region is this region."""
    return _trails(scope, include_shadow=False)


@fact(is_global=True)
def visible_trails(scope: Scope) -> tuple[Resource, ...]:
    """Trails of this region plus multi-region trails homed elsewhere."""
    return _trails(scope, include_shadow=True)


@fact()
def status(scope: Scope, trail_arn: str) -> Mapping[str, Any]:
    """GetTrailStatus, asked in the trail's home region (so each trail is asked once)."""
    return scope.api("cloudtrail").call("get_trail_status", Name=trail_arn) or {}
