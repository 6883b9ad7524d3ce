"""Server logs that matter for audit (LOG-AUDIT): the error log kept in a file or the system log, the general
query log off.

The error log records failed logins (MariaDB ``log_warnings`` >= 2, MySQL ``log_error_verbosity`` 3), crashes
and TLS certificate problems. Sent to standard error (``log_error`` empty, MariaDB's default, or ``stderr``)
it is kept only if whatever started the server collects that stream, which a server cannot show: FAIL, with
the fix named (a file, or MySQL's ``log_sink_syseventlog``). The general query log writes every statement with
its literals to a plain file or table: customer data in queries and, on MySQL with ``log_raw`` or statements
the server does not rewrite, passwords in clear text: it must be off, on only while troubleshooting.
"""
from __future__ import annotations

from baomi.checks.database import setting_is
from baomi.checks.mysql import REGISTRY
from baomi.model import Status, Verdict
from baomi.settings import Settings
from baomi.sources.database.snapshot import FactMissing, FactOutOfReach, Facts, as_mysql_bool

_STDERR = {"", "stderr"}


def _syslog_sink(facts: Facts) -> str:
    """The MySQL 8 log_error_services value when it sends the error log to the system log, else ""."""
    try:
        services = facts.setting("log_error_services")
    except (FactMissing, FactOutOfReach):  # MariaDB has no such setting
        return ""
    return services.value if "log_sink_syseventlog" in services.value.lower() else ""


@REGISTRY.register("MYSQL_ERROR_LOG")
def error_log(facts: Facts, settings: Settings) -> Verdict:
    setting = facts.setting("log_error")
    value = setting.value.strip().strip("'\"")
    if value.lower() not in _STDERR:
        return Verdict(Status.PASS, f"log_error is {value!r}: the error log is kept in a file ({setting.origin})",
                       setting.location)
    sink = _syslog_sink(facts)
    shown = value or "(empty)"
    if sink:
        return Verdict(Status.PASS, f"log_error is {shown} ({setting.origin}) and log_error_services "
                       f"{sink!r} sends the error log to the system log", setting.location)
    return Verdict(Status.FAIL, f"log_error is {shown} ({setting.origin}): the error log (failed logins, crashes) "
                   "goes to standard error and is kept only if whatever starts the server collects it; set log_error "
                   "to a file", setting.location)


@REGISTRY.register("MYSQL_GENERAL_LOG_OFF")
def general_log_off(facts: Facts, settings: Settings) -> Verdict:
    return setting_is(facts, "general_log", False, lambda on: (
        "every statement is written with its literals (customer data, passwords where the server does not rewrite "
        "them) to the general query log" if on else "no statement text is written to a query log"), as_mysql_bool)
