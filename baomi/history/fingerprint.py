"""The findings' fingerprints, for the history: the recipe lives in ``baomi/fingerprint.py``, below every layer
that needs it (the history, the baseline, the report formats); these are the same names."""
from __future__ import annotations

from baomi.fingerprint import (
    FINGERPRINT_VERSION,
    PATH_TARGETS,
    Root,
    fingerprint,
    fingerprints,
    identity,
    relative,
    roots,
)

__all__ = ["FINGERPRINT_VERSION", "PATH_TARGETS", "Root", "fingerprint", "fingerprints", "identity", "relative",
           "roots"]
