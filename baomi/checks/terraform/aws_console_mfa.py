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
from functools import partial
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from baomi.checks.policy import enforces_mfa
from baomi.checks.terraform.policy_json import TERRAFORM, policy_dict
from baomi.checks.terraform.resources import flat, identity, names_one_of, referenced, resources_of
from baomi.checks.terraform.values import all_true, any_true, scalar, verdict

_AWS_MANAGED_ARN_PART = ":iam::aws:policy/"


def _attached_policy(graph: Any, arn: Any) -> bool | None:
    """Does the policy behind ``policy_arn`` enforce MFA? AWS-managed policies never do."""
    if isinstance(arn, str) and _AWS_MANAGED_ARN_PART in arn:
        return False
    policies, unresolved = referenced(graph, arn, "aws_iam_policy")
    return any_true([*(enforces_mfa(policy_dict(p.get("policy"), graph), TERRAFORM) for p in policies),
                     None if unresolved else False])


def _inline_policy(graph: Any, policy: Any) -> bool | None:
    return enforces_mfa(policy_dict(policy, graph), TERRAFORM)


def _user_groups(graph: Any, user: frozenset[str]) -> Iterator[tuple[Any, bool | None]]:
    """(group value, is the user a member?) for every membership that may include the user."""
    for membership in resources_of(graph, "aws_iam_group_membership"):
        yield membership.get("group"), names_one_of(graph, membership.get("users"), user, "aws_iam_user")
    for membership in resources_of(graph, "aws_iam_user_group_membership"):
        member = names_one_of(graph, membership.get("user"), user, "aws_iam_user")
        for group in flat(membership.get("groups")):
            yield group, member


def _principal_facts(graph: Any, kind: str, target: frozenset[str]) -> Iterator[bool | None]:
    """For a user or group: does each policy attached to it enforce MFA? Policies of others are skipped."""
    candidates: list[tuple[Any, Callable[[], bool | None]]] = []
    for attachment in resources_of(graph, f"aws_iam_{kind}_policy_attachment"):
        candidates.append((attachment.get(kind), partial(_attached_policy, graph, attachment.get("policy_arn"))))
    for inline in resources_of(graph, f"aws_iam_{kind}_policy"):
        candidates.append((inline.get(kind), partial(_inline_policy, graph, inline.get("policy"))))
    for shared in resources_of(graph, "aws_iam_policy_attachment"):
        candidates.append((shared.get(f"{kind}s"), partial(_attached_policy, graph, shared.get("policy_arn"))))
    for names, enforces in candidates:
        applies = names_one_of(graph, names, target, f"aws_iam_{kind}")
        if applies is not False:
            yield all_true(applies, enforces())


def user_held_to_mfa(graph: Any, user_value: Any) -> bool | None:
    user = identity(graph, user_value, "aws_iam_user")
    if user is None:
        return None
    facts = list(_principal_facts(graph, "user", user))
    for group_value, member in _user_groups(graph, user):
        if member is False:
            continue
        group = identity(graph, group_value, "aws_iam_group")
        facts.append(None if group is None else all_true(member, any_true(_principal_facts(graph, "group", group))))
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
        held = user_held_to_mfa(self.graph, scalar(conf, "user"))
        if held is False:
            self.details = [f"no policy of user {scalar(conf, 'user')} or their groups denies access without MFA "
                            "(aws:MultiFactorAuthPresent false)"]
        return verdict(None if held is None else not held)


check = ConsoleUserWithoutMfaPolicy()
