"""Rules step: built-in checks that need the report year and the pack's reference data (plans, laws, meetings)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Callable

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor import canon
from auditor.canon import Event, Instrument, Organ, Requirement, day
from auditor.checks.prefilter import possible
from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, partial, passed
from auditor.patterns import compiled
from auditor.schema import Rule, YearRange
from auditor.spans import Ranges
from auditor.textnorm import normalize

# Words that make a mention historical rather than "cited as current" (七五普法验收, 十九大以来, 原《信访条例》):
# the default of each check's `historical` parameter, searched in the clause that holds the mention.
HISTORICAL = (r"以来|期间|时期|收官|验收|评估|总结|回顾|圆满|完成|过去|此前|先进|表彰|评选|巩固|成果"
              r"|原[《“]|原(?:国务院|省|市|县|区|镇|乡|街道|政府)|已废止|废止|取代|替代|修订前|修正前|施行前"
              r"|（现[^）]{1,12}）|现为|现已(?:更名|并入|改为|撤销)|(?:已|后)?更名为")


class PlanParams(BaseModel):
    """Which reference table holds the five-year plans (rules/reference/<table>.yaml); what makes a mention of
    an older plan historical (七五普法验收) rather than cited as current."""

    model_config = ConfigDict(extra="forbid")
    table: str = "pufa"
    historical: str = HISTORICAL


def _plan_pattern(plan: dict) -> regex.Pattern[str]:
    """How a report names a plan (八五普法, “八五”规划, its aliases)."""
    return _names_of_plan(plan["short"], tuple(plan.get("aliases", ())))


@lru_cache(maxsize=64)
def _names_of_plan(short: str, aliases: tuple[str, ...]) -> regex.Pattern[str]:
    """The pattern for a plan's short name (八五) and aliases, compiled once per distinct plan."""
    alternatives = [rf"[“\"‘']?{regex.escape(short)}[”\"’']?\s*(?:普法|法治宣传教育|规划|时期)"]
    alternatives += [regex.escape(alias) for alias in aliases]
    return regex.compile("|".join(alternatives))


def current_plan(ctx: Context, rule: Rule, params: PlanParams) -> Outcome:
    """The report names the 普法 five-year plan current for its year; an older plan cited alone fails."""
    plans = ctx.ruleset.reference.get(params.table, {}).get("plans", [])
    year = ctx.doc.meta.year
    if year is None:
        return not_applicable("无法确定报告年度")
    current = next((p for p in plans if p["from"] <= year <= p["to"]), None)
    if current is None:
        return not_applicable(f"参考数据中没有覆盖 {year} 年的普法规划")
    found: dict[str, list] = {}
    for plan in plans:
        if not possible(ctx.index, _plan_pattern(plan).pattern):
            continue
        hits = [(o + m.start(), o + m.end()) for o, text in ctx.scope_text() for m in _plan_pattern(plan).finditer(text)]
        if hits:
            found[plan["short"]] = [ctx.evidence(*h) for h in hits]
    name = f"“{current['short']}”普法（{current['from']}—{current['to']}年）"
    stale = [p for p in plans if p["to"] < current["from"] - (0 if current.get("issued", True) else 5)]
    as_current = _as_current(ctx, [(p, _plan_pattern(p)) for p in stale], params.historical)
    if current["short"] in found and as_current:
        old, hits = as_current[-1]
        return failed(f"把已结束的“{old['short']}”普法规划（{old['from']}—{old['to']}年）当作现行规划；{year}年度应为{name}",
                      distinct_lines(hits))
    if current["short"] in found:
        return passed(distinct_lines(found[current["short"]]))
    previous = next((p for p in plans if p["to"] == current["from"] - 1), None)
    if not current.get("issued", True) and previous and previous["short"] in found:
        return passed(distinct_lines(found[previous["short"]]),
                      f"{name}规划尚未印发，沿用“{previous['short']}”普法的提法")
    older = [p for p in plans if p["to"] < current["from"] and p["short"] in found]
    if older:
        old = older[-1]
        return failed(
            f"引用了已结束的“{old['short']}”普法规划（{old['from']}—{old['to']}年），{year}年度应为{name}",
            distinct_lines(found[old["short"]]),
        )
    return failed(f"未提及{year}年度适用的{name}规划", looked_for=f"“{current['short']}”普法、{current.get('full', '')}")


# --- references that are out of date for the report year ---------------------------------------


class Citation(BaseModel):
    """A reference-data entry: something a report may cite, and the report years for which it is right."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    pattern: str
    years: YearRange | None = None  # report years for which citing it is right; none: always wrong
    unless: str | None = None  # a pattern that, in the parts on the year (not the next-year plans), shows
    # the citation is not "as current" (二十大 beside 十九大)
    historical: bool = False  # true: skip mentions whose clause reads as history (十三五期间, 十九大以来)
    replacement: str = ""
    note: str = ""
    source: str  # where the dates were checked (URL or document number)

    _src = field_validator("source")(canon._source)

    def right_for(self, year: int) -> bool:
        """Whether citing this is right in a report on `year`."""
        return self.years is not None and self.years.covers(year)


class CitationParams(BaseModel):
    """Which list of rules/reference/<reference>.yaml the rule reads."""

    model_config = ConfigDict(extra="forbid")
    reference: str
    list: str
    historical: str = HISTORICAL


def _citations(ruleset, params: CitationParams) -> list[Citation]:  # noqa: ANN001
    """The validated entries of a reference list, validated once per loaded pack (not once per report)."""
    items = (ruleset.reference.get(params.reference) or {}).get(params.list) or []
    return ruleset.derived(("citations", params.reference, params.list),
                           lambda: [Citation.model_validate(item) for item in items])


def validate_citations(ruleset, params: BaseModel) -> str | None:  # noqa: ANN001
    """Load-time check: the reference list exists and every entry and pattern is valid."""
    assert isinstance(params, CitationParams)
    table = ruleset.reference.get(params.reference)
    if not isinstance(table, dict) or not isinstance(table.get(params.list), list):
        return f"参考数据 rules/reference/{params.reference}.yaml 中没有列表“{params.list}”"
    try:
        for item in _citations(ruleset, params):
            for pattern in (item.pattern, item.unless):
                if pattern:
                    regex.compile(pattern)
    except (ValueError, regex.error) as exc:
        return f"参考数据 {params.reference}.{params.list} 有误：{str(exc).splitlines()[0]}"
    return None


def dated_references(ctx: Context, rule: Rule, params: CitationParams) -> Outcome:
    """Nothing cited that is wrong for the report year (superseded law, old plan, a meeting not yet held)."""
    year = ctx.doc.meta.year
    items = _citations(ctx.ruleset, params)
    if year is None:  # only what is wrong in every year can still be checked
        items = [item for item in items if item.years is None]
        if not items:
            return not_applicable("无法确定报告年度，无从核对引用是否过时")
    reporting = _reporting_text(ctx)
    found: list = []
    notes: list[str] = []
    for item in items:
        if (year is not None and item.right_for(year)) or (item.unless and compiled(item.unless).search(reporting)):
            continue
        if not possible(ctx.index, item.pattern):
            continue
        pattern = compiled(item.pattern)
        hits = [(o + m.start(), o + m.end()) for o, text in ctx.scope_text() for m in pattern.finditer(text)]
        if item.historical:
            hits = [h for h in hits if not _historical(ctx.doc.norm, *h, params.historical)]
        if not hits:
            continue
        found.extend(ctx.evidence(*h) for h in hits)
        fix = f"，应为{item.replacement}" if item.replacement else ""
        notes.append(f"{item.name}{('（' + item.note + '）') if item.note else ''}{fix}")
    if not found:
        return passed(message=f"未发现不适用于{year}年度的引用" if year else "未发现")
    lead = f"{year}年度报告中：" if year else ""
    return failed(lead + "；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


# --- the date of the report -----------------------------------------------------------------------


class DeadlineParams(BaseModel):
    """The report is dated after its year ends and no later than this day of the next year."""

    model_config = ConfigDict(extra="forbid")
    month: int = 4
    day: int = 1


def report_date(ctx: Context, rule: Rule, params: DeadlineParams) -> Outcome:
    """A stated 成文日期 falls after the end of year Y and by the deadline (4月1日) of Y+1."""
    meta = ctx.doc.meta
    if meta.date is None and meta.date_invalid:  # the 落款 rule reports it; the deadline cannot be checked
        return not_applicable(f"成文日期“{meta.date_invalid}”不是有效的日期，无从核对是否按期形成")
    if meta.date is None:
        return not_applicable("报告中没有成文日期，无从核对")
    if meta.year is None:
        return not_applicable("无法确定报告年度")
    parts = [int(p) for p in meta.date.split("-")]
    y, m, d = parts[0], parts[1], (parts[2] if len(parts) > 2 else None)
    evidence = (ctx.line_evidence(meta.date_line),) if meta.date_line else ()
    deadline = f"{meta.year + 1}年{params.month}月{params.day}日"
    if (y, m) <= (meta.year, 12):
        return failed(f"成文日期“{meta.date_text}”在报告年度（{meta.year}年）结束之前：年度报告应在年度结束后形成", evidence)
    late = (y, m, d or 1) > (meta.year + 1, params.month, params.day)
    if late:
        return failed(f"成文日期“{meta.date_text}”晚于{deadline}", evidence)
    return passed(evidence, f"成文日期“{meta.date_text}”在{meta.year}年度结束后、{deadline}前")


# --- the year the report speaks of ----------------------------------------------------------------


class YearParams(BaseModel):
    """Parts that report on the year; patterns that make a sentence forward-looking; words before a 截至 date."""

    model_config = ConfigDict(extra="forbid")
    sections: tuple[str, ...] = ("measures", "first-duty")
    future: tuple[str, ...] = Field(min_length=1)
    cutoff: tuple[str, ...] = ()

    def is_future(self, sentence: str) -> bool:
        """Whether a sentence speaks of plans (将继续…, 计划…) rather than of work done."""
        return bool(_any_of(self.future).search(sentence))


@lru_cache(maxsize=32)
def _any_of(patterns: tuple[str, ...]) -> regex.Pattern[str]:
    """One pattern matching where any of `patterns` matches."""
    return compiled("|".join(f"(?:{pattern})" for pattern in patterns))


_YEAR = regex.compile(r"(?<![\d—\-－~～至到])((?:19|20)\d{2})\s*年(?!\s*[—\-－~～至到])")
_QUOTED = regex.compile(r"《[^》]{0,60}》|（[^）]{0,30}）|“[^”]{0,30}”")
_SENTENCE = regex.compile(r"[^。；！？\n]+")


def year_consistency(ctx: Context, rule: Rule, params: YearParams) -> Outcome:
    """The title's year, the body and the 成效 part agree on the report year."""
    from auditor.metadata import year_in

    meta, doc = ctx.doc.meta, ctx.doc
    if meta.year is None:
        return not_applicable("无法确定报告年度")
    year = meta.year
    problems: list[str] = []
    evidence: list = []
    title_year = year_in(normalize(doc.title)) if doc.title else None
    opening = _opening_years(ctx, params)
    other = [(y, n) for y, n in opening if title_year is not None and y != title_year]
    if other:
        where = "、".join(dict.fromkeys(f"{doc.where(n)}写的是{y}年" for y, n in other))
        problems.append(f"标题写的是{title_year}年度，而正文开头{where}")
        evidence.extend(ctx.line_evidence(n) for n in [*doc.title_lines[:1], *(n for _, n in other)])
    elif title_year is not None and title_year != year:
        problems.append(f"标题写的是{title_year}年度，而审核时指定为{year}年度")
    later, earlier, same = _years_in_parts(ctx, params, year)
    if later:
        years = "、".join(sorted({f"{y}年" for y, _ in later}))
        problems.append(f"“{'/'.join(ctx.ruleset.settings.sections[s].name for s in params.sections[:1])}”等部分把{years}的工作当作{year}年度成效")
        evidence.extend(ev for _, ev in later)
    if len(earlier) >= 3 and len(earlier) > 2 * max(len(same), 1):
        problems.append(f"成效部分提到的多为{year}年以前的年份（{len(earlier)} 处，{year}年仅 {len(same)} 处），疑似沿用往年报告")
        evidence.extend(ev for _, ev in earlier[:3])
    if not problems:
        return passed(message=f"标题、正文与成效部分的年度一致（{year}年度）")
    return failed("；".join(problems), distinct_lines(evidence, most=6))


def _opening_years(ctx: Context, params: YearParams) -> list[tuple[int, int]]:
    """(year, line) written in the first sentence of the lead-in paragraphs and in the first heading."""
    from auditor.metadata import year_in

    doc = ctx.doc
    norm = doc.norm_lines
    first = doc.sections[0].line if doc.sections else len(norm) + 1
    numbers = [n for n in range(doc.body_start, first) if norm[n - 1].strip()][:3]
    if doc.sections:
        numbers.append(first)
    found = []
    for number in numbers:
        sentence = _SENTENCE.search(norm[number - 1])
        if sentence and not params.is_future(sentence.group()):
            year = year_in(sentence.group())
            if year:
                found.append((year, number))
    return found


def _years_in_parts(ctx: Context, params: YearParams, year: int) -> tuple[list, list, list]:
    """Years written in the reporting parts: (after Y, before Y, equal to Y), each as (year, evidence)."""
    doc = ctx.doc
    ranges: list[tuple[int, int]] = []
    for name in params.sections:
        part = ctx.parts.find(name)
        if part is not None:
            ranges.extend(doc.span_of_lines(a, b) for a, b in part.lines)
    later, earlier, same = [], [], []
    for lo, hi in sorted(set(ranges)):
        text = doc.norm[lo:hi]
        for sentence in _SENTENCE.finditer(text):
            if "年" not in sentence.group():
                continue  # no year written in it (the quick test before the costlier ones)
            body = _QUOTED.sub(lambda m: " " * len(m.group()), sentence.group())
            if params.is_future(body):
                continue
            for match in _YEAR.finditer(body):
                found = int(match.group(1))
                before = body[max(0, match.start() - 3):match.start()]
                if any(word in before for word in params.cutoff):
                    continue
                start = lo + sentence.start() + match.start()
                if found > year and (_not_done(ctx, start) or _RETRO_PLAN.search(body)):
                    continue  # a plan's date (确保2024年6月前完成; 原定2024年建成…已提前), not an achievement
                item = (found, ctx.evidence(start, start + len(match.group())))
                (later if found > year else earlier if found < year else same).append(item)
    return later, earlier, same


_RETRO_PLAN = regex.compile(r"原定|原计划|原拟")


def _not_done(ctx: Context, offset: int) -> bool:
    """Whether the claims step reads the clause at `offset` as anything but work done (a plan, a demand …)."""
    claim = ctx.claims.at(offset) if ctx.claims is not None else None
    if claim is None or claim.modality not in ("planned", "demand", "negated", "problem", "others"):
        return False
    # A clause read as a plan only for its later year (二是2024年加强…) may as well be a wrongly dated result.
    return not (claim.modality == "planned" and regex.fullmatch(r"\d{4}\s*年", claim.cue))


# --- shared helpers of the canon checks ---------------------------------------------------------------------

_CLAUSE_END = "，。；！？：\n"
_SENTENCE_END = "。；！？\n"


def _span_around(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
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


def _historical(text: str, start: int, end: int, pattern: str) -> bool:
    """Whether the clause holding [start, end) reads as history (十三五期间, 原《信访条例》) by `pattern`."""
    lo, hi = _span_around(text, start, end, _CLAUSE_END)
    return bool(pattern) and bool(compiled(pattern).search(text, lo, hi))


def _sentence(text: str, start: int, end: int) -> str:
    lo, hi = _span_around(text, start, end, _SENTENCE_END)
    return text[lo:hi]


def _part_ranges(ctx: Context, name: str) -> list[tuple[int, int]]:
    part = ctx.parts.find(name) if name in ctx.ruleset.settings.sections else None
    return [ctx.doc.span_of_lines(a, b) for a, b in part.lines] if part else []


def _reporting_text(ctx: Context) -> str:
    """The document without the next-year plans (where 二十大 promised for next year excuses nothing)."""
    text = ctx.doc.norm
    plans = list(Ranges(_part_ranges(ctx, "next-year")))  # merged, in order: blanked in one pass
    if not plans:
        return text
    pieces, at = [], 0
    for lo, hi in plans:
        pieces += [text[at:lo], " " * (hi - lo)]
        at = hi
    pieces.append(text[at:])
    return "".join(pieces)


def _plans(ctx: Context) -> Ranges:
    """The next-year plans' ranges, found once a report (every rule's _hits asks)."""
    memo = ctx.index.memo
    key = ("timeliness", "next-year")
    if key not in memo:
        memo[key] = Ranges(_part_ranges(ctx, "next-year"))
    return memo[key]  # type: ignore[return-value]


def _hits(ctx: Context, pattern: regex.Pattern[str], skip_next_year: bool = True) -> list[tuple[int, int, regex.Match]]:
    """(start, end, match) of `pattern` in the rule's scope, outside the next-year plans."""
    if not possible(ctx.index, pattern.pattern):
        return []  # a literal every match needs is nowhere in the report
    plans = _plans(ctx) if skip_next_year else Ranges(())
    out = []
    for offset, text in ctx.scope_text():
        for m in pattern.finditer(text):
            start = offset + m.start()
            if start not in plans:
                out.append((start, offset + m.end(), m))
    return out


def _as_current(ctx: Context, items: list, historical: str) -> list[tuple[object, list]]:
    """(item, evidence) for each item whose pattern occurs outside the next-year plans in a clause that does
    not read as history."""
    out = []
    for item, pattern in items:
        hits = [(a, b) for a, b, _ in _hits(ctx, pattern) if not _historical(ctx.doc.norm, a, b, historical)]
        if hits:
            out.append((item, [ctx.evidence(a, b) for a, b in hits]))
    return out


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _book(names: tuple[str, ...]) -> str:
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


def _instruments(ctx: Context, params: canon.ListParams) -> tuple[Instrument, ...]:
    return canon.entries(ctx.ruleset, params.reference, params.list, Instrument)


# --- superseded or repealed instruments cited as current ------------------------------------------------------


def _superseded_table(ctx: Context, params: CanonParams) -> tuple[tuple[Instrument, str, tuple[str, ...]], ...]:
    """(instrument, its 《》 pattern, its successors' names) of each superseded instrument, made once per pack."""
    def build() -> tuple[tuple[Instrument, str, tuple[str, ...]], ...]:
        return tuple((item, _book(item.names), tuple(regex.findall(r"《([^》]+)》", item.superseded.by)))
                     for item in _instruments(ctx, params) if item.superseded is not None)
    return ctx.ruleset.derived(("timeliness.superseded", params.reference, params.list), build)


def superseded_instruments(ctx: Context, rule: Rule, params: CanonParams) -> Outcome:
    """No instrument cited as current for the report year after its successor was in force (《信访条例》 in 2022)."""
    year = ctx.doc.meta.year
    if year is None:
        return not_applicable("无法确定报告年度，无从核对引用的法规是否已被取代")
    text = ctx.doc.norm
    found, notes = [], []
    end = _year_end(year)
    for item, book, successor in _superseded_table(ctx, params):
        gone = item.superseded
        if gone.date > end or not possible(ctx.index, book):  # type: ignore[union-attr]
            continue
        hits = []
        for a, b, _ in _hits(ctx, compiled(book)):
            sentence = _sentence(text, a, b)
            if _historical(text, a, b, params.historical) or any(s.removeprefix("中华人民共和国") in sentence for s in successor):
                continue  # history, or a comparison with the successor
            hits.append((a, b))
        if hits:
            found.extend(ctx.evidence(a, b) for a, b in hits)
            notes.append(f"《{item.bare_name}》已于{day(gone.date)}由{gone.by}取代")  # type: ignore[union-attr]
    if not found:
        return passed(message=f"未发现{year}年度已被取代的法规")
    return failed(f"{year}年度报告中：" + "；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


# --- an earlier edition cited as current ----------------------------------------------------------------------

_EDITION_AFTER = r"\s*（\s*((?:19|20)\d{2})\s*年?\s*(?:修正|修订|修改|版)?(?:本|文本)?\s*）"
_EDITION_BEFORE = r"((?:19|20)\d{2})\s*年\s*(?:修正|修订|修改)(?:后)?的\s*"


def _edition_table(ctx: Context, params: CanonParams) -> tuple[tuple[Instrument, str, str], ...]:
    """(instrument, its 《》 pattern, the pattern of an edition cited by year) of each instrument, once per pack."""
    def build() -> tuple[tuple[Instrument, str, str], ...]:
        out = []
        for item in _instruments(ctx, params):
            book = _book(item.names)
            out.append((item, book, f"(?:{book}){_EDITION_AFTER}|{_EDITION_BEFORE}(?:{book})"))
        return tuple(out)
    return ctx.ruleset.derived(("timeliness.editions", params.reference, params.list), build)


def instrument_editions(ctx: Context, rule: Rule, params: CanonParams) -> Outcome:
    """An edition cited by its year (《行政复议法》（2017年修正）) is the one in force in the report year."""
    year = ctx.doc.meta.year
    if year is None:
        return not_applicable("无法确定报告年度，无从核对引用的法律版本")
    text = ctx.doc.norm
    found, notes = [], []
    end = _year_end(year)
    for item, book, edition in _edition_table(ctx, params):
        if not possible(ctx.index, book):  # every citation of an edition holds the 《》 name
            continue
        current = item.edition_in_force(end)
        if current is None:
            continue
        for a, b, m in _hits(ctx, compiled(edition), skip_next_year=False):
            cited = int(m.group(1) or m.group(2))
            if cited >= current.year or _historical(text, a, b, params.historical):
                continue
            found.append(ctx.evidence(a, b))
            since = f"{day(current.in_force)}起施行" if current.in_force else f"{day(current.adopted)}通过"  # type: ignore[arg-type]
            notes.append(f"引用的是《{item.bare_name}》{cited}年文本，该法已于{current.year}年{current.kind}，{since}")
    if not found:
        return passed(message=f"引用的法律版本适用于{year}年度")
    return failed(f"{year}年度报告中：" + "；".join(dict.fromkeys(notes)), distinct_lines(found, most=6))


# --- a name that is not the instrument's name -----------------------------------------------------------------


def instrument_names(ctx: Context, rule: Rule, params: CanonParams) -> Outcome:
    """Instruments are cited by their names (《农村土地承包法》, not 《土地承包法》)."""
    table = ctx.ruleset.derived(("timeliness.misnames", params.reference, params.list),
                                lambda: tuple((item, _book(item.misnames)) for item in _instruments(ctx, params)
                                              if item.misnames))
    found, notes = [], []
    for item, book in table:
        if not possible(ctx.index, book):
            continue
        for a, b, m in _hits(ctx, compiled(book), skip_next_year=False):
            found.append(ctx.evidence(a, b))
            notes.append(f"{m.group()}应为《{item.name}》（或《{item.bare_name}》）")
    if not found:
        return passed(message="引用的法规名称无误")
    return failed("；".join(dict.fromkeys(notes)), distinct_lines(found, most=6))


# --- a wrong or impossible period for a named plan --------------------------------------------------------------

_PERIOD = r"\s*》?\s*（\s*((?:19|20)\d{2})\s*年?\s*[—\-－–~～至到]+\s*((?:19|20)\d{2})\s*年?\s*）"
_ANY_PLAN = regex.compile(r"(规划|纲要|计划|方案)" + _PERIOD)
_LOCAL = r"(?<![省市县区州盟旗镇乡])"


def _title_pattern(title: str) -> str:
    escaped = regex.escape(title)
    return escaped.replace("“", '[“"]?').replace("”", '[”"]?').replace(r"\“", '[“"]?').replace(r"\”", '[”"]?')


def _periods(ctx: Context, params: CanonParams) -> dict[str, set[tuple[int, int]]]:
    """Each named plan's title pattern → its right periods, made once per pack."""
    def build() -> dict[str, set[tuple[int, int]]]:
        periods: dict[str, set[tuple[int, int]]] = {}
        for item in _instruments(ctx, params):
            for title in item.titles:
                if item.period:
                    periods.setdefault(_title_pattern(title), set()).add(tuple(item.period))  # type: ignore[arg-type]
        return periods
    return ctx.ruleset.derived(("timeliness.periods", params.reference, params.list), build)


def plan_periods(ctx: Context, rule: Rule, params: CanonParams) -> Outcome:
    """A named plan carries its own period (纲要（2021—2025年）, not （2022—2025年）); no plan runs backwards or
    for a single year (（2023-2023））."""
    found, notes, seen = [], [], set()
    for title, right in _periods(ctx, params).items():
        if not possible(ctx.index, _LOCAL + title + _PERIOD):
            continue
        for a, b, m in _hits(ctx, compiled(_LOCAL + title + _PERIOD), skip_next_year=False):
            span = (int(m.group(1)), int(m.group(2)))
            seen.add(b)
            if span in right:
                continue
            good = "或".join(f"（{x}—{y}年）" for x, y in sorted(right))
            name = regex.sub(r"\[.\"\]\?", "", title).replace("\\", "")
            found.append(ctx.evidence(a, b))
            notes.append(f"{name}的期限写成了（{span[0]}—{span[1]}年），应为{good}")
    for a, b, m in _hits(ctx, _ANY_PLAN, skip_next_year=False):
        first, last = int(m.group(2)), int(m.group(3))
        if b in seen or not (last < first or (last == first and m.group(1) in ("规划", "纲要"))):
            continue
        found.append(ctx.evidence(a, b))
        notes.append(f"{m.group(1)}的期限（{first}—{last}年）不可能：{'止年早于起年' if last < first else '规划期只有一年'}")
    if not found:
        return passed(message="规划、纲要的期限无误")
    return failed("；".join(dict.fromkeys(notes)), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


# --- events after the report was written --------------------------------------------------------------------------


class EventParams(canon.ListParams):
    """The dated events list, words that announce an event rather than cite it, and the writing deadline used
    when the report has no date."""

    reference: str = "events"
    list: str = "events"
    anticipation: str = r"迎接|喜迎|召开前|即将召开|将于|将要|筹备|前夕|胜利召开|召开之际"
    month: int = Field(default=4, ge=1, le=12)
    day: int = Field(default=1, ge=1, le=31)


def _written(ctx: Context, params: EventParams) -> tuple[dt.date, str]:
    """The day the report was written: its date, else the deadline in the year after the report year."""
    meta = ctx.doc.meta
    if meta.date:
        parts = [int(p) for p in meta.date.split("-")]
        last = 28 if len(parts) == 2 else parts[2]
        try:
            return dt.date(parts[0], parts[1], last), f"成文日期{meta.date_text or meta.date}"
        except ValueError:  # an impossible date (2023年13月、2月30日) tells nothing: use the deadline
            pass
    deadline = dt.date(meta.year + 1, params.month, params.day)  # type: ignore[operator]
    return deadline, f"报告应于{day(deadline)}前形成"


def anachronism(ctx: Context, rule: Rule, params: EventParams) -> Outcome:
    """Nothing cited that happened after the report was written (二十届四中全会 in a report written in early 2025)."""
    if ctx.doc.meta.year is None:
        return not_applicable("无法确定报告年度")
    written, how = _written(ctx, params)
    text = ctx.doc.norm
    found, notes = [], []
    for event in canon.entries(ctx.ruleset, params.reference, params.list, Event):
        if event.date <= written:
            continue
        hits = [(a, b) for a, b, _ in _hits(ctx, compiled(event.pattern), skip_next_year=False)
                if not _historical(text, a, b, params.anticipation)]
        if hits:
            found.extend(ctx.evidence(a, b) for a, b in hits)
            notes.append(f"{event.name}（{day(event.date)}）晚于本报告的写作时间（{how}）")
    if not found:
        return passed(message="未发现晚于报告写作时间的会议或提法")
    return failed("；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


# --- bodies named after the reform that abolished them ---------------------------------------------------------


class OrganParams(canon.ListParams):
    """The list of reformed bodies."""

    reference: str = "organs"
    list: str = "organs"
    historical: str = r"原[\p{Han}]{0,8}$|撤销|撤并|并入|划入|整合|改革前|更名|调整为|^\s*[（(]现|现为|现已"


def organ_names(ctx: Context, rule: Rule, params: OrganParams) -> Outcome:
    """No body named after its abolition (法制办 from 2019, 依法治县领导小组 from 2020), with its successor."""
    year = ctx.doc.meta.year
    if year is None:
        return not_applicable("无法确定报告年度")
    text = ctx.doc.norm
    found, notes = [], []
    history = compiled(params.historical)
    for organ in canon.entries(ctx.ruleset, params.reference, params.list, Organ):
        if year < organ.from_:
            continue
        hits = []
        for a, b, _ in _hits(ctx, compiled(organ.pattern), skip_next_year=False):
            lo, hi = _span_around(text, a, b, _CLAUSE_END)
            if history.search(text[lo:a]) or history.search(text[b:hi]) or (
                    organ.except_ and compiled(organ.except_).search(text, lo, hi)):
                continue
            hits.append((a, b))
        if hits:
            found.extend(ctx.evidence(a, b) for a, b in hits)
            notes.append(f"“{text[hits[0][0]:hits[0][1]]}”（{organ.abolished}）应为{organ.successor}")
    if not found:
        return passed(message="未发现机构改革前的机构名称")
    return failed(f"{year}年度报告中：" + "；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


# --- this year's new requirements ---------------------------------------------------------------------------------


class RequirementParams(canon.ListParams):
    """The list of yearly requirements."""

    reference: str = "requirements"
    list: str = "requirements"


def new_requirements(ctx: Context, rule: Rule, params: RequirementParams) -> Outcome:
    """本年度新要求: of the requirements new for the report year that apply to this report, the share it mentions."""
    meta = ctx.doc.meta
    if meta.year is None:
        return not_applicable("无法确定报告年度")
    reporting = _reporting_text(ctx)
    applicable = [r for r in canon.entries(ctx.ruleset, params.reference, params.list, Requirement)
                  if r.years.covers(meta.year) and (r.levels is None or meta.level is None or meta.level in r.levels)
                  and (r.when is None or compiled(r.when).search(reporting))]
    if not applicable:
        return not_applicable(f"{meta.year}年度没有适用于本报告的新要求")
    met, missing, evidence = [], [], []
    for item in applicable:
        hit = compiled(item.mention).search(reporting)
        if hit:
            met.append(item.name)
            evidence.append(ctx.evidence(hit.start(), hit.end()))
        else:
            missing.append(f"{item.name}（{item.basis}）")
    message = f"本年度新要求：已提及 {len(met)}/{len(applicable)} 项" + (f"（{'、'.join(met)}）" if met else "")
    if not missing:
        return passed(distinct_lines(evidence), message)
    message += "；未提及：" + "；".join(missing)
    if not met:
        return failed(message, looked_for="、".join(r.name for r in applicable))
    return partial(len(met) / len(applicable), message, distinct_lines(evidence))


# --- what each rule reads, for `auditor rules show` ------------------------------------------------------------


def _list_instruments(ruleset, params: dict, keep=lambda item: True) -> list[str]:  # noqa: ANN001
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


def _list_simple(model: type[BaseModel], show) -> Callable[[Any, Any], list[str]]:  # noqa: ANN001
    def lister(ruleset, params: canon.ListParams) -> list[str]:  # noqa: ANN001
        return [show(item) for item in canon.entries(ruleset, params.reference, params.list, model)]
    return lister


def list_citations(ruleset, params: CitationParams) -> list[str]:  # noqa: ANN001
    """The citations the rule reads, with the years each is right for."""
    out = []
    for item in _citations(ruleset, params):
        years = item.years.describe() if item.years else "任何年度都不应引用"
        out.append(f"{item.name}：适用于{years}" + (f"，应为{item.replacement}" if item.replacement else "")
                   + f"  来源：{item.source}")
    return out


def list_superseded(ruleset, params: CanonParams) -> list[str]:  # noqa: ANN001
    """The instruments the rule reads that were superseded or repealed."""
    return _list_instruments(ruleset, params, lambda i: i.superseded)


def list_editions(ruleset, params: CanonParams) -> list[str]:  # noqa: ANN001
    """The instruments the rule reads that have later editions."""
    return _list_instruments(ruleset, params, lambda i: i.editions)


def list_misnames(ruleset, params: CanonParams) -> list[str]:  # noqa: ANN001
    """The instruments the rule reads that are often misnamed."""
    return _list_instruments(ruleset, params, lambda i: i.misnames)


def list_periods(ruleset, params: CanonParams) -> list[str]:  # noqa: ANN001
    """The plans the rule reads, with their periods."""
    return _list_instruments(ruleset, params, lambda i: i.period)


list_events = _list_simple(Event, lambda e: f"{e.name}：{day(e.date)}  来源：{e.source}")
list_organs = _list_simple(
    Organ, lambda o: f"{o.name}：{o.abolished}；{o.from_}年度起应为{o.successor}  来源：{o.source}")
list_requirements = _list_simple(
    Requirement, lambda r: f"{r.name}：{r.years.describe()}；{r.basis}  来源：{r.source}")
