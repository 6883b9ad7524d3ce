"""MySQL / MariaDB as a source: option files (my.cnf) and a live server (read-only)."""
