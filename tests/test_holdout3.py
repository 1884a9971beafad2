"""The third held-out set of issues #11/#12 (tests/cases/holdout3/*.yaml): every case loads and every edit applies.

Its verdicts are measured, never asserted: `python bench/devset.py --set holdout3` prints the figure. Asserting
them here would turn the held-out set into one more dev set that the tool is tuned to.
"""

from __future__ import annotations

import pytest

from tests.devset import (
    HOLDOUT2_DIR,
    HOLDOUT3_DIR,
    HOLDOUT_DIR,
    VERDICTS,
    EditError,
    edited_text,
    load_cases,
    seed_path,
    truth,
)

CASES = load_cases(HOLDOUT3_DIR)


def test_the_set_is_large_and_covers_every_seed():
    assert len(CASES) >= 120
    assert {c.seed for c in CASES} == {"000", "001", "002", "003", "004"}
    assert len({c.file for c in CASES}) >= 9


def test_the_set_loads_by_name_as_well_as_by_folder():
    assert [c.id for c in load_cases("holdout3")] == [c.id for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_edit_applies_and_changes_the_text(case):
    original = seed_path(case.seed).read_text(encoding="utf-8")
    try:
        edited = edited_text(case)
    except EditError as exc:
        pytest.fail(f"{case.id} ({case.file}): {exc}")
    assert edited != original, f"{case.id}: the edits change nothing"


def test_every_label_names_a_rule_of_the_pack_and_a_verdict(ruleset):
    ids = [rule.id for rule in ruleset.rules]
    for case in CASES:
        expected = truth(case, ids)  # raises on a rule the pack does not have
        assert set(expected) == set(ids)
        assert all(v in VERDICTS for v in expected.values()), case.id
        assert case.expect, f"{case.id}: a held-out case labels at least the rule its edit is about"
        assert case.why, f"{case.id}: says what the edit tests"


def test_no_case_repeats_a_case_of_the_other_sets():
    others = load_cases() + load_cases(HOLDOUT_DIR) + load_cases(HOLDOUT2_DIR)
    other_ids = {c.id for c in others}
    other_texts = {edited_text(c) for c in others}
    texts = {}
    for case in CASES:
        assert case.id not in other_ids, f"{case.id}: the id is already used in another set"
        text = edited_text(case)
        assert text not in other_texts, f"{case.id}: the same edited report is in another set"
        assert text not in texts, f"{case.id}: the same edited report as {texts.get(text)}"
        texts[text] = case.id
