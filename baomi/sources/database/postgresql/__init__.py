"""PostgreSQL as a source: postgresql.conf and pg_hba.conf files, and a live server (read-only)."""
