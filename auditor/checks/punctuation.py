"""Rules step: builtin `punctuation` — half-width marks in Chinese text, doubled and unpaired marks (GB/T 15834)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import accumulate
from collections.abc import Callable, Iterator
from functools import lru_cache

from auditor.plain import Field, field_validator

from auditor.checks.common import StrictParams, matches, valid_patterns
from auditor.checks.context import Context, Outcome, distinct_lines, failed, partial, passed
from auditor.checks.prefilter import literal_test, runs_of_marks
from auditor.model import Document, Evidence
from auditor.patterns import compiled
from auditor.schema import Rule
from auditor.spans import Containers


class PunctuationParams(StrictParams):
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
        return valid_patterns(value)

    @field_validator("doubled")
    @classmethod
    def _valid_doubled(cls, value: str) -> str:
        return valid_patterns((value,))[0]


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
        numbered = char == "." and text[:col].strip() and all(c in _NUMERALS for c in text[:col].strip())
        # (一.2023年度…: a heading's Chinese number closed by a half-width point, whatever follows it)
        if not numbered and not (all(sides) if char in params.between_chinese else any(sides)):
            continue
        if skip is None:
            skip = Containers(matches(params.ignore, text))
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
    opened: dict[str, int] = {}  # how many of each mark are on the stack, so a closing mark's match is known at once
    bad: list[tuple[int, str]] = []
    for col, char in found:
        if char == "）" and _closes_list_number(text, col):
            continue
        if char in pairs:
            stack.append((col, char))
            opened[char] = opened.get(char, 0) + 1
        elif char in closing:
            if not opened.get(closing[char]):
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
    """Every match of `pattern` in each text, as (column, matched text), text by text: one scan of all the texts
    joined, instead of one call per paragraph (for a pattern that matches neither a line break nor the empty
    string and reads nothing around its match, see `runs_of_marks`). A match is placed by binary search among
    the texts' starts (one on the "\n" after a text would be counted with it)."""
    starts = list(accumulate([len(text) + 1 for text in texts], initial=0))
    found: list[list[tuple[int, str]]] = [[] for _ in texts]
    for match in pattern.finditer("\n".join(texts)):
        at = match.start()
        index = bisect_right(starts, at) - 1
        found[index].append((at - starts[index], match.group()))
    return iter(found)


def _marks_in(paragraphs: list[tuple[int, str, str]],
              params: PunctuationParams) -> Iterator[dict[str, list[tuple[int, str]]] | None]:
    """Problems per paragraph by kind: half-width marks, doubled marks, unpaired marks (column, mark), or None for
    a paragraph holding no mark of any kind; made one paragraph at a time, so a long report's marks are never all
    held at once."""
    doubled = compiled(params.doubled)
    shown_texts = [shown for _, shown, _ in paragraphs]
    halves = _by_paragraph(_char_class("".join(params.half_width)), shown_texts)
    paired = _by_paragraph(_char_class("".join(params.pairs) + "".join(params.pairs.values())),
                           [norm for _, _, norm in paragraphs])
    if runs_of_marks(params.doubled):  # one scan of all the paragraphs, as for the marks above
        doubles: Iterator[list[tuple[int, str]]] = _by_paragraph(doubled, shown_texts)
    else:
        doubles = ([(m.start(), m.group()) for m in doubled.finditer(shown)] for shown in shown_texts)
    for (_, shown, norm), half, pairs, double in zip(paragraphs, halves, paired, doubles):
        if not (half or pairs or double):
            yield None  # no mark of any kind in this paragraph (most of them)
            continue
        yield {
            "half": _half_width(shown, params, half) if half else [],
            "doubled": double,
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
    skip = [(literal_test(pattern), compiled(pattern)) for pattern in params.skip_lines
            if literal_test(pattern)(joined.__contains__)]
    if skip:  # each paragraph searched only by the patterns whose literals it holds
        paragraphs = [p for p in paragraphs
                      if not any(test(p[1].__contains__) and rx.search(p[1]) for test, rx in skip)]
    for (number, _, _), marks in zip(paragraphs, _marks_in(paragraphs, params)):
        if marks is None:
            continue
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
