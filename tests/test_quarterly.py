"""The quarterly report (``baomi report quarterly``, docs/quarterly.md) of four quarters of history: a tree scanned
as it changes over 2026 (tests/support/quarters.py), recorded into SQLite here and into PostgreSQL in
tests/db/test_history_postgresql.py. Every expected figure is computed here from the scans' own documents,
matching findings by check and resource (one tree), without baomi's fingerprints or timeline code."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from baomi.history.quarterly import Quarter
from tests.support import quarters
from tests.test_history import run

SLA = {"critical": 15, "high": 30, "medium": 90, "low": 180}
STATES = ("compliant", "partially_compliant", "non_compliant", "not_assessed", "not_applicable")


def _when(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")


def _open(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(f["check_id"], f["resource"]): f for f in document["findings"] if f["status"] in ("fail", "error")}


def _status(document: dict[str, Any], key: tuple[str, str]) -> str | None:
    return next((f["status"] for f in document["findings"] if (f["check_id"], f["resource"]) == key), None)


def _since(docs: list[dict[str, Any]], index: int, key: tuple[str, str]) -> dt.datetime:
    """When ``key``, open in docs[index], was first open in the streak that reaches docs[index]."""
    while index > 0 and key in _open(docs[index - 1]):
        index -= 1
    return _when(docs[index]["scanned_at"])


def _compliance(document: dict[str, Any]) -> dict[str, int]:
    return {s: sum(1 for fw in document["frameworks"] for cl in fw["clauses"] if cl["compliance"] == s)
            for s in STATES}


def _quarter_of(document: dict[str, Any]) -> str:
    return Quarter.of(_when(document["scanned_at"]).date()).name


def _last_of(docs: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    found = [d for d in docs if _quarter_of(d) == name]
    return found[-1] if found else None


def expected(name: str, as_of: dt.date, sla: dict[str, int] = SLA, notice: int = 90) -> dict[str, Any]:
    """What the report of quarter ``name`` must say, from the documents alone."""
    docs = [d for _, d in quarters.documents()]
    steps = [s for s, _ in quarters.documents()]
    q = Quarter.parse(name)
    upto = [d for d in docs if _when(d["scanned_at"]).date() <= q.last_day]
    now, before = _last_of(upto, name), _last_of(upto, q.previous().name)
    assert now is not None
    in_q = [i for i, d in enumerate(upto) if _quarter_of(d) == name]
    opened = closed = waived = 0
    durations = []
    for i in in_q:
        current, prior = _open(upto[i]), (_open(upto[i - 1]) if i else {})
        opened += len(set(current) - set(prior))
        for key in set(prior) - set(current):
            if _status(upto[i], key) == "suppressed":
                waived += 1
            else:
                closed += 1
                durations.append((_when(upto[i]["scanned_at"]) - _since(upto, i - 1, key)).total_seconds() / 86400)
    scanned = _when(now["scanned_at"])
    index = upto.index(now)
    still = _open(now)
    ages = {key: (scanned - _since(upto, index, key)).total_seconds() / 86400 for key in still}
    severities = ("critical", "high", "medium", "low")
    failed = [f for f in now["findings"] if f["status"] == "fail"]
    failed.sort(key=lambda f: (severities.index(f["severity"]), -ages[(f["check_id"], f["resource"])],
                               f["check_id"], f["resource"]))
    waivers_before = {(c, r) for c, r, *_ in (steps[docs.index(before)].waivers if before is not None else ())}
    seen = {}
    for i in in_q:
        for check, resource, expires, approver in steps[docs.index(upto[i])].waivers:
            seen[(check, resource)] = (expires, approver)
    waivers = {}
    for key, (expires, _) in seen.items():
        day = dt.date.fromisoformat(expires)
        waivers[key] = ("lapsed" if day < as_of else "expiring" if (day - as_of).days <= notice else
                        "new" if key not in waivers_before else "in_force")
    attestations = {}
    for a in now["attestations"]:
        day = dt.date.fromisoformat(a["expires"])
        attestations[a["check_id"]] = ("expired" if day < as_of else "due" if (day - as_of).days <= notice else
                                       "valid" if a["status"] == "pass" else "failed")
    return {
        "now": now, "before": before, "opened": opened, "closed": closed, "waived": waived,
        "mttr": None if not durations else round(sum(durations) / len(durations), 1),
        "open_by_severity": {s: sum(1 for k, f in still.items() if f["severity"] == s) for s in severities},
        "overdue_by_severity": {s: sum(1 for k, f in still.items() if f["severity"] == s and ages[k] > sla[s])
                                for s in severities},
        "top_risks": [(f["check_id"], f["resource"], int(ages[(f["check_id"], f["resource"])])) for f in failed[:10]],
        "waivers": waivers, "attestations": attestations,
        "trend_docs": {n: _last_of(upto, n) for n in ("2026Q1", "2026Q2", "2026Q3", "2026Q4")
                       if Quarter.parse(n) <= q},
    }


def assert_quarterly(url: str, workdir: Path) -> None:
    """The reports of 2026Q4 and 2026Q2 from the history ``url`` (recorded with quarters.record) say exactly what
    the documents say (shared with tests/db/test_history_postgresql.py)."""
    # 2026Q4 as of the day of its last scan (--as-of: the quarter may still run when the test does); 2026Q2, a past
    # quarter, is judged on its last day
    for name, as_of, args, runs_in_quarter in (("2026Q4", dt.date(2026, 11, 29), ("--as-of", "2026-11-29"), 1),
                                               ("2026Q2", dt.date(2026, 6, 30), (), 2)):
        want = expected(name, as_of)
        code, out, err = run("report", "quarterly", "--quarter", name, *args, "--history", url, "--json")
        assert code == 0, err
        got = json.loads(out)
        assert got["as_of"] == as_of.isoformat()
        now, before = want["now"], want["before"]
        assert got["series"]["runs_in_quarter"] == runs_in_quarter
        assert (got["now"]["score"], got["now"]["grade"], got["now"]["scanned_at"]) == (
            now["score"], now["grade"], now["scanned_at"])
        assert (got["before"]["score"], got["before"]["grade"]) == (before["score"], before["grade"])
        assert got["now"]["compliance"] == _compliance(now) and got["before"]["compliance"] == _compliance(before)
        assert got["now"]["evidence"] == {k: now["evidence"][k] for k in ("clauses_evidenced", "clauses_applicable")}
        for fw in got["frameworks"]:
            a = next(f for f in before["frameworks"] if f["id"] == fw["id"])
            b = next(f for f in now["frameworks"] if f["id"] == fw["id"])
            assert (fw["before"]["score"], fw["now"]["score"]) == (a["score"], b["score"])
            assert fw["delta"] == round(b["score"] - a["score"], 1)
        # every clause: now, before, changed, and its score in each quarter's last run
        clauses = {(c["framework"], c["id"]): c for c in got["clauses"]}
        assert len(clauses) == sum(len(fw["clauses"]) for fw in now["frameworks"])
        assert got["quarters"] == list(want["trend_docs"])
        for fw in now["frameworks"]:
            old = {cl["id"]: cl for cl in next(f for f in before["frameworks"] if f["id"] == fw["id"])["clauses"]}
            for cl in fw["clauses"]:
                c = clauses[(fw["id"], cl["id"])]
                assert (c["compliance"], c["score"]) == (cl["compliance"], cl["score"])
                assert (c["compliance_before"], c["score_before"]) == (old[cl["id"]]["compliance"],
                                                                       old[cl["id"]]["score"])
                assert c["changed"] == (cl["compliance"] != old[cl["id"]]["compliance"])
                assert c["trend"] == [next(x["score"] for f in d["frameworks"] if f["id"] == fw["id"]
                                           for x in f["clauses"] if x["id"] == cl["id"])
                                      for d in want["trend_docs"].values()]
        rem = got["remediation"]
        assert (rem["opened"], rem["closed"], rem["waived"], rem["mean_days_to_remediate"]) == (
            want["opened"], want["closed"], want["waived"], want["mttr"])
        assert rem["open_by_severity"] == want["open_by_severity"]
        assert rem["overdue_by_severity"] == want["overdue_by_severity"]
        assert [(r["check_id"], r["resource"], r["age_days"]) for r in got["top_risks"]] == want["top_risks"]
        assert {(w["check"], w["resource"]): w["state"] for w in got["waivers"]} == want["waivers"]
        assert {a["check_id"]: a["state"] for a in got["attestations"]} == want["attestations"]
        counts = {c["source"]: c["counts"] for c in got["coverage"]}
        assert sum(sum(c.values()) for c in counts.values()) == len(now["findings"])

    # the figures of this fixture, so that a change in the examples that empties them is noticed
    q4 = json.loads(run("report", "quarterly", "--quarter", "2026Q4", "--as-of", "2026-11-29", "--history", url,
                        "--json")[1])
    assert q4["now"]["score"] > q4["before"]["score"]
    # Q4: storage.tf's two failures are back (its third is waived), the three Q3 left open are fixed
    assert (q4["remediation"]["opened"], q4["remediation"]["closed"], q4["remediation"]["waived"]) == (2, 3, 0)
    q3 = json.loads(run("report", "quarterly", "--quarter", "2026Q3", "--history", url, "--json")[1])
    assert (q3["remediation"]["opened"], q3["remediation"]["closed"], q3["remediation"]["waived"]) == (0, 11, 1)
    assert sorted(w["state"] for w in q4["waivers"]) == ["expiring", "in_force", "lapsed"]
    assert "due" in {a["state"] for a in q4["attestations"]}
    assert any(c["changed"] for c in q4["clauses"])

    # the HTML says the same, in both languages; the PDF is printed with the headless browser
    for lang in ("en", "zh"):
        page = workdir / f"quarterly-{lang}.html"
        code, _, err = run("report", "quarterly", "--quarter", "2026Q4", "--history", url, "--lang", lang,
                           "-o", str(page))
        assert code == 0, err
        html = page.read_text(encoding="utf-8")
        change = f"{q4['now']['score'] - q4['before']['score']:.1f}"
        assert re.search(r'id="score-delta"><span class="up">\+' + re.escape(change), html)
        assert html.count('<svg class="spark"') == len(q4["clauses"])
        assert "<script" not in html and "http://" not in html and "https://" not in html


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("quarters") / "history.db")
    assert quarters.record(url) == [1, 2, 3, 4, 5]
    return url


def test_the_quarterly_report_of_four_quarters_on_sqlite(history: str, tmp_path: Path) -> None:
    assert_quarterly(history, tmp_path)


def test_a_quarter_without_runs_and_a_framework_not_assessed_are_one_line(history: str) -> None:
    code, _, err = run("report", "quarterly", "--quarter", "2025Q4", "--history", history)
    assert code == 2 and err.strip().endswith("no run recorded in 2025Q4 (see baomi history list)")
    code, _, err = run("report", "quarterly", "--quarter", "2026Q4", "--framework", "nist", "--history", history)
    assert code == 2 and "nist: not assessed by run 5" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("report", "quarterly", "--quarter", "2026-13", "--history", history)
    assert code == 2 and "--quarter: '2026-13' is not a quarter" in err


def test_one_framework(history: str) -> None:
    code, out, err = run("report", "quarterly", "--quarter", "2026Q4", "--framework", "csl", "--history", history,
                         "--json")
    assert code == 0, err
    got = json.loads(out)
    now = quarters.documents()[4][1]
    csl = next(fw for fw in now["frameworks"] if fw["id"] == "csl")
    assert [fw["id"] for fw in got["frameworks"]] == ["csl"]
    assert (got["now"]["score"], got["now"]["grade"]) == (csl["score"], csl["grade"])
    assert [c["id"] for c in got["clauses"]] == [cl["id"] for cl in csl["clauses"]]
    assert all(r["clauses"] and all(c.startswith("csl ") for c in r["clauses"]) for r in got["top_risks"])


def test_a_series_is_one_set_of_targets(history: str, tmp_path: Path) -> None:
    """A run of another tree in the quarter starts another series: the report of its quarter is about it alone."""
    from baomi.history import store
    from tests.support.history import scan

    history = str(shutil.copy(history, tmp_path / "history.db"))  # the module's history stays one series
    other = scan(quarters.EXAMPLES / "aws-hardened")
    store.record({**other, "scanned_at": "2026-12-01T00:00:00Z"}, history)
    code, out, err = run("report", "quarterly", "--quarter", "2026Q4", "--history", history, "--json")
    assert code == 0, err
    got = json.loads(out)
    assert got["now"]["run"] == 6 and got["before"] is None and got["series"]["runs_in_quarter"] == 1
    assert got["series"]["targets"] == [{"source": t["source"], "target": t["target"]} for t in other["targets"]]


def test_the_reading_commands_take_the_history_from_the_settings_file(history: str, tmp_path: Path) -> None:
    """``--config FILE`` (its ``history:``, relative to the file) for history list / show, diff, trend and the
    quarterly report, as ``baomi scan --config`` records there; ``--history`` wins."""
    settings = tmp_path / "conf" / "baomi.yaml"
    settings.parent.mkdir()
    settings.write_text(f"history: {Path(history).name}\n", encoding="utf-8")
    (settings.parent / Path(history).name).write_bytes(Path(history).read_bytes())
    code, out, err = run("history", "list", "--config", str(settings), "--json")
    assert code == 0, err
    assert [r["id"] for r in json.loads(out)][:5] == [1, 2, 3, 4, 5]
    for args in (("history", "show", "5"), ("trend",), ("diff", "4", "5"),
                 ("report", "quarterly", "--quarter", "2026Q3")):
        code, out, err = run(*args, "--config", str(settings), "--json")
        assert code == 0, (args, err)
    code, _, err = run("history", "list", "--config", str(settings), "--history", str(tmp_path / "none.db"))
    assert code == 2 and "none.db" in err  # --history wins, and a missing history is not created for reading
    settings.write_text("history: [1]\n", encoding="utf-8")
    code, _, err = run("trend", "--config", str(settings))
    assert code == 2 and err.startswith(f"baomi: error: {settings}") and len(err.strip().splitlines()) == 1


def test_the_deadlines_and_the_notice_days_come_from_the_settings_file(history: str, tmp_path: Path) -> None:
    """An institution's own remediation deadlines and notice days (settings ``remediation_days_*`` and
    ``expiry_notice_days``, given with --config) decide what is overdue, expiring and due, and the report says them."""
    sla = {"critical": 1, "high": 2, "medium": 3, "low": 400}
    settings = tmp_path / "baomi.yaml"
    settings.write_text("".join(f"remediation_days_{s}: {d}\n" for s, d in sla.items()) + "expiry_notice_days: 400\n",
                        encoding="utf-8")
    for name, as_of in (("2026Q2", dt.date(2026, 6, 30)), ("2026Q4", dt.date(2026, 11, 29))):
        code, out, err = run("report", "quarterly", "--quarter", name, "--as-of", as_of.isoformat(),
                             "--history", history, "--config", str(settings), "--json")
        assert code == 0, err
        got, want = json.loads(out), expected(name, as_of, sla, 400)
        assert got["remediation"]["sla_days"] == sla and got["horizon_days"] == 400
        assert got["remediation"]["overdue_by_severity"] == want["overdue_by_severity"]
        assert {(w["check"], w["resource"]): w["state"] for w in got["waivers"]} == want["waivers"]
        assert {a["check_id"]: a["state"] for a in got["attestations"]} == want["attestations"]
        assert [r["overdue"] for r in got["top_risks"]] == [
            r["age_days"] > sla[r["severity"]] for r in got["top_risks"]]
    # the figures differ from the defaults' (so the settings were read, not ignored): Q2's findings are overdue
    # sooner, Q4's waiver of CKV_AWS_67 and every attestation come due within 400 days
    q2, q4 = (expected("2026Q2", dt.date(2026, 6, 30), sla, 400), expected("2026Q4", dt.date(2026, 11, 29), sla, 400))
    assert q2["overdue_by_severity"] != expected("2026Q2", dt.date(2026, 6, 30))["overdue_by_severity"]
    assert q4["waivers"][("CKV_AWS_67", "aws_cloudtrail.audit")] == "expiring"
    assert set(q4["attestations"].values()) == {"due"}
    settings.write_text("remediation_days_high: -1\n", encoding="utf-8")
    code, _, err = run("report", "quarterly", "--quarter", "2026Q4", "--history", history, "--config", str(settings))
    assert code == 2 and "remediation_days_high" in err and len(err.strip().splitlines()) == 1
