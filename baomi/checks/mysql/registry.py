"""The registry of MySQL / MariaDB check functions (filled by the modules of this package)."""
from baomi.sources.database.registry import CheckRegistry

REGISTRY = CheckRegistry("mysql")
