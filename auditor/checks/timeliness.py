"""Rules step: built-in checks that need the report year and the pack's reference data (plans, laws, meetings)."""

from __future__ import annotations

import regex
from pydantic import BaseModel, ConfigDict

from auditor.checks import Context, Outcome, builtin, distinct_lines, failed, not_applicable, passed
from auditor.ruleset import Rule


class PlanParams(BaseModel):
    """Which reference table holds the five-year plans (rules/reference/<table>.yaml)."""

    model_config = ConfigDict(extra="forbid")
    table: str = "pufa"


def _plan_pattern(plan: dict) -> regex.Pattern[str]:
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
