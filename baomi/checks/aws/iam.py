"""IAM: root user, console MFA and its coverage, password policy, key age, unused credentials, admins."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from baomi.checks.aws import aws_check
from baomi.checks.policy import grants_everything
from baomi.checks.verdicts import failed, not_evaluated, verdict
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.aws.collectors import iam
from baomi.sources.aws.scope import ACCOUNT, Scope
from baomi.sources.cloud.memo import Resource

_ADMIN_POLICY_SUFFIX = ":policy/AdministratorAccess"


@aws_check("AWS_IAM_ROOT_MFA", ACCOUNT)
def root_mfa(scope: Scope, account: Resource, settings: Settings) -> Verdict:
    enabled = scope.get(iam.account_summary).get("AccountMFAEnabled") == 1
    return verdict(enabled, "root user has MFA", "root user has no MFA device")


@aws_check("AWS_IAM_ROOT_ACCESS_KEYS", ACCOUNT)
def root_access_keys(scope: Scope, account: Resource, settings: Settings) -> Verdict:
    present = scope.get(iam.account_summary).get("AccountAccessKeysPresent") == 1
    return verdict(not present, "root user has no access keys", "root user has access keys")


@aws_check("AWS_IAM_CONSOLE_USER_MFA", iam.users)
def console_user_mfa(scope: Scope, user: Resource, settings: Settings) -> Verdict | None:
    if user.data.get("password_enabled") != "true":
        return None
    return verdict(user.data.get("mfa_active") == "true", "console user has MFA",
                   f"console user {user.name} has no MFA device")


@aws_check("AWS_IAM_MFA_COVERAGE", ACCOUNT)
def mfa_coverage(scope: Scope, account: Resource, settings: Settings) -> Verdict:
    console = [u.data for u in scope.get(iam.users) if u.data.get("password_enabled") == "true"]
    if not console:
        return Verdict(Status.NOT_APPLICABLE, "no IAM user can sign in to the console")
    covered = sum(1 for u in console if u.get("mfa_active") == "true")
    ratio = covered / len(console)
    target = settings.staff_mfa_coverage_target
    summary = f"MFA covers {covered}/{len(console)} console users ({ratio:.0%}), target {target:.0%}"
    return verdict(ratio >= settings.staff_mfa_coverage_target, summary, summary)


def _password_rule(check_id: str, judge: Callable[[Mapping[str, Any], Settings], tuple[bool, str]]) -> None:
    """Register one password-policy rule; ``judge(policy, settings) -> (ok, description)``."""

    @aws_check(check_id, ACCOUNT)
    def evaluate(scope: Scope, account: Resource, settings: Settings) -> Verdict:
        policy = scope.get(iam.password_policy)
        if policy is None:
            return failed("no account password policy is set (AWS defaults apply)")
        ok, description = judge(policy, settings)
        return verdict(ok, description, description)


_CHARACTER_CLASSES = {"RequireUppercaseCharacters": "uppercase", "RequireLowercaseCharacters": "lowercase",
                      "RequireNumbers": "numbers", "RequireSymbols": "symbols"}


def _length(policy: Mapping[str, Any], settings: Settings) -> tuple[bool, str]:
    length = policy.get("MinimumPasswordLength", 0)
    required = settings.min_password_length
    return length >= required, f"minimum password length {length}, required {required}"


def _complexity(policy: Mapping[str, Any], settings: Settings) -> tuple[bool, str]:
    required = [name for key, name in _CHARACTER_CLASSES.items() if policy.get(key)]
    return len(required) == len(_CHARACTER_CLASSES), f"passwords must contain: {', '.join(required) or 'nothing'}"


def _reuse(policy: Mapping[str, Any], settings: Settings) -> tuple[bool, str]:
    remembered = policy.get("PasswordReusePrevention", 0)
    return (remembered >= settings.password_reuse_prevention,
            f"{remembered} previous passwords blocked from reuse, required {settings.password_reuse_prevention}")


def _max_age(policy: Mapping[str, Any], settings: Settings) -> tuple[bool, str]:
    age = policy.get("MaxPasswordAge", 0)
    return (0 < age <= settings.max_password_age_days,
            f"passwords expire after {age or 'never'} days, required {settings.max_password_age_days}")


_password_rule("AWS_IAM_PASSWORD_LENGTH", _length)
_password_rule("AWS_IAM_PASSWORD_COMPLEXITY", _complexity)
_password_rule("AWS_IAM_PASSWORD_REUSE", _reuse)
_password_rule("AWS_IAM_PASSWORD_MAX_AGE", _max_age)


def _when(value: str | None) -> datetime | None:
    """Credential-report timestamps; 'N/A', 'no_information' and 'not_supported' mean none."""
    if not value or not value[0].isdigit():
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _older_than(moment: datetime | None, days: int, now: datetime) -> bool:
    return moment is not None and now - moment > timedelta(days=days)


def _active_keys(row: Mapping[str, str]) -> Iterable[int]:
    return (n for n in (1, 2) if row.get(f"access_key_{n}_active") == "true")


@aws_check("AWS_IAM_ACCESS_KEY_AGE", iam.users)
def access_key_age(scope: Scope, user: Resource, settings: Settings) -> Verdict | None:
    keys = list(_active_keys(user.data))
    if not keys:
        return None
    now = datetime.now(timezone.utc)
    old = [n for n in keys
           if _older_than(_when(user.data.get(f"access_key_{n}_last_rotated")), settings.max_access_key_age_days, now)]
    limit = f"{settings.max_access_key_age_days} days"
    return verdict(not old, f"active access keys are younger than {limit}",
                   f"access key(s) {', '.join(map(str, old))} of {user.name} not rotated for over {limit}")


@aws_check("AWS_IAM_UNUSED_CREDENTIALS", iam.users)
def unused_credentials(scope: Scope, user: Resource, settings: Settings) -> Verdict | None:
    row = user.data
    # (credential, last used, when it was issued): a credential never used counts from its issue time
    credentials = []
    if row.get("password_enabled") == "true":
        credentials.append(("password", row.get("password_last_used"), row.get("password_last_changed")))
    credentials += [(f"access key {n}", row.get(f"access_key_{n}_last_used_date"),
                     row.get(f"access_key_{n}_last_rotated")) for n in _active_keys(row)]
    if not credentials:
        return None
    now = datetime.now(timezone.utc)
    days = settings.max_unused_credential_days
    stale = [name for name, used, issued in credentials
             if _older_than(_when(used) or _when(issued) or _when(row.get("user_creation_time")), days, now)]
    return verdict(not stale, f"all credentials used within {days} days",
                   f"{', '.join(stale)} of {user.name} unused for over {days} days")


@aws_check("AWS_IAM_USER_ADMIN_POLICY", iam.users)
def user_admin_policy(scope: Scope, user: Resource, settings: Settings) -> Verdict:
    """The AWS-managed AdministratorAccess, or any policy granting every action (Action "*" or NotAction)
    on every resource, attached to the user or inline."""
    judged = [(arn.rsplit("/", 1)[-1], True if arn.endswith(_ADMIN_POLICY_SUFFIX)
               else grants_everything(scope.get(iam.managed_policy_document, arn)))
              for arn in scope.get(iam.attached_user_policies, user.name)]
    judged += [(f"inline policy {n}", grants_everything(doc))
               for n, doc in enumerate(scope.get(iam.inline_user_policies, user.name), start=1)]
    offending = [name for name, grants in judged if grants]
    unreadable = [name for name, grants in judged if grants is None]
    if not offending and unreadable:
        return not_evaluated(f"policy document without a readable Statement list: {', '.join(unreadable)}")
    return verdict(not offending, "no administrator policy attached directly",
                   f"{user.name} has administrator rights attached directly: {', '.join(offending)}")
