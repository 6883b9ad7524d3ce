"""Where the history is kept: the text of ``--history`` (or the default file) turned into a database URL and a
name to show. No database library is imported here: ``baomi scan --history URL`` checks its URL before the
scan, and ``baomi --help`` stays instant.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: the default history: an SQLite file under the working directory
DEFAULT_PATH = Path(".baomi") / "history.db"
#: accepted schemes -> the SQLAlchemy driver that opens them
_SCHEMES = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg",
            "postgresql+psycopg": "postgresql+psycopg", "sqlite": "sqlite"}
_SUPPORTED = "use a file path, sqlite:///PATH or postgresql://USER@HOST:PORT/DB"


class HistoryError(Exception):
    """The history database cannot be used: one line naming it, never its password."""


@dataclass(frozen=True)
class Location:
    """A history database: its kind, the SQLAlchemy URL (which may hold a password) and how it is shown."""

    kind: str  # sqlite | postgresql
    url: str = field(repr=False)
    shown: str
    path: Path | None = None  # the SQLite file
    #: secrets the URL holds, to blank out of driver messages
    secrets: tuple[str, ...] = field(default=(), repr=False)
    #: the warning for a password typed in the URL (visible in the process list and CI logs)
    warning: str | None = None


def locate(text: str | None) -> Location:
    """The history database ``text`` names (None: the default SQLite file); HistoryError when it cannot be
    one. A PostgreSQL password comes from PGPASSWORD or ~/.pgpass (libpq reads them), as for ``--db``."""
    if text is None:
        return _sqlite(DEFAULT_PATH)
    if not text.strip():
        raise HistoryError("--history: an empty database URL was given (an unset variable?)")
    if "://" not in text:
        return _sqlite(Path(text))
    from baomi.sources.database import dsn
    from baomi.sources.interface import SourceError

    scheme, _, rest = text.partition("://")
    driver = _SCHEMES.get(scheme.lower())
    if driver is None:
        raise HistoryError(f"{dsn.shown_scheme(text)}: unsupported history database ({_SUPPORTED})")
    if driver == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise HistoryError(f"{dsn.redacted(text)}: a SQLite URL is sqlite:///relative/path or "
                               "sqlite:////absolute/path")
        return _sqlite(Path(rest[1:]))
    plain = f"postgresql://{rest}"
    try:
        parsed = dsn.parse_dsn(plain)
    except SourceError as exc:
        raise HistoryError(str(exc).replace("database DSN", "history database URL")) from None
    warning = None
    if parsed.password is not None:
        warning = (f"baomi: warning: {parsed.endpoint}: a password in the history URL is visible in the process "
                   "list and CI logs; set PGPASSWORD or use ~/.pgpass instead")
    return Location("postgresql", f"{driver}://{rest}", parsed.endpoint, None, parsed.secrets, warning)


def _sqlite(path: Path) -> Location:
    if str(path) in ("", ".") or path.is_dir():
        raise HistoryError(f"{path}: the history database is a file, not a directory")
    return Location("sqlite", f"sqlite:///{path}", str(path), path)
