"""Opening the history database: the engine, SQLite's locking, and the migrations, applied whenever a
database is opened (docs/history.md#migrations).

SQLAlchemy and Alembic are imported here, when a database is opened, never when ``baomi`` starts.
"""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baomi.history.location import HistoryError, Location

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

#: how long a writer waits for another process's lock on a SQLite file (several CI jobs on one runner)
SQLITE_BUSY_TIMEOUT_SECONDS = 60
#: how long to wait for a PostgreSQL server to answer
CONNECT_TIMEOUT_SECONDS = 10
#: the PostgreSQL advisory lock held while migrating, so that two processes never migrate at once
MIGRATION_LOCK = 0x62616F6D69  # "baomi"
#: the migrations, as a package resource: no alembic.ini
SCRIPT_LOCATION = "baomi.history:migrations"
#: the newest revision of migrations/versions/ (a new migration changes it; tests/test_history.py checks it)
HEAD = "0003"


class MigrationError(Exception):
    """The migrations cannot bring the database to this baomi's schema."""


def open_database(location: Location, create: bool = True) -> Engine:
    """An engine on the history database, migrated to the newest schema. HistoryError (one line, no password)
    when it cannot be reached or used; with ``create=False`` also when a SQLite file does not exist yet."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    if location.kind == "sqlite":
        assert location.path is not None
        if not location.path.exists():
            if not create:
                raise HistoryError(f"{location.shown}: no history database here (record a scan first: "
                                   "baomi scan … --record)")
            try:
                location.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HistoryError(f"{location.shown}: cannot create its directory: {exc.strerror}") from None
        engine = create_engine(location.url, poolclass=NullPool,
                               connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        connect_args = {} if "connect_timeout=" in location.url else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
        engine = create_engine(location.url, poolclass=NullPool, connect_args=connect_args)
    with guarded(location, "cannot open the history database"):
        migrate(engine)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Let SQLAlchemy say when a transaction begins (pysqlite would defer it), and enforce foreign keys."""
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _sqlite_begin(connection: Connection) -> None:
    """Every transaction takes the write lock at once: two writers queue (busy timeout) instead of one
    failing when it tries to upgrade a read lock another reader holds."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextlib.contextmanager
def guarded(location: Location, doing: str) -> Iterator[None]:
    """Database and migration errors as one HistoryError line naming the database, secrets blanked out."""
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from baomi.sources.database.dsn import scrubbed

    try:
        yield
    except DBAPIError as exc:
        raise HistoryError(f"{location.shown}: {doing}: {scrubbed(str(exc.orig), *location.secrets)}") from None
    except SQLAlchemyError as exc:
        raise HistoryError(f"{location.shown}: {doing}: {scrubbed(str(exc), *location.secrets)}") from None
    except MigrationError as exc:
        raise HistoryError(f"{location.shown}: {doing}: {scrubbed(str(exc), *location.secrets)}") from None
    except OSError as exc:
        raise HistoryError(f"{location.shown}: {doing}: {exc.strerror or exc}") from None


def insert_new(connection: Connection, table: Any, unique: str) -> Any:
    """INSERT that leaves out a row whose ``unique`` column another writer has just inserted (two CI jobs
    recording the same new finding or file at once): PostgreSQL's ``ON CONFLICT DO NOTHING``, SQLite's
    ``INSERT OR IGNORE``."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=[unique])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing(index_elements=[unique])


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, in code: the packaged migrations, on ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str | None:
    """The newest revision of the packaged migrations."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def revision(connection: Connection) -> str | None:
    """The revision a database is at (None: an empty database)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _current(connection: Connection) -> str | None:
    """The revision a database is at, read without Alembic (which costs a tenth of a second to import)."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest revision. A database already there is only read (without importing
    Alembic); otherwise the migrations run in one transaction under a lock (PostgreSQL: an advisory lock;
    SQLite: the write lock), so that two processes opening a new database at once migrate it once."""
    with engine.connect() as connection:
        if _current(connection) == HEAD:
            return
    from alembic import command
    from alembic.util import CommandError
    from sqlalchemy import text

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            command.upgrade(alembic_config(connection), "head")
        except CommandError as exc:  # a revision this baomi does not know: written by a newer one
            raise MigrationError(f"{exc} (was it migrated by a newer baomi?)") from None


def new_revision(message: str, rev_id: str) -> None:
    """For developers: write ``migrations/versions/v<rev_id>_<message>.py`` with what ``schema.py`` has and
    the migrations do not yet create (Alembic's autogenerate against a scratch SQLite database; review it,
    and check it on PostgreSQL with the tests)."""
    from alembic import command
    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        migrate(engine)
        with engine.begin() as connection:
            command.revision(alembic_config(connection), message, autogenerate=True, rev_id=rev_id)
        engine.dispose()
