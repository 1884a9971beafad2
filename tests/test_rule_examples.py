"""Every example of every rule as its own pytest case: duty.shufa[pass-1], duty.shufa[fail-2] …"""

from __future__ import annotations

import pytest

from auditor.examples import cases, run_case
from auditor.pack import load_rules

_RULESET = load_rules()
_CASES = list(cases(_RULESET))


@pytest.mark.parametrize("case", _CASES, ids=[c.name for c in _CASES])
def test_example(case):
    outcome = run_case(case, _RULESET)
    expected = "pass" if case.expect == "pass" else "fail or partial"
    assert outcome.ok, f"{case.name}: expected {expected}, got {outcome.status} ({outcome.message}) on {case.text!r}"


def test_every_rule_has_pass_and_fail_examples():
    for rule in _RULESET.rules:
        assert rule.examples.pass_ and rule.examples.fail, rule.id
