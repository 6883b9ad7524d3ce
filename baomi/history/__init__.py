"""The history of scans, in a database (docs/history.md): SQLite by default (``.baomi/history.db``), or a shared
PostgreSQL database.

- ``location.py``: what ``--history`` names, checked without importing a database library;
- ``schema.py``: the tables (SQLAlchemy Core), created and changed by the Alembic migrations of
  ``migrations/``, applied by ``database.py`` whenever a database is opened;
- ``fingerprint.py``: what makes two findings of two scans the same finding;
- ``store.py``: ``record(document, url)`` after a scan, ``runs`` and ``run`` to read them back;
- ``diff.py``: what changed between two scans, runs or results files;
- ``trend.py``: scores per quarter, per framework and per clause (``baomi trend``).

Importing this package imports neither SQLAlchemy nor Alembic: ``baomi --help`` stays instant.
"""
