"""Rules step: builtin `duplicated-word` — accidental repeats (发挥发挥, 的的); listed reduplication passes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from auditor.plain import Field, field_validator

from auditor.checks.common import HAN, StrictParams, covered, matches, valid_patterns
from auditor.checks.context import Context, Outcome, distinct_lines, failed, passed
from auditor.model import Evidence
from auditor.schema import Rule


class DuplicatedParams(StrictParams):
    """Legitimate reduplications (常常, 人人, 家家户户 …): words and regular expressions that cover a repeat."""

    allowed: tuple[str, ...] = ()
    allowed_patterns: tuple[str, ...] = ()
    longest: int = Field(default=8, ge=1, le=20)

    @field_validator("allowed_patterns")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_patterns(value)


def _is_typo(ctx: Context, start: int, unit: int) -> bool:
    """A repeat is accidental when jieba cuts between the copies and the copies are words of their own.

    A repeated word may lean on one neighbour (充分发挥|发挥|法律, 武装|武装头脑) but not on both. A single
    character must stand alone on both sides: “学习习近平” (学习|习近平) and “目的的” (目的|的) are not typos.
    It must also stay apart under jieba's unknown-word model: in “常务会会前” the second 会 starts “会前”, a
    word missing from the dictionary, and the model joins it. Four characters or more repeated at once are a
    phrase pasted twice, whatever the cuts.
    """
    index = ctx.index
    middle, end = start + unit, start + 2 * unit
    if unit >= 4:
        return True  # a phrase pasted twice (学法守法用法学法守法用法): however the segmenter cuts across the seam
    if not index.is_break(middle):
        return False
    if unit > 1:
        return index.is_break(start) or index.is_break(end)
    return index.is_break(start) and index.is_break(end) and _hmm_break(ctx, middle)


def _hmm_break(ctx: Context, offset: int) -> bool:
    """Whether jieba with its unknown-word model (HMM) cuts the run of Chinese characters at `offset`."""
    from auditor.terms import tokenizer

    norm = ctx.doc.norm
    lo, hi = offset, offset
    while lo > 0 and "\u4e00" <= norm[lo - 1] <= "\u9fff":
        lo -= 1
    while hi < len(norm) and "\u4e00" <= norm[hi] <= "\u9fff":
        hi += 1
    pos = lo
    for word in tokenizer(ctx.index.terms).cut(norm[lo:hi], HMM=True):
        pos += len(word)
        if pos >= offset:
            return pos == offset
    return True


@lru_cache(maxsize=8)
def _repeat(longest: int) -> re.Pattern[str]:
    """The shortest run of Chinese characters repeated right after itself, at every position (a lookahead, so
    overlapping repeats are all seen). The pattern is the code's, not a rule file's: the faster `re` is safe."""
    return re.compile(rf"(?=([{HAN}]{{1,{longest}}}?)\1)")


_SPACED_REPEAT = re.compile(rf"([{HAN}]{{2,6}})[ \t\u3000]+\1")


_HAN_THEN_SPACE = re.compile(rf"(?<=[{HAN}])[ \t\u3000]")


def _spaced_repeats(text: str) -> Iterator[re.Match[str]]:
    """_SPACED_REPEAT.finditer(text), tried only where a match can start: its first copy (2 to 6 Chinese
    characters) ends right before a space that follows a Chinese character, so a start lies 2 to 6 characters
    before such a space. Starts are tried in order and past each match, as finditer does."""
    if " " not in text and "\t" not in text and "\u3000" not in text:
        return
    starts = sorted({s for m in _HAN_THEN_SPACE.finditer(text) for s in range(max(0, m.start() - 6), m.start() - 1)})
    pos = 0
    for start in starts:
        if start < pos:
            continue
        match = _SPACED_REPEAT.match(text, start)
        if match:
            yield match
            pos = match.end()


# Clauses and sentences, each ended by its mark: the pieces compared by _pasted_twice.
_PIECES = (re.compile(r"[^，,；;。！？!?\n]+[，,；;。！？!?]"), re.compile(r"[^。！？!?\n]+[。！？!?]"))


def _pasted_twice(text: str) -> Iterator[tuple[int, int]]:
    """A clause or sentence pasted twice in a row (坚持以人民为中心，坚持以人民为中心，): two neighbouring pieces, each
    ended by its mark, that read the same; sentences are compared as well as clauses. (start, end) of both copies."""
    for piece in _PIECES:
        pieces = [m.span() for m in piece.finditer(text)]
        for (a, b), (c, d) in zip(pieces, pieces[1:]):
            if b == c and b - a >= 5 and text[a:b].strip() == text[c:d].strip() and _HAN_RUN.search(text, a, b):
                yield a, d


_HAN_RUN = re.compile(rf"[{HAN}]{{4}}")
# A measure word doubled right after its number (1000余个个, 12件件): the AA words allowed elsewhere (个个都, 件件有回复)
# do not follow a number; 3个个体户 and 2个个人 are a number, its measure word and a word of their own.
_COUNTED_TWICE = re.compile(r"(?:(?<=[\d０-９])|(?<=[\d０-９][余多]))([个件项条次场名户家处篇期批份])\1"
                            r"(?!(?<=个个)(?:体|人|性|案|别|税))")
_LISTED_TWICE = re.compile(rf"([{HAN}]{{2,10}})、\1(?=[、，,。；;）)和及与等]|$)")


def duplicated_word(ctx: Context, rule: Rule, params: DuplicatedParams) -> Outcome:
    """Accidental repeats (发挥发挥, 的的); reduplication listed as allowed, or inside one word, passes."""
    repeat = _repeat(params.longest)
    found: list[tuple[Evidence, str]] = []
    for offset, text in ctx.scope_text():
        # Repeats come in order of their start, so one overlaps a repeat already flagged exactly when it starts
        # before the furthest end flagged so far.
        flagged_to = -1
        flagged: list[tuple[int, int]] = []  # the repeats found (few: a typo is rare), for the spaced ones below
        for match in repeat.finditer(text):
            start, end = match.start(), match.start() + 2 * len(match.group(1))
            if start < flagged_to or _allowed(text, start, end, params):
                continue
            if not _is_typo(ctx, offset + start, len(match.group(1))):
                continue
            flagged_to = max(flagged_to, end)
            flagged.append((start, end))
            word = ctx.doc.text[offset + start:offset + end]
            note = f"“{word}”（{ctx.doc.where(ctx.doc.line_of(offset + start))}）→删去一个“{word[: len(word) // 2]}”"
            found.append((ctx.evidence(offset + start, offset + end), note))

        def flag(start: int, end: int, note: str) -> None:
            """Record a repeat found by the later passes, unless it overlaps one found already."""
            if not any(start < hi and lo < end for lo, hi in flagged):
                flagged.append((start, end))
                found.append((ctx.evidence(offset + start, offset + end), note))

        def where(start: int) -> str:
            return ctx.doc.where(ctx.doc.line_of(offset + start))

        for start, end in _pasted_twice(text):  # a clause or sentence pasted twice
            half = ctx.doc.text[offset + start:offset + start + (end - start) // 2].strip()
            flag(start, end, f"“{half[:20]}{'…' if len(half) > 20 else ''}”连续出现两次（{where(start)}）→删去一处")
        for match in _LISTED_TWICE.finditer(text):  # 通过党委会、党委会、理论学习中心组: an item listed twice
            if ctx.index.is_break(offset + match.start()):
                word = match.group(1)
                flag(match.start(), match.end(), f"“{word}”在列举中连续出现两次（{where(match.start())}）→删去一个“{word}、”")
        for match in _COUNTED_TWICE.finditer(text):  # 宣传袋1000余个个: a measure word typed twice after its number
            flag(match.start(), match.end(), f"“{match.group()}”（{where(match.start())}）→删去一个“{match.group(1)}”")
        for match in _spaced_repeats(text):  # 深入推进 推进: a word typed again after a space
            start, end = match.start(), match.end()
            flag(start, end, f"“{ctx.doc.text[offset + start:offset + end]}”（{where(start)}）→删去一个“{match.group(1)}”")
    if not found:
        return passed(message="未发现词语误重复")
    found.sort(key=lambda item: item[0].line)
    notes = "；".join(note for _, note in found[:8])
    return failed(f"发现 {len(found)} 处词语误重复：{notes}", distinct_lines([e for e, _ in found], most=8))


_CN_NUMBER = re.compile(r"[〇○零0一二三四五六七八九十百千]{3,}")  # 二〇二二年, 一〇〇: digits, not a doubled word


@lru_cache(maxsize=16)
def _by_length(words: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """Allowed words grouped by length (each group tested as slices of the text, not one search per word)."""
    lengths = sorted({len(word) for word in words if word})
    return tuple((n, frozenset(w for w in words if len(w) == n)) for n in lengths)


def _allowed(text: str, start: int, end: int, params: DuplicatedParams) -> bool:
    """Whether an allowed word or pattern covers text[start:end] (looked for in a window around it)."""
    if any(m.start() <= start and end <= m.end() for m in _CN_NUMBER.finditer(text, max(0, start - 8), end + 8)):
        return True
    for length, words in _by_length(params.allowed):  # an allowed word covering [start, end), by its length
        for at in range(max(0, end - length), start + 1):
            if text[at:at + length] in words:
                return True
    lo, hi = max(0, start - 16), end + 16
    spans = matches(params.allowed_patterns, text[lo:hi])
    return covered(spans, start - lo, end - lo)
