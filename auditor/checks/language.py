"""Rules step: built-in language checks following official-document norms (GB/T 15834, GB/T 9704)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.checks.prefilter import holds, needs, possible
from auditor.checks.context import Context, Outcome, distinct_lines, failed, partial, passed
from auditor.model import Document, Evidence, Section
from auditor.numerals import SYMBOL_FAMILIES, numeral_like, numeral_value, symbol_class, symbol_family
from auditor.patterns import compiled, valid_regex
from auditor.schema import Rule
from auditor.spans import Containers

_HAN = r"\u4e00-\u9fff"


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_P = TypeVar("_P", tuple[str, ...], dict[str, str])


def _valid_patterns(value: _P) -> _P:
    """Reject a parameter that holds an invalid regular expression (at load time, naming the rule)."""
    for pattern in value.values() if isinstance(value, dict) else value:
        valid_regex(pattern)
    return value


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(lo <= start and end <= hi for lo, hi in spans)  # a few spans in a window: the loop is cheaper


def _matches(patterns: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in compiled(p).finditer(text)]


# --- language.duplicated-word -------------------------------------------------------------------


class DuplicatedParams(_Params):
    """Legitimate reduplications (常常, 人人, 家家户户 …): words and regular expressions that cover a repeat."""

    allowed: tuple[str, ...] = ()
    allowed_patterns: tuple[str, ...] = ()
    longest: int = Field(default=8, ge=1, le=20)

    @field_validator("allowed_patterns")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _valid_patterns(value)


def _is_typo(ctx: Context, start: int, unit: int) -> bool:
    """A repeat is accidental when jieba cuts between the copies and the copies are words of their own.

    A repeated word may lean on one neighbour (充分发挥|发挥|法律, 武装|武装头脑) but not on both. A single
    character must stand alone on both sides: “学习习近平” (学习|习近平) and “目的的” (目的|的) are not typos.
    It must also stay apart under jieba's unknown-word model: in “常务会会前” the second 会 starts “会前”, a
    word missing from the dictionary, and the model joins it.
    """
    index = ctx.index
    middle, end = start + unit, start + 2 * unit
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
    for word in tokenizer(ctx.ruleset.terms).cut(norm[lo:hi], HMM=True):
        pos += len(word)
        if pos >= offset:
            return pos == offset
    return True


@lru_cache(maxsize=8)
def _repeat(longest: int) -> re.Pattern[str]:
    """The shortest run of Chinese characters repeated right after itself, at every position (a lookahead, so
    overlapping repeats are all seen). The pattern is the code's, not a rule file's: the faster `re` is safe."""
    return re.compile(rf"(?=([{_HAN}]{{1,{longest}}}?)\1)")


_SPACED_REPEAT = re.compile(rf"([{_HAN}]{{2,6}})[ \t\u3000]+\1")
_HAN_THEN_SPACE = re.compile(rf"(?<=[{_HAN}])[ \t\u3000]")


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
        for match in _spaced_repeats(text):  # 深入推进 推进: a word typed again after a space
            start, end = match.start(), match.end()
            if any(start < hi and lo < end for lo, hi in flagged):
                continue
            flagged.append((start, end))
            word = match.group(1)
            note = f"“{ctx.doc.text[offset + start:offset + end]}”（{ctx.doc.where(ctx.doc.line_of(offset + start))}）→删去一个“{word}”"
            found.append((ctx.evidence(offset + start, offset + end), note))
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
    spans = _matches(params.allowed_patterns, text[lo:hi])
    return _covered(spans, start - lo, end - lo)


# --- language.punctuation -----------------------------------------------------------------------


class PunctuationParams(_Params):
    """Half-width marks in Chinese text and their full-width forms, doubled marks, paired marks, threshold."""

    half_width: dict[str, str] = Field(min_length=1)  # mark → full-width form; flagged next to Chinese
    between_chinese: tuple[str, ...] = (".",)  # marks flagged only with Chinese characters on both sides
    ignore: tuple[str, ...] = ()  # spans never checked for half-width marks: URLs, 文号 …
    skip_lines: tuple[str, ...] = ()  # paragraphs not checked at all: web-page furniture copied with a report
    doubled: str = "[，。、；：,;]{2,}"
    pairs: dict[str, str] = {}
    fail_at: int = Field(default=10, ge=1)  # this many problems or more: fail; fewer: partial credit

    @field_validator("ignore", "skip_lines")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _valid_patterns(value)

    @field_validator("doubled")
    @classmethod
    def _valid_doubled(cls, value: str) -> str:
        return _valid_patterns((value,))[0]


def _neighbours(text: str, at: int) -> tuple[str, str]:
    """The nearest non-space characters before and after position `at`."""
    before, after = at - 1, at + 1
    while before >= 0 and text[before].isspace():
        before -= 1
    while after < len(text) and text[after].isspace():
        after += 1
    return (text[before] if before >= 0 else ""), (text[after] if after < len(text) else "")


@lru_cache(maxsize=64)
def _char_class(chars: str) -> re.Pattern[str]:
    """A pattern matching any one of `chars` (escaped, so the code's own: the faster `re` is safe)."""
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def _is_han(char: str) -> bool:
    return len(char) == 1 and "\u4e00" <= char <= "\u9fff"


def _half_width(text: str, params: PunctuationParams, candidates: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(column, mark) of the half-width marks among `candidates` (found in `text`) used in Chinese text."""
    out = []
    skip: Containers | None = None  # the ignored spans (URLs, 文号 …), found once a mark needs them
    for col, char in candidates:
        before, after = _neighbours(text, col)
        sides = (_is_han(before), _is_han(after))
        if not (all(sides) if char in params.between_chinese else any(sides)):
            continue
        if skip is None:
            skip = Containers(_matches(params.ignore, text))
        if not skip.holds(col, col + 1):
            out.append((col, char))
    return out


_LIST_BEFORE = frozenset("。；;，,：:")
_NUMERALS = frozenset("一二三四五六七八九十")


def _closes_list_number(text: str, at: int) -> bool:
    """Whether the ） at `at` closes a list number — 1 or 2 digits, 1 to 3 of 一…十, or one ASCII letter —
    that begins the text or follows a sentence mark (。；，：) or a space: 一）, 12）, a）. Equal to the pattern
    (?:^|(?<=[。；;，,：:\\s]))\\s*(?:\\d{1,2}|[一二三四五六七八九十]{1,3}|[A-Za-z])） ending there, checked
    backwards from the mark instead of tried at every position of the text."""
    last = text[at - 1] if at > 0 else ""
    if last.isdecimal():
        same: Callable[[str], bool] = str.isdecimal
        most = 2
    elif last in _NUMERALS:
        same, most = _NUMERALS.__contains__, 3
    elif last.isascii() and last.isalpha():
        same, most = (lambda char: char.isascii() and char.isalpha()), 1
    else:
        return False
    start = at - 1
    while start > 0 and same(text[start - 1]):
        start -= 1
    if at - start > most:
        return False  # a longer run: its first characters cannot follow a sentence mark or a space
    return start == 0 or text[start - 1] in _LIST_BEFORE or text[start - 1].isspace()


def _unpaired(text: str, pairs: dict[str, str], found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(column, mark) of marks of `pairs` (《》“”（）…) left open or closed without an opening, in one paragraph;
    `found` holds every mark of `pairs` in `text`.

    A list number closed by a single parenthesis (一）, 1）) is a numbering style, not a lone mark.
    """
    closing = {close: open_ for open_, close in pairs.items()}
    stack: list[tuple[int, str]] = []
    opened: Counter[str] = Counter()  # the marks on the stack, so a closing mark's match is known at once
    bad: list[tuple[int, str]] = []
    for col, char in found:
        if char == "）" and _closes_list_number(text, col):
            continue
        if char in pairs:
            stack.append((col, char))
            opened[char] += 1
        elif char in closing:
            if not opened[closing[char]]:
                bad.append((col, char))
                continue
            while stack[-1][1] != closing[char]:
                left = stack.pop()
                opened[left[1]] -= 1
                bad.append(left)
            opened[stack.pop()[1]] -= 1
    return sorted(bad + stack)


def _paragraphs(ctx: Context) -> list[tuple[int, str, str]]:
    """(first line, display text, matching text) per paragraph; the title block counts as one."""
    title = set(ctx.doc.title_lines)
    out: list[tuple[int, str, str]] = []
    title_at: int | None = None  # index in `out` of the title block
    for number, norm in ctx.lines():
        shown = ctx.doc.lines[number - 1]
        if number in title and title_at is not None:
            first, s, n = out[title_at]
            out[title_at] = (first, s + shown, n + norm)
            continue
        if number in title:
            title_at = len(out)
        out.append((number, shown, norm))
    return out


def _by_paragraph(pattern: re.Pattern[str], texts: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Every single-character match of `pattern` in each text, as (column, character), one text at a time:
    one scan of all the texts joined, instead of one call per paragraph."""
    matches = pattern.finditer("\n".join(texts))
    match = next(matches, None)
    at = 0
    for text in texts:
        end = at + len(text)  # a match on the "\n" after a text is counted with it, as before
        found = []
        while match is not None and match.start() <= end:
            found.append((match.start() - at, match.group()))
            match = next(matches, None)
        yield found
        at = end + 1


def _marks_in(paragraphs: list[tuple[int, str, str]],
              params: PunctuationParams) -> Iterator[dict[str, list[tuple[int, str]]]]:
    """Problems per paragraph by kind: half-width marks, doubled marks, unpaired marks (column, mark); made one
    paragraph at a time, so a long report's marks are never all held at once."""
    doubled = compiled(params.doubled)
    halves = _by_paragraph(_char_class("".join(params.half_width)), [shown for _, shown, _ in paragraphs])
    paired = _by_paragraph(_char_class("".join(params.pairs) + "".join(params.pairs.values())),
                           [norm for _, _, norm in paragraphs])
    for (_, shown, norm), half, pairs in zip(paragraphs, halves, paired):
        yield {
            "half": _half_width(shown, params, half) if half else [],
            "doubled": [(m.start(), m.group()) for m in doubled.finditer(shown)],
            "unpaired": _unpaired(norm, params.pairs, pairs) if pairs else [],
        }


def _punctuation_message(found: dict[str, list[tuple[int, str]]], half_lines: list[int],
                         params: PunctuationParams, doc: Document) -> str:
    """中文语句中使用半角标点 12 处（“,”→“，” 9 处…；见第3行…）；标点连用 1 处：“，。”（第6行）."""
    parts = []
    if found["half"]:
        kinds = Counter(mark for _, mark in found["half"])
        detail = "、".join(f"“{k}”→“{params.half_width[k]}” {n} 处" for k, n in kinds.most_common())
        lines = "、".join(doc.where(n) for n in half_lines[:6]) + ("等" if len(half_lines) > 6 else "")
        parts.append(f"中文语句中使用半角标点 {len(found['half'])} 处（{detail}；见{lines}）")
    names = {"doubled": "标点连用", "unpaired": "成对标点不配对"}
    for kind, name in names.items():
        if found[kind]:
            where = "、".join(f"“{mark}”（{doc.where(line)}）" for line, mark in found[kind][:6])
            parts.append(f"{name} {len(found[kind])} 处：{where}")
    return "；".join(parts)


def punctuation(ctx: Context, rule: Rule, params: PunctuationParams) -> Outcome:
    """Half-width marks in Chinese text, doubled marks (，。), unpaired 《》“”（）; partial credit below fail_at."""
    found: dict[str, list[tuple[int, str]]] = {"half": [], "doubled": [], "unpaired": []}
    half_lines: list[int] = []
    evidence: list[Evidence] = []
    paragraphs = _paragraphs(ctx)
    # A skip pattern whose literals are in no paragraph cannot match one (checks.prefilter): not tried at all.
    joined = "".join(shown for _, shown, _ in paragraphs)
    skip = [compiled(pattern) for pattern in params.skip_lines if holds(needs(pattern), joined.__contains__)]
    if skip:
        paragraphs = [p for p in paragraphs if not any(pattern.search(p[1]) for pattern in skip)]
    for (number, _, _), marks in zip(paragraphs, _marks_in(paragraphs, params)):
        for kind, items in marks.items():
            found[kind] += [(number, mark) for _, mark in items]
        if marks["half"]:
            half_lines.append(number)
        columns = [col for items in marks.values() for col, _ in items]
        if columns:
            evidence.append(_at_column(ctx, number, min(columns)))
    total = sum(len(items) for items in found.values())
    if total == 0:
        return passed(message="标点符号使用规范")
    message = _punctuation_message(found, half_lines, params, ctx.doc)
    shown_ev = distinct_lines(evidence, most=8)
    if total >= params.fail_at:
        return failed(message, shown_ev)
    return partial(1 - total / params.fail_at, message, shown_ev)


def _at_column(ctx: Context, line: int, column: int) -> Evidence:
    """Evidence centred on a column of a line (a merged title block falls back to its first line)."""
    if column >= len(ctx.doc.lines[line - 1]):
        return ctx.line_evidence(line)
    at = ctx.doc.line_starts[line - 1] + column
    return ctx.evidence(at, at + 1)


# --- language.enumeration -----------------------------------------------------------------------


def _number(token: str) -> int | None:
    """The value of a list number in any form: 一 → 1, 十二 → 12, 12 → 12, ③ → 3, ⑵ → 2, Ⅳ → 4."""
    return numeral_value(token)


def _numeral(value: int, like: str) -> str:
    """`value` written the way `like` is written (Chinese, Arabic, or the same family of symbols)."""
    return numeral_like(value, like)


class EnumerationParams(_Params):
    """Words that make an inline item with a Chinese number (一是、二是 …) and the marks that may precede it."""

    item_words: tuple[str, ...] = ("是",)
    item_after: str = "。；;：:，,、）)” "


Problem = tuple[int, int, str]  # (offset in the text, line, note)


class _Sequence:
    """Checks one run of numbers (1, 2, 3 …) and names repeats, gaps and disorder."""

    def __init__(self, label: Callable[[int], str], where: Callable[[int], str]) -> None:
        self.label = label
        self.where = where  # a line as the report's format names it (第3行 / 第8段 / 第2页第9行)
        self.prev: int | None = None
        self.prev_line = 0
        self.problems: list[Problem] = []

    def add(self, value: int, line: int, at: int, start_anywhere: bool = False) -> None:
        """Take the next number (on `line`, at text offset `at`); `start_anywhere` lets a run begin with it."""
        prev, label = self.prev, self.label
        if (value == 1 and prev != 1) or (start_anywhere and prev is None):
            pass
        elif prev is None:
            self._missing(1, value, line, at)
        elif value == prev:
            where = self.where(line) if self.prev_line == line else f"{self.where(self.prev_line)}、{self.where(line)}"
            self.problems.append((at, line, f"“{label(value)}”重复（{where}）"))
        elif value > prev + 1:
            self._missing(prev + 1, value, line, at)
        elif value < prev:
            note = f"顺序错乱：“{label(prev)}”之后是“{label(value)}”（{self.where(line)}）"
            self.problems.append((at, line, note))
        self.prev, self.prev_line = value, line

    def _missing(self, first: int, value: int, line: int, at: int) -> None:
        names = "、".join(f"“{self.label(n)}”" for n in range(first, value))
        self.problems.append((at, line, f"缺少{names}（{self.where(line)}“{self.label(value)}”之前）"))


def _heading_label(ctx: Context, section: Section) -> Callable[[int], str]:
    """How this section's number is written: （{n}） / {n}、 / {n}. …, as a function of the value."""
    text = ctx.doc.norm_lines[section.line - 1].strip()
    at = text.find(section.number)
    prefix = text[:at].strip() if at >= 0 else ""
    after = text[at + len(section.number):at + len(section.number) + 1] if at >= 0 else ""
    suffix = after if after in "、.．）)，," else ""
    return lambda value: f"{prefix}{_numeral(value, section.number)}{suffix}"


def _heading_problems(ctx: Context, group: tuple[Section, ...], carry: int | None = None) -> list[Problem]:
    """Repeats and gaps among sibling headings, then inside each sibling.

    `carry` is the last number under the previous parent: numbering that runs on across parents
    ((一) 1. 2. (二) 3. 4.) is accepted.
    """
    if not group:
        return []
    seq = _Sequence(_heading_label(ctx, group[0]), ctx.doc.where)
    for index, section in enumerate(group):
        value = _number(section.number)
        if value is None:
            continue
        continues = index == 0 and carry is not None and value == carry + 1
        seq.add(value, section.line, ctx.doc.line_starts[section.line - 1], start_anywhere=continues)
    problems = list(seq.problems)
    last_child: int | None = None
    for section in group:
        problems += _heading_problems(ctx, section.children, last_child)
        child_numbers = [_number(c.number) for c in section.children]
        last_child = child_numbers[-1] if child_numbers and child_numbers[-1] is not None else last_child
    return problems


def _segments(ctx: Context) -> list[tuple[int, int]]:
    """Line ranges in which inline items run: the preamble, each heading's own text up to its first child."""
    doc = ctx.doc
    first = doc.sections[0].line if doc.sections else len(doc.lines) + 1
    out = [(doc.body_start, first - 1)] if first > doc.body_start else []
    for section in doc.walk():
        out.append((section.line, section.children[0].line - 1 if section.children else section.end_line))
    return out


def _written_like(like: str) -> Callable[[int], str]:
    """A label function writing numbers in the form of `like` (① → ②, ⑴ → ⑵)."""
    return lambda value: _numeral(value, like)


@lru_cache(maxsize=16)
def _item_patterns(item_words: tuple[str, ...], item_after: str) -> tuple[Any, Any, re.Pattern[str]]:
    """The inline item pattern (一是), the listed-symbol pattern (① ⑴ …) and any one listed symbol, made once."""
    words = "|".join(regex.escape(w) for w in item_words)
    after = regex.escape(item_after)
    item = compiled(rf"(?:(?<=^)|(?<=[{after}]))([一二三四五六七八九十]{{1,3}})(?:{words})")
    listed = [name for name in SYMBOL_FAMILIES if name not in ("Ⅰ", "ⅰ")]  # Ⅱ类水质, Ⅲ级: Roman are not items
    symbols = compiled(rf"(?:(?<=^)|(?<=[{after}]))([{symbol_class(*listed)}])(?=\S)")
    return item, symbols, regex.compile(f"[{symbol_class(*listed)}]")


def _inline_problems(ctx: Context, params: EnumerationParams) -> list[Problem]:
    """一是/二是/三是 … and ①②③ (⑴ ⒈ Ⅰ …) in order inside each part; a new 一是 or ① starts a new run."""
    item, symbols, any_symbol = _item_patterns(params.item_words, params.item_after)
    item_need = needs(item.pattern)
    norm = ctx.doc.norm_lines
    # Lines that hold a listed symbol at all (one scan of the text): the symbols pattern is tried on those only.
    with_symbol = {ctx.doc.line_of(m.start()) for m in any_symbol.finditer(ctx.doc.norm)}
    headings = {s.line for s in ctx.doc.walk()}
    problems: list[Problem] = []
    for first, last in _segments(ctx):
        seq = _Sequence(lambda value: f"{_numeral(value, '一')}{params.item_words[0]}", ctx.doc.where)
        runs: dict[str, _Sequence] = {}  # one run per family of symbols: ① ② and ⑴ ⑵ are separate lists
        for line in range(first, last + 1):
            text = norm[line - 1]
            if holds(item_need, text.__contains__):  # the item's words are on the line (checks.prefilter)
                for match in list(item.finditer(text)):
                    value = _number(match.group(1))
                    if value is not None:
                        seq.add(value, line, ctx.doc.line_starts[line - 1] + match.start())
            if line not in with_symbol:
                continue
            for match in list(symbols.finditer(text)):
                if line in headings and not text[: match.start()].strip():
                    continue  # the heading's own number: checked among the headings
                family = symbol_family(match.group(1)) or ""
                run = runs.setdefault(family, _Sequence(_written_like(match.group(1)), ctx.doc.where))
                run.add(_number(match.group(1)) or 0, line, ctx.doc.line_starts[line - 1] + match.start())
        problems += seq.problems
        for run in runs.values():
            problems += run.problems
    return problems


def enumeration(ctx: Context, rule: Rule, params: EnumerationParams) -> Outcome:
    """Headings (一、 （一） 1. （1）) and inline items (一是 二是) run in order: repeats and gaps named."""
    problems = sorted(_heading_problems(ctx, ctx.doc.sections) + _inline_problems(ctx, params))
    if not problems:
        return passed(message="序号连续，无重复或缺号")
    notes = "；".join(note for _, _, note in problems[:8])
    evidence = distinct_lines([ctx.evidence(at, at + 2) for at, _, _ in problems], most=8)
    return failed(f"序号问题 {len(problems)} 处：{notes}", evidence)


# --- language.placeholder -----------------------------------------------------------------------


class PlaceholderParams(_Params):
    """Template left-overs: a name for the rule keeper → regular expression (on the matching text; keep each
    pattern inside one line)."""

    patterns: dict[str, str] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _valid(cls, value: dict[str, str]) -> dict[str, str]:
        return _valid_patterns(value)


def placeholder(ctx: Context, rule: Rule, params: PlaceholderParams) -> Outcome:
    """No template left-overs (XX镇, 20××年, ***, 某某单位, 待补充, 【填写…】, TODO) in the scope."""
    found: list[tuple[Evidence, str]] = []
    patterns = tuple(p for p in params.patterns.values() if possible(ctx.index, p))  # the others cannot match
    for offset, text in ctx.scope_text():
        last_end = -1
        for start, end in sorted(_matches(patterns, text)):
            if start < last_end:
                continue  # one left-over matched by two patterns counts once
            last_end = end
            note = f"“{ctx.doc.text[offset + start:offset + end]}”（{ctx.doc.where(ctx.doc.line_of(offset + start))}）"
            found.append((ctx.evidence(offset + start, offset + end), note))
    if not found:
        return passed(message="未发现模板遗留内容")
    notes = "、".join(dict.fromkeys(note for _, note in found[:8]))
    return failed(f"发现模板遗留内容 {len(found)} 处：{notes}", distinct_lines([ev for ev, _ in found], most=8))
