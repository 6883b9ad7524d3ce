"""AWS Backup: vaults, with their encryption key and lock state from the listing; plans, the resource
selections of each plan, and the region's service opt-in."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def vaults(scope: Scope) -> tuple[Resource, ...]:
    items = scope.api("backup").items("list_backup_vaults", "BackupVaultList")
    return tuple(Resource(v["BackupVaultArn"], v["BackupVaultName"], scope.region, v) for v in items)


@fact()
def plans(scope: Scope) -> tuple[Resource, ...]:
    """The region's backup plans, latest versions (a deleted plan is not listed): one ListBackupPlans."""
    items = scope.api("backup").items("list_backup_plans", "BackupPlansList")
    return tuple(Resource(p["BackupPlanArn"], p["BackupPlanName"], scope.region, p) for p in items)


@fact()
def selections(scope: Scope, plan_id: str) -> tuple[Mapping[str, Any], ...]:
    """The resource selections of one plan, each whole (``BackupSelection``: Resources, NotResources,
    ListOfTags, Conditions): one ListBackupSelections and one GetBackupSelection per selection, once per
    plan. A selection deleted between the two calls is simply gone."""
    api = scope.api("backup")
    out = []
    for listed in api.items("list_backup_selections", "BackupSelectionsList", BackupPlanId=plan_id):
        got = api.call("get_backup_selection", BackupPlanId=plan_id, SelectionId=listed["SelectionId"],
                       absent=("ResourceNotFoundException",))
        if got is not None:
            out.append(got["BackupSelection"])
    return tuple(out)


@fact()
def opt_in(scope: Scope) -> Mapping[str, Any]:
    """The region's service opt-in (``ResourceTypeOptInPreference``, e.g. ``{"RDS": true, "Aurora": true}``):
    the resource types AWS Backup protects when a selection does not name their type."""
    response = scope.api("backup").call("describe_region_settings")
    preference: Mapping[str, Any] = (response or {}).get("ResourceTypeOptInPreference", {})
    return preference
