"""Rules step: builtin `current-plan` — the report names the 普法 five-year plan current for its year."""

from __future__ import annotations

from functools import lru_cache

import regex
from auditor.plain import BaseModel, ConfigDict

from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, passed
from auditor.checks.prefilter import finditer_near, possible
from auditor.schema import Rule


class PlanParams(BaseModel):
    """Which reference table holds the five-year plans (rules/reference/<table>.yaml); what makes a mention of
    an older plan historical (七五普法验收) rather than cited as current."""

    model_config = ConfigDict(extra="forbid")
    table: str = "pufa"
    historical: str = ref.HISTORICAL


def _plan_pattern(plan: dict) -> regex.Pattern[str]:
    """How a report names a plan (八五普法, “八五”规划, its aliases, 2021至2025年这一轮普法规划)."""
    return _names_of_plan(plan["short"], tuple(plan.get("aliases", ())), plan.get("from"), plan.get("to"))


@lru_cache(maxsize=64)
def _names_of_plan(short: str, aliases: tuple[str, ...], start: int | None = None,
                   end: int | None = None) -> regex.Pattern[str]:
    """The pattern for a plan's short name (八五) and aliases, compiled once per distinct plan."""
    # (“八五”（2021—2026年）普法规划: a period may stand between the name and 普法)
    alternatives = [rf"[“\"‘']?{regex.escape(short)}[”\"’']?\s*(?:（[^）\n]{{4,16}}）\s*)?(?:普法|法治宣传教育|规划|时期)"]
    alternatives += [regex.escape(alias) for alias in aliases]
    if start and end:  # named by its years: 2021—2025年普法规划, 2021至2025年这一轮普法规划
        alternatives.append(rf"(?<!\d){start}\s*年?\s*(?:[—\-－–~～]+|至|到)\s*{end}\s*年?[^，。；：\n]{{0,6}}?"
                            rf"(?:普法|法治宣传教育)(?:规划)?")
    return regex.compile("|".join(alternatives))


# A plan named only in what the body did not do itself (a superior's demand, next year's plan, a denial, a
# shortcoming: “八五”普法规划部分任务推进迟缓).
# (A superior's check of its 七五 work names it too; a neighbour's, 对邻近的西沱镇“七五”普法工作进行了验收, does not.)
_NOT_ITS_OWN = frozenset({"planned", "demand", "negated", "elsewhere", "problem"})
# The same, in words (`auditor rules show`, docs/rules.md).
COUNTS = ("提到规划、并报告本机关本年度（或此前）按规划开展工作的表述，含上级对本机关规划工作的验收；只在计划、上级要求、"
          "否定、问题、其他单位的工作或上级文件标题中提到的不算")


# Another body's work counts only when done on the body (县普法办对我镇“七五”普法工作进行了终期验收), not its own
# (镇中心小学制作的“七五”普法成果展板).
_ON_THE_BODY = regex.compile(r"(?:我|本)(?:镇|乡|街道|局|委|办|单位)")
# A title that names the plan inside another document's name (《关于开展“八五”普法规划实施情况抽查的通知》), not the
# plan itself (《浙江省法治宣传教育第八个五年规划（2021—2025年）》, which a report following it names).
_ABOUT_THE_PLAN = regex.compile(r"通知|意见|方案|办法|决定|要点|安排|函|批复|报告|检查|抽查|评估|考核|验收|总结")


_SOMEONE_ELSES = regex.compile(r"[省市州县区](?:委|政府|人民政府|司法局|司法厅|依法治[省市州县区]办|普法办)|上级|传达|转发")


def _relayed(norm: str, start: int, end: int) -> bool:
    """Whether a hit inside a 《title》 sits in a superior's document about the plan (传达了县委依法治县办《关于开展
    “八五”普法规划实施情况抽查的通知》), not the plan itself nor the body's own scheme (制定《尚屯镇“八五”普法中期推进方案》)."""
    open_at, close = norm.rfind("《", 0, start), norm.find("》", end)
    if open_at < 0 or close < 0:
        return False
    return bool(_ABOUT_THE_PLAN.search(norm, end, close)) and bool(
        _SOMEONE_ELSES.search(norm, max(0, open_at - 16), open_at) or _SOMEONE_ELSES.match(norm, open_at + 1))


def _carried_out(ctx: Context, start: int, end: int) -> bool:
    """Whether a mention of the current plan reports the body working under it — not a superior's demand or a plan
    (县司法局要求…完成“八五”普法中期评估; 拟于明年开展), another body's own work (镇中心小学制作的“七五”普法展板; a superior's
    on the body counts: 县普法办对我镇“七五”普法工作进行了终期验收, and so does helping the county: 配合县里完成…), or only a
    superior's document about it (传达了县委依法治县办《关于开展“八五”普法规划实施情况抽查的通知》)."""
    claim = ctx.claims.at(start)
    if claim is not None and claim.modality in _NOT_ITS_OWN:
        return False
    if claim is not None and claim.modality == "others" and not claim.cue.startswith(("配合", "协助")) \
            and not _ON_THE_BODY.search(ctx.doc.norm, claim.start, claim.end):
        return False
    return not (ctx.claims.quoted(start, end) and _relayed(ctx.doc.norm, start, end))


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
        hits = [(o + m.start(), o + m.end()) for o, text in ctx.scope_text() for m in finditer_near(_plan_pattern(plan), text)]
        if plan is current and ctx.claims is not None:
            hits = [h for h in hits if _carried_out(ctx, *h)]
        if hits:
            found[plan["short"]] = [ctx.evidence(*h) for h in hits]
    name = f"“{current['short']}”普法（{current['from']}—{current['to']}年）"
    stale = [p for p in plans if p["to"] < current["from"] - (0 if current.get("issued", True) else 5)]
    as_current = ref.as_current(ctx, [(p, _plan_pattern(p)) for p in stale], params.historical)
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
