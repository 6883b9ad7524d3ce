"""Server-wide settings: LOAD DATA LOCAL disabled, password expiry, the addresses it listens on."""
from __future__ import annotations

import re

from baomi.checks.database import setting_is
from baomi.checks.mysql import REGISTRY
from baomi.checks.verdicts import judged
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import Facts, as_mysql_bool

_ALL_INTERFACES = {"", "*", "0.0.0.0", "::"}


@REGISTRY.register("MYSQL_LOCAL_INFILE_OFF")
def local_infile_off(facts: Facts, settings: Settings) -> Verdict:
    return setting_is(facts, "local_infile", False, boolean=as_mysql_bool)


@REGISTRY.register("MYSQL_PASSWORD_LIFETIME")
def password_lifetime(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("default_password_lifetime")
    number = re.fullmatch(r"\s*(\d+)\s*", setting.value)
    days = int(number[1]) if number else 0
    limit = settings.max_password_age_days
    detail = ("passwords never expire" if days == 0 else f"passwords expire after {days} days"
              f" (at most {limit} allowed)")
    return judged(0 < days <= limit, f"default_password_lifetime is {setting.value}: {detail} ({setting.origin})",
                  setting.location)


@REGISTRY.register("MYSQL_BIND_ADDRESS")
def bind_address(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("bind_address")
    addresses = {a.strip() for a in setting.value.split(",")}
    everywhere = bool(addresses & _ALL_INTERFACES)
    detail = "listens on every interface" if everywhere else "listens on chosen addresses only"
    return judged(not everywhere, f"bind_address is {setting.value or '(empty)'!s}: {detail} ({setting.origin})",
                  setting.location)
