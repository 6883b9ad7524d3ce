"""The canonical results document itself (docs/results-format.md), from which every other report can be
rendered again later: ``baomi report results.json --format html``."""
from __future__ import annotations

import json
from typing import Any


class JsonFormat:
    name = "json"
    extension = "json"

    def render(self, result: dict[str, Any], lang: str) -> str:
        """The document as is: ``lang`` does not apply, every text field already holds both languages."""
        return json.dumps(result, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


FORMAT = JsonFormat()
