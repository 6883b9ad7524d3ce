"""Checks on attestations: an attestation holds when it is current and its evidence is intact; a quantified
target (a seed's 90%, 95%, yearly) holds when the attested figure meets it.

Every attestation check is judged for currency and evidence (``validity.py``); the checks with a target also
have a function registered here, discovered from the modules of this package (``targets.py``).
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from baomi.checks.registry import CheckRegistry
from baomi.model import Verdict
from baomi.settings import Settings
from baomi.sources.attestations import Attestation

#: judges the attested figures of the newest current attestation of its check
Target = Callable[[Attestation, Settings, _dt.date], Verdict]

REGISTRY: CheckRegistry[Target] = CheckRegistry("attestation", __name__)
