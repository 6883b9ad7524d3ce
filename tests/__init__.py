"""The test suite, a package so that tests and benchmarks import the server helpers as ``tests.support``."""
