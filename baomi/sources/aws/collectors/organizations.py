"""AWS Organizations: the active member accounts, for ``--org-role``."""
from __future__ import annotations

from baomi.sources.aws.clients import Api


def active_accounts(api: Api) -> tuple[str, ...]:
    return tuple(a["Id"] for a in api.items("list_accounts", "Accounts") if a.get("Status", "ACTIVE") == "ACTIVE")
