"""Rules step: builtin `anachronism` — nothing cited that happened after the report was written."""

from __future__ import annotations

import datetime as dt

from auditor.plain import Field

from auditor import canon
from auditor.canon import Event, day
from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, passed
from auditor.patterns import compiled
from auditor.schema import Rule


class EventParams(canon.ListParams):
    """The dated events list, words that announce an event rather than cite it, and the writing deadline used
    when the report has no date."""

    reference: str = "events"
    list: str = "events"
    anticipation: str = r"迎接|喜迎|召开前|即将召开|将于|将要|筹备|前夕|胜利召开|召开之际|谋划|起草|衔接"
    instruments: str = "instruments"  # the canon of instruments (rules/reference/<name>.yaml) whose dates count too; "" for none
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


def _events(ruleset, params: EventParams) -> tuple[Event, ...]:  # noqa: ANN001
    """The events list, then those the instruments canon implies (an instrument or edition cited before it was
    adopted) that no listed event already covers; made once per pack (when the pack is compiled)."""
    listed = canon.entries(ruleset, params.reference, params.list, Event)
    if not params.instruments:
        return listed
    def build() -> tuple[Event, ...]:
        implied = canon.instrument_events(ruleset, params.instruments, params.instruments)
        return listed + tuple(e for e in implied if not any(compiled(x.pattern).search(e.example) for x in listed))
    return ruleset.derived(("timeliness.anachronism", params.reference, params.list, params.instruments), build)


def anachronism(ctx: Context, rule: Rule, params: EventParams) -> Outcome:
    """Nothing cited that happened after the report was written (二十届四中全会 in a report written in early 2025)."""
    if ctx.doc.meta.year is None:
        return not_applicable("无法确定报告年度")
    written, how = _written(ctx, params)
    text = ctx.doc.norm
    found, notes = [], []
    # A date inside the report year (or before it) is itself the slip (timeliness.report-date says so): the year's
    # own events are what the report is about, only those after the year are cited too early (2022年3月8日 on a 2022
    # report naming the 二十大 of October 2022 is misdated, not prescient).
    early = written.year <= ctx.doc.meta.year
    for event in _events(ctx.ruleset, params):
        if event.date <= written or (event.after and written < event.after) \
                or (early and event.date.year <= ctx.doc.meta.year):
            continue
        hits = [(a, b) for a, b, _ in ref.scope_hits(ctx, compiled(event.pattern), skip_next_year=False)
                if not ref.is_historical(text, a, b, params.anticipation)]
        if hits:
            found.extend(ctx.evidence(a, b) for a, b in hits)
            when = day(event.date)  # (an instrument's event names its adoption day already: 《…》（2021年8月20日通过）)
            named = event.name if when in event.name else f"{event.name}（{when}）"
            notes.append(f"{named}晚于本报告的写作时间（{how}）")
    if not found:
        return passed(message="未发现晚于报告写作时间的会议或提法")
    return failed("；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


def list_events(ruleset, params: EventParams) -> list[str]:  # noqa: ANN001
    """The dated events the rule reads: the events list and those implied by the instruments' dates."""
    return [f"{e.name}：{day(e.date)}" + (f"（只核对{day(e.after)}以后写作的报告）" if e.after else "") + f"  来源：{e.source}"
            for e in _events(ruleset, params)]
