"""BAOMI_AWS_CONSOLE_USER_WITHOUT_MFA_POLICY: an IAM user given a console password is held to MFA.

IAM cannot require MFA for a console sign-in by a setting; the usual control is a policy on the user or
one of their groups that denies everything (but setting up one's own MFA device) while
``aws:MultiFactorAuthPresent`` is false. For each ``aws_iam_user_login_profile`` this check follows the
user to their groups (``aws_iam_group_membership``, ``aws_iam_user_group_membership``,
``aws_iam_policy_attachment``) and reads every policy attached to the user or those groups (inline,
``aws_iam_policy`` in the configuration). It fails when none of them enforces MFA, and cannot tell
when a policy or membership lives outside the configuration (a literal customer-managed policy ARN, a
variable). An SCP enforcing MFA is invisible to Terraform, and whether the user has actually enrolled
a device is judged by the live AWS source.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.policy import enforces_mfa
from baomi.checks.terraform.graph import Scope, scope_of
from baomi.checks.terraform.policy_json import TERRAFORM, policy_dict
from baomi.checks.terraform.resources import flat, identity, naming, referenced
from baomi.checks.terraform.values import all_true, any_true, scalar, verdict

_AWS_MANAGED_ARN_PART = ":iam::aws:policy/"


def _attached_policy(scope: Scope, arn: Any) -> bool | None:
    """Does the policy behind ``policy_arn`` enforce MFA? AWS-managed policies never do."""
    if isinstance(arn, str) and _AWS_MANAGED_ARN_PART in arn:
        return False
    policies, unresolved = referenced(scope, arn, "aws_iam_policy")
    return any_true([*(enforces_mfa(policy_dict(p.get("policy"), scope), TERRAFORM) for p in policies),
                     None if unresolved else False])


def _inline_policy(scope: Scope, policy: Any) -> bool | None:
    return enforces_mfa(policy_dict(policy, scope), TERRAFORM)


def _user_groups(scope: Scope, user: frozenset[str]) -> Iterator[tuple[Any, bool | None]]:
    """(group value, is the user a member?) for every membership that may include the user."""
    for membership, member in naming(scope, "aws_iam_group_membership", "users", user, "aws_iam_user"):
        yield membership.get("group"), member
    for membership, member in naming(scope, "aws_iam_user_group_membership", "user", user, "aws_iam_user"):
        for group in flat(membership.get("groups")):
            yield group, member


def _principal_facts(scope: Scope, kind: str, target: frozenset[str]) -> Iterator[bool | None]:
    """For a user or group: does each policy attached to it enforce MFA? Policies of others are skipped."""
    readers: tuple[tuple[str, str, str, Callable[[Scope, Any], bool | None]], ...] = (
        (f"aws_iam_{kind}_policy_attachment", kind, "policy_arn", _attached_policy),
        (f"aws_iam_{kind}_policy", kind, "policy", _inline_policy),
        ("aws_iam_policy_attachment", f"{kind}s", "policy_arn", _attached_policy),
    )
    for resource_type, names, policy, enforces in readers:
        for resource, applies in naming(scope, resource_type, names, target, f"aws_iam_{kind}"):
            yield all_true(applies, enforces(scope, resource.get(policy)))


def user_held_to_mfa(scope: Scope, user_value: Any) -> bool | None:
    user = identity(scope, user_value, "aws_iam_user")
    if user is None:
        return None
    facts = list(_principal_facts(scope, "user", user))
    for group_value, member in _user_groups(scope, user):
        group = identity(scope, group_value, "aws_iam_group")
        facts.append(None if group is None else all_true(member, any_true(_principal_facts(scope, "group", group))))
    return any_true(facts)


class ConsoleUserWithoutMfaPolicy(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure IAM users with a console password are denied access without MFA by a policy",
            id="BAOMI_AWS_CONSOLE_USER_WITHOUT_MFA_POLICY",
            categories=(CheckCategories.IAM,),
            supported_resources=("aws_iam_user_login_profile",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        held = user_held_to_mfa(scope_of(self.graph, conf), scalar(conf, "user"))
        if held is False:
            self.details = [(f"no policy of user {scalar(conf, 'user')} or their groups denies access without MFA "
                             "(aws:MultiFactorAuthPresent false)")]
        return verdict(None if held is None else not held)


check = ConsoleUserWithoutMfaPolicy()
