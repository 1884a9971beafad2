"""Rules step: builtin `report-date` — the report is dated after its year ends and by the deadline."""

from __future__ import annotations

import re

from auditor.plain import BaseModel, ConfigDict

from auditor.checks.context import Context, Outcome, failed, not_applicable, passed
from auditor.metadata import parse_date
from auditor.schema import Rule


class DeadlineParams(BaseModel):
    """The report is dated after its year ends and no later than this day of the next year."""

    model_config = ConfigDict(extra="forbid")
    month: int = 4
    day: int = 1


def report_date(ctx: Context, rule: Rule, params: DeadlineParams) -> Outcome:
    """A stated 成文日期 falls after the end of year Y and by the deadline (4月1日) of Y+1."""
    meta = ctx.doc.meta
    if meta.date is None and meta.date_invalid:  # the 落款 rule reports the day; the year and month may still tell
        return _invalid_date(ctx, params)
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


# The day of an impossible date (2023年11月31日): what is left, 2023年11月, is a month that may still be read.
_DAY = re.compile(r"(?<=月)[^年月]*日.*$")


def _invalid_date(ctx: Context, params: DeadlineParams) -> Outcome:
    """A 成文日期 that is no day of the calendar (11月31日, 2月30日): its year and month, when they are real and the
    whole month lies before the report year ends or after the deadline, fail the rule; otherwise it cannot be
    checked (a blank 2024年　月　日, or a month that straddles the deadline)."""
    meta = ctx.doc.meta
    written = meta.date_invalid or ""
    month = parse_date(_DAY.sub("", written)) if meta.year is not None else None
    evidence = (ctx.line_evidence(meta.date_line),) if meta.date_line else ()
    if month is not None and month.day is None and meta.year is not None:
        if (month.year, month.month) <= (meta.year, 12):
            return failed(f"成文日期“{written}”不是有效的日期，且所写年月在报告年度（{meta.year}年）结束之前："
                          "年度报告应在年度结束后形成", evidence)
        # (A day that does not exist is the 29th or later: in the deadline's own month, past a deadline before it.)
        if (month.year, month.month) > (meta.year + 1, params.month) or (
                (month.year, month.month) == (meta.year + 1, params.month) and params.day < 29):
            return failed(f"成文日期“{written}”不是有效的日期，且所写年月晚于{meta.year + 1}年{params.month}月"
                          f"{params.day}日", evidence)
    return not_applicable(f"成文日期“{written}”不是有效的日期，无从核对是否按期形成")
