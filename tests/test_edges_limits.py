"""Issue #14, time limits and the gate: a rule that does not finish is an error, never a pass the gate waves through;
each report has a time budget; the privacy checks do work linear in the report, so padding changes no verdict."""

from __future__ import annotations

import pytest

from auditor import limits
from auditor.engine import evaluate
from auditor.model import Source
from auditor.parsing import parse_document
from auditor.schema import Rule, RuleSet
from tests.conftest import seed

RUNAWAY = "(a|aa)+c"  # exponential backtracking on a run of a's without a c after it
# (the texts hold a c before the run: a report without any c would be ruled out by the literal prefilter)


def _runaway_rule(number: int, severity: str = "info") -> dict:
    return {"id": f"custom.slow-{number}", "title": f"慢规则{number}", "severity": severity, "weight": 1,
            "basis": "测试", "message": "m", "suggestion": "s",
            "check": {"kind": "pattern", "regex": RUNAWAY, "mode": "forbid"},
            "examples": {"pass": ["没有"], "fail": ["aac"]}}


def test_gate_fails_when_a_rule_runs_out_of_time(cli, tmp_path):
    """An info-level rule that times out is an error for the report: exit 1, not a pass (it was n/a, exit 0)."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("mode: replace\n", encoding="utf-8")
    rule = _runaway_rule(1)
    (pack / "slow.yaml").write_text(
        f"- id: {rule['id']}\n  title: 回溯过多\n  severity: info\n  weight: 1\n  basis: 测试\n  message: m\n"
        f"  suggestion: s\n  check: {{kind: pattern, regex: '{RUNAWAY}', mode: forbid}}\n"
        "  examples:\n    pass: [没有]\n    fail: [aac]\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text("关于2023年度法治政府建设情况的报告\n" + "c" + "a" * 60 + "\n", encoding="utf-8")
    result = cli("check", report, "--rules", pack, "--format", "junit", timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'type="error"' in result.stdout and "未完成检查" in result.stdout


@pytest.fixture
def tight(monkeypatch):
    monkeypatch.setattr(limits, "RULE_SECONDS", 0.3)
    monkeypatch.setattr(limits, "REPORT_SECONDS", 0.5)
    monkeypatch.setattr(limits, "PER_MILLION_CHARS", 0.0)
    monkeypatch.setattr(limits, "SLACK", 0.1)
    monkeypatch.setattr(limits, "_PER_CALL", {"timeout": 0.3})


def test_a_report_has_a_time_budget(ruleset, tight):
    rules = tuple(Rule.model_validate(_runaway_rule(n)) for n in range(1, 6))
    pack = RuleSet(rules, ruleset.settings, ruleset.reference)
    doc = parse_document(Source(path="t.txt", text="关于2023年度法治政府建设情况的报告\n" + "c" + "a" * 60))
    results = evaluate(doc, pack, terms=ruleset.terms)
    assert all(r.status == "fail" and r.severity == "error" and r.credit == 0 for r in results)
    assert "运行超过" in results[0].message
    assert "总用时" in results[-1].message and "未能运行" in results[-1].message


def test_limits_grow_with_the_report():
    assert limits.rule_seconds(10_000_000) > limits.rule_seconds(0) == limits.RULE_SECONDS
    assert limits.report_seconds(10_000_000) > limits.report_seconds(0) == limits.REPORT_SECONDS


def _privacy(ruleset, text: str) -> dict[str, object]:
    only = RuleSet((ruleset.get("privacy.personal-data"), ruleset.get("privacy.secrecy-marking")),
                   ruleset.settings, ruleset.reference)
    doc = parse_document(Source(path="t.txt", text=text))
    return {r.rule_id: r for r in evaluate(doc, only, terms=ruleset.terms)}


def test_privacy_verdict_does_not_change_with_a_million_lines_of_padding(ruleset):
    """Once these checks timed out on such a file (n/a) and the gate passed; now they finish with the same verdict."""
    text = seed("002").read_text(encoding="utf-8") + "\n联系人张某，手机13812345678，身份证号11010519491231002X。\n"
    plain = _privacy(ruleset, text)
    padded = _privacy(ruleset, text + "".join(f"第{n}条\n" for n in range(1, 1_000_001)))
    for rule_id in plain:
        assert (padded[rule_id].status, padded[rule_id].message) == (plain[rule_id].status, plain[rule_id].message)
    assert padded["privacy.personal-data"].status == "fail"
    assert "居民身份证号码 1 处、手机号码 1 处" in padded["privacy.personal-data"].message
    assert padded["privacy.secrecy-marking"].status == "pass"


def test_privacy_lists_a_few_places_of_many(ruleset):
    text = "关于2023年度法治政府建设情况的报告\n" + "".join(f"联系电话1381234{n:04d}。\n" for n in range(40))
    result = _privacy(ruleset, text)["privacy.personal-data"]
    assert "手机号码 40 处" in result.message and "等 40 处" in result.message
    assert len(result.evidence) == 8 and all("****" in ev.text for ev in result.evidence)


def test_a_runaway_claims_cue_stops_and_fails_the_rules_that_apply(ruleset, tight):
    """The claims step runs the pack's cue patterns: a cue that backtracks without end is bounded like a rule,
    and the rules that needed the claims are errors for the report (never passes)."""
    claims = ruleset.settings.claims.model_copy(update={"planned": (RUNAWAY,)})
    settings = ruleset.settings.model_copy(update={"claims": claims})
    pack = RuleSet(ruleset.rules[:3], settings, ruleset.reference)
    # (…with a match possible later in the text, so the one-pass prescan cannot rule the cue out)
    doc = parse_document(Source(path="t.txt", text="关于2023年度法治政府建设情况的报告\n" + "c" + "a" * 60 + "。ac\n"))
    results = evaluate(doc, pack, terms=ruleset.terms)
    assert results and all(r.status == "fail" and r.severity == "error" for r in results)
    assert "分句判定" in results[0].message


def test_a_pack_pattern_is_timed_wherever_it_matches(tight):
    """Off the main thread (no alarm), a pattern compiled from the pack times itself: no call site passes a
    timeout, and none can forget one."""
    import threading

    from auditor.patterns import compiled

    caught: list[BaseException] = []

    def run() -> None:
        with limits.rule_limits():
            try:
                compiled(RUNAWAY).search("a" * 60)
            except TimeoutError as exc:
                caught.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert caught and isinstance(caught[0], TimeoutError)
