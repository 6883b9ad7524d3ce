"""Amazon Inspector (v2): account status per region."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baomi.sources.aws.errors import Unreadable
from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import fact


@fact()
def account_status(scope: Scope) -> Mapping[str, Any] | None:
    """This account's Inspector state (``{"status": ...}``) and per-resource-type states, or None."""
    api = scope.api("inspector2")
    response = api.call("batch_get_account_status", accountIds=[scope.account_id]) or {}
    for failed in response.get("failedAccounts", []):
        raise Unreadable(f"{failed.get('errorCode', 'error')} on {api.action('batch_get_account_status')}")
    accounts = response.get("accounts", [])
    return accounts[0] if accounts else None
