"""Authentication and privilege of roles: SCRAM password hashing, no login role without a password,
superusers limited to the bootstrap role and configured administrators, idle sessions closed."""
from __future__ import annotations

import re
from collections.abc import Sequence

from baomi.checks.postgresql.registry import REGISTRY
from baomi.model import Status
from baomi.settings import Settings
from baomi.sources.database.facts import Facts, PgRole, Verdict, judged


@REGISTRY.register("PG_PASSWORD_ENCRYPTION_SCRAM")
def password_encryption_scram(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("password_encryption")
    return judged(setting.value.strip().lower() == "scram-sha-256",
                  f"password_encryption is {setting.value} ({setting.origin})", setting.location)


@REGISTRY.register("PG_LOGIN_ROLES_HAVE_PASSWORD")
def login_roles_have_password(facts: Facts, settings: Settings) -> list[Verdict]:
    without: Sequence[str] = facts.table("passwordless_login_roles")
    return ([Verdict(Status.FAIL, f"login role {name!r} has no password") for name in without]
            or [Verdict(Status.PASS, "every login role has a password")])


@REGISTRY.register("PG_SUPERUSERS_LIMITED")
def superusers_limited(facts: Facts, settings: Settings) -> list[Verdict]:
    roles: Sequence[PgRole] = facts.table("roles")
    extra = [r for r in roles if r.superuser and not r.bootstrap and r.name not in settings.db_admin_accounts]
    return ([Verdict(Status.FAIL, f"role {r.name!r} is a superuser but neither the bootstrap role nor a "
                     "configured administrator (db_admin_accounts)") for r in extra]
            or [Verdict(Status.PASS, "only the bootstrap role and configured administrators are superusers")])


@REGISTRY.register("PG_IDLE_SESSION_TIMEOUT")
def idle_session_timeout(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("idle_session_timeout")
    number = re.match(r"\s*(-?\d+)", setting.value)
    enabled = number is not None and int(number[1]) > 0
    state = setting.value if enabled else f"{setting.value or '0'} (disabled)"
    return judged(enabled, f"idle_session_timeout is {state} ({setting.origin})", setting.location)
