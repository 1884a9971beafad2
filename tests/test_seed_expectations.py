"""The five seed reports end to end: each gap list is what a careful auditor says (tests/cases/seed_gaps.yaml),
the known truths of the issue hold, and the scores rank the seeds as a human would."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import ROOT, result_of

EXPECTED = yaml.safe_load((ROOT / "tests" / "cases" / "seed_gaps.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_gap_list_matches_a_careful_reading(seed_audits, name):
    audit = seed_audits[name]
    gaps = {r.rule_id: r.status for r in audit.results if r.is_gap}
    expected = {rule: status for rule, (status, _why) in EXPECTED[name].items()}
    missing = {rule: EXPECTED[name][rule][1] for rule in expected.keys() - gaps.keys()}
    extra = {rule: next(r.message for r in audit.results if r.rule_id == rule) for rule in gaps.keys() - expected.keys()}
    assert not missing and not extra, f"{name}: missed {missing}; unexpected {extra}"
    assert gaps == expected


def test_every_catalogue_rule_is_in_everyresult_of(seed_audits, ruleset):
    catalogue = {
        "structure.measures", "structure.first-duty", "structure.shortcomings", "structure.shortcoming-causes",
        "structure.next-year", "structure.other-matters", "duty.shufa", "duty.study", "enforcement.three-systems",
        "enforcement.certification", "enforcement.review-litigation", "pufa.current-plan", "governance.legal-counsel",
        "governance.major-decisions", "governance.legality-review", "governance.open-government",
        "governance.dispute-resolution", "evidence.quantified", "timeliness.year-consistency",
        "timeliness.outdated-reference", "timeliness.superseded-law", "timeliness.report-date", "format.title",
        "format.signature", "format.doc-number", "language.duplicated-word", "language.punctuation",
        "language.enumeration", "language.placeholder", "privacy.personal-data", "privacy.secrecy-marking",
    }
    for audit in seed_audits.values():
        assert catalogue <= {r.rule_id for r in audit.results}
        assert [r.rule_id for r in audit.results] == [rule.id for rule in ruleset.rules]



def test_known_truths(seed_audits):
    a = seed_audits
    assert result_of(a["002"], "duty.shufa").status == "pass"
    assert result_of(a["002"], "enforcement.three-systems").status == "pass"
    for name in ("003", "004"):
        assert result_of(a[name], "structure.first-duty").status == "fail"
    assert a["003"].document.meta.date == "2023-02-21" and a["003"].document.meta.year == 2022
    dup = result_of(a["001"], "language.duplicated-word")
    assert "发挥发挥" in dup.message and [e.line for e in dup.evidence] == [9]
    assert "三是" in result_of(a["001"], "language.enumeration").message
    superseded = result_of(a["003"], "timeliness.superseded-law")
    assert "《信访条例》" in superseded.message and [e.line for e in superseded.evidence] == [15]
    assert [e.line for e in result_of(a["003"], "timeliness.year-consistency").evidence] == [17]
    assert result_of(a["003"], "language.punctuation").status == "fail"
    assert result_of(a["004"], "timeliness.report-date").status == "fail"
    assert result_of(a["004"], "format.title").status == "fail"


def test_scores_rank_the_seeds_as_a_human_would(seed_audits):
    scores = {name: audit.scorecard.score for name, audit in seed_audits.items()}
    ranked = sorted(scores, key=scores.get, reverse=True)
    assert ranked[0] == "002", scores
    assert set(ranked[-2:]) == {"003", "004"}, scores
