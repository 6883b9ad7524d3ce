"""No credential (access key, secret key, session token, external ID) appears in findings, errors or logs."""
from __future__ import annotations

import logging

import pytest

from baomi.catalog import load_catalog
from baomi.pipeline import judge
from baomi.settings import Settings
from baomi.sources.aws import AwsOptions, AwsSource
from baomi.sources.interface import SourceError
from tests.support.recording import Recorder

from . import stubs
from .conftest import BASE_ACCESS_KEY, BASE_SECRET_KEY, scan
from .faults import Inject

pytestmark = pytest.mark.aws
EXTERNAL_ID = "baomi-external-id-do-not-print"


def test_no_secret_in_findings_errors_or_logs(moto, hardened, insecure, caplog):
    caplog.set_level(logging.DEBUG, logger="baomi")
    denied = Inject("kms", "GetKeyRotationStatus", 403, "AccessDenied", times=None)  # some error messages too
    recorder = Recorder(extra=[stubs.enabled_standards, stubs.analyzers_and_backup_selections, denied])
    checks = load_catalog().checks_for("aws")
    findings = scan(hardened, moto, checks, recorder=recorder, external_id=EXTERNAL_ID)
    findings += scan(insecure, moto, checks, recorder=recorder, external_id=EXTERNAL_ID)
    expired = Inject("sts", "GetCallerIdentity", 403, "InvalidClientTokenId")
    with pytest.raises(SourceError) as failure:
        judge(AwsSource(AwsOptions(endpoint_url=moto.url), on_client=expired), checks, Settings())

    secrets = recorder.credentials | {BASE_ACCESS_KEY, BASE_SECRET_KEY, EXTERNAL_ID}
    assert len(recorder.credentials) >= 8, "base keys plus key, secret and token of each assumed role"
    assert any("AccessDenied on kms:GetKeyRotationStatus" in f.message for f in findings)
    output = "\n".join(repr(f) for f in findings) + str(failure.value) + caplog.text
    assert [s for s in secrets if s in output] == []
