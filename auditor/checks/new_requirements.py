"""Rules step: builtin `new-requirements` — the share of the report year's new requirements the report mentions."""

from __future__ import annotations

from auditor import canon
from auditor.canon import Requirement
from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, partial, passed
from auditor.patterns import compiled
from auditor.schema import Rule


class RequirementParams(canon.ListParams):
    """The list of yearly requirements."""

    reference: str = "requirements"
    list: str = "requirements"


def new_requirements(ctx: Context, rule: Rule, params: RequirementParams) -> Outcome:
    """本年度新要求: of the requirements new for the report year that apply to this report, the share it mentions."""
    meta = ctx.doc.meta
    if meta.year is None:
        return not_applicable("无法确定报告年度")
    reporting = ref.reporting_text(ctx)
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


list_requirements = ref.list_simple(
    Requirement, lambda r: f"{r.name}：{r.years.describe()}；{r.basis}  来源：{r.source}")
