"""One row per clause of every framework scored, for the compliance register auditors keep in a spreadsheet:
its compliance (符合 / 部分符合 / 不符合 / 未评估 / 不适用), how many of its controls are evidenced, its score,
and the text it cites. Same encoding rules as the findings CSV (``reports/csv.py``)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baomi.reports import rendering as results
from baomi.reports.csv import writer_with_bom

COLUMNS = ("framework", "clause", "title", "compliance", "controls_evidenced", "controls", "score", "status",
           "obligation", "applicability", "risk_accepted", "source_location", "source_verified")


class ClausesCsvFormat:
    name = "clauses-csv"
    extension = "clauses.csv"

    def render(self, result: dict[str, Any], lang: str) -> str:
        results.check_lang(lang)
        labels = results.labels(lang)
        rows = [_row(fw, clause, labels, lang) for fw in result["frameworks"] for clause in fw["clauses"]]
        return writer_with_bom([list(COLUMNS), *rows])


def _row(fw: Mapping[str, Any], clause: Mapping[str, Any], labels: Mapping[str, str], lang: str) -> list[Any]:
    compliance = clause.get("compliance")  # absent in a 1.0 document
    evidenced = clause.get("evidenced")
    source = clause.get("source") or {}
    applicability = clause.get("applicability")
    return [
        fw["id"], clause["id"], results.localized(clause["title"], lang),
        labels.get(f"compliance_{compliance}", "") if compliance else "",
        f"{evidenced['controls']}/{evidenced['of']}" if evidenced else "",
        ";".join(clause["controls"]),
        "" if clause["score"] is None else clause["score"],
        clause["status"],
        labels.get(f"obligation_{clause.get('obligation')}", "") if clause.get("obligation") else "",
        results.localized(applicability, lang) if applicability else "",
        clause.get("risk_accepted", ""),
        source.get("location", ""),
        "" if not source else ("yes" if source["verified"] else "no"),
    ]


FORMAT = ClausesCsvFormat()
