"""Live database servers as a source: one connection per DSN, read-only queries, one snapshot each."""
from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from baomi.catalog import CheckSpec
from baomi.model import EvidenceFile
from baomi.settings import Settings
from baomi.sources.database.dsn import Dsn, checked_ssl_mode, parse_dsn, password_for, visible_password_warning
from baomi.sources.database.evidence import server_evidence
from baomi.sources.interface import Collected, EngineFacts


@dataclass(frozen=True)
class LiveDatabaseSource:
    dsns: tuple[str, ...]
    sslmode: str | None = None
    ssl_ca: str | None = None
    name: str = "database"
    #: every DSN parsed with its password, once prepare() ran (a list so the frozen source can fill it)
    _targets: list[tuple[Dsn, str | None]] = field(default_factory=list, init=False, repr=False, compare=False)

    def prepare(self) -> None:
        """Check every DSN and get every password (environment, or a prompt on the terminal) before
        anything runs: the CLI calls this before its progress line, which would hide a prompt.
        SourceError (one line, no password) for a bad DSN or sslmode. Runs once; collect() calls it
        if the caller did not."""
        if self._targets:
            return
        checked_ssl_mode(self.sslmode)
        targets = [parse_dsn(text) for text in self.dsns]  # all DSNs valid before any prompt or connection
        resolved = []
        for dsn in targets:
            warning = visible_password_warning(dsn)
            if warning:
                print(warning, file=sys.stderr)
            resolved.append((dsn, password_for(dsn)))
        self._targets.extend(resolved)

    def collect(self, checks: Sequence[CheckSpec], settings: Settings) -> Collected:
        """A snapshot of every server some selected check judges; SourceError (one line, no password) when
        one cannot be reached."""
        self.prepare()
        engines = {c.engine for c in checks}
        snapshots = []
        for dsn, password in self._targets:
            if dsn.engine not in engines:
                continue
            if dsn.engine == "postgresql":
                from baomi.sources.database.postgresql.server import read_facts
            else:
                from baomi.sources.database.mysql.server import read_facts
            snapshots.append(EngineFacts(dsn.engine, read_facts(dsn, password, self.sslmode, self.ssl_ca)))
        return Collected(tuple(snapshots))

    def evidence(self, collected: Collected) -> tuple[EvidenceFile, ...]:
        """Each server's facts as read (settings, roles or accounts, hba rules …), secrets redacted."""
        return server_evidence(collected)
