"""Rules step: builtin `enumeration` — headings and inline items (一是 二是, ①②) run in order, repeats and gaps named."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import regex

from auditor.checks.common import StrictParams
from auditor.checks.context import Context, Outcome, distinct_lines, failed, passed
from auditor.checks.prefilter import literal_test
from auditor.model import Section
from auditor.headings import numbering_typed
from auditor.parsing import heading_style
from auditor.numerals import SYMBOL_FAMILIES, numeral_like, numeral_value, symbol_class, symbol_family
from auditor.patterns import compiled
from auditor.schema import Rule


@lru_cache(maxsize=1024)
@lru_cache(maxsize=4096)
def _number(token: str) -> int | None:
    """The value of a list number in any form: 一 → 1, 十二 → 12, 12 → 12, ③ → 3, ⑵ → 2, Ⅳ → 4 (remembered: a
    few dozen tokens recur in every report)."""
    return numeral_value(token)


@lru_cache(maxsize=4096)
def _numeral(value: int, like: str) -> str:
    """`value` written the way `like` is written (Chinese, Arabic, or the same family of symbols; remembered)."""
    return numeral_like(value, like)


class EnumerationParams(StrictParams):
    """Words that make an inline item with a Chinese number (一是、二是 …) and the marks that may precede it."""

    item_words: tuple[str, ...] = ("是",)
    item_after: str = "。；;：:，,、）)” …】【"


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
        label = seq.label(value)
        if len(label) > len(section.number) and section.heading.startswith(label):  # 一、一、…: typed twice
            seq.problems.append((ctx.doc.line_starts[section.line - 1], section.line,
                                 f"“{label}”重复（{ctx.doc.where(section.line)}）"))
    problems = list(seq.problems)
    last_child: int | None = None
    for section in group:
        if section.children and _same_style(ctx, section, section.children[0]):
            # 四、…工作思路 / 一、广泛深入宣传…: the parts' series numbered again under one of them
            first = section.children[0]
            problems.append((ctx.doc.line_starts[first.line - 1], first.line,
                             f"“{_numbered(ctx, first)}”与上一级“{_numbered(ctx, section)}”同一序列，却重新从头编号（{ctx.doc.where(first.line)}）"))
        glued = _GLUED.search(ctx.doc.norm_lines[section.line - 1]) if section.children else None
        # 一、…主要举措和成效：（一）坚持…: the first sub-heading run on after its parent's, on the parent's line
        carry = _number(glued.group(1) or glued.group(2)) if glued else last_child
        problems += _heading_problems(ctx, section.children, carry)
        child_numbers = [_number(c.number) for c in section.children]
        last_child = child_numbers[-1] if child_numbers and child_numbers[-1] is not None else last_child
    return problems


def _numbered(ctx: Context, section: Section) -> str:
    return numbering_typed(ctx.doc.norm_lines[section.line - 1].strip(), section.number)


def _same_style(ctx: Context, parent: Section, child: Section) -> bool:
    """Whether a sub-heading is numbered in its parent's own top-level style (四、 / 一、)."""
    a, b = (heading_style(ctx.doc.norm_lines[s.line - 1].strip()) for s in (parent, child))
    return a is not None and b is not None and a[0] == b[0] == "一、"  # (（九） / （一）…: a list under its heading)


# A sub-heading number right after a heading's colon or full stop, on the heading's own line.
# (…or after a space or straight after the heading's words: 一、…主要举措和成效　（一）建立…; …成效（一）成立组织)
_GLUED = regex.compile(r"(?:[。：:]\s*|[ \u3000\t]+|(?<=[\u4e00-\u9fff]))(?:（([一二三四五六七八九十]{1,3}|\d{1,2})）|(\d{1,2})[.．、](?!\d))")


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
    # (…，我镇一是…，二是…; …，所以一是…: the body named or the lead's 所以, its items after it)
    item = compiled(rf"(?:(?<=^)|(?<=[{after}])|(?<=(?:我|本)(?:镇|乡|街道|局|委|办|县|区|市|单位)|我们|所以|因此|因而))"
                    rf"([一二三四五六七八九十]{{1,3}})(?:{words})")
    listed = [name for name in SYMBOL_FAMILIES if name not in ("Ⅰ", "ⅰ")]  # Ⅱ类水质, Ⅲ级: Roman are not items
    symbols = compiled(rf"(?:(?<=^)|(?<=[{after}]))([{symbol_class(*listed)}])(?=\S)")
    return item, symbols, regex.compile(f"[{symbol_class(*listed)}]")


def _inline_problems(ctx: Context, params: EnumerationParams) -> list[Problem]:
    """一是/二是/三是 … and ①②③ (⑴ ⒈ Ⅰ …) in order inside each part; a new 一是 or ① starts a new run."""
    item, symbols, any_symbol = _item_patterns(params.item_words, params.item_after)
    item_test = literal_test(item.pattern)
    norm = ctx.doc.norm_lines
    # Lines that hold a listed symbol at all (one scan of the text): the symbols pattern is tried on those only.
    with_symbol = {ctx.doc.line_of(m.start()) for m in any_symbol.finditer(ctx.doc.norm)}
    headings = ctx.heading_lines()
    problems: list[Problem] = []
    for first, last in _segments(ctx):
        seq = _Sequence(lambda value: f"{_numeral(value, '一')}{params.item_words[0]}", ctx.doc.where)
        runs: dict[str, _Sequence] = {}  # one run per family of symbols: ① ② and ⑴ ⑵ are separate lists
        for line in range(first, last + 1):
            text = norm[line - 1]
            if item_test(text.__contains__):  # the item's words are on the line (checks.prefilter)
                for match in list(item.finditer(text)):
                    if line in headings and not text[: match.start()].strip():
                        continue  # 一是加强领导 / 二是存在的不足 heading the parts: the heading rule's (no inline run)
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
