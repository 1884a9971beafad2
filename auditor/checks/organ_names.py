"""Rules step: builtin `organ-names` — no body named after the reform that abolished it."""

from __future__ import annotations

from auditor import canon
from auditor.canon import Organ
from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, passed
from auditor.patterns import compiled
from auditor.schema import Rule


class OrganParams(canon.ListParams):
    """The list of reformed bodies."""

    reference: str = "organs"
    list: str = "organs"
    historical: str = r"原[\p{Han}]{0,8}$|撤销|撤并|并入|划入|整合|改革前|更名|调整为|^\s*[（(]现|现为|现已"


def organ_names(ctx: Context, rule: Rule, params: OrganParams) -> Outcome:
    """No body named after its abolition (法制办 from 2019, 依法治县领导小组 from 2020), with its successor."""
    year = ctx.doc.meta.year
    if year is None:
        return not_applicable("无法确定报告年度")
    text = ctx.doc.norm
    found, notes = [], []
    history = compiled(params.historical)
    for organ in canon.entries(ctx.ruleset, params.reference, params.list, Organ):
        if year < organ.from_ or organ.levels and ctx.doc.meta.level and ctx.doc.meta.level not in organ.levels:
            continue
        hits = []
        for a, b, _ in ref.scope_hits(ctx, compiled(organ.pattern), skip_next_year=False):
            lo, hi = ref.span_around(text, a, b, ref.CLAUSE_END)
            if history.search(text[lo:a]) or history.search(text[b:hi]) or (
                    organ.except_ and compiled(organ.except_).search(text, lo, hi)):
                continue
            hits.append((a, b))
        if hits:
            found.extend(ctx.evidence(a, b) for a, b in hits)
            notes.append(f"“{text[hits[0][0]:hits[0][1]]}”（{organ.abolished}）应为{organ.successor}")
    if not found:
        return passed(message="未发现机构改革前的机构名称")
    return failed(f"{year}年度报告中：" + "；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


list_organs = ref.list_simple(
    Organ, lambda o: f"{o.name}：{o.abolished}；{o.from_}年度起应为{o.successor}  来源：{o.source}")
