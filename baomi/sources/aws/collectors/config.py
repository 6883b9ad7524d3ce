"""AWS Config: configuration recorders of a region and whether they record."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import fact


@fact()
def recording_recorders(scope: Scope) -> tuple[str, ...]:
    """Names of the recorders that are recording now."""
    api = scope.api("config")
    response = api.call("describe_configuration_recorder_status")
    return tuple(s["name"] for s in (response or {}).get("ConfigurationRecordersStatus", []) if s.get("recording"))
