"""Accounts (IAM-DB-AUTH, IAM-PRIVILEGE): none anonymous, none without a password, root only local,
no account reachable from any host with administrator rights (SUPER, CREATE USER, every global privilege
but at most one, itself or through a role it may switch on: ``mysql_roles``) unless it is a configured
administrator. Option files hold no accounts: these checks are evaluated on live servers only."""
from __future__ import annotations

from collections.abc import Callable

from baomi.checks.database import per_item
from baomi.checks.mysql import REGISTRY
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import Facts, MysqlAccount

#: plugins that authenticate with a password stored in the account (others use the OS, Kerberos ...)
PASSWORD_PLUGINS = {"", "mysql_native_password", "mysql_old_password", "caching_sha2_password",
                    "sha256_password", "ed25519"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


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
                        if a.user == "root" and a.can_log_in and a.host.lower() not in LOCAL_HOSTS else None,
                        "root can log in only locally")


@REGISTRY.register("MYSQL_NO_WILDCARD_ADMIN")
def no_wildcard_admin(facts: Facts, settings: Settings) -> list[Verdict]:
    accounts: list[MysqlAccount] = [
        a for a in facts.table("accounts") if a.can_log_in and "%" in a.host
        and a.user not in settings.db_admin_accounts and f"{a.user}@{a.host}" not in settings.db_admin_accounts]

    def offence(a: MysqlAccount) -> str | None:
        if a.admin_rights:
            return f"holds {a.admin_rights} from any host and is not a configured administrator"
        return None

    verdicts = [v for v in per_item(accounts, offence, "", "accounts") if v.status is Status.FAIL]
    verdicts += [Verdict(Status.ERROR, f"{a.subject} can log in from any host and {a.admin_unknown}", item=a.key)
                 for a in accounts if not a.admin_rights and a.admin_unknown]
    return verdicts or [Verdict(Status.PASS, "no account holds administrator rights from any host "
                                f"({len(facts.table('accounts'))} accounts)")]


#: global privileges that reach beyond the data an account is given: the server's files (FILE), every session
#: and its statements (PROCESS, SUPER), the server itself (SHUTDOWN, RELOAD), accounts and grants (CREATE USER,
#: GRANT OPTION). By mysql.user column
DANGEROUS_PRIVILEGES = {"file_priv": "FILE", "super_priv": "SUPER", "process_priv": "PROCESS",
                        "shutdown_priv": "SHUTDOWN", "reload_priv": "RELOAD", "create_user_priv": "CREATE USER",
                        "grant_priv": "GRANT OPTION"}


def _administrator(account: MysqlAccount, settings: Settings) -> bool:
    return account.user in settings.db_admin_accounts or f"{account.user}@{account.host}" in settings.db_admin_accounts


@REGISTRY.register("MYSQL_DANGEROUS_PRIVILEGES")
def dangerous_privileges(facts: Facts, settings: Settings) -> list[Verdict]:
    """FILE, SUPER, PROCESS, SHUTDOWN, RELOAD, CREATE USER and GRANT OPTION held globally, by the account or
    through a role it may switch on, by an account that is not a configured administrator (from any host).
    With the role grants unreadable, any candidate role holding one of them (MariaDB: a role; MySQL: any other
    account, since any may be granted as a role) may be switched on: an ERROR, never a pass."""
    accounts: list[MysqlAccount] = list(facts.table("accounts"))
    judged_accounts = [a for a in accounts if a.can_log_in and not _administrator(a, settings)]
    risky = sorted((((a.user, a.host), a) for a in accounts if a.privileges & DANGEROUS_PRIVILEGES.keys()),
                   key=lambda pair: pair[0])

    def offence(a: MysqlAccount) -> str | None:
        held = [name for column, name in DANGEROUS_PRIVILEGES.items() if column in a.privileges]
        if not held:
            return None
        through = f" (with the roles it may switch on: {', '.join(map(repr, a.roles))})" if a.roles else ""
        return f"holds {', '.join(held)} globally{through} and is not a configured administrator (db_admin_accounts)"

    def unknown(a: MysqlAccount) -> str | None:
        if not a.roles_unknown or offence(a):
            return None
        roles = [r for key, r in risky if key in a.role_candidates and key != (a.user, a.host)]
        if not roles:
            return None
        privileges = ", ".join(DANGEROUS_PRIVILEGES.values())
        if all(r.is_role for r in roles):
            exist = f"roles holding {privileges} exist ({', '.join(repr(r.user) for r in roles)})"
        else:
            exist = (f"other accounts holding {privileges} exist ({', '.join(r.name for r in roles)}), any of which "
                     "may be granted to it as a role,")
        return f"{a.subject}: {exist} and which ones it may switch on cannot be told: {a.roles_unknown}"

    verdicts = [v for v in per_item(judged_accounts, offence, "", "accounts") if v.status is Status.FAIL]
    verdicts += [Verdict(Status.ERROR, why, item=a.key) for a in judged_accounts if (why := unknown(a))]
    return verdicts or [Verdict(Status.PASS, "no account but configured administrators holds FILE, SUPER, PROCESS, "
                                f"SHUTDOWN, RELOAD, CREATE USER or GRANT OPTION ({len(accounts)} accounts)")]
