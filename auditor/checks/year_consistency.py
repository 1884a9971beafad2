"""Rules step: builtin `year-consistency` — title, body, 成效 part and the plans' heading agree on the report year."""

from __future__ import annotations

from functools import lru_cache

import regex

from auditor.headings import part_kinds
from auditor.plain import BaseModel, ConfigDict, Field

from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, passed
from auditor.patterns import compiled
from auditor.schema import Rule
from auditor.textnorm import normalize


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


_YEAR = regex.compile(r"(?<![\d—\-－~～到])(?<![^截]至)((?:19|20)\d{2})\s*年(?!\s*[—\-－~～至到])")  # (截至: see cutoff)


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
    plans = _plans_heading_years(ctx)
    if plans and year + 1 not in plans[0]:
        # 四、2022年工作打算 in a report on 2022: the plans are dated to the year reported on (a heading copied from
        # last year's report, or the years mixed up).
        problems.append(f"{plans[2]}写的是{'、'.join(f'{y}年' for y in plans[0])}，下一年度应为{year + 1}年")
        evidence.append(ctx.line_evidence(plans[1]))
    elif (opened := _plans_opening_year(ctx, year)) is not None:
        # 四、下一步工作打算 / 2022年，我镇将认真贯彻…  in a report on 2022: the plans dated to the year reported on.
        problems.append(f"{opened[2]}开头写的是“{opened[0]}年，……将……”，下一年度应为{year + 1}年")
        evidence.append(ctx.line_evidence(opened[1]))
    for label, line, named in _part_heading_years(ctx, year):
        # 三、2022年度推进法治政府建设存在的不足和原因 in a report on 2023: a part dated to another year.
        problems.append(f"{label}写的是{named}年，报告年度为{year}年")
        evidence.append(ctx.line_evidence(line))
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


def _plans(ctx: Context):  # -> parts.Part | None
    """The next-year plans part, when the pack has one and the report writes it."""
    return ctx.parts.find("next-year") if "next-year" in ctx.ruleset.settings.sections else None


def _plans_heading_years(ctx: Context) -> tuple[list[int], int, str] | None:
    """The years a heading of the next-year plans names (四、2023年工作打算), its line and label; None when the plans
    have no heading of their own or it names no year."""
    part = _plans(ctx)
    if part is None or part.how != "heading":
        return None
    heads = ctx.heading_lines()
    lines = [first for first, _ in part.lines if first in heads
             and not _NOT_PLANS.search(ctx.doc.norm_lines[first - 1])]  # (三、对照2023年度目标任务还存在的差距)
    years = []
    for line in lines:
        text = _QUOTED.sub("", ctx.doc.norm_lines[line - 1])
        named = [int(y) for y in _PLAN_YEAR.findall(text)]
        # (2024年至2025年工作思路: a span of plans, from its first year)
        for span in _SPAN.finditer(text):
            if int(span.group(2)) in named:
                named += range(int(span.group(1)), int(span.group(2)))
        years += named
    return (years, lines[0], part.label(ctx.doc)) if years else None


_SPAN = regex.compile(r"((?:19|20)\d{2})\s*年?\s*(?:至|到|—|－|-|~|～)\s*((?:19|20)\d{2})")


def _plans_opening_year(ctx: Context, year: int) -> tuple[int, int, str] | None:
    """The year (not after the report year) that the plans part's first paragraph opens with as the plans' year
    (2022年，我镇将… in a report on 2022), its line and the part's label; None otherwise."""
    part = _plans(ctx)
    if part is None:
        return None
    heads, lines = ctx.heading_lines(), ctx.doc.norm_lines
    first = next((n for lo, hi in part.lines for n in range(lo, hi + 1) if n not in heads and lines[n - 1].strip()), None)
    if first is None:
        return None
    found = _PLANS_OPEN.match(lines[first - 1])
    if found is None or int(found.group(1)) > year:
        return None
    return int(found.group(1)), first, part.label(ctx.doc)


# A paragraph opening with the year the plans are for (2023年，我镇将…; 2023年尚屯镇将继续推进…).
_PLANS_OPEN = regex.compile(r"\s*((?:19|20)\d{2})\s*年度?[，,]?\s*[^，。；\d]{0,14}?(?:将|要|拟|计划|打算|力争|继续)")
_NOT_PLANS = regex.compile(r"差距|不足|问题|短板|成效|成绩|完成|情况|回顾")
# A year the plans are for (2023年工作打算; 2023年推进法治政府建设的主要安排) — not a year the heading gives another part
# it shares (三、2022年存在的问题及下一步打算).
_PLAN_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?(?![—\-－~～至到])[^，。；、和及与]{0,16}?"
                           r"(?:打算|计划|安排|思路|设想|谋划|重点|目标|展望|任务)")


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
        formula = _REPORTED_AS_FOLLOWS.search(norm[number - 1]) if number != first else None
        if formula and (year := year_in(formula.group())) and (year, number) not in found:
            found.append((year, number))  # …现将2022年法治政府建设工作情况报告如下 (last year's left in)
    return found


_REPORTED_AS_FOLLOWS = regex.compile(r"现将[^。；！？\n]{0,40}?(?:报告|汇报)如下")


_REPORTED_PARTS = ("measures", "first-duty", "shortcomings")  # the parts about the report year itself
_PLANS_NAMED = regex.compile(r"(?:工作|主要)?(?:思路|打算|安排|计划|举措|目标|设想|方向)")


def _part_heading_years(ctx: Context, year: int) -> list[tuple[str, int, int]]:
    """(label, line, year) of each heading of a part about the report year that names one other year only
    (二、2021年党政主要负责人履行…情况 in a report on 2022); not a span of years (2021—2023年)."""
    out: list[tuple[str, int, int]] = []
    for name in _REPORTED_PARTS:
        part = ctx.parts.find(name) if name in ctx.ruleset.settings.sections else None
        if part is None or part.how != "heading":
            continue
        for (first, _), label in zip(part.lines, part.headings):
            heading = _QUOTED.sub("", normalize(label))  # (the heading proper: not a paragraph glued on after it)
            if "plans" in part_kinds(heading) or _PLANS_NAMED.search(heading):
                continue  # 三、存在的不足、原因及2024年工作思路: a heading shared with the plans names their year
            years = {int(m.group(1)) for m in _YEAR.finditer(heading)}
            if len(years) == 1 and year not in years and not _SPAN.search(heading):
                out.append((f"“{label}”", first, years.pop()))
    return out


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
                if any(word in before for word in params.cutoff) and not (
                        found > year and _PAST_WRITING.match(body, match.end())):
                    continue  # 截至2024年2月 (as of when the report is written), not 截至2024年底 (after it)
                start = lo + sentence.start() + match.start()
                if found > year and (_not_done(ctx, start) or _RETRO_PLAN.search(body)):
                    continue  # a plan's date (确保2024年6月前完成; 原定2024年建成…已提前), not an achievement
                if found == year + 1 and _EARLY_MONTH.match(body, match.end()) and _on_the_year(body[match.end():], year):
                    continue  # 2024年1月12日…就2023年度履职情况述法: the year-end account, given in January (not
                    # 本年度新增用户112名，2024年1月又提供2次法律援助: the year named before, the date on other work)
                item = (found, ctx.evidence(start, start + len(match.group())))
                (later if found > year else earlier if found < year else same).append(item)
    return later, earlier, same


_RETRO_PLAN = regex.compile(r"原定|原计划|原拟")
# A cutoff later than the report can be written (its first quarter): the year's end or a month from April.
_PAST_WRITING = regex.compile(r"\s*(?:底|末|(?:[4-9]|1[0-2]|0[4-9]|[四五六七八九]|十[一二]?)\s*月)")
_EARLY_MONTH = regex.compile(r"\s*(?:1|01|2|02|一|二|元)\s*月")
_JUST_A_YEAR = regex.compile(r"(?:截?至)?\d{4}\s*年(?:\s*\S{1,2}\s*月)?")  # (or its month: 2024年1月，)


def _on_the_year(sentence: str, year: int) -> bool:
    """Whether a sentence names the report year as what it is about (就2023年度…, 2023年度述法)."""
    return bool(compiled(rf"(?<!\d){year}\s*年度|(?<!\d){year}\s*年(?:全年|一年来)|本年度").search(sentence))


def _not_done(ctx: Context, offset: int) -> bool:
    """Whether the claims step reads the clause at `offset` as anything but work done (a plan, a demand …)."""
    claim = ctx.claims.at(offset) if ctx.claims is not None else None
    if claim is None or claim.modality not in ("planned", "demand", "negated", "problem", "others", "elsewhere"):
        return False
    # A clause read as a plan only for its later year (二是2024年加强…) may as well be a wrongly dated result.
    return not (claim.modality == "planned" and _JUST_A_YEAR.fullmatch(claim.cue))
