"""The history database's migrations, oldest first: ``v0001_initial.py``, then one file per change
(docs/history.md#migrations)."""
