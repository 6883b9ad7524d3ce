"""The history database's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

This is the schema the code reads and writes; the migrations in ``migrations/versions/`` create and change
it, and ``tests/test_history.py`` checks that the migrated database and these tables agree. Times are UTC,
stored without a time zone. Every table but ``runs``, ``finding_keys`` and ``blobs`` hangs off a run and is
deleted with it.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

#: constraint names the same on both engines, so that a migration can name what it changes
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


#: SQLite keeps a table with a composite primary key in that key's order, without a second copy of it
_COMPACT: dict[str, Any] = {"sqlite_with_rowid": False}


def _run_id() -> Column[int]:
    return Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)


#: one row per recorded scan: when, who and where from, with what, and its overall result
runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scanned_at", DateTime, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("user_name", String(200)),
    Column("host", String(255)),
    Column("ci_job", String(500)),
    Column("tool_version", String(50), nullable=False),
    Column("catalog_version", String(100)),
    Column("document_version", String(10), nullable=False),
    Column("fingerprint_version", Integer, nullable=False),
    Column("settings_digest", String(64)),
    Column("score", Float),
    Column("grade", String(4), nullable=False),
    Column("controls_assessed", Integer, nullable=False),
    Column("controls_mapped", Integer, nullable=False),
    Column("clauses_evidenced", Integer),
    Column("clauses_applicable", Integer),
    Column("count_pass", Integer, nullable=False),
    Column("count_fail", Integer, nullable=False),
    Column("count_error", Integer, nullable=False),
    Column("count_suppressed", Integer, nullable=False),
    Column("count_not_applicable", Integer, nullable=False),
    Column("gate_passed", Boolean),  # null: no gate
    Column("gate_reasons", JSON),
    Column("gate_details", JSON),  # null: no gate, or a document before 1.2
    Column("profile", JSON),
)
Index(None, runs.c.scanned_at)

#: what a run scanned, in the order of the document
run_targets = Table(
    "run_targets", metadata,
    _run_id(),
    Column("position", Integer, primary_key=True),
    Column("source", String(50), nullable=False),
    Column("target", Text, nullable=False),
    Column("root", JSON),  # the document's root of a scanned path (1.2); null before, and for a live target
    **_COMPACT,
)

framework_scores = Table(
    "framework_scores", metadata,
    _run_id(),
    Column("framework_id", String(100), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("kind", String(50)),
    Column("version", String(200)),
    Column("score", Float),
    Column("grade", String(4)),
    Column("status", String(20), nullable=False),
    Column("controls_assessed", Integer, nullable=False),
    Column("controls_mapped", Integer, nullable=False),
    Column("clauses_evidenced", Integer),
    Column("clauses_applicable", Integer),
    **_COMPACT,
)

clause_scores = Table(
    "clause_scores", metadata,
    _run_id(),
    Column("framework_id", String(100), primary_key=True),
    Column("clause_id", String(100), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("score", Float),
    Column("status", String(20), nullable=False),
    Column("compliance", String(30)),  # null in a 1.0 document
    Column("controls_evidenced", Integer),
    Column("controls_mapped", Integer),
    Column("risk_accepted", Integer),
    **_COMPACT,
)

control_scores = Table(
    "control_scores", metadata,
    _run_id(),
    Column("control_id", String(100), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("score", Float),
    Column("status", String(20), nullable=False),
    **_COMPACT,
)

#: one row per fingerprint ever recorded (fingerprint.py), with the texts of the first run that had it
finding_keys = Table(
    "finding_keys", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fingerprint", String(64), nullable=False, unique=True),
    Column("check_id", String(200), nullable=False),
    Column("source", String(50), nullable=False),
    Column("resource", Text, nullable=False),
    Column("file", Text),
    Column("account", String(50)),
    Column("region", String(50)),
    Column("message", Text, nullable=False),
    Column("suppression", Text),
)

#: every finding of a run. A text column is null where the run's text is its key's (most runs repeat the one
#: before), and holds the run's own text where it differs ("" for a file or suppression the run did not have)
findings = Table(
    "findings", metadata,
    _run_id(),
    Column("position", Integer, primary_key=True),
    Column("key_id", Integer, ForeignKey("finding_keys.id"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("severity", String(10)),
    Column("line", Integer),
    Column("end_line", Integer),
    Column("resource", Text),
    Column("file", Text),
    Column("message", Text),
    Column("suppression", Text),
    **_COMPACT,
)
Index(None, findings.c.key_id)

#: the attestations judged in a run (the document's ``attestations``)
attestations = Table(
    "attestations", metadata,
    _run_id(),
    Column("position", Integer, primary_key=True),
    Column("check_id", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("owner", Text),
    Column("role", Text),
    Column("statement", Text),
    Column("done", Date),
    Column("expires", Date),
    Column("evidence", Text),
    **_COMPACT,
)

#: the waivers in force in a run (the waivers file given to the scan)
waivers = Table(
    "waivers", metadata,
    _run_id(),
    Column("position", Integer, primary_key=True),
    Column("check_id", String(200), nullable=False),
    Column("resource", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("expires", Date, nullable=False),
    Column("approved_by", Text, nullable=False),
    **_COMPACT,
)

#: content-addressed files (migration 0002): the parts of a run's results document and the evidence the scan read
#: (docs/evidence.md), each stored once however many runs have it; ``content`` is zlib-compressed
blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),  # of the content before compression
    Column("size", Integer, nullable=False),  # before compression
    Column("content", LargeBinary, nullable=False),
)

#: the files of a run, each on its blob: ``results/<part>.json`` (the results document in parts), ``run/…`` (what
#: the run was made with), ``inputs/…``, ``facts/…``, ``attestations/…`` (its evidence), in order
run_files = Table(
    "run_files", metadata,
    _run_id(),
    Column("position", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
    **_COMPACT,
)
