"""Client authentication rules (pg_hba): encryption required, no weak or password-less methods, no rule
open to the whole internet, no superuser let in from another machine. One FAIL per offending rule, so each
one can be located and fixed.

A pg_hba.conf with a line PostgreSQL would refuse is refused whole by the server (it keeps its previous
rules, or does not start): the rules in force are then unknown, and no rule check passes on it (ERROR
naming the line); the FAILs of the rules that could be read still stand.

No superuser may log in from another machine (``PG_HBA_NO_REMOTE_SUPERUSER``): a rule whose users cannot be
resolved (a ``+group`` in files, a ``/regex``, an ``@file``) is an ERROR, never a pass."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from baomi.checks.database import per_item
from baomi.checks.postgresql import REGISTRY
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.postgresql.hba_file import HbaRule, internet_wide
from baomi.sources.database.snapshot import FactOutOfReach, Facts, PgRole, Problem

#: connection types that only match encrypted connections
_ENCRYPTED = ("hostssl", "hostgssenc")


def _per_rule(facts: Facts, offence: Callable[[HbaRule], str | None], clean: str) -> list[Verdict]:
    verdicts = per_item(facts.table("hba"), offence, clean, "rules")
    unknown = rules_unknown(facts)
    if unknown is not None and all(v.status is Status.PASS for v in verdicts):
        return [unknown]
    return verdicts


def rules_unknown(facts: Facts) -> Verdict | None:
    """The ERROR that stands for a PASS when some pg_hba line could not be read; None when all were."""
    invalid: Sequence[Problem] = facts.tables.get("hba_invalid", ())
    if not invalid:
        return None
    where = ", ".join(f"{p.location.file}:{p.location.line}" if p.location else p.message.split(":")[0]
                      for p in invalid[:5])
    more = f" and {len(invalid) - 5} more" if len(invalid) > 5 else ""
    return Verdict(Status.ERROR, f"cannot evaluate: {len(invalid)} pg_hba line(s) could not be read ({where}{more}); "
                   "PostgreSQL refuses a pg_hba.conf with an invalid line, so the rules in force are not known",
                   invalid[0].location)


def _method_offence(method: str, reason: str) -> Callable[[HbaRule], str | None]:
    return lambda rule: f"{rule.connection_type} rule uses {method}: {reason}" if rule.method == method else None


def unencrypted_remote_rules(rules: Sequence[HbaRule]) -> list[HbaRule]:
    """Remote rules that accept a connection without TLS (or GSS) encryption.

    A ``host`` rule is safe when an earlier ``hostnossl ... reject`` rule covers it: the server uses the
    first rule that matches, so plaintext connections are refused before reaching it.
    """
    rejecting: list[HbaRule] = []
    loose: list[HbaRule] = []
    for rule in rules:
        if rule.connection_type == "hostnossl" and rule.method == "reject":
            rejecting.append(rule)
        elif (rule.is_remote and rule.method != "reject" and rule.connection_type not in _ENCRYPTED
              and (rule.connection_type == "hostnossl" or not any(r.covers(rule) for r in rejecting))):
            loose.append(rule)
    return loose


def open_rules(rules: Sequence[HbaRule]) -> list[HbaRule]:
    """Rules matching any address on the internet with a method that can let a client in, alone or
    together (``0.0.0.0/1`` and ``128.0.0.0/1``): see ``pghba.internet_wide``."""
    return internet_wide(rules)


@REGISTRY.register("PG_HBA_HOSTSSL_ONLY")
def hostssl_only(facts: Facts, settings: Settings) -> list[Verdict]:
    loose = set(unencrypted_remote_rules(facts.table("hba")))
    return _per_rule(facts, lambda r: "remote rule accepts connections without TLS (use hostssl, or put a "
                     "hostnossl ... reject rule before it)" if r in loose else None,
                     "every remote rule requires TLS")


@REGISTRY.register("PG_HBA_NO_TRUST")
def no_trust(facts: Facts, settings: Settings) -> list[Verdict]:
    return _per_rule(facts, _method_offence("trust", "anyone matching it logs in without a password"),
                     "no rule uses trust")


@REGISTRY.register("PG_HBA_NO_PASSWORD")
def no_password(facts: Facts, settings: Settings) -> list[Verdict]:
    return _per_rule(facts, _method_offence("password", "the password is sent in clear text"),
                     "no rule uses the clear-text password method")


@REGISTRY.register("PG_HBA_NO_MD5")
def no_md5(facts: Facts, settings: Settings) -> list[Verdict]:
    return _per_rule(facts, _method_offence("md5", "MD5 hashes are weak; use scram-sha-256"),
                     "no rule uses md5")


@REGISTRY.register("PG_HBA_NO_OPEN_RULE")
def no_open_rule(facts: Facts, settings: Settings) -> list[Verdict]:
    wide = open_rules(facts.table("hba"))
    together = [r for r in wide if not r.is_open]

    def offence(rule: HbaRule) -> str | None:
        if rule not in wide:
            return None
        address = _address(rule)
        if rule.is_open:
            return f"rule for address {address} is open to the whole internet with method {rule.method}"
        version = rule.network.version if rule.network else None
        others = ", ".join(r.where for r in together if r is not rule and r.network and r.network.version == version)
        others = others or ", ".join(r.where for r in together if r is not rule)
        return (f"rule for address {address} (method {rule.method}), together with {others}, admits every address "
                "on the internet")

    return _per_rule(facts, offence, "no rule or set of rules is open to every address")


def _address(rule: HbaRule) -> str:
    return f"{rule.address}{' ' + rule.netmask if rule.netmask else ''}"


def _matches_user(rule: HbaRule, name: str, groups: Mapping[str, Sequence[str]] | None) -> bool | None:
    """Whether ``rule`` names role ``name`` (``all``, the name, or ``+group`` of which it is a member);
    None when an entry cannot be resolved: a ``+group`` in files (which show no memberships), a ``/regex``
    (PostgreSQL 16+), or an ``@file`` of names."""
    unknown = False
    for user in rule.users:
        if user in ("all", name):
            return True
        if user.startswith(("/", "@")):
            unknown = True
        elif user.startswith("+"):
            if groups is None:
                unknown = True
            elif user[1:] == name or user[1:] in groups.get(name, ()):
                return True
    return None if unknown else False


def _rejected_before(rule: HbaRule, name: str, earlier: Sequence[HbaRule],
                     groups: Mapping[str, Sequence[str]] | None) -> bool:
    """An earlier ``reject`` rule for ``name`` covers every connection ``rule`` would let it make."""
    return any(r.method == "reject" and r.connection_type in ("host", rule.connection_type)
               and _matches_user(r, name, groups) and replace(r, users=("all",)).covers(rule) for r in earlier)


@REGISTRY.register("PG_HBA_NO_REMOTE_SUPERUSER")
def no_remote_superuser(facts: Facts, settings: Settings) -> list[Verdict]:
    """A superuser logs in only on the server itself (a local socket or loopback) or through a bastion: no
    rule may let one in from another machine. Live, the superusers are the server's; in files, which hold
    no roles, the names of ``db_admin_accounts`` stand for them, and a rule for ``all`` matches them too."""
    rules: Sequence[HbaRule] = facts.table("hba")
    try:
        roles: Sequence[PgRole] = facts.table("roles")
        superusers = sorted(r.name for r in roles if r.superuser)
        groups: Mapping[str, Sequence[str]] | None = {r.name: r.member_of for r in roles}
        who = "superuser"
    except FactOutOfReach:  # files: no roles
        superusers, groups, who = sorted(settings.db_admin_accounts), None, "administrator (db_admin_accounts)"
    unresolved: list[HbaRule] = []
    position = {id(rule): index for index, rule in enumerate(rules)}

    def offence(rule: HbaRule) -> str | None:
        if not rule.is_remote or rule.method == "reject":
            return None
        earlier = rules[:position[id(rule)]]
        admitted = [name for name in superusers if _matches_user(rule, name, groups)
                    and not _rejected_before(rule, name, earlier, groups)]
        if not admitted and any(_matches_user(rule, name, groups) is None for name in superusers):
            unresolved.append(rule)
        if not admitted:
            return None
        return (f"{rule.connection_type} rule lets {who} {', '.join(map(repr, admitted))} log in from other machines "
                f"(address {_address(rule)}, method {rule.method})")

    verdicts = _per_rule(facts, offence, f"no rule lets a {who} log in from another machine")
    if unresolved and all(v.status is Status.PASS for v in verdicts):
        rule = unresolved[0]
        return [Verdict(Status.ERROR, f"{rule.where}: whether {', '.join(rule.users)} names any {who} cannot be told: "
                        f"{'; '.join(_unresolved_why(rule, groups))}", rule.location, rule.key)]
    return verdicts


def _unresolved_why(rule: HbaRule, groups: Mapping[str, Sequence[str]] | None) -> list[str]:
    """Why the user entries of ``rule`` that ``_matches_user`` cannot resolve stay unknown."""
    why = []
    if groups is None and any(u.startswith("+") for u in rule.users):
        why.append("group memberships are not in files, which hold no roles (scan the server live with --db)")
    if any(u.startswith("/") for u in rule.users):
        why.append("a regular expression (/...) is not evaluated")
    if any(u.startswith("@") for u in rule.users):
        why.append("a file of names (@file) is not read")
    return why
