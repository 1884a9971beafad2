"""Rules step: builtin `plan-periods` — a named plan carries its own period; no plan runs backwards."""

from __future__ import annotations

import regex

from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, passed
from auditor.checks.prefilter import possible
from auditor.patterns import compiled
from auditor.schema import Rule

_PERIOD = r"\s*》?\s*（\s*((?:19|20)\d{2})\s*年?\s*[—\-－–~～至到]+\s*((?:19|20)\d{2})\s*年?\s*）"


_ANY_PLAN = regex.compile(r"(规划|纲要|计划|方案)" + _PERIOD)


_LOCAL = r"(?<![省市县区州盟旗镇乡])"


def _title_pattern(title: str) -> str:
    escaped = regex.escape(title)
    return escaped.replace("“", '[“"]?').replace("”", '[”"]?').replace(r"\“", '[“"]?').replace(r"\”", '[”"]?')


def _periods(ctx: Context, params: ref.CanonParams) -> dict[str, tuple[str, set[tuple[int, int]]]]:
    """Each named plan's title pattern → the name shown for it and its right periods, made once per pack."""
    def build() -> dict[str, tuple[str, set[tuple[int, int]]]]:
        periods: dict[str, tuple[str, set[tuple[int, int]]]] = {}
        for item in ref.instruments_of(ctx, params):
            for title in item.titles:
                if item.period:
                    name = title.replace("“", "").replace("”", "")
                    patterns = [_title_pattern(title)]
                    if title.endswith("普法"):  # “八五”（2021—2026年）普法规划: the period between the name and 普法
                        patterns.append(_title_pattern(title[:-2]) + r"(?=\s*（[^）\n]{4,16}）\s*(?:普法|法治宣传教育))")
                    for pattern in patterns:
                        periods.setdefault(pattern, (name, set()))[1].add(tuple(item.period))  # type: ignore[arg-type]
        return periods
    return ctx.ruleset.derived(("timeliness.periods", params.reference, params.list), build)


def plan_periods(ctx: Context, rule: Rule, params: ref.CanonParams) -> Outcome:
    """A named plan carries its own period (纲要（2021—2025年）, not （2022—2025年）); no plan runs backwards or
    for a single year (（2023-2023））."""
    found, notes, seen = [], [], set()
    for title, (name, right) in _periods(ctx, params).items():
        if not possible(ctx.index, _LOCAL + title + _PERIOD):
            continue
        for a, b, m in ref.scope_hits(ctx, compiled(_LOCAL + title + _PERIOD), skip_next_year=False):
            span = (int(m.group(1)), int(m.group(2)))
            seen.add(b)
            if span in right:
                continue
            good = "或".join(f"（{x}—{y}年）" for x, y in sorted(right))
            found.append(ctx.evidence(a, b))
            notes.append(f"{name}的期限写成了（{span[0]}—{span[1]}年），应为{good}")
    for a, b, m in ref.scope_hits(ctx, _ANY_PLAN, skip_next_year=False):
        first, last = int(m.group(2)), int(m.group(3))
        if b in seen or not (last < first or (last == first and m.group(1) in ("规划", "纲要"))):
            continue
        found.append(ctx.evidence(a, b))
        notes.append(f"{m.group(1)}的期限（{first}—{last}年）不可能：{'止年早于起年' if last < first else '规划期只有一年'}")
    if not found:
        return passed(message="规划、纲要的期限无误")
    return failed("；".join(dict.fromkeys(notes)), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


def list_periods(ruleset, params: ref.CanonParams) -> list[str]:  # noqa: ANN001
    """The plans the rule reads, with their periods."""
    return ref.list_instruments(ruleset, params, lambda i: i.period)
