"""Alembic's migration environment of the history database (``env.py``) and its versioned migrations
(``versions/``). Run by ``baomi.history.database.migrate``; no alembic.ini is needed (docs/history.md)."""
