"""Server helpers shared by the tests and the benchmarks, free of pytest:

- ``tests.support.moto_server``: ``MotoServer``, a real moto server on a free port of 127.0.0.1 (a subprocess);
- ``tests.support.recording``: ``Recorder``, every API call the AWS source makes, through its client hook;
- ``tests.support.databases``: throwaway PostgreSQL 15 and MariaDB servers from the Debian binaries.

Tests import them as ``from tests.support import databases as servers`` or ``from tests.support.moto_server import
MotoServer``; a benchmark puts the repository root on ``sys.path`` first (see benchmarks/aws.py)."""
