"""Rules step: what the checks of dated reference data share — a pattern's hits in the rule's scope outside
next year's plans, the clause or sentence around a hit and whether it reads as history, the canon lists'
load-time checks and listings."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Callable

import regex
from auditor.plain import BaseModel

from auditor import canon
from auditor.canon import Event, Instrument, Organ, Requirement, day
from auditor.checks.context import Context
from auditor.checks.prefilter import finditer_near, possible
from auditor.patterns import compiled
from auditor.spans import Ranges

# Words that make a mention historical rather than "cited as current" (七五普法验收, 十九大以来, 原《信访条例》):
# the default of each check's `historical` parameter, searched in the clause that holds the mention. A period
# (十三五时期) is history unless its targets are the yardstick (对照“十三五”时期法治政府建设指标).
HISTORICAL = (r"以来|(?:打下|奠定|积累|形成)的?(?:良好|坚实|工作)?基础|(?:期间|时期)(?![^，。；]{0,12}(?:目标|指标|任务|要求))|收官|验收|(?:终期|中期|实施情况|实施效果|规划|纲要)评估|评估(?=验收|总结)|总结|回顾|圆满|完成|过去|此前|先进|表彰|评选|巩固|成果"
              r"|原[《“]|原(?:国务院|省|市|县|区|镇|乡|街道|政府)|已废止|废止|取代|替代|修订前|修正前|施行前"
              r"|（现[^）]{1,12}）|现为|现已(?:更名|并入|改为|撤销)|(?:已|后)?更名为")


CLAUSE_END = "，。；！？：\n"


SENTENCE_END = "。；！？\n"


def span_around(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """The [lo, hi) run of `text` around [start, end) bounded by any of the `stops` characters: the nearest
    stop before `start` (searched backwards) and at or after `end`, however far the text runs without one."""
    back, ahead = _stops(stops)
    before = back.search(text, 0, start)
    after = ahead.search(text, end)
    return (before.end() if before else 0), (after.start() if after else len(text))


@lru_cache(maxsize=8)
def _stops(stops: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Patterns finding any of `stops` backwards (regex's REVERSE) and forwards."""
    chars = "[" + "".join(regex.escape(c) for c in stops) + "]"
    return regex.compile(chars, regex.REVERSE), regex.compile(chars)


def is_historical(text: str, start: int, end: int, pattern: str) -> bool:
    """Whether the clause holding [start, end) reads as history (十三五期间, 原《信访条例》) by `pattern`."""
    lo, hi = span_around(text, start, end, CLAUSE_END)
    return bool(pattern) and bool(compiled(pattern).search(text, lo, hi))


def sentence_around(text: str, start: int, end: int) -> str:
    lo, hi = span_around(text, start, end, SENTENCE_END)
    return text[lo:hi]


def part_ranges(ctx: Context, name: str) -> list[tuple[int, int]]:
    part = ctx.parts.find(name) if name in ctx.ruleset.settings.sections else None
    return [ctx.doc.span_of_lines(a, b) for a, b in part.lines] if part else []


def reporting_text(ctx: Context) -> str:
    """The document without the next-year plans (where 二十大 promised for next year excuses nothing)."""
    text = ctx.doc.norm
    plans = list(Ranges(part_ranges(ctx, "next-year")))  # merged, in order: blanked in one pass
    if not plans:
        return text
    pieces, at = [], 0
    for lo, hi in plans:
        pieces += [text[at:lo], " " * (hi - lo)]
        at = hi
    pieces.append(text[at:])
    return "".join(pieces)


def _plans(ctx: Context) -> Ranges:
    """The next-year plans' ranges, found once a report (every rule's scope_hits asks)."""
    memo = ctx.index.memo
    key = ("timeliness", "next-year")
    if key not in memo:
        memo[key] = Ranges(part_ranges(ctx, "next-year"))
    return memo[key]  # type: ignore[return-value]


def scope_hits(ctx: Context, pattern: regex.Pattern[str], skip_next_year: bool = True) -> list[tuple[int, int, regex.Match]]:
    """(start, end, match) of `pattern` in the rule's scope, outside the next-year plans."""
    if not possible(ctx.index, pattern.pattern):
        return []  # a literal every match needs is nowhere in the report
    plans = _plans(ctx) if skip_next_year else Ranges(())
    out = []
    for offset, text in ctx.scope_text():
        for m in finditer_near(pattern, text):
            start = offset + m.start()
            if start not in plans:
                out.append((start, offset + m.end(), m))
    return out


def as_current(ctx: Context, items: list, historical: str) -> list[tuple[object, list]]:
    """(item, evidence) for each item whose pattern occurs outside the next-year plans in a clause that does
    not read as history."""
    out = []
    for item, pattern in items:
        hits = [(a, b) for a, b, _ in scope_hits(ctx, pattern) if not is_historical(ctx.doc.norm, a, b, historical)]
        if hits:
            out.append((item, [ctx.evidence(a, b) for a, b in hits]))
    return out


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def book_pattern(names: tuple[str, ...]) -> str:
    """A pattern for 《NAME》 with an optional 中华人民共和国, for any of `names` (longest first)."""
    alternatives = "|".join(regex.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return rf"《(?:中华人民共和国)?(?:{alternatives})》"


class CanonParams(canon.ListParams):
    """A list of the canon and what makes a mention historical rather than cited as current."""

    reference: str = "instruments"
    list: str = "instruments"
    historical: str = HISTORICAL


def _canon_validator(model: type[BaseModel]):  # noqa: ANN202
    def validate(ruleset, params: BaseModel) -> str | None:  # noqa: ANN001
        assert isinstance(params, canon.ListParams)
        problem = canon.validate_list(ruleset, params.reference, params.list, model)
        for field in ("historical", "anticipation"):
            if problem is None and getattr(params, field, None):
                try:
                    compiled(getattr(params, field))
                except regex.error as exc:
                    return f"{field} 不是有效的正则表达式：{exc}"
        return problem
    return validate


validate_instruments = _canon_validator(Instrument)


validate_events = _canon_validator(Event)


validate_organs = _canon_validator(Organ)


validate_requirements = _canon_validator(Requirement)


def instruments_of(ctx: Context, params: canon.ListParams) -> tuple[Instrument, ...]:
    return canon.entries(ctx.ruleset, params.reference, params.list, Instrument)


def list_instruments(ruleset, params: dict, keep=lambda item: True) -> list[str]:  # noqa: ANN001
    out = []
    for item in canon.entries(ruleset, params.reference, params.list, Instrument):
        if not keep(item):
            continue
        bits = [f"《{item.name}》"]
        if item.number:
            bits.append(item.number)
        if item.in_force:
            bits.append(f"{day(item.in_force)}施行")
        bits += [f"{e.year}年{e.kind}" + (f"（{day(e.in_force)}施行）" if e.in_force else "") for e in item.editions]
        if item.superseded:
            bits.append(f"{day(item.superseded.date)}由{item.superseded.by}取代")
        if item.period:
            bits.append(f"期限 {item.period[0]}—{item.period[1]}年")
        if item.misnames:
            bits.append("误称：" + "、".join(f"《{m}》" for m in item.misnames))
        out.append("；".join(bits) + f"  来源：{item.source}")
    return out


def list_simple(model: type[BaseModel], show) -> Callable[[Any, Any], list[str]]:  # noqa: ANN001
    def lister(ruleset, params: canon.ListParams) -> list[str]:  # noqa: ANN001
        return [show(item) for item in canon.entries(ruleset, params.reference, params.list, model)]
    return lister
