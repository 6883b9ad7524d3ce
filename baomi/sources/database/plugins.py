"""How ``baomi scan`` asks for databases: configuration files (PATHs and ``--db-config``) and live servers
(``--db``). Nothing here loads a database driver."""
from __future__ import annotations

from pathlib import Path

import click

from baomi.options import InputPath
from baomi.sources.interface import ScanInputs, Source, SourcePlugin
from baomi.sources.paths import display_path


def _config_files(inputs: ScanInputs) -> Source:
    from baomi.sources.database.config_source import DatabaseFileSource

    return DatabaseFileSource(inputs.paths, tuple(inputs.option("db_configs") or ()), inputs.exclude)


def _claims(path: Path) -> bool:
    from baomi.sources.database.discovery import kind_of

    return kind_of(path) is not None


CONFIG_FILES = SourcePlugin(
    name="database-config", label="database configuration files", engines=("postgresql", "mysql"),
    asked=lambda inputs: bool(inputs.paths or inputs.option("db_configs")),
    build=_config_files,
    targets=lambda inputs: tuple(("database-config", display_path(str(p))) for p in inputs.option("db_configs") or ()),
    options=(
        click.Option(["--db-config", "db_configs"], multiple=True, type=InputPath(path_type=Path), metavar="FILE",
                     help="Database configuration file to check (postgresql.conf, pg_hba.conf, my.cnf); "
                          "repeatable."),
    ),
    options_title="Database configuration files",
    asked_by="--db-config", input_options=("db_configs",),
    claims=_claims, reads="postgresql.conf, pg_hba.conf, my.cnf",
)


def _servers(inputs: ScanInputs) -> Source:
    from baomi.sources.database.server_source import LiveDatabaseSource

    ssl_ca = inputs.option("db_ssl_ca")
    return LiveDatabaseSource(tuple(inputs.option("dsns")), inputs.option("db_sslmode"),
                              str(ssl_ca) if ssl_ca else None)


def _server_targets(inputs: ScanInputs) -> tuple[tuple[str, str], ...]:
    from baomi.sources.database.dsn import redact_dsn

    return tuple(("database", redact_dsn(d)) for d in inputs.option("dsns"))


SERVERS = SourcePlugin(
    name="database", label="live databases", engines=("postgresql", "mysql"),
    asked=lambda inputs: bool(inputs.option("dsns")),
    build=_servers, targets=_server_targets,
    options=(
        click.Option(["--db", "dsns"], multiple=True, metavar="DSN",
                     help="Live database: postgresql://user@host:5432/db or mysql://user@host:3306/ (repeatable). "
                          "Password from PGPASSWORD / BAOMI_DB_PASSWORD / ~/.pgpass or a prompt."),
        click.Option(["--db-sslmode"], metavar="MODE", help="TLS mode for --db connections (e.g. verify-full)."),
        click.Option(["--db-ssl-ca"], type=InputPath(path_type=Path), metavar="FILE",
                     help="CA certificate for --db TLS."),
    ),
    options_title="Live databases",
    asked_by="--db",
)
