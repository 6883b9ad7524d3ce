"""Audit trail (LOG-AUDIT): an audit plugin active and recording connections and queries.

MariaDB's ``server_audit`` (its empty ``server_audit_events`` means every event) and the ``audit_log``
plugin of MySQL Enterprise and Percona Server (``audit_log_policy`` ALL) are recognised.
"""
from __future__ import annotations

from collections.abc import Mapping

from baomi.checks.mysql.registry import REGISTRY
from baomi.model import Status
from baomi.settings import Settings
from baomi.sources.database.facts import Facts, Verdict, as_bool, judged

_QUERY_EVENTS = ({"QUERY"}, {"QUERY_DDL", "QUERY_DML", "QUERY_DCL"})


def _server_audit(facts: Facts) -> Verdict:
    logging = facts.setting("server_audit_logging")
    if not as_bool(logging.value):
        return Verdict(Status.FAIL, f"server_audit is loaded but server_audit_logging is {logging.value} "
                       f"({logging.origin})", logging.location)
    events = facts.setting("server_audit_events")
    chosen = {e.strip().upper() for e in events.value.split(",") if e.strip()}
    covered = not chosen or ("CONNECT" in chosen and any(q <= chosen for q in _QUERY_EVENTS))
    shown = events.value or "(empty: every event)"
    return judged(covered, f"server_audit logs events {shown} ({events.origin}); connect and query events "
                  f"{'are' if covered else 'are not both'} recorded", events.location)


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
