"""Four quarters of history, made by scanning one tree as it changes over 2026 (the quarterly report's tests on
SQLite and PostgreSQL). No pytest here.

The tree starts as examples/terraform/aws-insecure; each step copies some files of aws-hardened over it (and
in the fourth quarter puts the insecure storage.tf back: a regression), is scanned through the library with the
step's waivers (judged on the step's day) and recorded with the step's scan time. The last step also carries
the example attestations (examples/attestations, reviewed on 2026-11-29).
"""
from __future__ import annotations

import datetime as dt
import functools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.history import EXAMPLES, ROOT

ATTESTATIONS = ROOT / "examples" / "attestations" / "attestations.yaml"


@dataclass(frozen=True)
class Step:
    scanned_at: str
    #: files of aws-hardened in the tree (the rest are aws-insecure's)
    hardened: tuple[str, ...]
    #: (check, resource, expires, approved by) of the waivers in force
    waivers: tuple[tuple[str, str, str, str], ...] = ()
    attestations: bool = False


_FIXED_BY_Q3 = ("database.tf", "network.tf", "iam.tf", "storage.tf", "kms.tf")
STEPS = (
    Step("2026-02-16T09:00:00Z", ()),
    Step("2026-04-10T09:00:00Z", ()),
    Step("2026-05-15T09:00:00Z", ("database.tf", "network.tf")),
    Step("2026-08-14T09:00:00Z", _FIXED_BY_Q3,
         waivers=(("CKV_AWS_67", "aws_cloudtrail.audit", "2027-06-30", "王芳 (CCO)"),)),
    Step("2026-11-29T06:00:00Z",  # storage.tf back to the insecure one: a regression
         ("database.tf", "network.tf", "iam.tf", "kms.tf", "logging.tf", "compute.tf", "variables.tf", "providers.tf"),
         waivers=(("CKV_AWS_67", "aws_cloudtrail.audit", "2027-06-30", "王芳 (CCO)"),
                  ("CKV2_AWS_61", "aws_s3_bucket.documents", "2026-12-20", "李强 (CISO)"),
                  ("BAOMI_AWS_DATA_CLASSIFICATION_TAG", "aws_s3_bucket.documents", "2026-11-01", "李强 (CISO)")),
         attestations=True),
)


def _waivers(step: Step) -> tuple[Any, ...]:
    from baomi.waivers import Waiver

    return tuple(Waiver(check, resource, "accepted for the quarterly-report fixture", dt.date.fromisoformat(expires),
                        approver) for check, resource, expires, approver in step.waivers)


@functools.lru_cache(maxsize=1)
def documents() -> tuple[tuple[Step, dict[str, Any]], ...]:
    """Each step with the results document of its scan (the same tree path every time), made once per process."""
    from baomi import pipeline
    from baomi.catalog import load_catalog
    from baomi.settings import Settings

    tree = Path(tempfile.mkdtemp(prefix="baomi-quarters-")) / "infra"
    tree.mkdir()
    out = []
    for step in STEPS:
        for source in (EXAMPLES / "aws-insecure").iterdir():
            shutil.copyfile(source, tree / source.name)
        for name in step.hardened:
            shutil.copyfile(EXAMPLES / "aws-hardened" / name, tree / name)
        settings = Settings(attestations=str(ATTESTATIONS)) if step.attestations else Settings()
        inputs = pipeline.ScanInputs(paths=(tree,), settings=settings)
        request = pipeline.AssessmentRequest(pipeline.plan(inputs), load_catalog(), settings=settings,
                                             waivers=_waivers(step), gate=None,
                                             today=dt.date.fromisoformat(step.scanned_at[:10]))
        document = pipeline.assess(request).document
        out.append((step, {**document, "scanned_at": step.scanned_at}))
    return tuple(out)


def record(url: str) -> list[int]:
    """Record the steps into the history ``url``; their run IDs."""
    from baomi.history import store
    from baomi.history.context import RunContext

    return [store.record(document, url, RunContext(user="fixture", waivers=_waivers(step)))
            for step, document in documents()]
