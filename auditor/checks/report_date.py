"""Rules step: builtin `report-date` — the report is dated after its year ends and by the deadline."""

from __future__ import annotations

from auditor.plain import BaseModel, ConfigDict

from auditor.checks.context import Context, Outcome, failed, not_applicable, passed
from auditor.schema import Rule


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
