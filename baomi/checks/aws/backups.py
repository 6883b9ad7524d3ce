"""AWS Backup vaults: backups encrypted with a customer-managed key that still works, and vaults locked so that no
one, an intruder with admin rights included, can delete recovery points before their retention ends."""
from __future__ import annotations

from baomi.checks.aws import aws_check
from baomi.checks.aws.keys import key_manager
from baomi.checks.verdicts import by_flag, failed, not_evaluated, passed
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import backup, kms
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource

#: key states in which backups of the vault can no longer be written or restored
_UNUSABLE = ("Disabled", "PendingDeletion", "PendingReplicaDeletion", "Unavailable")


@aws_check("AWS_BACKUP_VAULT_CMK", backup.vaults)
def vault_customer_key(scope: Scope, vault: Resource, settings: Settings) -> Verdict:
    """The key is read from the region's key listing (kms:DescribeKey, shared with the KMS checks)."""
    arn = vault.data.get("EncryptionKeyArn")
    if not isinstance(arn, str) or not arn:
        return not_evaluated(f"the vault's EncryptionKeyArn is {arn!r}, expected a key ARN")
    key = next((k for k in scope.get(kms.keys) if k.arn == arn), None)
    if key is None:
        return not_evaluated(f"key {arn} is not among this account's keys in {scope.region}: who manages it is unknown")
    manager, state = key_manager(key), key.data.get("KeyState")
    if isinstance(manager, Verdict):
        return manager
    if manager == "AWS":
        return failed("backups encrypted with the AWS-managed key aws/backup, not a customer-managed key")
    if state in _UNUSABLE:
        return failed(f"customer-managed key {key.name} is {state}: the vault's backups cannot be written or restored")
    if state != "Enabled":
        return not_evaluated(f"the key's KeyState is {state!r}")
    return passed(f"backups encrypted with customer-managed key {key.name}")


@aws_check("AWS_BACKUP_VAULT_LOCKED", backup.vaults)
def vault_locked(scope: Scope, vault: Resource, settings: Settings) -> Verdict:
    """A lock forbids deleting a recovery point, or shortening its lifecycle, whatever MinRetentionDays says; that
    minimum (optional) only refuses new backup jobs that would keep less, so a lock without one still passes."""
    days = vault.data.get("MinRetentionDays")
    kept = (f"new backups kept at least {days} days" if isinstance(days, int) and not isinstance(days, bool)
            else "no MinRetentionDays: new backups may be kept for any period")
    return by_flag(vault.data.get("Locked"), "Locked", True,
                   f"vault lock on: recovery points cannot be deleted before their retention ends ({kept})",
                   "no vault lock: recovery points can be deleted before their retention ends")
