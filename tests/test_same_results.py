"""The linear-time scope arithmetic and the dictionary read on demand change no result: every seed, every case of
the labelled sets and long joined texts give byte-identical JSON with the plain reference implementations
(an `any()` over every range, cuts taken out one at a time, whole-prefix searches, jieba's whole dictionary, an alternation searched whole, every claims pattern run without the Hyperscan prescan)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache

import pytest

from auditor import claims, engine, parts, prescan, terms
from auditor.checks import basic, duplicated_word, prefilter, punctuation, reference_scan
from auditor.checks.context import Context
from auditor.pipeline import audit_text
from auditor.render.json import fragment
from tests.conftest import SEEDS
from tests.devset import SETS, audit_case, load_cases
from tests.makers import old_subtract


class AnyRanges:
    """Membership and containment by a loop over every range (what auditor.spans replaced)."""

    def __init__(self, ranges):
        self.ranges = list(ranges)

    def __contains__(self, offset):
        return any(lo <= offset < hi for lo, hi in self.ranges)

    def __bool__(self):
        return bool(self.ranges)

    def __iter__(self):  # merged, as _reporting_text blanks them
        merged = []
        for lo, hi in sorted(r for r in self.ranges if r[0] < r[1]):
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return iter(merged)

    def holds(self, start, end):
        return any(lo <= start and end <= hi for lo, hi in self.ranges)




def old_in_scope(self, start):
    return any(lo <= start < hi for lo, hi in self.ranges)


def old_counts(self, start, end):
    if self.blocked and any(lo <= start and end <= hi for lo, hi in self.blocked):
        return False
    return self.claims is None or self.policy.everything or \
        self.claims.verdict(start, end, self.policy.accept) is None


def old_lines(self):
    doc = self.doc
    return [(number, doc.norm_lines[number - 1])
            for number, start in enumerate(doc.line_starts, 1) if self.in_scope(start)]


def old_rejected(self, terms_, whole_word=True, most=3):
    if self.claims is None or self.policy.everything:
        return []
    index = self.index
    spots = sorted({span for term in terms_ for span in index.occurrences(term) if self.in_scope(span[0])})
    out, lines = [], set()
    for span in spots:
        why = self.why_not(*span)
        if why is None or (whole_word and not index.is_word(*span)):
            continue
        evidence = self.evidence(*span)
        if evidence.line not in lines:
            lines.add(evidence.line)
            out.append((why, evidence))
        if len(out) >= most:
            break
    return out


def old_first_lines(ctx, terms_, whole_word, most=3):
    hits, lines = [], set()
    for term in terms_:
        for span in ctx.iter_find(term, whole_word):
            evidence = ctx.evidence(*span)
            hits.append(evidence)
            lines.add(evidence.line)
            if len(lines) >= most:
                return basic.distinct_lines(hits, most)
    return basic.distinct_lines(hits, most)


def old_outermost(found):
    return [s for s in found if not any(o is not s and o.line < s.line <= o.end_line for o in found)]


def old_span_around(text, start, end, stops):
    lo = max((text.rfind(c, 0, start) for c in stops), default=-1) + 1
    his = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    return lo, min(his) if his else len(text)


def old_reporting_text(ctx):
    text = ctx.doc.norm
    for lo, hi in sorted(reference_scan.part_ranges(ctx, "next-year"), reverse=True):
        text = text[:lo] + " " * (hi - lo) + text[hi:]
    return text


class RfindClauseStart:
    """claims._CLAUSE_END_BACK answered by rfind of each clause end over the whole prefix."""

    class _Found:
        def __init__(self, end):
            self._end = end

        def end(self):
            return self._end

    def search(self, text, pos, endpos):
        at = max(text.rfind(ch, pos, endpos) for ch in "，,；;。！？!?：:\n")
        return self._Found(at + 1) if at >= 0 else None


def old_by_paragraph(pattern, texts):
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    out = [[] for _ in texts]
    for match in pattern.finditer("\n".join(texts)):
        index = bisect.bisect_right(starts, match.start()) - 1
        out[index].append((match.start() - starts[index], match.group()))
    return out


def old_unpaired(text, pairs, found):
    closing = {close: open_ for open_, close in pairs.items()}
    stack, bad = [], []
    for col, char in found:
        if char == "）" and punctuation._closes_list_number(text, col):
            continue
        if char in pairs:
            stack.append((col, char))
        elif char in closing:
            opened = [mark for _, mark in stack]
            if closing[char] not in opened:
                bad.append((col, char))
                continue
            while stack[-1][1] != closing[char]:
                bad.append(stack.pop())
            stack.pop()
    return sorted(bad + stack)


_BLOCK = re.compile(terms._BLOCK_CHARS)


def old_block(self, offset):
    """The block holding offset, from a list of every block of the text (made once)."""
    if not hasattr(self, "_all"):
        self._all = [(m.start(), m.end()) for m in _BLOCK.finditer(self.norm)]
        self._all_starts = [start for start, _ in self._all]
    index = bisect.bisect_right(self._all_starts, offset) - 1
    if index < 0:
        return None
    start, end = self._all[index]
    return None if offset <= start or offset >= end else (start, end)


@pytest.fixture(scope="module")
def whole_dictionary(ruleset):
    freq, total, longest = terms._build(ruleset.terms)
    return terms.Dictionary(dict(freq), total, longest)


def reference(patch, whole):
    """Put the plain implementations in place."""
    patch.setattr(engine, "subtract", old_subtract)
    patch.setattr(Context, "in_scope", old_in_scope)
    patch.setattr(Context, "counts", old_counts)
    patch.setattr(Context, "lines", old_lines)
    patch.setattr(Context, "rejected", old_rejected)
    patch.setattr(basic, "_first_lines", old_first_lines)
    patch.setattr(basic, "Containers", AnyRanges)
    patch.setattr(punctuation, "Containers", AnyRanges)
    patch.setattr(punctuation, "_by_paragraph", old_by_paragraph)
    patch.setattr(punctuation, "_unpaired", old_unpaired)
    patch.setattr(reference_scan, "Ranges", AnyRanges)
    patch.setattr(reference_scan, "span_around", old_span_around)
    patch.setattr(reference_scan, "reporting_text", old_reporting_text)
    patch.setattr(parts, "_outermost", old_outermost)
    patch.setattr(claims, "_CLAUSE_END_BACK", RfindClauseStart())
    patch.setattr(terms.TermIndex, "_block", old_block)
    patch.setattr(terms, "dictionary", lambda _terms: whole)
    patch.setattr(prefilter, "branches", lambda _pattern: None)  # an alternation searched whole
    patch.setattr(prescan.Prescan, "possible", lambda _self, _text: None)  # every pattern run, no Hyperscan pass


@lru_cache(maxsize=1)
def texts():
    """(name, text, case) of every seed, every labelled case, and long joined and one-line texts."""
    seeds = [path.read_text(encoding="utf-8") for path in SEEDS]
    out = [(path.name, text, None) for path, text in zip(SEEDS, seeds)]
    joined = "\n".join(seeds)
    out += [("joined×3", joined * 3, None), ("one line", joined.replace("\n", ""), None)]
    # (Every case of the development set, and HELD_OUT cases spread evenly over the held-out sets: the comparison
    # audits each report twice, and the held-out sets hold over ten thousand reports — a sample of a fixed size
    # keeps CI within its limit as the sets grow, while every set and kind of edit still runs through both.)
    held = [(f"{name}/{case.id}", None, case) for name in SETS if name != "claims" for case in load_cases(name)]
    out += [(f"claims/{case.id}", None, case) for case in load_cases("claims")]
    return tuple(out + held[::max(1, len(held) // HELD_OUT)])  # (read once: each chunk's two audits ask for it)


HELD_OUT = 1500
CHUNKS = 4  # the comparison is split so parallel test workers share it


def audits(ruleset, chunk):
    found = {}
    for name, text, case in texts()[chunk::CHUNKS]:
        audit = audit_case(case, ruleset) if case is not None else audit_text(text, ruleset, path=name)
        found[name] = fragment(audit, ruleset)
    return found


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_results_equal_the_reference_implementations(ruleset, whole_dictionary, chunk):
    fast = audits(ruleset, chunk)
    with pytest.MonkeyPatch.context() as patch:
        reference(patch, whole_dictionary)
        plain = audits(ruleset, chunk)
    differ = [name for name in fast if fast[name] != plain[name]]
    assert not differ, f"{len(differ)} reports differ, e.g. {differ[:5]}"
    assert len(fast) > 300 and Counter(name.split("/")[0] for name in fast)["claims"] > 25


def test_the_sample_reaches_every_set():
    sampled = {name.split("/")[0] for name, _, _ in texts()}
    assert set(SETS) <= sampled
