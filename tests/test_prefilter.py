"""The literal prefilter (auditor.checks.prefilter) and the search shortcuts of the language checks never skip a
match: a pattern said to be impossible finds nothing, and each shortcut gives exactly what the plain search gives."""

from __future__ import annotations

import marshal
import pickle
import re

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from auditor.checks import duplicated_word, prefilter
from auditor.checks.prefilter import branches, finditer_near, holds, needs, windows
from auditor.textnorm import normalize
from tests.conftest import SEEDS


def test_needs_reads_sequences_alternations_and_repeats():
    assert needs("法治政府") == "法治政府"
    assert needs("(研究|部署).{0,20}法治") == ("and", ("法治", ("or", ("研究", "部署"))))
    assert needs("a?b+") == "b"
    assert needs("x*") is None  # may match the empty string: needs nothing
    assert needs("[^，]{2}") is None  # a negated class: any character may do
    assert needs("(?i)abc") is None  # case-insensitive: a literal test would be wrong
    assert needs(r"\p{Han}{1,4}法") == "法"  # a Unicode property is one unknown character
    assert needs(r"\\pL法") == "\\pL法"  # an escaped backslash, then the letters: not a property
    assert needs("(?:法治){e<=1}") is None  # fuzzy matching (regex only): 法冶 matches, nothing is needed
    assert needs("[[:alpha:]]+法") is None  # a POSIX class: read by regex, not by the standard parser
    assert needs("来源[:：]") == ("and", ("来源", ("or", (":", "："))))  # a set starting with a colon is a set
    assert regex.compile("[:：]").match("：") and not regex.compile("[:alpha:]").match("b")  # to regex too
    assert needs("(?&name)法") is None  # syntax the standard parser refuses: nothing known
    assert needs("会|\\d+") is None  # one branch needs nothing: the whole needs nothing


def _pack_patterns(ruleset) -> list[str]:
    """Every regular expression of the pack's rules (pattern, require groups) and of its reference lists."""
    out = []
    for rule in ruleset.rules:
        check = rule.check
        if check.kind == "pattern":
            out += [check.regex] + ([check.ignore] if check.ignore else [])
        elif check.kind == "require":
            out += [p for name in check.group_map() for _, patterns, _ in check.group_sets(name) for p in patterns]
    for table in ruleset.reference.values():
        for items in (table.values() if isinstance(table, dict) else ()):
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict):
                    out += [v for k, v in item.items() if k in ("pattern", "unless", "mention", "when", "except")
                            and isinstance(v, str)]
    return sorted(set(out))


def test_a_pattern_said_impossible_finds_nothing(ruleset):
    patterns = [p for p in _pack_patterns(ruleset) if "{year}" not in p and "{next_year}" not in p]
    assert len(patterns) > 50
    lines = [line for seed in SEEDS for line in normalize(seed.read_text(encoding="utf-8")).split("\n") if line]
    skipped = 0
    for pattern in patterns:
        need, rx = needs(pattern), regex.compile(pattern)
        for line in lines:
            if not holds(need, line.__contains__):
                skipped += 1
                assert rx.search(line) is None, (pattern, line)
    assert skipped > 1000  # the prefilter does skip: most lines lack most patterns' words


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="推进推动工作法治 \u3000\t，a", max_size=40))
def test_spaced_repeats_are_those_of_the_plain_search(text):
    plain = [m.span() for m in duplicated_word._SPACED_REPEAT.finditer(text)]
    assert [m.span() for m in duplicated_word._spaced_repeats(text)] == plain


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="常人一面俱到念不忘a", min_size=1, max_size=12), st.data())
def test_allowed_words_by_length_equal_one_search_per_word(text, data):
    words = ("常常", "人人", "一一", "面面俱到", "念念不忘", "a")
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 4)))
    plain = any(text.find(w, max(0, end - len(w)), start + len(w)) >= 0 for w in words)
    grouped = any(text[at:at + n] in group for n, group in duplicated_word._by_length(words)
                  for at in range(max(0, end - n), start + 1))
    assert grouped == plain


def test_joined_patterns_answer_as_the_patterns_one_by_one():
    from auditor.checks import content

    patterns = ("由于", "(?<!表现)主要是", "受[^，]{1,4}影响")
    for text in ("由于人手不足", "表现主要是", "主要是经费", "受疫情影响", "无原因", ""):
        assert content._found_any(patterns, text) == any(re.search(p, text) for p in patterns)
    assert content._joined((r"(a)\1",)) is None  # a back reference cannot be joined


def test_a_pattern_whose_literal_is_absent_is_not_run(ruleset):
    """(a|aa)+c backtracks for minutes on a run of a's; with no c anywhere it cannot match, and is not run."""
    from tests.conftest import run_rule

    text = "关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n" + "a" * 60 + "\n"
    result = run_rule(ruleset, {"kind": "pattern", "regex": "(a|aa)+c", "mode": "forbid"}, text)
    assert result.status == "pass", result.message


def test_windows_are_planned_only_for_bounded_patterns():
    assert windows("法治(政府)?建设") is not None
    assert windows("(研究|部署).{0,20}法治").width == 24
    assert windows("法治.*建设") is None  # a match of any length: no window bounds its start
    assert windows("法治建设$") is None  # an end test depends on where the text ends
    assert windows(r"(法)\1") is None  # a back reference
    assert windows("[^，]{2}") is None  # no literal needed
    lookahead = windows("法治(?=建设)")
    assert lookahead.reach >= lookahead.width + 2  # the lookahead's two characters are read too


def _patterns_and_texts(ruleset) -> tuple[list[str], list[str]]:
    """The pack's patterns (those without a year to fill) and the seeds, a middle third of each and all joined."""
    patterns = [p for p in _pack_patterns(ruleset) if "{year}" not in p and "{next_year}" not in p]
    texts = [normalize(seed.read_text(encoding="utf-8")) for seed in SEEDS]
    return patterns, texts + [t[len(t) // 3: 2 * len(t) // 3] for t in texts] + ["\n".join(texts)]


def test_windowed_search_finds_what_the_plain_search_finds(ruleset, monkeypatch):
    """Every pack pattern, searched near its literals only (and an alternation's slow alternatives apart from the
    rest), gives the plain finditer's matches, groups and all, on the seeds, on parts of them and on the seeds
    joined (starts near the edges, matches next to each other)."""
    monkeypatch.setattr(prefilter, "_SMALL", 0)  # windows even on short texts,
    monkeypatch.setattr(prefilter, "_WORTH", 1e9)  # and however much of the text they cover,
    monkeypatch.setattr(prefilter, "_TRIES", {})  # whatever earlier searches found
    patterns, texts = _patterns_and_texts(ruleset)
    windowed = split = 0
    for pattern in patterns:
        rx = regex.compile(pattern)
        windowed += windows(pattern) is not None
        split += branches(pattern) is not None
        for text in texts:
            found = [(m.span(), m.groups()) for m in finditer_near(rx, text)]
            assert found == [(m.span(), m.groups()) for m in rx.finditer(text)], pattern
    assert windowed > 50 and split > 5


_SHAPES = ("法治", "法治.{0,3}建设", "(?<!县)法治", "(?<![县市].{0,2})法治", "法治(?!建设)", "(?<=^)法|法$治",
           "建设(?=.{0,2}法)", "^法治", "法[^，]{0,4}治|治法", r"\b法治\b", "(法|治){2}设", "法治|治建|建设法",
           "[法治]{2,3}", "(?:a|aa)法", "[县市a]{0,3}治", "法(?=[^，]{0,5}设)", "法(?![^，]{0,5}设)",
           "治[^，]{0,4}", "[a县]{0,4}治[a县]{0,4}", "治[^，]{0,8}|[^，]{0,8}法")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="法治建设县市，a\n", max_size=300), st.sampled_from(_SHAPES), st.integers(0, 8))
@example("治aaaaaaaaaaa法", "治[^，]{0,8}|[^，]{0,8}法", 0)  # the second match may not start inside the first
def test_windowed_search_equals_the_plain_search_on_any_text(text, pattern, gap):
    """Lookbehinds and lookaheads at a window's edge, anchors inside one another, matches running into the
    next window: the windows change nothing, however near the gathered starts are joined."""
    rx = regex.compile(pattern)
    old = prefilter._SMALL, prefilter._GAP, prefilter._WORTH, prefilter._TRIES
    prefilter._SMALL, prefilter._GAP, prefilter._WORTH, prefilter._TRIES = 0, gap, 1e9, {}
    try:
        assert [m.span() for m in finditer_near(rx, text)] == [m.span() for m in rx.finditer(text)]
    finally:
        prefilter._SMALL, prefilter._GAP, prefilter._WORTH, prefilter._TRIES = old


def test_an_alternation_s_slow_alternatives_are_searched_apart_only_where_that_is_safe():
    assert branches("法治|(?<!县)依法[^|]{0,3}行政|(研究|部署)法治|[^，]{2}述法") == (
        "法治|(研究|部署)法治|[^，]{2}述法", "(?<!县)依法[^|]{0,3}行政")
    assert branches(r"法\|治|(?<!村)建设|[]|]述法") == (r"法\|治|[]|]述法", "(?<!村)建设")  # escaped bar, bar in a set
    assert branches("法治|建设|述法") is None  # every alternative quick: the engine's own scan is as good
    assert branches("法治|(?<!县)建设|") is None  # an empty alternative
    assert branches("法治|(?<!县)建设|[^，]{0,3}") is None  # one that may take nothing
    assert branches(r"(法)\1|(?<!县)建设|述法") is None  # a back reference
    assert branches("(?i)法治|(?<!县)建设|述法") is None  # a flag for the whole pattern
    assert branches("(?i:a)|(?<!县)建设|述法") is None  # ignoring case
    assert branches("(法治|(?<!县)建设|述法)") is None  # one alternative at the top


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="法治建设县市，a\n", max_size=300), st.lists(st.sampled_from(_SHAPES), min_size=2, max_size=5),
       st.booleans())
@example("治法治", ["治法", "(?<!县)法治", "治"], False)  # a later alternative's match inside an earlier one's
@example("法治建", ["治建", "(?<!县)法治建", "法治"], False)  # the leftmost start wins, not the first alternative
@example("法治建", ["(法治)", "(?<!县)(法治建)"], False)  # a tie: the first alternative, its groups
def test_split_search_equals_the_plain_search_on_any_text(text, shapes, near):
    """Alternatives overlapping, starting inside one another, tying at one place, with lookarounds at the
    edges: the leftmost match, the first alternative on a tie, as the whole alternation finds."""
    pattern = "|".join(shapes)
    rx = regex.compile(pattern)
    old = prefilter._SMALL, prefilter._WORTH, prefilter._TRIES
    prefilter._SMALL, prefilter._WORTH, prefilter._TRIES = (0, 1e9, {}) if near else old
    try:
        found = [(m.span(), m.groups()) for m in finditer_near(rx, text)]
        assert found == [(m.span(), m.groups()) for m in rx.finditer(text)]
    finally:
        prefilter._SMALL, prefilter._WORTH, prefilter._TRIES = old


def test_a_pattern_whose_literals_are_everywhere_is_soon_searched_whole(monkeypatch):
    """Windows that cover most of the text in most of a pattern's first searches are no longer looked for."""
    monkeypatch.setattr(prefilter, "_TRIES", {})
    rx = regex.compile("法[^，]{0,3}治")
    text = "法治" * 300
    for _ in range(prefilter._TRIAL + 2):
        assert [m.span() for m in finditer_near(rx, text)] == [m.span() for m in rx.finditer(text)]
    assert prefilter._TRIES[rx.pattern] == [prefilter._TRIAL, prefilter._TRIAL]


def test_readings_kept_between_runs_answer_as_fresh_ones(ruleset):
    """The readings a run hands the next (pattern_store) give the same needs, windows and literal tests as
    reading the patterns again: every pattern of the pack, asked of every seed's literals."""
    patterns = sorted({rule.check.regex for rule in ruleset.rules if rule.check.kind == "pattern"})
    assert patterns
    kept = {p: tuple(prefilter._read(p)) for p in patterns}
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    for pattern, item in kept.items():
        again = prefilter.Reading(*pickle.loads(pickle.dumps(item)))  # as the cache stores it
        fresh = prefilter._read(pattern)
        assert again.need == fresh.need and again.window == fresh.window and again.split == fresh.split, pattern
        test = eval(marshal.loads(again.test)) if again.test else prefilter._always
        for text in texts:
            assert test(text.__contains__) == prefilter.holds(fresh.need, text.__contains__), pattern


def test_a_seeded_reading_is_used_and_a_malformed_one_ignored(monkeypatch):
    monkeypatch.setattr(prefilter, "_readings", {})
    monkeypatch.setattr(prefilter, "_fresh", [])
    prefilter.seed({"甲乙": ("甲乙", None, b"", (("甲乙",), 0), None), "丙丁": ("bad",),
                    3: ("x", None, b"", None, None), "戊己": ("戊己", None, b"", "not a lead", None),
                    "壬癸": ("壬癸", None, b"", None, "not a split"),
                    "庚辛": ("庚辛", None, b"", None)})  # (an older run's shape)
    assert prefilter.needs("甲乙") == "甲乙" and prefilter.leads("甲乙") == (("甲乙",), 0)
    assert prefilter.branches("甲乙") is None
    assert prefilter.readings() == ({"甲乙": ("甲乙", None, b"", (("甲乙",), 0), None)}, False)
    assert prefilter.needs("丙丁") == "丙丁"  # read afresh
    assert prefilter.readings()[1] is True


RUNS = ("[，。、；：,;]{2,}|“{2,}|”{2,}|《{2,}|》{2,}", "[，。]{2,}", "，，|。{3}")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="，。、“”《》a\n", max_size=12), max_size=5), st.sampled_from(RUNS))
def test_runs_of_marks_joined_are_the_matches_of_each_text(texts, pattern):
    """A pattern read as runs of marks (alternatives of runs too) finds in the texts joined by line breaks exactly
    what it finds in each text (punctuation._by_paragraph scans them once)."""
    from auditor.checks import punctuation
    from auditor.patterns import compiled

    assert prefilter.runs_of_marks(pattern)
    texts = [t.replace("\n", "") for t in texts]
    rx = compiled(pattern)
    plain = [[(m.start(), m.group()) for m in rx.finditer(text)] for text in texts]
    assert list(punctuation._by_paragraph(rx, texts)) == plain


def test_only_runs_of_marks_are_read_as_such():
    assert not prefilter.runs_of_marks("，{2,}|\n{2}")  # a line break
    assert not prefilter.runs_of_marks("，{2,}|。?")  # may be empty
    assert not prefilter.runs_of_marks("，(?=。)|。{2}")  # reads past its match
    assert not prefilter.runs_of_marks("[^，]{2}|。{2}")  # any character but one
