"""The prescan (auditor.prescan: one Hyperscan pass a report tells which patterns can match at all) never skips a
pattern that matches: over the seeds, the labelled cases and hostile texts, every kept pattern that matches the
report or any part of it is named possible; patterns whose meaning the engines may read apart are left out, and
without Hyperscan or a cache every pattern is run. (Whole-report equality with the prescan off:
tests/test_same_results.py.)"""

from __future__ import annotations

import random

import pytest

from auditor import claims, prescan
from auditor.patterns import compiled
from auditor.textnorm import normalize
from tests.test_same_results import texts

hyperscan = pytest.importorskip("hyperscan")


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"[\u4e00-\u9fff]{0,12}?镇", r"[\x{4e00}-\x{9fff}]{0,12}?镇"),
    (r"a{,3}b", r"a{0,3}b"),
    (r"(?P<x>ab)|(?<y>c)", r"(?:ab)|(?:c)"),
    (r"(?:^|(?<=[。；\n]))\s*关于", r"(?:|(?<=[。；\n]))\s*关于"),  # assertions dropped: a wider match
    (r"a\bb$", r"ab"),
    (r"(?m)^附件$", r"(?m)附件"),
    (r"\d{1,2}[.、．]", r"\d{1,2}[.、．]"),
    (r"[^，。；：\n\s）)]x", r"[^，。；：\n\s）)]x"),
    (r"a{4,40}+b(?>c)", r"a{4,40}+b(?>c)"),
    (r"\$5\\b", r"\$5\\b"),  # an escaped backslash and a b are text
])
def test_translation_keeps_the_meaning(pattern, expected):
    assert prescan.translate(pattern) == expected


@pytest.mark.parametrize("pattern", [
    r"(?i)abc", r"(?a:\d)", r"\w+镇", r"\p{Han}", r"(a)\1", r"(?P<n>a)(?P=n)", r"(?:法治){e<=1}", r"[[:alpha:]]",
    r"[\b]", r"\L<words>", r"(?|a|b)", r"(?(1)a|b)", r"a{x}", r"[a--b]", r"\N{DIGIT ONE}",
])
def test_patterns_the_engines_may_read_apart_are_left_out(pattern):
    assert prescan.translate(pattern) is None


@pytest.fixture(scope="module")
def gate(ruleset):
    found = claims._gate(ruleset.settings.claims)
    if found._db is None:
        pytest.skip("no cache to keep the Hyperscan database in")
    assert len(found.kept) > 0.9 * len(found.index)  # nearly all the claims step's patterns are prescanned
    return found


def _sample() -> list[str]:
    from tests.devset import edited_text

    out = [normalize(text) for _, text, case in texts() if case is None]
    out += [normalize(edited_text(case)) for _, _, case in texts()[::20] if case is not None]
    return out


def test_every_pattern_that_matches_is_named_possible(gate):
    patterns = list(gate.index)
    rng = random.Random(7)
    skipped = 0
    for text in _sample():
        possible = gate.possible(text)
        assert possible is not None
        skipped += len(gate.kept) - len(possible)
        for index in gate.kept.difference(possible):
            rx = compiled(patterns[index])
            assert rx.search(text) is None, patterns[index]
            lo = rng.randrange(len(text))  # …nor in a part of it (a scope, a clause)
            assert rx.search(text[lo:lo + rng.randrange(1, 400)]) is None, patterns[index]
    assert skipped > 0


def test_hostile_texts_are_run_whole_or_sound(gate):
    assert gate.possible("今年开展述法１次，٣次") is None  # a digit of another script: not prescanned
    assert gate.possible("镇里\ud800开展了述法") is None  # a lone surrogate is no UTF-8
    assert gate.possible("") is not None and gate.possible("\n" * 10_000) is not None
    noise = "".join(random.Random(3).choice("镇乡县村里未没有已计划将要求，。；：\n（）《》“”0123") for _ in range(20_000))
    possible = gate.possible(noise)
    for index, pattern in enumerate(gate.index):
        if index in gate.kept and index not in possible:
            assert compiled(pattern).search(noise) is None, pattern


def test_the_answer_is_kept_for_the_same_text(gate):
    text = normalize("今年镇里开展了述法。")
    first = gate.possible(text)
    assert gate.possible(text) is first


def test_without_hyperscan_or_a_cache_every_pattern_is_run(monkeypatch, tmp_path):
    patterns = ("述法", "尚未[^，。]{0,6}开展")
    monkeypatch.setattr(prescan, "_hyperscan", lambda: None)
    assert prescan.Prescan(patterns).possible("今年开展了述法") is None
    monkeypatch.undo()
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    assert prescan.Prescan(patterns).possible("今年开展了述法") is None  # (a compile takes seconds: only when kept)


def test_the_database_is_kept_and_read_back(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    patterns = ("述法", "尚未[^，。]{0,6}开展", r"\p{Han}法")  # (the last is left out)
    made = prescan.Prescan(patterns)
    assert made.kept == frozenset({0, 1})
    assert made.possible("今年开展了述法") == frozenset({0})
    assert len(list(tmp_path.glob("prescan-*.hs"))) == 1

    def no_compile(*_args):
        raise AssertionError("compiled again")

    monkeypatch.setattr(prescan.Prescan, "_compile", no_compile)
    again = prescan.Prescan(patterns)
    assert again.kept == made.kept and again.possible("尚未全面开展") == frozenset({1})
    (next(tmp_path.glob("prescan-*.hs"))).write_bytes(b"0 1\nnot a database")
    monkeypatch.undo()
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    assert prescan.Prescan(patterns).possible("述法") == frozenset({0})  # a damaged entry is built again


def test_a_compile_that_takes_too_long_is_given_up_once(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(prescan, "COMPILE_SECONDS", 0.001)  # (a rule keeper's pattern the compiler chews on)
    patterns = ("述法", "尚未[^，。]{0,6}开展")
    assert prescan.Prescan(patterns).possible("今年开展了述法") is None  # every pattern run, same answers

    def no_compile(*_args, **_kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(prescan.subprocess, "run", no_compile)
    monkeypatch.setattr(prescan, "COMPILE_SECONDS", 30.0)
    assert prescan.Prescan(patterns).possible("今年开展了述法") is None  # the next run does not wait again


def test_a_process_loads_the_prescan_only_after_a_handful_of_reports(ruleset, monkeypatch):
    """Loading it costs more than it saves on one report: a single report runs every pattern, a batch prescans."""
    from auditor.engine import evaluate
    from auditor.loading import load
    from auditor.parsing import parse_document
    from tests.conftest import SEEDS

    monkeypatch.setattr(claims, "_audited", 0)
    doc = parse_document(load(str(SEEDS[0])))
    first = evaluate(doc, ruleset)
    assert claims._audited == 1 and claims._gate_now(ruleset.settings.claims) is None
    monkeypatch.setattr(claims, "_audited", claims.PRESCAN_AFTER)
    later = evaluate(doc, ruleset)
    assert isinstance(claims._gate_now(ruleset.settings.claims), prescan.Prescan)
    assert [(r.rule_id, r.status, r.message) for r in first] == [(r.rule_id, r.status, r.message) for r in later]
