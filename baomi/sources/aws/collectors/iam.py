"""IAM: credential report, account summary, password policy, policies attached to users."""
from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from baomi.sources.aws.errors import Unreadable
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact

_REPORT_POLLS = 20
_REPORT_POLL_SECONDS = 0.5


@fact(is_global=True)
def credential_report(scope: Scope) -> tuple[Mapping[str, str], ...]:
    """Rows of the IAM credential report (one per user, plus ``<root_account>`` on AWS)."""
    api = scope.api("iam")
    for _ in range(_REPORT_POLLS):
        state = api.call("generate_credential_report")
        if state and state.get("State") == "COMPLETE":
            break
        time.sleep(_REPORT_POLL_SECONDS)
    else:
        raise Unreadable("credential report not ready on iam:GenerateCredentialReport")
    report = api.call("get_credential_report")
    content = report["Content"] if report else b""
    text = content.decode("utf-8") if isinstance(content, bytes) else str(content)
    return tuple(csv.DictReader(io.StringIO(text)))


@fact(is_global=True)
def users(scope: Scope) -> tuple[Resource, ...]:
    """IAM users with their credential-report row as data."""
    return tuple(Resource(row["arn"], row["user"], None, row)
                 for row in scope.get(credential_report) if row["user"] != "<root_account>")


@fact(is_global=True)
def account_summary(scope: Scope) -> Mapping[str, int]:
    response = scope.api("iam").call("get_account_summary")
    return response["SummaryMap"] if response else {}


@fact(is_global=True)
def password_policy(scope: Scope) -> Mapping[str, Any] | None:
    response = scope.api("iam").call("get_account_password_policy", absent=("NoSuchEntity",))
    return response["PasswordPolicy"] if response else None


@fact(is_global=True)
def attached_user_policies(scope: Scope, user: str) -> tuple[str, ...]:
    """ARNs of the managed policies attached directly to ``user``."""
    api = scope.api("iam")
    return tuple(p["PolicyArn"] for p in api.items("list_attached_user_policies", "AttachedPolicies", UserName=user))


@fact(is_global=True)
def inline_user_policies(scope: Scope, user: str) -> tuple[Mapping[str, Any], ...]:
    """Documents of the inline policies of ``user``."""
    api = scope.api("iam")
    names = api.items("list_user_policies", "PolicyNames", UserName=user)
    docs = []
    for name in names:
        response = api.call("get_user_policy", UserName=user, PolicyName=name)
        if response:
            docs.append(_document(response["PolicyDocument"]))
    return tuple(docs)


@fact(is_global=True)
def managed_policy_document(scope: Scope, policy_arn: str) -> Mapping[str, Any]:
    """Default version of a managed policy (fetched once per policy, shared by all its users)."""
    api = scope.api("iam")
    policy = api.call("get_policy", PolicyArn=policy_arn)
    version_id = policy["Policy"]["DefaultVersionId"] if policy else None
    if version_id is None:
        return {}
    version = api.call("get_policy_version", PolicyArn=policy_arn, VersionId=version_id)
    return _document(version["PolicyVersion"]["Document"]) if version else {}


def _document(raw: Any) -> Mapping[str, Any]:
    """Policy documents arrive as dicts from boto3, or URL-encoded JSON from some endpoints."""
    if isinstance(raw, str):
        loaded: Mapping[str, Any] = json.loads(unquote(raw))
        return loaded
    return dict(raw)
