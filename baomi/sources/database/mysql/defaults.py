"""Server defaults of the MySQL / MariaDB settings the checks read, for option files that omit them.

Where MySQL and MariaDB differ, the less safe default is taken, so that a file that relies on a default
is reported until it states the safe value explicitly (the message names the default assumed).
"""

DEFAULTS: dict[str, str] = {
    "require_secure_transport": "OFF",
    # MariaDB >= 10.6 and MySQL >= 8.0.28 disable TLSv1.0 and TLSv1.1 by default
    "tls_version": "TLSv1.2,TLSv1.3",
    # ON in MariaDB, OFF in MySQL 8.0
    "local_infile": "ON",
    "default_password_lifetime": "0",
    "bind_address": "*",
    # MariaDB and MySQL write the error log to standard error unless log_error names a file
    "log_error": "",
    "general_log": "OFF",
    "plugin_load": "",
    "plugin_load_add": "",
    "server_audit_logging": "OFF",
    "server_audit_events": "",
    "server_audit_incl_users": "",
    "server_audit_excl_users": "",
}
