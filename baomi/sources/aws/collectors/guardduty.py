"""GuardDuty: detectors of a region and their status."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import fact


@fact()
def detector_statuses(scope: Scope) -> tuple[str, ...]:
    """Status (ENABLED / DISABLED) of each detector in the region; empty when none exists."""
    api = scope.api("guardduty")
    statuses = []
    for detector_id in api.items("list_detectors", "DetectorIds"):
        detector = api.call("get_detector", DetectorId=detector_id)
        statuses.append(str((detector or {}).get("Status", "UNKNOWN")))
    return tuple(statuses)
