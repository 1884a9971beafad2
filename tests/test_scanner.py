"""The literal scanner (auditor.terms.Scanner: one Aho–Corasick pass a report) answers exactly as one substring
search per literal: whether a literal is there, and every place a term occurs, overlapping places too."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import terms
from auditor.textnorm import normalize
from tests.conftest import SEEDS

pytest.importorskip("ahocorasick")

SEED_TEXTS = [normalize(path.read_text(encoding="utf-8")) for path in SEEDS]


def _plain(text: str, literal: str) -> tuple[tuple[int, int], ...]:
    """Every occurrence of `literal` by str.find, overlapping ones too."""
    out, at = [], text.find(literal)
    while literal and at >= 0:
        out.append((at, at + len(literal)))
        at = text.find(literal, at + 1)
    return tuple(out)


def _learnt(words: set[str]) -> terms.Scanner:
    scanner = terms.Scanner()
    for word in words:
        scanner.learn(word)
    scanner.refresh()
    assert scanner.words == frozenset(w for w in words if len(w) > 1)  # it knows them all, but single characters
    return scanner


def _index(text: str, scanner: terms.Scanner, monkeypatch) -> terms.TermIndex:
    monkeypatch.setattr(terms, "scanner", lambda _terms: scanner)
    return terms.TermIndex(text, frozenset())


def test_the_scan_answers_as_the_substring_searches(ruleset, monkeypatch):
    """The pack's terms and some absent words, asked of every seed: the automaton's answers are the searches'."""
    words = {normalize(t) for t in ruleset.terms} | {"不在文中的词", "法治", "治", "法治政府建设", "，"}
    scanner = _learnt(words)
    for text in SEED_TEXTS:
        index = _index(text, scanner, monkeypatch)
        for word in sorted(words):
            assert index.contains(word) == (word in text), word
            assert index.occurrences(word) == _plain(text, word), word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="法治政府建设a，", max_size=60),
       st.lists(st.text(alphabet="法治政府建设a，", min_size=1, max_size=4), min_size=1, max_size=8))
def test_overlapping_and_nested_words_are_all_found(text, words):
    """A word inside another (法治 in 法治政府), a word overlapping itself (aa in aaa), the same word twice."""
    scanner = _learnt(set(words))
    with pytest.MonkeyPatch.context() as patch:
        index = _index(text, scanner, patch)
        for word in words:
            assert index.occurrences(word) == _plain(text, word)
            assert index.contains(word) == (word in text)


def test_words_first_asked_are_searched_then_learnt(monkeypatch):
    scanner = terms.Scanner()
    index = _index("推进法治政府建设", scanner, monkeypatch)
    assert index.contains("法治") and not index.contains("依法行政")  # searched: the automaton is empty
    assert index.occurrences("建设") == ((6, 8),)
    assert scanner.words == frozenset()
    later = _index("依法行政，建设法治政府", scanner, monkeypatch)  # made again before the next report
    assert scanner.words == {"法治", "依法行政", "建设"}
    assert later.contains("依法行政") and later.occurrences("建设") == ((5, 7),)


def test_without_the_automaton_every_literal_is_searched(monkeypatch):
    monkeypatch.setattr(terms, "ahocorasick_module", lambda: None)
    scanner = terms.Scanner()
    scanner.learn("法治")
    scanner.refresh()
    assert scanner.words == frozenset()
    index = _index("法治法治", scanner, monkeypatch)
    assert index.contains("法治") and index.occurrences("法治") == ((0, 2), (2, 4))


def test_a_very_long_text_is_searched_literal_by_literal(monkeypatch):
    scanner = _learnt({"法治"})
    monkeypatch.setattr(terms.Scanner, "LONGEST", 3)
    index = _index("法治法治", scanner, monkeypatch)
    monkeypatch.setattr(scanner, "scan", None)  # no pass of the automaton is made
    assert index.contains("法治") and index.occurrences("法治") == ((0, 2), (2, 4))


def test_a_term_list_is_looked_up_as_each_term_is(ruleset, monkeypatch):
    """TermIndex.union (the terms the scanner knows and did not find passed over at once) gives the places of
    every term of the list, each once, in order: for words the automaton knows and words it does not."""
    known = sorted({normalize(t) for t in ruleset.terms})[::2]
    scanner = _learnt(set(known))
    terms_ = tuple(sorted(ruleset.terms)) + ("不在文中的词", "法治", "治", "，")
    for text in SEED_TEXTS:
        for some in (terms_, terms_[:3], terms_[::7], ("法治",), ()):
            index = _index(text, scanner, monkeypatch)
            plain = sorted({span for term in some for span in _plain(text, normalize(term))})
            assert list(index.union(some)) == plain
