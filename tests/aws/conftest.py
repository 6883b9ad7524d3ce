"""Fixtures: one real moto server per session, fake credentials, the two seeded estates, API-call recording."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from baomi.catalog import CheckSpec, load_catalog
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource
from tests.support.moto_server import MotoServer
from tests.support.recording import Recorder

from .estate import Estate, seed_hardened, seed_insecure

#: distinctive fake credentials, so that a leak into any output can be searched for
BASE_ACCESS_KEY = "AKIABAOMITESTKEY0001"
BASE_SECRET_KEY = "baomi/test/secret/key/do-not-print-0001"


@pytest.fixture(scope="session")
def fake_credentials() -> Iterator[None]:
    """The base account's fake credentials, and no profile, config file or endpoint of the machine."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", BASE_ACCESS_KEY)
        env.setenv("AWS_SECRET_ACCESS_KEY", BASE_SECRET_KEY)
        env.delenv("AWS_SESSION_TOKEN", raising=False)
        env.delenv("AWS_PROFILE", raising=False)
        env.delenv("AWS_ENDPOINT_URL", raising=False)
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        env.setenv("AWS_CONFIG_FILE", "/nonexistent/baomi-tests/config")
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/baomi-tests/credentials")
        yield


@pytest.fixture(scope="session")
def moto(fake_credentials: None) -> Iterator[MotoServer]:
    server = MotoServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def estates(moto: MotoServer) -> tuple[Estate, Estate]:
    """Hardened and insecure estates, each in its own account (seeded once; scans only read)."""
    return seed_hardened(moto.url), seed_insecure(moto.url)


@pytest.fixture(scope="session")
def hardened(estates: tuple[Estate, Estate]) -> Estate:
    return estates[0]


@pytest.fixture(scope="session")
def insecure(estates: tuple[Estate, Estate]) -> Estate:
    return estates[1]


@pytest.fixture(scope="session")
def aws_checks() -> tuple[CheckSpec, ...]:
    return load_catalog().checks_for("aws")


def scan(estate: Estate, moto: MotoServer, checks: tuple[CheckSpec, ...], settings: Settings | None = None,
         recorder: Recorder | None = None, **options: Any) -> list[Any]:
    """Findings of a scan of ``estate`` through its audit role, as ``baomi scan --aws --role-arn`` runs it."""
    opts = AwsOptions(**{"regions": estate.regions, "role_arns": (estate.role_arn,), "endpoint_url": moto.url,
                         **options})
    source = AwsSource(opts, on_client=recorder)
    return list(judge(source, checks, settings or Settings()))


@pytest.fixture(autouse=True)
def _aws_marker(request: pytest.FixtureRequest) -> None:
    """Every test in this folder needs the moto server: enforce the marker here too."""
    assert request.node.get_closest_marker("aws"), f"{request.node.nodeid} lacks @pytest.mark.aws"
