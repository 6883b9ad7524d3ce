"""Who can read the data: buckets, keys and snapshots public or shared with accounts that are not trusted.

Bucket and key policies are judged by ``checks/policy.py``, the rules the IaC checks use; the accounts a policy,
an ACL or a snapshot names are compared with the scanned account and ``trusted_accounts``."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baomi.checks.aws import aws_check
from baomi.checks.aws.keys import key_manager
from baomi.checks.policy import Grants, granted, granted_accounts, public_detail, public_statements, untrusted
from baomi.checks.secrets import named
from baomi.checks.verdicts import failed, not_evaluated, passed, verdict
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import ec2, kms, rds, s3
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource

_GROUPS = "http://acs.amazonaws.com/groups/global/"
#: ACL groups that open a bucket to everyone, or to every AWS account
_PUBLIC_GROUPS = {f"{_GROUPS}AllUsers": "everyone (AllUsers)",
                  f"{_GROUPS}AuthenticatedUsers": "every AWS account (AuthenticatedUsers)"}


@aws_check("AWS_S3_POLICY_PUBLIC", s3.buckets)
def bucket_policy_public(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    """The live twin of BAOMI_AWS_S3_POLICY_PUBLIC: the same rule on the policy the bucket has."""
    policy = scope.get(s3.policy, bucket.name, region=bucket.region)
    if policy is None:
        return passed("no bucket policy")
    public, statements = public_statements(policy)
    if public is None:
        return not_evaluated("the bucket policy has no readable Statement list")
    return verdict(not public, "the bucket policy grants nothing to everyone", public_detail(statements))


def _grants(scope: Scope, bucket: Resource) -> tuple[str, list[Mapping[str, Any]]] | None:
    """(owner's canonical ID, grants) of the bucket ACL; None when it cannot be read."""
    acl = scope.get(s3.acl, bucket.name, region=bucket.region)
    owner, grants = (acl.get("Owner") or {}).get("ID"), acl.get("Grants")
    if not isinstance(owner, str) or not isinstance(grants, list):
        return None
    return owner, [g for g in grants if isinstance(g, Mapping)]


@aws_check("AWS_S3_ACL_PUBLIC", s3.buckets)
def bucket_acl_public(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    read = _grants(scope, bucket)
    if read is None:
        return not_evaluated("the bucket ACL has no Owner.ID or Grants list")
    opened = sorted({f"{_PUBLIC_GROUPS[uri]}: {g.get('Permission')}" for g in read[1]
                     if (uri := (g.get("Grantee") or {}).get("URI")) in _PUBLIC_GROUPS})
    return verdict(not opened, "the bucket ACL grants nothing to everyone", f"the bucket ACL grants {named(opened)}")


@aws_check("AWS_S3_CROSS_ACCOUNT", s3.buckets)
def bucket_cross_account(scope: Scope, bucket: Resource, settings: Settings) -> Verdict:
    """Accounts other than this one and the trusted ones, named by the bucket policy or granted by the ACL."""
    policy = scope.get(s3.policy, bucket.name, region=bucket.region)
    by_policy = granted(policy) if policy is not None else Grants([], [], [])
    read = _grants(scope, bucket)
    if by_policy is None or read is None:
        return not_evaluated("the bucket policy has no readable Statement list" if by_policy is None
                             else "the bucket ACL has no Owner.ID or Grants list")
    owner, grants = read
    grantees = [(g.get("Grantee") or {}).get("ID") for g in grants
                if (g.get("Grantee") or {}).get("Type") == "CanonicalUser"]
    acl_accounts = [a for a in grantees if isinstance(a, str) and a != owner]
    if len(acl_accounts) + grantees.count(owner) != len(grantees):
        return not_evaluated("an ACL grant to a canonical user has no ID")
    policy_users = [c for c in by_policy.canonical_users if c != owner]  # the owner's own ID is this account
    others = untrusted(by_policy.accounts + policy_users + acl_accounts, scope.account_id,
                       settings.trusted_accounts)
    if others:
        return failed(f"shared with accounts not in trusted_accounts: {named(sorted(set(others)))}")
    if by_policy.unread:
        return not_evaluated(f"the bucket policy names principals whose account cannot be read: "
                             f"{named(by_policy.unread)}")
    return passed("shared with no account outside this one and trusted_accounts")


@aws_check("AWS_KMS_KEY_POLICY_EXPOSURE", kms.keys)
def key_policy_exposure(scope: Scope, key: Resource, settings: Settings) -> Verdict | None:
    """A customer key's policy grants nothing to everyone, nor to accounts outside this one and the trusted."""
    if key.data.get("KeyState") == "PendingDeletion":
        return None  # a key pending deletion can no longer be used
    manager = key_manager(key)
    if isinstance(manager, Verdict):
        return manager
    if manager == "AWS":
        return None  # AWS-managed keys have policies AWS writes
    policy = scope.get(kms.key_policy, key.name)
    public, statements = public_statements(policy)
    granted = granted_accounts(policy)
    if public is None or granted is None:
        return not_evaluated("the key policy has no readable Statement list")
    if public:
        return failed(f"key policy {public_detail(statements)}")
    accounts, unread = granted
    others = untrusted(accounts, scope.account_id, settings.trusted_accounts)
    if others:
        return failed(f"key policy grants accounts not in trusted_accounts: {named(others)}")
    if unread:
        return not_evaluated(f"the key policy names principals whose account cannot be read: {named(unread)}")
    return passed("key policy grants only this account and trusted accounts")


def _shared_verdict(shared: list[str], settings: Settings, scope: Scope, what: str) -> Verdict:
    if "all" in shared:
        return failed(f"{what} can be restored by any AWS account (public)")
    others = untrusted(shared, scope.account_id, settings.trusted_accounts)
    if others:
        return failed(f"{what} shared with accounts not in trusted_accounts: {named(others)}")
    return passed(f"{what} shared with {len(shared)} trusted account(s)" if shared else f"{what} not shared")


@aws_check("AWS_RDS_SNAPSHOT_SHARED", rds.manual_snapshots)
def rds_snapshot_shared(scope: Scope, snapshot: Resource, settings: Settings) -> Verdict:
    """The accounts a manual snapshot is shared with, against trusted_accounts. A public snapshot ("all") is
    AWS_RDS_NO_PUBLIC_SNAPSHOTS' finding, not failed twice: here only the accounts it names are judged."""
    is_cluster = "DBClusterSnapshotIdentifier" in snapshot.data
    restorers = scope.get(rds.snapshot_restorers, snapshot.name, is_cluster)
    accounts = [a for a in restorers if a != "all"]
    others = untrusted(accounts, scope.account_id, settings.trusted_accounts)
    if others:
        return failed(f"snapshot shared with accounts not in trusted_accounts: {named(others)}")
    if "all" in restorers:
        named_accounts = f"{len(accounts)} trusted account(s)" if accounts else "no named account"
        return passed(f"snapshot shared with {named_accounts} (it is public: AWS_RDS_NO_PUBLIC_SNAPSHOTS judges that)")
    return passed(f"snapshot shared with {len(accounts)} trusted account(s)" if accounts else "snapshot not shared")


@aws_check("AWS_RDS_SNAPSHOT_ENCRYPTED", rds.manual_snapshots)
def rds_snapshot_encrypted(scope: Scope, snapshot: Resource, settings: Settings) -> Verdict:
    encrypted = snapshot.data.get("Encrypted", snapshot.data.get("StorageEncrypted"))
    if not isinstance(encrypted, bool):
        return not_evaluated("the snapshot has no Encrypted (StorageEncrypted) flag")
    return verdict(encrypted, "snapshot encrypted", "snapshot is not encrypted")


@aws_check("AWS_EC2_EBS_SNAPSHOT_SHARED", ec2.snapshots)
def ebs_snapshot_shared(scope: Scope, snapshot: Resource, settings: Settings) -> Verdict:
    permissions = scope.get(ec2.snapshot_volume_permissions, snapshot.name)
    shared = [p.get("UserId") or ("all" if p.get("Group") == "all" else None) for p in permissions]
    if not all(isinstance(s, str) for s in shared):
        return not_evaluated("a createVolumePermission entry has neither UserId nor Group all")
    return _shared_verdict([s for s in shared if s], settings, scope, "snapshot")
