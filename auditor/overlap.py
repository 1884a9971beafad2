"""After score, across reports: text copied between the reports of a batch and between two years of one body.

Both comparisons work on sentences reduced to a key (punctuation and spaces dropped, every number written
as 0, leading ordinals such as 一是/（三） dropped), so a paragraph copied with its dates and figures changed
is still found. Nothing compares every report with every other: the batch keeps an index from sentence key
to the bodies that wrote it (linear in the batch's size), and a pair of years compares one report with one.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from auditor.model import Document

# A sentence ends at 。！？；, or at the end of its line (a heading, a table cell).
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_NOT_TEXT = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]+")
_NUMBER = re.compile(r"[0-9]+")
_ORDINAL = re.compile(r"^(?:第?[一二三四五六七八九十百0]+(?:是|要|条|项|部分)?)")
_ORDINAL_START = frozenset("第一二三四五六七八九十百0")
MIN_KEY = 15  # shorter sentences (现将有关情况报告如下) are formulae every report writes
SHINGLE = 4  # characters per shingle when two years of one body are compared
NEAR = 0.8  # share of a sentence's shingles found in one sentence of the other year: a near duplicate


def sentence_key(text: str) -> str:
    """The form two sentences are compared in: no punctuation or spaces, numbers as 0, no leading ordinal."""
    key = _NOT_TEXT.sub("", text)
    if not key.isalpha():  # digits in it (str.isalpha is true of Chinese characters, false of digits)
        key = _NUMBER.sub("0", key)
    return _ORDINAL.sub("", key, count=1) if key[:1] in _ORDINAL_START else key


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a sentence key (the same in every process, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report as the comparisons see it."""

    line: int
    where: str  # 第N行 / 第N段 / 第N页第M行
    text: str  # as the report writes it
    key: str
    start: int = -1  # offset in the report's text (-1: not known)

    @property
    def size(self) -> int:
        """Characters that count towards a copied share (the key's length)."""
        return len(self.key)


def sentences(doc: Document, lines: Iterable[int] | None = None, min_key: int = MIN_KEY) -> list[Sentence]:
    """The report's sentences of at least `min_key` key characters (on the given lines, else the body)."""
    return [Sentence(line, doc.where(line), text, key, start) for line, text, key, start in _raw(doc, lines, min_key)]


def _raw(doc: Document, lines: Iterable[int] | None, min_key: int) -> Iterator[tuple[int, str, str, int]]:
    """(line, text, key, offset) of each sentence long enough; the whole body in one pass when no lines are given.
    A heading (the first sentence of a section's line) is left out: the headings are prescribed (存在的不足和
    原因 …), every report may share them."""
    headings = {section.line for section in doc.walk()}
    if lines is None:
        if doc.body_start > len(doc.lines):
            return
        spans = [(doc.line_starts[doc.body_start - 1], len(doc.norm))]
    else:
        spans = [doc.span_of_lines(n, n) for n in lines]
    norm, text = doc.norm, doc.text
    for begin, end in spans:
        previous_line = 0
        for match in _SENTENCE.finditer(norm, begin, end):
            line = doc.line_of(match.start())
            opening, previous_line = line != previous_line, line
            if opening and line in headings:
                continue
            if match.end() - match.start() < min_key:
                continue  # its key (never longer than the sentence) would be too short
            key = sentence_key(match.group())
            if len(key) >= min_key:
                yield line, text[match.start():match.end()].strip(), key, match.start()


# --- what a worker keeps of each report for the batch comparison ------------------------------------------

@dataclass(frozen=True)
class Profile:
    """What the cross-report steps keep of a report once its text is dropped: sentence hashes and a title."""

    title: str
    issuer: str | None
    year: int | None
    level: str | None
    hashes: tuple[int, ...]
    lines: tuple[int, ...]  # line of each hash
    sizes: tuple[int, ...]  # key length of each hash
    texts: tuple[str, ...]  # each sentence as written (shown only when it is shared)
    wheres: tuple[str, ...]  # location label of each line (第N段), or () for plain text (第N行)
    published: object = None  # auditor.publication.Published, or None


def profile(doc: Document) -> Profile:
    """The report's profile, made where the text is still at hand (the worker that audited it)."""
    from auditor.publication import read_published

    found = list(_raw(doc, None, MIN_KEY))
    meta = doc.meta
    lines = tuple(item[0] for item in found)
    wheres = tuple(map(doc.where, lines)) if doc.locations else ()
    return Profile(doc.title, meta.issuer, meta.year, meta.level, tuple(key_hash(item[2]) for item in found), lines,
                   tuple(len(item[2]) for item in found), tuple(item[1] for item in found), wheres, read_published(doc))


# --- copying across a batch ---------------------------------------------------------------------------------

PARTNER_CAP = 10  # a sentence more than this many bodies wrote counts in the shares, but names no partner
MIN_PARAGRAPH = 30  # key characters a shared paragraph must have
PARAGRAPH_SHARE = 0.6  # share of a paragraph's sentences (by characters) found in other bodies' reports


@dataclass(frozen=True)
class Member:
    """A report's paragraph in a group of near-identical paragraphs."""

    report: int  # index of the report in the batch
    line: int
    where: str
    text: str


@dataclass(frozen=True)
class SharedGroup:
    """Near-identical paragraphs in the reports of different bodies: who shares what with whom."""

    members: tuple[Member, ...]
    bodies: int
    size: int  # key characters of the longest member's shared sentences

    @property
    def sample(self) -> str:
        """The passage as one member writes it."""
        return max(self.members, key=lambda m: len(m.text)).text


@dataclass(frozen=True)
class ReportShare:
    """One report's share of text found in another body's report, and the reports it shares most with."""

    report: int
    share: float
    shared: int  # key characters found elsewhere
    total: int
    partners: tuple[tuple[int, int], ...]  # (report, key characters shared), most first


@dataclass(frozen=True)
class BatchOverlap:
    """Copying across a batch: groups of shared paragraphs, and every report's share."""

    groups: tuple[SharedGroup, ...]
    shares: tuple[ReportShare, ...]


@dataclass(frozen=True)
class _Kept:
    """What the index keeps of a report: its body and its sentences as numbers (arrays, a few KB)."""

    body: int
    hashes: array
    lines: array
    sizes: array
    wheres: tuple[str, ...] | None  # None: plain text, where a line is 第N行


@dataclass
class BatchIndex:
    """An inverted index from sentence hash to the bodies that wrote it, filled one report at a time."""

    first_body: dict[int, int] = field(default_factory=dict)
    bodies: dict[int, set[int]] = field(default_factory=dict)  # hashes written by two bodies or more
    texts: dict[int, str] = field(default_factory=dict)  # text of each hash in `bodies`
    reports: list[_Kept | None] = field(default_factory=list)
    body_ids: dict[str, int] = field(default_factory=dict)

    def add(self, report: int, body: str, prof: Profile) -> None:
        """Index one report's sentences (`report` numbers the reports 0, 1, … in batch order)."""
        body_id = self.body_ids.setdefault(body, len(self.body_ids))
        while len(self.reports) < report:
            self.reports.append(None)
        self.reports.append(_Kept(body_id, array("Q", prof.hashes), array("I", prof.lines), array("I", prof.sizes),
                                  prof.wheres or None))
        for h, text in zip(prof.hashes, prof.texts):
            first = self.first_body.setdefault(h, body_id)
            if first != body_id:
                self.bodies.setdefault(h, {first}).add(body_id)
                self.texts.setdefault(h, text)

    def result(self) -> BatchOverlap:
        """Groups of shared paragraphs and each report's share; linear in the number of sentences indexed."""
        postings: dict[int, list[int]] = defaultdict(list)  # shared hash → reports holding it
        totals = []
        for report, kept in enumerate(self.reports):
            if kept is None:
                continue
            shared = 0
            for h, size in zip(kept.hashes, kept.sizes):
                if h in self.bodies:
                    shared += size
                    postings[h].append(report)
            totals.append((report, shared, sum(kept.sizes)))
        shares = tuple(ReportShare(r, round(s / t, 4) if t else 0.0, s, t, self._partners(r, postings))
                       for r, s, t in totals)
        return BatchOverlap(self._groups([r for r, s, _ in totals if s]), shares)

    def _partners(self, report: int, postings: dict[int, list[int]]) -> tuple[tuple[int, int], ...]:
        kept = self.reports[report]
        assert kept is not None
        tally: dict[int, int] = defaultdict(int)
        for h, size in zip(kept.hashes, kept.sizes):
            if h in self.bodies and len(self.bodies[h]) <= PARTNER_CAP:
                seen = {kept.body}
                for other in postings[h]:
                    other_body = self.reports[other].body  # type: ignore[union-attr]
                    if other_body not in seen:
                        seen.add(other_body)
                        tally[other] += size
        ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(ranked[:5])

    def _groups(self, sharing: list[int]) -> tuple[SharedGroup, ...]:
        """Paragraphs mostly made of shared sentences, joined into groups through the sentences they share
        (only the reports in `sharing`, those with any shared sentence, are looked at)."""
        nodes: dict[tuple[int, int], tuple[list[int], int, str]] = {}  # (report, line) → hashes, chars, where
        for report in sharing:
            kept = self.reports[report]
            assert kept is not None
            per_line: dict[int, list[int]] = defaultdict(lambda: [0, 0])
            hashes_of: dict[int, list[int]] = defaultdict(list)
            where_of: dict[int, str] = {}
            for number, (h, line, size) in enumerate(zip(kept.hashes, kept.lines, kept.sizes)):
                per_line[line][1] += size
                if h in self.bodies:
                    per_line[line][0] += size
                    hashes_of[line].append(h)
                    where_of[line] = kept.wheres[number] if kept.wheres else f"第{line}行"
            for line, (shared, total) in per_line.items():
                if shared >= MIN_PARAGRAPH and shared >= PARAGRAPH_SHARE * total:
                    nodes[(report, line)] = (hashes_of[line], shared, where_of[line])
        parent = {node: node for node in nodes}

        def find(node: tuple[int, int]) -> tuple[int, int]:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        anchor: dict[int, tuple[int, int]] = {}
        for node, (hashes, _, _) in nodes.items():
            for h in hashes:
                a, b = find(node), find(anchor.setdefault(h, node))
                if a != b:
                    parent[max(a, b)] = min(a, b)
        members: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for node in nodes:
            members[find(node)].append(node)
        groups = []
        for group_nodes in members.values():
            bodies = {self.reports[r].body for r, _ in group_nodes}  # type: ignore[union-attr]
            if len(bodies) < 2:
                continue
            group = tuple(Member(r, line, nodes[(r, line)][2], "".join(self.texts[h] for h in nodes[(r, line)][0]))
                          for r, line in sorted(group_nodes))
            groups.append(SharedGroup(group, len(bodies), max(nodes[node][1] for node in group_nodes)))
        groups.sort(key=lambda g: (-g.bodies, -g.size, g.members[0].report, g.members[0].line))
        return tuple(groups)


# --- copying between two years of one body --------------------------------------------------------------

@dataclass(frozen=True)
class Passage:
    """A run of consecutive sentences of this year's report copied from last year's."""

    first: Sentence
    last: Sentence
    text: str
    size: int
    source_where: str  # where last year's report has its first sentence


@dataclass(frozen=True)
class YearCopy:
    """How much of this year's report is last year's text."""

    share: float
    copied: int
    total: int
    passages: tuple[Passage, ...]  # longest first


def _shingles(key: str) -> set[str]:
    if len(key) <= SHINGLE:
        return {key}
    return {key[i:i + SHINGLE] for i in range(len(key) - SHINGLE + 1)}


RARE = 8  # a shingle in more of last year's sentences than this does not pick candidates (法治政府 …)


def year_copy(current: list[Sentence], previous: list[Sentence], most: int = 3) -> YearCopy:
    """Sentences of this year that are (nearly) last year's: the same key, or at least NEAR of its shingles
    found in one sentence of last year. Candidates come from an index of last year's rarer shingles and are
    then measured exactly, so no sentence is compared with every other."""
    exact = {s.key: s for s in previous}
    sets = [_shingles(s.key) for s in previous]
    index: dict[str, list[int]] = defaultdict(list)
    for number, shingles in enumerate(sets):
        for shingle in shingles:
            index[shingle].append(number)
    matches: list[Sentence | None] = []
    for sentence in current:
        match = exact.get(sentence.key)
        if match is None:
            shingles = _shingles(sentence.key)
            hits: dict[int, int] = defaultdict(int)
            for shingle in shingles:
                numbers = index.get(shingle, ())
                if len(numbers) <= RARE:
                    for number in numbers:
                        hits[number] += 1
            for number, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:3]:
                if len(shingles & sets[number]) >= NEAR * len(shingles):
                    match = previous[number]
                    break
        matches.append(match)
    copied = sum(s.size for s, m in zip(current, matches) if m is not None)
    total = sum(s.size for s in current)
    return YearCopy(round(copied / total, 4) if total else 0.0, copied, total, _passages(current, matches)[:most])


def _passages(current: list[Sentence], matches: list[Sentence | None]) -> list[Passage]:
    runs: list[list[int]] = []
    for number, match in enumerate(matches):
        if match is None:
            continue
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    out = []
    for run in runs:
        found = [current[i] for i in run]
        source = matches[run[0]]
        assert source is not None
        out.append(Passage(found[0], found[-1], "".join(s.text for s in found), sum(s.size for s in found),
                           source.where))
    out.sort(key=lambda p: (-p.size, p.first.line))
    return out
