"""Rules step: built-in checks on the substance of the parts — causes of shortcomings, quantified results."""

from __future__ import annotations

import regex
from pydantic import BaseModel, ConfigDict, Field

from auditor.checks import Context, Outcome, builtin, distinct_lines, failed, once_per, partial, passed
from auditor.ruleset import Rule

_ITEM = regex.compile(r"(?:^|[。；;：:，,\s])(?:[一二三四五六七八九十]是|[（(]?\d{1,2}[）).．、]|[（(][一二三四五六七八九十][）)])")


class CausesParams(BaseModel):
    """Words that introduce a cause (原因, 由于 …) in the 不足 part."""

    model_config = ConfigDict(extra="forbid")
    section: str = "shortcomings"
    markers: tuple[str, ...] = Field(min_length=1)


@builtin("shortcoming-causes", CausesParams)
def shortcoming_causes(ctx: Context, rule: Rule, params: CausesParams) -> Outcome:
    """The 不足 part explains why (causes), not only what went wrong (symptoms); headings do not count."""
    part = ctx.parts.find(params.section)
    if part is None:
        return Outcome("not_applicable", 0.0, "报告没有“存在的不足”部分（见相应结构规则）")
    heading_lines = {s.line for s in ctx.doc.walk()}
    body_ranges = []
    for first, last in part.lines:
        for line in range(first, last + 1):
            if line in heading_lines:
                start = ctx.doc.line_starts[line - 1]
                text = ctx.doc.norm_lines[line - 1]
                cut = regex.search(r"[。：:]", text)  # a numbered line may carry its body after the heading
                if not cut:
                    continue
                body_ranges.append((start + cut.end(), start + len(text)))
            else:
                body_ranges.append(ctx.doc.span_of_lines(line, line))
    sub = Context(ctx.doc, ctx.index, ctx.ruleset, ctx.parts, tuple(body_ranges), ctx.scope_label)
    causes = [sub.evidence(*span) for term in params.markers for span in sub.find(term)]
    symptoms = sum(len(_ITEM.findall(text)) for _, text in sub.scope_text())
    if causes:
        return passed(distinct_lines(sorted(causes, key=lambda e: e.line)), f"分析了原因（{part.label(ctx.doc)}）")
    count = f"列举了 {symptoms} 条不足的表现" if symptoms else "描述了不足的表现"
    return failed(f"{part.label(ctx.doc)}{count}，但没有分析产生不足的原因", (ctx.line_evidence(part.lines[0][0]),),
                  "、".join(params.markers[:8]))


class QuantifiedParams(BaseModel):
    """Figures with units per 1,000 characters of the 成效 part: pass at `per_1000`, partial from half."""

    model_config = ConfigDict(extra="forbid")
    section: str = "measures"
    units: tuple[str, ...] = Field(min_length=1)
    per_1000: float = Field(default=3.0, gt=0)


_FIGURES: dict[int, tuple[object, regex.Pattern[str]]] = {}
_A_YEAR = regex.compile(r"\d{4}\s*年")  # 2023年 is a date, not a figure


def _figure(units: tuple[str, ...]) -> regex.Pattern[str]:
    """A number (12, 3.5, 十二, 两) with one of the units, the longest unit first."""
    alternatives = "|".join(sorted((regex.escape(u) for u in units), key=len, reverse=True))
    return regex.compile(rf"(?<![\d.])(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千两]+)(?:余|多)?\s*(?:{alternatives})")


@builtin("quantified", QuantifiedParams)
def quantified(ctx: Context, rule: Rule, params: QuantifiedParams) -> Outcome:
    """The 举措和成效 part carries concrete figures (次, 场, 件, 人次, %, 万元 …), enough for its length."""
    part = ctx.parts.find(params.section)
    ranges = tuple(ctx.doc.span_of_lines(a, b) for a, b in part.lines) if part else ctx.ranges
    where = part.label(ctx.doc) if part else "全文（未找到“举措和成效”部分）"
    figure = once_per(params, _FIGURES, lambda: _figure(params.units))
    sub = Context(ctx.doc, ctx.index, ctx.ruleset, ctx.parts, ranges, where)
    hits = [(offset + m.start(), offset + m.end()) for offset, text in sub.scope_text() for m in figure.finditer(text)]
    hits = [h for h in hits if not _A_YEAR.match(ctx.doc.norm, h[0], h[1])]
    chars = sum(hi - lo for lo, hi in ranges) or 1
    rate = len(hits) * 1000 / chars
    evidence = distinct_lines([sub.evidence(*h) for h in hits], most=3)
    summary = f"{where}约 {chars} 字，含具体数字 {len(hits)} 处，每千字 {rate:.1f} 处（标准 ≥{params.per_1000:g}）"
    if rate >= params.per_1000:
        return passed(evidence, summary)
    if rate >= params.per_1000 / 2:
        return partial(rate / params.per_1000, summary, evidence)
    return failed(summary, evidence, "带单位的数字：" + "、".join(params.units[:10]))
