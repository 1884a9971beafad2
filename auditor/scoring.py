"""Step 4 of the pipeline (score): weighted share of applicable rules passed, per category and overall."""

from __future__ import annotations

from collections import Counter

from auditor.model import RuleResult, Scorecard
from auditor.schema import RuleSet


def score(results: tuple[RuleResult, ...], ruleset: RuleSet) -> Scorecard:
    """Score = 100 × Σ weight·credit / Σ weight over applicable rules; partial counts its fraction."""
    weights = {rule.id: rule.weight for rule in ruleset.rules}
    categories = {rule.id: rule.category for rule in ruleset.rules}
    earned = possible = 0.0
    by_cat: dict[str, list[float]] = {}
    for result in results:
        if result.status == "not_applicable":
            continue
        weight = weights[result.rule_id]
        earned += weight * result.credit
        possible += weight
        cell = by_cat.setdefault(categories[result.rule_id], [0.0, 0.0])
        cell[0] += weight * result.credit
        cell[1] += weight
    value = round(100 * earned / possible, 1) if possible else 100.0
    order = list(dict.fromkeys(rule.category for rule in ruleset.rules))
    gaps = [r for r in results if r.is_gap]
    return Scorecard(
        score=value,
        grade=ruleset.settings.grade(value),
        earned=round(earned, 4),
        possible=round(possible, 4),
        by_category=tuple((c, round(by_cat[c][0], 4), round(by_cat[c][1], 4)) for c in order if c in by_cat),
        counts=tuple(sorted(Counter(r.status for r in results).items())),
        errors=sum(1 for r in gaps if r.severity == "error"),
        warnings=sum(1 for r in gaps if r.severity == "warning"),
        infos=sum(1 for r in gaps if r.severity == "info"),
    )
