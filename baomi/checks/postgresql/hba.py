"""Client authentication rules (pg_hba): encryption required, no weak or password-less methods, no rule
open to the whole internet. One FAIL per offending rule, so each one can be located and fixed."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from baomi.checks.postgresql.registry import REGISTRY
from baomi.settings import Settings
from baomi.sources.database.facts import Facts, Verdict, per_item
from baomi.sources.database.pghba import HbaRule

#: connection types that only match encrypted connections
_ENCRYPTED = ("hostssl", "hostgssenc")


def _per_rule(facts: Facts, offence: Callable[[HbaRule], str | None], clean: str) -> list[Verdict]:
    return per_item(facts.table("hba"), offence, clean, "rules")


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
        elif rule.is_remote and rule.method != "reject" and rule.connection_type not in _ENCRYPTED:
            if rule.connection_type == "hostnossl" or not any(r.covers(rule) for r in rejecting):
                loose.append(rule)
    return loose


def open_rules(rules: Sequence[HbaRule]) -> list[HbaRule]:
    """Rules matching any address on the internet with a method that can let a client in."""
    return [r for r in rules if r.is_open and r.method != "reject"]


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
    wide = set(open_rules(facts.table("hba")))
    return _per_rule(facts, lambda r: f"rule for address {r.address}{' ' + r.netmask if r.netmask else ''} "
                     f"is open to the whole internet with method {r.method}" if r in wide else None,
                     "no rule is open to every address")
