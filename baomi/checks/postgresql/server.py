"""Server-wide exposure and resilience: the addresses it listens on, and data page checksums."""
from __future__ import annotations

from baomi.checks.database import setting_is
from baomi.checks.postgresql import REGISTRY
from baomi.checks.postgresql.hba import open_rules, rules_unknown, unencrypted_remote_rules
from baomi.checks.verdicts import judged
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import FactOutOfReach, Facts

_WILDCARDS = {"*", "0.0.0.0", "::"}


@REGISTRY.register("PG_LISTEN_ADDRESSES")
def listen_addresses(facts: Facts, settings: Settings) -> Verdict:
    """Listening everywhere is acceptable only behind tight pg_hba rules (TLS required, none open)."""
    setting = facts.setting("listen_addresses")
    addresses = {a.strip() for a in setting.value.split(",")}
    where = f"listen_addresses is {setting.value!r} ({setting.origin})"
    if not addresses & _WILDCARDS:
        return Verdict(Status.PASS, where, setting.location)
    try:
        rules = facts.table("hba")
    except FactOutOfReach:
        return Verdict(Status.FAIL, f"{where}: listens on every interface and no pg_hba.conf was read to show "
                       "that remote access is restricted", setting.location)
    loose = len(set(unencrypted_remote_rules(rules)) | set(open_rules(rules)))
    unknown = rules_unknown(facts)
    if unknown is not None and not loose:
        return Verdict(Status.ERROR, f"{where}: listens on every interface; {unknown.message}", unknown.location)
    detail = (f"listens on every interface and {loose} pg_hba rule(s) accept unencrypted or internet-wide "
              "connections" if loose else "listens on every interface, behind pg_hba rules that require TLS")
    return judged(not loose, f"{where}: {detail}", setting.location)


@REGISTRY.register("PG_DATA_CHECKSUMS")
def data_checksums(facts: Facts, settings: Settings) -> Verdict:
    return setting_is(facts, "data_checksums", True)
