"""The CI gate: its safe default, --fail-on none, --no-gate, and how the results file and the reports show it.

The default matters because CI runs baomi with the options someone remembered to write: with none, an
F-grade estate with critical failures must not be a green build (docs/scoring.md, "The gate").
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from baomi import gate
from baomi.catalog import Catalog, load_catalog
from baomi.cli import cli
from baomi.gate import DEFAULT_FAIL_ON, GatePolicy, GateReason, GateResult, evaluate, policy_from_options
from baomi.i18n import text
from baomi.model import SOURCE_ERROR_CHECK, Finding, Severity, Status

ROOT = Path(__file__).resolve().parent.parent
INSECURE = ROOT / "examples" / "terraform" / "aws-insecure"
HARDENED = ROOT / "examples" / "terraform" / "aws-hardened"
#: what a run without a gate says, as its last line
NOT_GATED = {lang: text("term_gate_none", lang) for lang in ("en", "zh")}
SEVERITY_HINT = {
    "en": "(--fail-on sets the threshold, --fail-on none turns it off)",
    "zh": "（--fail-on 可设置阈值，--fail-on none 可关闭此项）",
}


# ------------------------------------------------------------------------------------------ the policy


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _check_of(catalog: Catalog, severity: Severity) -> str:
    return next(c.id for c in catalog.checks if c.severity is severity)


def _finding(check_id: str, status: Status, resource: str = "aws_db_instance.customers") -> Finding:
    return Finding(check_id, status, "terraform", resource, status.value)


def test_the_default_policy_is_fail_on_high_with_errors_failing() -> None:
    assert DEFAULT_FAIL_ON is Severity.HIGH
    assert GatePolicy() == GatePolicy(fail_under=None, fail_on=Severity.HIGH, allow_errors=False)
    assert policy_from_options(None, None, False) == GatePolicy()


@pytest.mark.parametrize("option,threshold", [
    ("critical", Severity.CRITICAL), ("high", Severity.HIGH), ("medium", Severity.MEDIUM), ("low", Severity.LOW),
    ("none", None),
])
def test_fail_on_overrides_the_default_threshold(option: str, threshold: Severity | None) -> None:
    assert policy_from_options(80.0, option, True) == GatePolicy(fail_under=80.0, fail_on=threshold, allow_errors=True)


@pytest.mark.parametrize("severity,passed", [
    (Severity.CRITICAL, False), (Severity.HIGH, False), (Severity.MEDIUM, True), (Severity.LOW, True),
])
def test_default_gate_fails_on_high_and_critical_failures_only(catalog: Catalog, severity: Severity,
                                                               passed: bool) -> None:
    findings = [_finding(_check_of(catalog, severity), Status.FAIL),
                _finding(_check_of(catalog, Severity.LOW), Status.PASS, "aws_s3_bucket.logs")]
    result = evaluate(GatePolicy(), catalog, findings, score=50.0)
    if passed:
        assert result == GateResult(passed=True, reasons=())
    else:
        assert result == GateResult(False, (f"1 failure(s) at or above high {SEVERITY_HINT['en']}",),
                                    (GateReason("severity", {"count": 1, "severity": "high"}),))


def test_severity_reason_in_both_languages(catalog: Catalog) -> None:
    findings = [_finding(_check_of(catalog, Severity.CRITICAL), Status.FAIL),
                _finding(_check_of(catalog, Severity.HIGH), Status.FAIL)]
    assert evaluate(GatePolicy(), catalog, findings, 10.0, "zh").reasons == (
        f"2 项失败达到或高于「高」严重级别{SEVERITY_HINT['zh']}",)
    assert evaluate(GatePolicy(), catalog, findings, 10.0, "en").reasons == (
        f"2 failure(s) at or above high {SEVERITY_HINT['en']}",)


def test_suppressed_and_not_applicable_never_fail_the_default_gate(catalog: Catalog) -> None:
    critical = _check_of(catalog, Severity.CRITICAL)
    findings = [_finding(critical, Status.SUPPRESSED), _finding(critical, Status.NOT_APPLICABLE, "b"),
                _finding(critical, Status.PASS, "c")]
    assert evaluate(GatePolicy(), catalog, findings, 100.0) == GateResult(passed=True, reasons=())


def test_without_a_severity_threshold_errors_and_nothing_evaluated_still_fail(catalog: Catalog) -> None:
    policy = policy_from_options(None, "none", False)
    critical = _check_of(catalog, Severity.CRITICAL)
    assert evaluate(policy, catalog, [_finding(critical, Status.FAIL)], 0.0) == GateResult(True, ())
    with_error = [_finding(critical, Status.FAIL), _finding(SOURCE_ERROR_CHECK, Status.ERROR, "broken.tf")]
    assert evaluate(policy, catalog, with_error, 0.0) == GateResult(
        False, ("1 finding(s) could not be evaluated (use --allow-errors to accept)",),
        (GateReason("errors", {"count": 1}),))
    nothing = [_finding(critical, Status.SUPPRESSED)]
    assert evaluate(policy, catalog, nothing, None) == GateResult(
        False, ("nothing was evaluated: no resource, account or database baomi could judge was found",),
        (GateReason("nothing", {}),))


def test_not_gated_is_said_in_both_languages() -> None:
    assert NOT_GATED["en"] == "Gate: none requested (--no-gate); the findings do not decide the exit code"
    assert NOT_GATED["zh"] == "门禁：未设置门禁（--no-gate），检查结果不影响退出码"


def test_every_reason_is_said_in_both_languages_from_its_values() -> None:
    """A report in the other language than the scan's says the reasons in its own (the document keeps them as
    data); the score and the threshold are written as the run wrote them."""
    under = GateReason("under", {"score": 63.44, "limit": 80.0})
    assert gate.describe(under.code, under.values, "en") == "score 63.4 is under 80"
    assert gate.describe(under.code, under.values, "zh") == "得分 63.4 低于 80"
    assert gate.describe("severity_new", {"count": 2, "severity": "critical"}, "zh") == (
        "2 项基线中没有的新增失败达到或高于「严重」严重级别（--fail-on 可设置阈值）")
    codes = ("nothing", "unassessed", "under", "severity", "errors", "severity_new", "errors_new")
    for code in codes:
        assert text(f"gate_reason_{code}", "zh") and text(f"gate_reason_{code}", "en")


# --------------------------------------------------------------------------- real scans of the examples


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    document: dict[str, Any]
    html: str


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gate")


@pytest.fixture(scope="module")
def scan(out_dir: Path) -> Callable[..., Run]:
    """Scan once per (example, options), writing the JSON and HTML reports."""
    done: dict[tuple[str, ...], Run] = {}

    def run_scan(example: Path, *options: str) -> Run:
        key = (example.name, *options)
        if key not in done:
            stem = out_dir / "_".join(part.strip("-") for part in key)
            code, out, err = _run("scan", str(example), "--lang", "en", *options,
                                  "--format", f"json:{stem}.json", "--format", f"html:{stem}.html")
            document = json.loads(Path(f"{stem}.json").read_text(encoding="utf-8"))
            done[key] = Run(code, out, err, document, Path(f"{stem}.html").read_text(encoding="utf-8"))
        return done[key]

    return run_scan


def _severe_failures(document: dict[str, Any]) -> int:
    return sum(1 for f in document["findings"] if f["status"] == "fail" and f["severity"] in ("high", "critical"))


def test_insecure_example_fails_the_default_gate(scan: Callable[..., Run]) -> None:
    run = scan(INSECURE)
    assert run.code == 1, run.err
    assert run.document["grade"] == "F"
    assert any(f["status"] == "fail" and f["severity"] == "critical" for f in run.document["findings"])
    severe = _severe_failures(run.document)
    reason = f"{severe} failure(s) at or above high {SEVERITY_HINT['en']}"
    assert run.document["gate"] == {"passed": False, "reasons": [reason], "details": [
        {"code": "severity", "values": {"count": severe, "severity": "high"}}]}
    assert f"Gate: FAILED: {reason}" in run.out
    assert _gate_card(run.html) == GateCard("failed", "big gate-failed", "✘ failed", [reason], "")


def test_insecure_example_with_fail_on_none_passes(scan: Callable[..., Run]) -> None:
    run = scan(INSECURE, "--fail-on", "none")
    assert run.code == 0, run.err
    assert run.document["gate"] == {"passed": True, "reasons": [], "details": []}  # it has no unevaluated finding
    assert _gate_card(run.html) == GateCard("passed", "big gate-passed", "✔ passed", [], "")


def test_insecure_example_fail_on_critical_counts_only_critical(scan: Callable[..., Run]) -> None:
    run = scan(INSECURE, "--fail-on", "critical")
    critical = sum(1 for f in run.document["findings"] if f["status"] == "fail" and f["severity"] == "critical")
    assert run.code == 1 and critical > 0
    assert run.document["gate"]["reasons"] == [f"{critical} failure(s) at or above critical {SEVERITY_HINT['en']}"]


def test_insecure_example_with_no_gate_exits_0_and_is_shown_neutrally(scan: Callable[..., Run]) -> None:
    run = scan(INSECURE, "--no-gate")
    assert run.code == 0, run.err
    assert run.document["gate"] is None
    assert "Gate: FAILED" not in run.out and "Gate: passed" not in run.out
    assert run.out.rstrip().splitlines()[-1] == NOT_GATED["en"]
    assert _gate_card(run.html) == GateCard("none", "big gate-none", "no gate requested", [],
                                            "the findings did not decide the exit code")


@pytest.mark.parametrize("options", [(), ("--fail-on", "none")])
def test_hardened_example_passes_the_default_gate(scan: Callable[..., Run], options: tuple[str, ...]) -> None:
    run = scan(HARDENED, *options)
    assert run.code == 0, run.err
    assert run.document["gate"] == {"passed": True, "reasons": [], "details": []}
    assert run.out.rstrip().splitlines()[-1] == "Gate: passed"
    assert _gate_card(run.html) == GateCard("passed", "big gate-passed", "✔ passed", [], "")


def test_hardened_example_with_no_gate(scan: Callable[..., Run]) -> None:
    run = scan(HARDENED, "--no-gate")
    assert run.code == 0, run.err
    assert run.document["gate"] is None
    assert _gate_card(run.html).state == "none"


def test_report_shows_the_gate_recorded_in_the_file(scan: Callable[..., Run], out_dir: Path) -> None:
    """``baomi report`` renders the recorded verdict; it never gates again with its own defaults."""
    scan(INSECURE)
    scan(INSECURE, "--no-gate")
    for stem, expected in (("aws-insecure", "failed"), ("aws-insecure_no-gate", "none")):
        for lang, none_text in (("en", "no gate requested"), ("zh", "未设置门禁")):
            code, html, _ = _run("report", str(out_dir / f"{stem}.json"), "--format", "html", "--lang", lang)
            card = _gate_card(html)
            assert code == 0 and card.state == expected
            if expected == "none":
                assert (card.verdict_class, card.verdict) == ("big gate-none", none_text)
            else:
                assert card.verdict_class == "big gate-failed" and card.reasons  # the reasons as recorded (en)


def test_no_gate_with_a_gate_option_is_a_usage_error() -> None:
    for options in (("--no-gate", "--fail-on", "high"), ("--fail-on", "none", "--no-gate"),
                    ("--no-gate", "--fail-under", "80"), ("--allow-errors", "--no-gate")):
        code, _, err = _run("scan", str(HARDENED), *options)
        flag = next(o for o in options if o != "--no-gate" and o.startswith("--"))
        assert code == 2
        assert err == (f"baomi: error: --no-gate turns the gate off and cannot be combined with {flag} "
                       f"(--no-gate 表示不设门禁，不能与 {flag} 同时使用)\n")


def test_no_gate_also_when_nothing_was_evaluated(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing for baomi here", encoding="utf-8")
    assert _run("scan", str(tmp_path))[0] == 1
    code, out, _ = _run("scan", str(tmp_path), "--no-gate", "--lang", "zh")
    assert code == 0 and out.rstrip().splitlines()[-1] == NOT_GATED["zh"]


def test_merge_applies_the_default_gate_and_no_gate(scan: Callable[..., Run], out_dir: Path) -> None:
    scan(INSECURE, "--no-gate")
    source, merged = out_dir / "aws-insecure_no-gate.json", out_dir / "merged.json"
    code, _, _ = _run("merge", str(source), "-o", str(merged), "--lang", "en")
    document = json.loads(merged.read_text(encoding="utf-8"))
    assert code == 1 and document["gate"]["passed"] is False
    reason = f"{_severe_failures(document)} failure(s) at or above high {SEVERITY_HINT['en']}"
    assert document["gate"]["reasons"] == [reason]
    code, out, _ = _run("merge", str(source), "-o", str(merged), "--no-gate", "--lang", "en")
    assert code == 0 and json.loads(merged.read_text(encoding="utf-8"))["gate"] is None
    assert out.rstrip().splitlines()[-1] == NOT_GATED["en"]
    code, _, err = _run("merge", str(source), "-o", str(merged), "--no-gate", "--fail-on", "low")
    assert code == 2 and "cannot be combined with --fail-on" in err


# ------------------------------------------------------------------------------------ the HTML gate card


@dataclass(frozen=True)
class GateCard:
    state: str  # data-gate: passed | failed | none
    verdict_class: str
    verdict: str
    reasons: list[str]
    detail: str


class _GateCardParser(HTMLParser):
    """The card with id="gate": its data-gate, the verdict line (class, text), reasons and detail line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.state = ""
        self.parts: dict[str, list[str]] = {"big": [], "li": [], "muted": []}
        self.classes: list[str] = []
        self._depth = 0  # open <div>s inside the card
        self._into: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if attributes.get("id") == "gate":
            self.state, self._depth = attributes["data-gate"], 1
            return
        if not self._depth:
            return
        if tag == "div":
            self._depth += 1
            css = attributes.get("class", "").split()
            if "big" in css:
                self.classes.append(attributes["class"])
                self._into = "big"
            elif "muted" in css:
                self._into = "muted"
        elif tag == "li":
            self.parts["li"].append("")
            self._into = "li"

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag in ("div", "li"):
            self._depth -= tag == "div"
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._depth and self._into:
            if self._into == "li":
                self.parts["li"][-1] += data
            else:
                self.parts[self._into].append(data)


def _gate_card(html: str) -> GateCard:
    parser = _GateCardParser()
    parser.feed(html)
    parser.close()
    [verdict_class] = parser.classes
    return GateCard(parser.state, verdict_class, "".join(parser.parts["big"]).strip(), parser.parts["li"],
                    "".join(parser.parts["muted"]).strip())


def test_a_scan_of_errors_alone_evaluated_nothing_even_with_allow_errors() -> None:
    errors = [Finding("CKV_AWS_16", Status.ERROR, "aws", f"arn:aws:rds:cn-north-1:1:db:{n}", "endpoint unreachable")
              for n in range(3)]
    result = evaluate(GatePolicy(fail_on=None, allow_errors=True), load_catalog(), errors, None)
    assert not result.passed
    assert result.reasons == ("nothing was evaluated: no resource, account or database baomi could judge was found",)
