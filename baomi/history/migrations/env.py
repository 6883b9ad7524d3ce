"""Alembic's environment: migrate the connection ``baomi.history.database.migrate`` hands over, inside its
transaction (which holds the lock that keeps two processes from migrating at once)."""
from __future__ import annotations

from alembic import context

from baomi.history.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by alembic's command line, which baomi does not use
    raise RuntimeError("the history migrations run through baomi.history.database.migrate(), with a connection")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  transactional_ddl=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
