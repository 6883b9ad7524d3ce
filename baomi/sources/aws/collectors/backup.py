"""AWS Backup: vaults, with their encryption key and lock state from the listing."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def vaults(scope: Scope) -> tuple[Resource, ...]:
    items = scope.api("backup").items("list_backup_vaults", "BackupVaultList")
    return tuple(Resource(v["BackupVaultArn"], v["BackupVaultName"], scope.region, v) for v in items)
