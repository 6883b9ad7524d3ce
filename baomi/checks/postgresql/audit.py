"""Audit trail (LOG-AUDIT): connections logged with who/where/when, and pgaudit recording changes.

A superuser can switch logging off for one role or one database (``ALTER ROLE app SET pgaudit.log =
'none'``): on a live server those overrides are read from pg_db_role_setting, and each one that undoes
the setting is a FAIL naming the role or database. Files cannot show them (the report says so)."""
from __future__ import annotations

from baomi.checks.database import setting_is, with_overrides
from baomi.checks.postgresql import REGISTRY
from baomi.checks.verdicts import judged
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import Facts, as_bool

#: what log_line_prefix must name, and the escapes that name it
_PREFIX_PARTS = {"time": ("%m", "%t", "%n"), "user": ("%u",), "database": ("%d",), "client": ("%h", "%r")}
_PGAUDIT_CLASSES = {"read", "write", "function", "role", "ddl", "misc", "misc_set"}
_PGAUDIT_REQUIRED = {"ddl", "role", "write"}


@REGISTRY.register("PG_LOG_CONNECTIONS")
def log_connections(facts: Facts, settings: Settings) -> Verdict:
    # cannot be set per role or database (ALTER ROLE refuses it: "cannot be set after connection start")
    return setting_is(facts, "log_connections", True)


@REGISTRY.register("PG_LOG_DISCONNECTIONS")
def log_disconnections(facts: Facts, settings: Settings) -> Verdict:
    return setting_is(facts, "log_disconnections", True)


@REGISTRY.register("PG_LOG_LINE_PREFIX")
def log_line_prefix(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("log_line_prefix")
    lacking = [part for part, escapes in _PREFIX_PARTS.items() if not any(e in setting.value for e in escapes)]
    detail = f"lacks {', '.join(lacking)}" if lacking else "names time, user, database and client"
    return judged(not lacking, f"log_line_prefix {setting.value!r} {detail} ({setting.origin})", setting.location)


def preloaded_libraries(value: str) -> list[str]:
    return [name.strip().strip("'\"").lower() for name in value.split(",") if name.strip()]


@REGISTRY.register("PG_PGAUDIT_LOADED")
def pgaudit_loaded(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("shared_preload_libraries")
    loaded = "pgaudit" in preloaded_libraries(setting.value)
    return judged(loaded, f"shared_preload_libraries is {setting.value or '(empty)'!s}: pgaudit "
                  f"{'is' if loaded else 'is not'} loaded ({setting.origin})", setting.location)


def pgaudit_classes(value: str) -> set[str]:
    """Classes pgaudit.log enables: a list where ``all`` means every class and ``-name`` removes one."""
    classes: set[str] = set()
    for item in (part.strip().lower() for part in value.split(",")):
        removing = item.startswith("-")
        names = _PGAUDIT_CLASSES if item.lstrip("-") == "all" else {item.lstrip("-")}
        classes = classes - names if removing else classes | names
    return classes & _PGAUDIT_CLASSES


@REGISTRY.register("PG_PGAUDIT_LOG_CLASSES")
def pgaudit_log_classes(facts: Facts, settings: Settings) -> list[Verdict]:
    setting = facts.setting("pgaudit.log")
    lacking = sorted(_PGAUDIT_REQUIRED - pgaudit_classes(setting.value))
    detail = f"does not cover {', '.join(lacking)}" if lacking else "covers ddl, role and write"
    verdict = judged(not lacking, f"pgaudit.log {setting.value!r} {detail} ({setting.origin})", setting.location)
    return with_overrides(facts, "pgaudit.log", verdict, lambda v: pgaudit_classes(v) >= _PGAUDIT_REQUIRED,
                          "its ddl, role and write statements are not all audited")


@REGISTRY.register("PG_LOGGING_COLLECTOR")
def logging_collector(facts: Facts, settings: Settings) -> Verdict:
    """The server's log (connections, statements, pgaudit records) is kept in files the server writes itself
    (logging_collector), or sent to syslog / the event log: written only to stderr, it goes wherever the
    process that started the server sends it, and can be lost."""
    collector = facts.setting("logging_collector")
    destination = facts.setting("log_destination")
    system_log = {d.strip().lower() for d in destination.value.strip("'\"").split(",")} & {"syslog", "eventlog"}
    if as_bool(collector.value) is False and system_log:
        return Verdict(Status.PASS, f"logging_collector is off ({collector.origin}), but log_destination "
                       f"{destination.value!r} sends the log to {', '.join(sorted(system_log))} ({destination.origin})",
                       destination.location)
    return setting_is(facts, "logging_collector", True)


#: log_statement values, least to most: 'ddl' logs CREATE, ALTER, DROP and GRANT / REVOKE
_LOG_STATEMENT = ("none", "ddl", "mod", "all")


def _logs_ddl(value: str) -> bool:
    text = value.strip().strip("'\"").lower()
    return text in _LOG_STATEMENT and _LOG_STATEMENT.index(text) >= 1


@REGISTRY.register("PG_LOG_STATEMENT")
def log_statement(facts: Facts, settings: Settings) -> list[Verdict]:
    """At least the statements that change schemas and rights (``ddl``; ``mod`` and ``all`` include them) are
    logged, for every login role and database too: a superuser can turn it off for one role (live)."""
    setting = facts.setting("log_statement")
    text = setting.value.strip().strip("'\"").lower()
    if text not in _LOG_STATEMENT:
        return [Verdict(Status.ERROR, f"log_statement = {setting.value!r} is not one of {', '.join(_LOG_STATEMENT)} "
                        f"({setting.origin})", setting.location)]
    verdict = judged(_logs_ddl(text), f"log_statement is {text} ({setting.origin}): schema and privilege changes "
                     f"{'are' if _logs_ddl(text) else 'are not'} logged", setting.location)
    return with_overrides(facts, "log_statement", verdict, _logs_ddl, "its schema and privilege changes are not logged")
