"""MySQL / MariaDB checks: one module per area, each check a function registered under its catalog ID.

The same functions judge a live server and its configuration files (``baomi.sources.database.snapshot``).
The modules of this package are discovered by ``REGISTRY``.
"""
from baomi.checks.database import CheckFunction
from baomi.checks.registry import CheckRegistry

REGISTRY: CheckRegistry[CheckFunction] = CheckRegistry("mysql", __name__)
