"""Credentials (IAM-PASSWORD, ENC-TRANSIT): no account on the SHA-1 based mysql_native_password, a password
validation plugin or component refusing weak passwords, and TLS required of every account that logs in from
another machine (``REQUIRE SSL``, unless require_secure_transport requires it of every connection).

Accounts exist only on a live server: on option files the account checks are not evaluated (no finding),
but for ``MYSQL_ACCOUNT_REQUIRE_SSL``, which passes when require_secure_transport = ON requires TLS of every TCP
connection, whatever the accounts."""
from __future__ import annotations

from collections.abc import Mapping

from baomi.checks.database import per_item
from baomi.checks.mysql import REGISTRY
from baomi.checks.mysql.accounts import LOCAL_HOSTS
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import FactMissing, FactOutOfReach, Facts, MysqlAccount, as_mysql_bool

#: unsalted SHA-1 (mysql_native_password) and the pre-4.1 hash: a stolen mysql.user is as good as the passwords
WEAK_PLUGINS = ("mysql_native_password", "mysql_old_password", "")
#: MariaDB's password validation plugins, and the MySQL validate_password plugin (5.7, 8.0)
VALIDATION_PLUGINS = ("simple_password_check", "cracklib_password_check", "validate_password")


@REGISTRY.register("MYSQL_NO_NATIVE_PASSWORD")
def no_native_password(facts: Facts, settings: Settings) -> list[Verdict]:
    """An account on mysql_native_password (or MariaDB's empty plugin, which means it) with a hash stored. One
    whose stored string is no such hash (MariaDB's root: 'invalid' OR unix_socket) logs in by other means."""
    return per_item([a for a in facts.table("accounts") if a.can_log_in],
                    lambda a: f"authenticates with {a.plugin or 'the default plugin'} and stores an unsalted SHA-1 "
                    "password hash, crackable from a copy of mysql.user (use caching_sha2_password, or ed25519 on "
                    "MariaDB)" if a.plugin in WEAK_PLUGINS and a.sha1_hash else None,
                    "no account that can log in stores a mysql_native_password hash", "accounts")


@REGISTRY.register("MYSQL_PASSWORD_VALIDATION")
def password_validation(facts: Facts, settings: Settings) -> Verdict:
    """An active validation plugin, or the MySQL 8 ``validate_password`` component, whose variables
    (``validate_password.policy``) exist only while it is installed. A component is installed with INSTALL
    COMPONENT, which no option file shows: in files only the plugins are seen (the message says so)."""
    plugins: Mapping[str, str] = facts.table("plugins")
    active = [p for p in VALIDATION_PLUGINS if plugins.get(p) == "ACTIVE"]
    if active:
        return Verdict(Status.PASS, f"password validation plugin {', '.join(active)} is active")
    if facts.live:  # in a file, the variable (loose-validate_password.policy too) does not show the component
        try:
            policy = facts.setting("validate_password.policy")
            return Verdict(Status.PASS, f"the validate_password component is installed (validate_password.policy "
                           f"{policy.value}, {policy.origin})", policy.location)
        except (FactMissing, FactOutOfReach):
            pass
    where = "" if facts.live else " (a MySQL validate_password component, installed with INSTALL COMPONENT, is seen " \
                                  "only on a live server; a validate_password.* option in a file does not show it)"
    return Verdict(Status.FAIL, f"no password validation plugin is active ({', '.join(VALIDATION_PLUGINS)}): any "
                   f"password is accepted{where}")


@REGISTRY.register("MYSQL_ACCOUNT_REQUIRE_SSL")
def account_require_ssl(facts: Facts, settings: Settings) -> list[Verdict]:
    """An account that logs in from another machine requires TLS (REQUIRE SSL / X509 / a cipher, issuer or
    subject), unless require_secure_transport = ON requires it of every TCP connection."""
    secure = facts.setting("require_secure_transport")
    if as_mysql_bool(secure.value):
        return [Verdict(Status.PASS, f"require_secure_transport is ON ({secure.origin}): every TCP connection of "
                        "every account uses TLS", secure.location)]
    accounts: list[MysqlAccount] = [a for a in facts.table("accounts")
                                    if a.can_log_in and a.host.lower() not in LOCAL_HOSTS]
    return per_item(accounts, lambda a: "logs in from other machines without REQUIRE SSL, and "
                    f"require_secure_transport is {secure.value or 'OFF'}: its password and data may cross the network "
                    "in clear text" if a.ssl_type not in ("ANY", "X509", "SPECIFIED") else None,
                    "every remote account requires TLS", "remote accounts")
