"""Finding database configuration files in the scanned paths, and telling their kind apart."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from baomi.sources.interface import SourceError
from baomi.sources.paths import walk

#: a *.cnf file belongs to MySQL/MariaDB when one of its directories has one of these names
_MYSQL_DIRS = {"mysql", "mariadb", "mysql.conf.d", "mariadb.conf.d", "my.cnf.d"}


@dataclass(frozen=True)
class Discovered:
    postgresql_conf: tuple[Path, ...]
    pg_hba: tuple[Path, ...]
    mysql_cnf: tuple[Path, ...]


def kind_of(path: Path, named: bool = False) -> str | None:
    """``postgresql``, ``pg_hba`` or ``mysql`` for a configuration file, None for anything else.

    A file named on the command line (``named``) is judged by its name alone, so ``custom.conf`` is a
    postgresql.conf and ``prod.cnf`` a my.cnf wherever they are.
    """
    name = path.name.lower()
    if name in ("postgresql.conf", "postgresql.auto.conf"):
        return "postgresql" if name == "postgresql.conf" or named else None
    if name == "pg_hba.conf" or (named and "hba" in name and name.endswith(".conf")):
        return "pg_hba"
    if name in ("my.cnf", "mariadb.cnf"):
        return "mysql"
    if named and name.endswith(".ini"):
        return "mysql"
    if name.endswith(".cnf") and (named or any(p.lower() in _MYSQL_DIRS for p in path.parent.parts)):
        return "mysql"
    if named and name.endswith(".conf"):
        return "postgresql"
    return None


def discover(paths: Sequence[Path], named_files: Sequence[Path], exclude: Sequence[str]) -> Discovered:
    """Configuration files under ``paths`` plus the ``named_files``; SourceError for a name that is
    not there or not a configuration file baomi knows."""
    found: dict[str, list[Path]] = {"postgresql": [], "pg_hba": [], "mysql": []}
    for path in paths:
        if not path.exists():
            raise SourceError(f"{path}: no such file or directory")
        for candidate in walk(path, exclude) if path.is_dir() else [path]:
            kind = kind_of(candidate)
            if kind:
                found[kind].append(candidate)
    for path in named_files:
        if path.is_dir():
            raise SourceError(f"--db-config {path}: is a directory (give the file, or scan the directory as a PATH)")
        if not path.is_file():
            if path.exists():
                raise SourceError(f"--db-config {path}: not a regular file (a FIFO or a device is not read)")
            raise SourceError(f"--db-config {path}: database configuration file not found")
        kind = kind_of(path, named=True)
        if kind is None:
            raise SourceError(f"{path}: not a postgresql.conf, pg_hba.conf or my.cnf (name it *.conf, *hba*.conf "
                              "or *.cnf)")
        found[kind].append(path)
    unique = {k: tuple(dict.fromkeys(v)) for k, v in found.items()}
    return Discovered(unique["postgresql"], unique["pg_hba"], unique["mysql"])
