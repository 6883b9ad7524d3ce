"""Authentication and privilege of roles: SCRAM password hashing, no login role without a password,
superusers limited to the bootstrap role and configured administrators, idle sessions closed.

``password_encryption`` only decides how the next password set is hashed: passwords set before the
switch stay MD5 in pg_authid. Live, the stored hashes are judged too (the server says which are MD5;
no hash is read), and a scanning role that may not read pg_authid gets an ERROR, never a PASS. Files
cannot show stored hashes; there the setting alone is judged."""
from __future__ import annotations

import re
from collections.abc import Sequence

from baomi.checks.database import with_overrides
from baomi.checks.postgresql import REGISTRY
from baomi.checks.postgresql.audit import preloaded_libraries
from baomi.checks.verdicts import judged
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import FactMissing, FactOutOfReach, Facts, PgRole


def _scram(value: str) -> bool:
    return value.strip().strip("'").lower() == "scram-sha-256"


@REGISTRY.register("PG_PASSWORD_ENCRYPTION_SCRAM")
def password_encryption_scram(facts: Facts, settings: Settings) -> list[Verdict]:
    setting = facts.setting("password_encryption")
    said = f"password_encryption is {setting.value} ({setting.origin})"
    verdicts = with_overrides(facts, "password_encryption", judged(_scram(setting.value), said, setting.location),
                              _scram, "passwords it sets are stored as MD5")
    if any(v.status is not Status.PASS for v in verdicts):
        return verdicts
    try:
        md5: Sequence[str] = facts.table("md5_password_roles")
    except FactOutOfReach:
        return verdicts  # files: stored hashes cannot be seen
    except FactMissing as missing:
        return [Verdict(Status.ERROR, f"{said}, but whether passwords set before are still stored as MD5 cannot "
                        f"be told: {missing}", setting.location)]
    return ([Verdict(Status.FAIL, f"login role {name!r} still has an MD5 password hash in pg_authid ({said}, which "
                     "applies only to passwords set from now on)", item=f"role {name!r}") for name in md5]
            or [Verdict(Status.PASS, f"{said}; no login role has an MD5 password hash", setting.location)])


@REGISTRY.register("PG_LOGIN_ROLES_HAVE_PASSWORD")
def login_roles_have_password(facts: Facts, settings: Settings) -> list[Verdict]:
    without: Sequence[str] = facts.table("passwordless_login_roles")
    return ([Verdict(Status.FAIL, f"login role {name!r} has no password", item=f"role {name!r}") for name in without]
            or [Verdict(Status.PASS, "every login role has a password")])


@REGISTRY.register("PG_SUPERUSERS_LIMITED")
def superusers_limited(facts: Facts, settings: Settings) -> list[Verdict]:
    roles: Sequence[PgRole] = facts.table("roles")
    extra = [r for r in roles if r.superuser and not r.bootstrap and r.name not in settings.db_admin_accounts]
    return ([Verdict(Status.FAIL, f"role {r.name!r} is a superuser but neither the bootstrap role nor a "
                     "configured administrator (db_admin_accounts)", item=r.key) for r in extra]
            or [Verdict(Status.PASS, "only the bootstrap role and configured administrators are superusers")])


def _timeout_enabled(value: str) -> bool:
    number = re.match(r"\s*'?(-?\d+)", value)
    return number is not None and int(number[1]) > 0


@REGISTRY.register("PG_IDLE_SESSION_TIMEOUT")
def idle_session_timeout(facts: Facts, settings: Settings) -> list[Verdict]:
    setting = facts.setting("idle_session_timeout")
    enabled = _timeout_enabled(setting.value)
    state = setting.value if enabled else f"{setting.value or '0'} (disabled)"
    verdict = judged(enabled, f"idle_session_timeout is {state} ({setting.origin})", setting.location)
    return with_overrides(facts, "idle_session_timeout", verdict, _timeout_enabled,
                          "its idle sessions are never closed")


#: modules that refuse weak passwords when a role's password is set (passwordcheck ships with PostgreSQL)
PASSWORD_CHECK_MODULES = ("passwordcheck", "credcheck")


@REGISTRY.register("PG_PASSWORD_CHECK_LOADED")
def password_check_loaded(facts: Facts, settings: Settings) -> Verdict:
    """Without one, CREATE / ALTER ROLE ... PASSWORD takes any password, however short or guessable."""
    setting = facts.setting("shared_preload_libraries")
    loaded = [m for m in preloaded_libraries(setting.value) if m in PASSWORD_CHECK_MODULES]
    detail = f"loads {', '.join(loaded)}" if loaded else f"loads neither {' nor '.join(PASSWORD_CHECK_MODULES)}"
    return judged(bool(loaded), f"shared_preload_libraries {setting.value or '(empty)'!s} {detail}: passwords set "
                  f"{'are' if loaded else 'are not'} checked for strength ({setting.origin})", setting.location)
