"""PostgreSQL checks: one module per area, each check a function registered under its catalog ID.

The same functions judge a live server and its configuration files (``baomi.sources.database.facts``).
"""
from baomi.checks.postgresql import audit, auth, hba, server, tls  # noqa: F401  (importing registers the checks)
from baomi.checks.postgresql.registry import REGISTRY

__all__ = ["REGISTRY"]
