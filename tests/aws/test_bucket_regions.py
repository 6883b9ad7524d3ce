"""Where each bucket is: ListBuckets asks for a page size, so S3 answers with each bucket's BucketRegion and no
GetBucketLocation call is made; where the answer lacks it (moto 5.2 never sends it), the buckets are located
with GetBucketLocation, once each. moto's ListBuckets is answered here, for that one operation, as S3 answers
a request that names MaxBuckets (the same hook as stubs.enabled_standards)."""
from __future__ import annotations

import datetime as dt

import pytest

from baomi.catalog import load_catalog
from baomi.sources.aws.collectors.s3 import PAGE_SIZE
from tests.support.recording import Recorder

from . import stubs
from .conftest import scan

pytestmark = pytest.mark.aws

#: the insecure estate's buckets and their regions (tests/aws/estate.py)
REGIONS = {"insecure-open-us-east-1": "us-east-1", "insecure-trail-us-east-1": "us-east-1",
           "insecure-customers-ap-east-1": "ap-east-1", "insecure-statements-ap-east-1": "ap-east-1"}


#: the query strings ListBuckets was sent with (its before-call handler answers it, so Recorder never sees it)
LISTED_WITH: list[dict[str, object]] = []


def _with_regions(account: str | None, region: str, service: str, client) -> None:  # type: ignore[no-untyped-def]
    if service == "s3":
        client.meta.events.register("before-call.s3.ListBuckets",
                                    lambda params, **_: LISTED_WITH.append(dict(params["query_string"])))
        created = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        stubs.answer(client, "ListBuckets", {"Owner": {"ID": "owner"}, "Buckets": [
            {"Name": name, "CreationDate": created, "BucketRegion": where} for name, where in REGIONS.items()]})


def _versioning():
    return tuple(c for c in load_catalog().checks_for("aws") if c.id == "AWS_S3_VERSIONING")


def test_bucket_region_from_the_listing_saves_every_location_call(moto, insecure):
    recorder = Recorder(extra=[_with_regions])
    findings = scan(insecure, moto, _versioning(), recorder=recorder)
    assert {(f.resource.rpartition(":")[2], f.region) for f in findings} == set(REGIONS.items())
    operations = [(c.service, c.operation) for c in recorder.calls if c.service == "s3"]
    assert operations == [("s3", "GetBucketVersioning")] * 4
    assert LISTED_WITH == [{"max-buckets": PAGE_SIZE}]


def test_buckets_the_listing_does_not_place_are_located_once_each(moto, insecure):
    recorder = Recorder()
    findings = scan(insecure, moto, _versioning(), recorder=recorder)
    assert {(f.resource.rpartition(":")[2], f.region) for f in findings} == set(REGIONS.items())
    located = [c.params["context"]["s3_redirect"]["params"]["Bucket"] for c in recorder.calls
               if c.operation == "GetBucketLocation"]
    assert sorted(located) == sorted(REGIONS)
