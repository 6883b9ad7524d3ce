"""MySQL / MariaDB checks: one module per area, each check a function registered under its catalog ID.

The same functions judge a live server and its option files (``baomi.sources.database.facts``).
"""
from baomi.checks.mysql import accounts, audit, server, tls  # noqa: F401  (importing registers the checks)
from baomi.checks.mysql.registry import REGISTRY

__all__ = ["REGISTRY"]
