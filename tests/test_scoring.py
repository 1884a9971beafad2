"""Scoring arithmetic: weighted share of applicable rules, partial credit, categories, grades."""

from __future__ import annotations

import pytest

from auditor.model import RuleResult
from auditor.schema import Rule, RuleSet, Settings
from auditor.scoring import score


def _rule(rule_id: str, weight: float, severity: str = "error") -> Rule:
    return Rule.model_validate({
        "id": rule_id, "title": "t", "severity": severity, "weight": weight, "basis": "b", "message": "m",
        "suggestion": "s", "check": {"kind": "require", "any": ["述法"]}, "examples": {"pass": ["述法"], "fail": ["无"]},
    })


RULESET = RuleSet((_rule("a.one", 8), _rule("a.two", 2, "warning"), _rule("b.three", 6), _rule("b.four", 4)), Settings())


def _result(rule_id: str, status: str, credit: float, severity: str = "error") -> RuleResult:
    return RuleResult(rule_id, status, severity, credit, "")  # type: ignore[arg-type]


def test_weighted_share_with_partial_and_not_applicable():
    results = (
        _result("a.one", "pass", 1.0),
        _result("a.two", "fail", 0.0, "warning"),
        _result("b.three", "partial", 1 / 3),
        _result("b.four", "not_applicable", 0.0),
    )
    card = score(results, RULESET)
    # (8 + 0 + 6/3) / (8 + 2 + 6) = 10/16
    assert card.score == 62.5
    assert card.possible == 16 and card.earned == 10
    assert card.by_category == (("a", 8.0, 10.0), ("b", 2.0, 6.0))
    assert (card.errors, card.warnings) == (1, 1)
    assert card.grade == "合格"
    assert dict(card.counts) == {"pass": 1, "fail": 1, "partial": 1, "not_applicable": 1}


@pytest.mark.parametrize("value, grade", [(100, "优秀"), (90, "优秀"), (89.9, "良好"), (75, "良好"), (60, "合格"), (59.9, "不合格"), (0, "不合格")])
def test_grade_thresholds(value, grade):
    assert Settings().grade(value) == grade


def test_nothing_applicable_scores_full():
    card = score((_result("a.one", "not_applicable", 0.0),), RULESET)
    assert card.score == 100.0 and card.possible == 0


def test_seed_scores_within_bounds_and_match_results(seed_audits, ruleset):
    weights = {r.id: r.weight for r in ruleset.rules}
    for audit in seed_audits.values():
        applicable = [r for r in audit.results if r.status != "not_applicable"]
        expected = 100 * sum(weights[r.rule_id] * r.credit for r in applicable) / sum(weights[r.rule_id] for r in applicable)
        assert audit.scorecard.score == round(expected, 1)
        assert 0 <= audit.scorecard.score <= 100
