"""Rules step: built-in checks that need the report year and the pack's reference data (plans, laws, meetings)."""

from __future__ import annotations

from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict, Field

from auditor.checks import Context, Outcome, builtin, distinct_lines, failed, not_applicable, once_per, passed
from auditor.ruleset import Rule, YearRange, compiled
from auditor.textnorm import normalize


class PlanParams(BaseModel):
    """Which reference table holds the five-year plans (rules/reference/<table>.yaml)."""

    model_config = ConfigDict(extra="forbid")
    table: str = "pufa"


_PLAN_PATTERNS: dict[int, tuple[object, regex.Pattern[str]]] = {}


def _plan_pattern(plan: dict) -> regex.Pattern[str]:
    """How a report names a plan (八五普法, “八五”规划, its aliases), built once per reference entry."""
    return once_per(plan, _PLAN_PATTERNS, lambda: _build_plan_pattern(plan))


def _build_plan_pattern(plan: dict) -> regex.Pattern[str]:
    short = regex.escape(plan["short"])  # 八五
    alternatives = [rf"[“\"‘']?{short}[”\"’']?\s*(?:普法|法治宣传教育|规划|时期)"]
    alternatives += [regex.escape(alias) for alias in plan.get("aliases", ())]
    return regex.compile("|".join(alternatives))


@builtin("current-plan", PlanParams)
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
        hits = [(o + m.start(), o + m.end()) for o, text in ctx.scope_text() for m in _plan_pattern(plan).finditer(text)]
        if hits:
            found[plan["short"]] = [ctx.evidence(*h) for h in hits]
    name = f"“{current['short']}”普法（{current['from']}—{current['to']}年）"
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
    unless: str | None = None  # a pattern that, anywhere in the report, shows the citation is not "as current"
    replacement: str = ""
    note: str = ""

    def right_for(self, year: int) -> bool:
        """Whether citing this is right in a report on `year`."""
        return self.years is not None and self.years.covers(year)


class CitationParams(BaseModel):
    """Which list of rules/reference/<reference>.yaml the rule reads."""

    model_config = ConfigDict(extra="forbid")
    reference: str
    list: str


def _citations(ruleset, params: CitationParams) -> list[Citation]:  # noqa: ANN001
    """The validated entries of a reference list, validated once per loaded list (not once per report)."""
    items = (ruleset.reference.get(params.reference) or {}).get(params.list) or []
    return once_per(items, _CITATIONS, lambda: [Citation.model_validate(item) for item in items])


_CITATIONS: dict[int, tuple[object, list[Citation]]] = {}


def _validate_citations(ruleset, params: BaseModel) -> str | None:  # noqa: ANN001
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


@builtin("dated-references", CitationParams, _validate_citations)
def dated_references(ctx: Context, rule: Rule, params: CitationParams) -> Outcome:
    """Nothing cited that is wrong for the report year (superseded law, old plan, a meeting not yet held)."""
    year = ctx.doc.meta.year
    if year is None:
        return not_applicable("无法确定报告年度，无从核对引用是否过时")
    whole = ctx.doc.norm
    found: list = []
    notes: list[str] = []
    for item in _citations(ctx.ruleset, params):
        if item.right_for(year) or (item.unless and compiled(item.unless).search(whole)):
            continue
        pattern = compiled(item.pattern)
        hits = [(o + m.start(), o + m.end()) for o, text in ctx.scope_text() for m in pattern.finditer(text)]
        if not hits:
            continue
        found.extend(ctx.evidence(*h) for h in hits)
        fix = f"，应为{item.replacement}" if item.replacement else ""
        notes.append(f"{item.name}{('（' + item.note + '）') if item.note else ''}{fix}")
    if not found:
        return passed(message=f"未发现不适用于{year}年度的引用")
    return failed(f"{year}年度报告中：" + "；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


# --- the date of the report -----------------------------------------------------------------------


class DeadlineParams(BaseModel):
    """The report is dated after its year ends and no later than this day of the next year."""

    model_config = ConfigDict(extra="forbid")
    month: int = 4
    day: int = 1


@builtin("report-date", DeadlineParams)
def report_date(ctx: Context, rule: Rule, params: DeadlineParams) -> Outcome:
    """A stated 成文日期 falls after the end of year Y and by the deadline (4月1日) of Y+1."""
    meta = ctx.doc.meta
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


@builtin("year-consistency", YearParams)
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
                item = (found, ctx.evidence(start, start + len(match.group())))
                (later if found > year else earlier if found < year else same).append(item)
    return later, earlier, same
