"""Database engines as sources: live PostgreSQL / MySQL / MariaDB servers and their configuration files.

Importing this package loads no database driver: psycopg and PyMySQL are imported when a server is read.
"""
from baomi.sources.database.config_source import DatabaseFileSource
from baomi.sources.database.dsn import redact_dsn
from baomi.sources.database.server_source import LiveDatabaseSource

__all__ = ["DatabaseFileSource", "LiveDatabaseSource", "redact_dsn"]
