"""Accounts (IAM-DB-AUTH, IAM-PRIVILEGE): none anonymous, none without a password, root only local,
no account reachable from any host with every global privilege unless it is a configured administrator.
Option files hold no accounts: these checks are evaluated on live servers only."""
from __future__ import annotations

from collections.abc import Callable

from baomi.checks.mysql.registry import REGISTRY
from baomi.settings import Settings
from baomi.sources.database.facts import Facts, MysqlAccount, Verdict, per_item

#: plugins that authenticate with a password stored in the account (others use the OS, Kerberos ...)
PASSWORD_PLUGINS = {"", "mysql_native_password", "mysql_old_password", "caching_sha2_password",
                    "sha256_password", "ed25519"}
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _per_account(facts: Facts, offence: Callable[[MysqlAccount], str | None], clean: str) -> list[Verdict]:
    return per_item(facts.table("accounts"), offence, clean, "accounts")


@REGISTRY.register("MYSQL_NO_ANONYMOUS")
def no_anonymous(facts: Facts, settings: Settings) -> list[Verdict]:
    return _per_account(facts, lambda a: "is anonymous: anyone can log in with any user name"
                        if a.user == "" and a.can_log_in else None, "no anonymous account")


@REGISTRY.register("MYSQL_NO_EMPTY_PASSWORD")
def no_empty_password(facts: Facts, settings: Settings) -> list[Verdict]:
    return _per_account(facts, lambda a: f"has an empty password (plugin {a.plugin or 'default'})"
                        if a.can_log_in and a.plugin in PASSWORD_PLUGINS and not a.has_password else None,
                        "every password account has a password")


@REGISTRY.register("MYSQL_ROOT_LOCAL_ONLY")
def root_local_only(facts: Facts, settings: Settings) -> list[Verdict]:
    return _per_account(facts, lambda a: "lets root log in from a non-local host"
                        if a.user == "root" and a.can_log_in and a.host.lower() not in _LOCAL_HOSTS else None,
                        "root can log in only locally")


@REGISTRY.register("MYSQL_NO_WILDCARD_ADMIN")
def no_wildcard_admin(facts: Facts, settings: Settings) -> list[Verdict]:
    def offence(a: MysqlAccount) -> str | None:
        admin = a.user in settings.db_admin_accounts or f"{a.user}@{a.host}" in settings.db_admin_accounts
        if a.can_log_in and "%" in a.host and a.all_global_privileges and not admin:
            return "holds every global privilege from any host and is not a configured administrator"
        return None

    return _per_account(facts, offence, "no account holds every global privilege from any host")
