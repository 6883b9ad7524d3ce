"""PostgreSQL 15's compiled-in values of the settings the checks read.

A configuration file that does not set one leaves the server on this value, so file checks judge it
(unless the command line or ALTER SYSTEM sets it, which files cannot show: the message says so).
"""

#: defaults of the settings an extension defines; a live server without the extension reports none
EXTENSION_DEFAULTS: dict[str, str] = {"pgaudit.log": "none"}

DEFAULTS: dict[str, str] = {
    "ssl": "off",
    "ssl_min_protocol_version": "TLSv1.2",
    "password_encryption": "scram-sha-256",
    "log_connections": "off",
    "log_disconnections": "off",
    "log_line_prefix": "%m [%p] ",
    "shared_preload_libraries": "",
    "listen_addresses": "localhost",
    "idle_session_timeout": "0",
    "ssl_ciphers": "HIGH:MEDIUM:+3DES:!aNULL",
    "logging_collector": "off",
    "log_destination": "stderr",
    "log_statement": "none",
    **EXTENSION_DEFAULTS,
}
