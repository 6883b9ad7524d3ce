"""Database configuration files as a source: postgresql.conf with its pg_hba.conf, and my.cnf.

Each server's files become one ``Facts``: a postgresql.conf (with its includes) and the pg_hba.conf
it names (``hba_file``) or that sits beside it; a my.cnf / mariadb.cnf with its includes. A file
already read as another's include is not scanned again on its own. Settings a file leaves out are
judged at the server's default; roles and accounts, which files cannot show, are not judged.
Absolute includes and ``hba_file`` paths outside the scanned paths are not read (an ERROR finding
says so): a repository copy must not be judged by the scanning host's own /etc.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from baomi.catalog import CheckSpec
from baomi.model import EvidenceFile
from baomi.settings import Settings
from baomi.sources.database import discovery
from baomi.sources.database.evidence import file_evidence
from baomi.sources.database.includes import scanned_dirs
from baomi.sources.database.mysql.config_files import mysql_facts
from baomi.sources.database.postgresql.config_files import postgresql_facts
from baomi.sources.interface import Collected, EngineFacts


@dataclass(frozen=True)
class DatabaseFileSource:
    paths: tuple[Path, ...]
    named_files: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    name: str = "database-files"

    def prepare(self) -> None:
        """Nothing to ask: the paths were checked when they were named."""

    def collect(self, checks: Sequence[CheckSpec], settings: Settings) -> Collected:
        """A snapshot of each server's files, for the engines some selected check serves."""
        engines = {c.engine for c in checks} & {"postgresql", "mysql"}
        if not engines:
            return Collected()
        found = discovery.discover(self.paths, self.named_files, self.exclude)
        scanned = scanned_dirs((*self.paths, *self.named_files))
        snapshots = [EngineFacts("postgresql", facts) for facts in postgresql_facts(found, scanned)]
        snapshots += [EngineFacts("mysql", facts) for facts in mysql_facts(found, scanned)]
        return Collected(tuple(snapshots))

    def evidence(self, collected: Collected) -> tuple[EvidenceFile, ...]:
        """Each server's files: their SHA-256 and the settings and rules parsed from them (secrets redacted)."""
        return file_evidence(collected)
