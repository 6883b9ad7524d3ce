"""Client authentication rules (pg_hba): encryption required, no weak or password-less methods, no rule
open to the whole internet. One FAIL per offending rule, so each one can be located and fixed.

A pg_hba.conf with a line PostgreSQL would refuse is refused whole by the server (it keeps its previous
rules, or does not start): the rules in force are then unknown, and no rule check passes on it (ERROR
naming the line); the FAILs of the rules that could be read still stand."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from baomi.checks.database import per_item
from baomi.checks.postgresql import REGISTRY
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.postgresql.hba_file import HbaRule, internet_wide
from baomi.sources.database.snapshot import Facts, Problem

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
        address = f"{rule.address}{' ' + rule.netmask if rule.netmask else ''}"
        if rule.is_open:
            return f"rule for address {address} is open to the whole internet with method {rule.method}"
        version = rule.network.version if rule.network else None
        others = ", ".join(r.where for r in together if r is not rule and r.network and r.network.version == version)
        others = others or ", ".join(r.where for r in together if r is not rule)
        return (f"rule for address {address} (method {rule.method}), together with {others}, admits every address "
                "on the internet")

    return _per_rule(facts, offence, "no rule or set of rules is open to every address")
