"""A runaway rule is stopped once past the time limit and counts as an error on that report; the others go on.

The limit is an alarm in the main thread (the CLI, each batch worker) and a per-call regex timeout
elsewhere; both are run here for real with a pattern that backtracks for minutes on 60 letters.
"""

from __future__ import annotations

import json
import signal
import threading
import time

import pytest

from auditor import limits
from tests.conftest import run_rule

RUNAWAY = "(a|aa)+c"  # exponential backtracking on a run of a's without a c after it
# (the texts hold a c before the run: a report without any c would be ruled out by the literal prefilter)
TEXT = "关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n" + "c" + "a" * 60 + "\n"


def _write_pack(folder):
    (folder / "pack.yaml").write_text("mode: extend\n", encoding="utf-8")
    (folder / "runaway.yaml").write_text(
        "- id: custom.runaway\n  title: 回溯过多的规则\n  severity: warning\n  weight: 1\n  basis: 测试\n"
        "  message: m\n  suggestion: s\n"
        f"  check: {{kind: pattern, regex: '{RUNAWAY}', mode: forbid}}\n"
        "  examples:\n    pass: [没有]\n    fail: [aac]\n",
        encoding="utf-8")


def test_cli_stops_a_runaway_rule_and_audits_the_rest(cli, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    _write_pack(pack)
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.json"
    result = cli("check", report, "--rules", pack, "--format", "json", "-o", out, "--fail-on", "never",
                 timeout=120)
    assert result.returncode == 0, result.stderr
    results = {r["rule"]: r for r in json.loads(out.read_text(encoding="utf-8"))["reports"][0]["results"]}
    runaway = results["custom.runaway"]
    assert runaway["status"] == "fail" and runaway["severity"] == "error" and runaway["credit"] == 0
    assert "未完成检查" in runaway["detail"]
    assert results["structure.measures"]["status"] == "pass"  # the other rules ran as usual
    assert len(results) > 50


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(limits, "RULE_SECONDS", 0.3)
    monkeypatch.setattr(limits, "SLACK", 0.1)
    monkeypatch.setattr(limits, "_PER_CALL", {"timeout": 0.3})


def test_a_thread_without_alarms_uses_per_call_timeouts(ruleset, short_limit):
    found = {}
    worker = threading.Thread(target=lambda: found.update(result=run_rule(
        ruleset, {"kind": "pattern", "regex": RUNAWAY, "mode": "forbid"}, TEXT)))
    worker.start()
    worker.join(120)
    assert not worker.is_alive()
    assert found["result"].status == "fail" and "未完成检查" in found["result"].message


def test_main_thread_alarm_skips_the_rule_and_is_removed_afterwards(ruleset, short_limit):
    result = run_rule(ruleset, {"kind": "pattern", "regex": RUNAWAY, "mode": "forbid"}, TEXT)
    assert result.status == "fail" and result.severity == "error" and "未完成检查" in result.message
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_an_alarm_ringing_after_the_rule_is_done_is_let_go(short_limit):
    with limits.rule_limits() as limit:
        assert limit.alarm
        limit.start()
        limit.stop()
        time.sleep(0.6)  # the alarm rings here, between two rules: nothing is interrupted
    assert limits.regex_limit() == {"timeout": 0.3}  # outside a report's rules: per-call timeouts again


def test_every_rule_gets_the_whole_limit(short_limit):
    """A rule starting late in the alarm's window still gets at least RULE_SECONDS before it is stopped."""
    with limits.rule_limits() as limit:
        limit.start()
        time.sleep(0.2)  # the first rule ends later than SLACK after the alarm was set
        limit.stop()
        limit.start()
        started = time.monotonic()
        with pytest.raises(limits.RuleTimeout):
            while True:
                time.sleep(0.01)
        waited = time.monotonic() - started
        limit.stop()
    assert waited >= limits.RULE_SECONDS


def test_an_alarm_set_by_the_host_program_is_left_alone(short_limit):
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        with limits.rule_limits() as limit:
            assert not limit.alarm and limits.regex_limit() == {"timeout": 0.3}
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_the_claims_patterns_are_compiled_before_the_claims_limit_starts(ruleset, monkeypatch):
    """Compiling the claims step's cue patterns (over a second on a loaded machine with a cold cache) is setup:
    done before the clock starts, it cannot make the first report of a run fail every rule as unfinished."""
    from auditor import claims, engine
    from auditor.loading.text import clean_lines
    from auditor.model import Source
    from auditor.parsing import parse_document

    doc = parse_document(Source(path="<t>", text=clean_lines(TEXT)), year=2023, level="township")
    claims._cue_scan.cache_clear()
    ready_when_timed = []
    real = engine.claims_of

    def spy(*args, **kwargs):
        ready_when_timed.append(claims._cue_scan.cache_info().currsize)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "claims_of", spy)
    engine.evaluate(doc, ruleset)
    assert ready_when_timed == [1]
