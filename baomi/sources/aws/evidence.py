"""The facts of the AWS accounts a scan read, for the evidence bundle: every memoised answer (per fact, region and
arguments) as collected, or why it could not be read, secrets redacted (``baomi.redaction``, docs/evidence.md)."""
from __future__ import annotations

import json
from typing import Any

from baomi.model import EvidenceFile
from baomi.redaction import json_bytes, redacted
from baomi.sources.aws.errors import Unreadable
from baomi.sources.aws.estate import Estate
from baomi.sources.evidence import safe_name


def account_evidence(estate: Estate) -> list[EvidenceFile]:
    """``facts/aws-<account>.json`` per account the checks read, its facts sorted by name, region, arguments."""
    out = []
    for account, cache in sorted(estate.fetched().items()):
        entries = []
        for key, value, failure in cache.settled():
            name, region, args = key if isinstance(key, tuple) and len(key) == 3 else (str(key), None, ())
            entry: dict[str, Any] = {"fact": name, "region": region, "arguments": redacted(args)}
            if failure is None:
                entry["value"] = redacted(value)
            else:
                reason = failure.reason if isinstance(failure, Unreadable) else type(failure).__name__
                entry["error"] = redacted(reason)
            entries.append(entry)
        entries.sort(key=lambda e: (e["fact"], e["region"] or "", json.dumps(e["arguments"], sort_keys=True)))
        out.append(EvidenceFile(f"facts/aws-{safe_name(account)}.json", json_bytes(
            {"source": "aws", "account": account, "facts": entries}, redact=False)))
    return out
