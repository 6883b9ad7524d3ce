"""Audit trail (LOG-AUDIT): an audit plugin active and recording connections and queries.

MariaDB's ``server_audit`` (its empty ``server_audit_events`` means every event) and the ``audit_log``
plugin of MySQL Enterprise and Percona Server (``audit_log_policy`` ALL) are recognised.

``server_audit_incl_users``, when set, limits the log to the users it names (``server_audit_excl_users``
is then ignored); otherwise ``excl_users`` leaves the users it names out. A list that leaves out every
account that can log in (a name that matches nobody, every real user excluded) audits nothing: FAIL.
Judging this needs the accounts, which only a live server shows: on files a set list is an ERROR.
"""
from __future__ import annotations

from collections.abc import Mapping

from baomi.checks.mysql import REGISTRY
from baomi.checks.verdicts import judged
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import FactMissing, FactOutOfReach, Facts, MysqlAccount, Setting, as_mysql_bool

_QUERY_EVENTS = ({"QUERY"}, {"QUERY_DDL", "QUERY_DML", "QUERY_DCL"})


def _server_audit(facts: Facts) -> Verdict:
    logging = facts.setting("server_audit_logging")
    if not as_mysql_bool(logging.value):
        return Verdict(Status.FAIL, f"server_audit is loaded but server_audit_logging is {logging.value} "
                       f"({logging.origin})", logging.location)
    events = facts.setting("server_audit_events")
    chosen = {e.strip().upper() for e in events.value.split(",") if e.strip()}
    covered = not chosen or ("CONNECT" in chosen and any(q <= chosen for q in _QUERY_EVENTS))
    shown = events.value or "(empty: every event)"
    verdict = judged(covered, f"server_audit logs events {shown} ({events.origin}); connect and query events "
                     f"{'are' if covered else 'are not both'} recorded", events.location)
    return verdict if verdict.status is Status.FAIL else _audited_users(facts, verdict)


def _list_setting(facts: Facts, name: str) -> Setting:
    try:
        return facts.setting(name)
    except FactOutOfReach:  # a source that knows no default for it: not set
        return Setting(name, "", "not set")


def _names(value: str) -> set[str]:
    return {n.strip() for n in value.split(",") if n.strip()}


def _audited_users(facts: Facts, verdict: Verdict) -> Verdict:
    """``verdict`` unless the user lists leave out every account that can log in."""
    incl, excl = _list_setting(facts, "server_audit_incl_users"), _list_setting(facts, "server_audit_excl_users")
    included, excluded = _names(incl.value), _names(excl.value)
    if not included and not excluded:
        return verdict
    used = incl if included else excl
    described = f"server_audit_{'incl' if included else 'excl'}_users is {used.value!r} ({used.origin})"
    try:
        accounts: list[MysqlAccount] = [a for a in facts.table("accounts") if a.can_log_in]
    except FactOutOfReach:
        return Verdict(Status.ERROR, f"{described}: whether it leaves out every real user cannot be told from "
                       "files, which hold no accounts (scan the server live with --db)", used.location)
    except FactMissing as missing:
        return Verdict(Status.ERROR, f"{described}: whether it leaves out every real user cannot be told: {missing}",
                       used.location)
    audited = [a for a in accounts if (a.user in included if included else a.user not in excluded)]
    left_out = [a.name for a in accounts if a not in audited]
    if not audited:
        return Verdict(Status.FAIL, f"{described} leaves out every account that can log in ({len(accounts)}): "
                       "nothing they do is audited", used.location)
    note = f"; not audited: {', '.join(left_out)}" if left_out else ""
    return Verdict(Status.PASS, f"{verdict.message}; {described} audits {len(audited)} of {len(accounts)} accounts"
                   f"{note}", verdict.location)


def _audit_log(facts: Facts) -> Verdict:
    policy = facts.setting("audit_log_policy")
    return judged(policy.value.strip().upper() == "ALL",
                  f"audit_log is active with audit_log_policy {policy.value} ({policy.origin})", policy.location)


@REGISTRY.register("MYSQL_AUDIT_PLUGIN")
def audit_plugin(facts: Facts, settings: Settings) -> Verdict:
    plugins: Mapping[str, str] = facts.table("plugins")
    if plugins.get("server_audit") == "ACTIVE":
        return _server_audit(facts)
    if plugins.get("audit_log") == "ACTIVE":
        return _audit_log(facts)
    return Verdict(Status.FAIL, "no audit plugin is active (server_audit or audit_log)")
