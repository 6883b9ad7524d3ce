"""Live database servers as a source: one connection per DSN, read-only queries, then the checks."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from baomi.catalog import CheckSpec
from baomi.model import Finding
from baomi.settings import Settings
from baomi.sources.database.dsn import checked_ssl_mode, parse_dsn, password_for
from baomi.sources.database.registry import run_checks


@dataclass(frozen=True)
class LiveDatabaseSource:
    dsns: tuple[str, ...]
    sslmode: str | None = None
    ssl_ca: str | None = None
    name: str = "database"

    def collect(self, checks: Iterable[CheckSpec], settings: Settings) -> list[Finding]:
        """Findings of every server; SourceError (one line, no password) when one cannot be reached."""
        sslmode = checked_ssl_mode(self.sslmode)
        targets = [parse_dsn(text) for text in self.dsns]  # all DSNs valid before any connection
        specs = list(checks)
        findings: list[Finding] = []
        for dsn in targets:
            relevant = [c for c in specs if c.engine == dsn.engine]
            if not relevant:
                continue
            if dsn.engine == "postgresql":
                from baomi.checks.postgresql import REGISTRY
                from baomi.sources.database.postgresql_live import read_facts
            else:
                from baomi.checks.mysql import REGISTRY
                from baomi.sources.database.mysql_live import read_facts
            facts = read_facts(dsn, password_for(dsn), sslmode, self.ssl_ca)
            findings.extend(run_checks(REGISTRY, relevant, facts, settings, dsn.engine))
        return findings
