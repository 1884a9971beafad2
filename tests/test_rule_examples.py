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


def test_an_example_uses_the_packs_one_dictionary():
    # An example runs its rule alone, but with the whole pack's terms: jieba's own cut (the unknown-word model
    # the duplicated-word check asks about 了了 / 会会) must use that same dictionary, not build a second one
    # for the lone rule's terms inside the rule's time limit (seconds on a fresh install).
    from auditor.terms import dictionary, tokenizer

    case = next(c for c in _CASES if c.rule.id == "language.duplicated-word" and "了了" in c.text)
    dictionary.cache_clear()
    tokenizer.cache_clear()
    assert run_case(case, _RULESET).ok
    assert dictionary.cache_info().currsize == 1
