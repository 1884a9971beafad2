"""Rules step: builtin `dated-references` — nothing cited that is wrong for the report year (a list of the pack's
reference data with the years each entry is right for)."""

from __future__ import annotations

import regex
from auditor.plain import BaseModel, ConfigDict, field_validator

from auditor import canon
from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, passed
from auditor.checks.prefilter import finditer_near, possible
from auditor.patterns import compiled
from auditor.schema import Rule, YearRange


class Citation(BaseModel):
    """A reference-data entry: something a report may cite, and the report years for which it is right."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    pattern: str
    years: YearRange | None = None  # report years for which citing it is right; none: always wrong
    unless: str | None = None  # a pattern that shows the citation is not "as current" (二十大 beside 十九大):
    # searched in the sentence of the mention, and in the whole report on the year (not its plans) in the
    # `unless_anywhere` years
    unless_anywhere: YearRange | None = None  # report years in which the replacement arrived within the year
    # (二十大 in October 2022), so naming it anywhere excuses the old one; later, only beside the mention
    historical: bool = False  # true: skip mentions whose clause reads as history (十三五期间, 十九大以来)
    replacement: str = ""
    note: str = ""
    source: str  # where the dates were checked (URL or document number)

    _src = field_validator("source")(canon._source)

    def right_for(self, year: int) -> bool:
        """Whether citing this is right in a report on `year`."""
        return self.years is not None and self.years.covers(year)


class CitationParams(BaseModel):
    """Which list of rules/reference/<reference>.yaml the rule reads."""

    model_config = ConfigDict(extra="forbid")
    reference: str
    list: str
    historical: str = ref.HISTORICAL


def _citations(ruleset, params: CitationParams) -> list[Citation]:  # noqa: ANN001
    """The validated entries of a reference list, validated once per loaded pack (not once per report)."""
    items = (ruleset.reference.get(params.reference) or {}).get(params.list) or []
    return ruleset.derived(("citations", params.reference, params.list),
                           lambda: [Citation.model_validate(item) for item in items])


def validate_citations(ruleset, params: BaseModel) -> str | None:  # noqa: ANN001
    """Load-time check: the reference list exists and every entry and pattern is valid."""
    assert isinstance(params, CitationParams)
    table = ruleset.reference.get(params.reference)
    if not isinstance(table, dict) or not isinstance(table.get(params.list), list):
        return f"参考数据 rules/reference/{params.reference}.yaml 中没有列表“{params.list}”"
    try:
        for item in _citations(ruleset, params):
            for pattern in (item.pattern, item.unless):
                if pattern:
                    regex.compile(pattern)
    except (ValueError, regex.error) as exc:
        return f"参考数据 {params.reference}.{params.list} 有误：{str(exc).splitlines()[0]}"
    return None


def dated_references(ctx: Context, rule: Rule, params: CitationParams) -> Outcome:
    """Nothing cited that is wrong for the report year (superseded law, old plan, a meeting not yet held)."""
    year = ctx.doc.meta.year
    items = _citations(ctx.ruleset, params)
    if year is None:  # only what is wrong in every year can still be checked
        items = [item for item in items if item.years is None]
        if not items:
            return not_applicable("无法确定报告年度，无从核对引用是否过时")
    reporting = ref.reporting_text(ctx)
    found: list = []
    notes: list[str] = []
    for item in items:
        if year is not None and item.right_for(year):
            continue
        anywhere = item.unless_anywhere is None or item.unless_anywhere.covers(year)
        if item.unless and anywhere and _said_now(ctx, reporting, item.unless):
            continue
        if not possible(ctx.index, item.pattern):
            continue
        pattern = compiled(item.pattern)
        hits = [(o + m.start(), o + m.end()) for o, text in ctx.scope_text() for m in finditer_near(pattern, text)]
        if item.unless and not anywhere:
            norm = ctx.doc.norm
            # (the pair named in one breath: 全面贯彻党的十九大、十九届历次全会和二十大精神 — not 以二十大精神为指导，…，
            # 深入贯彻党的十九届五中全会精神 a year on, where the old one is cited for itself)
            hits = [h for h in hits if not compiled(item.unless).search(norm, *ref.span_around(norm, *h, ref.CLAUSE_END))]
        if item.historical:
            hits = [h for h in hits if not ref.is_historical(ctx.doc.norm, *h, params.historical)]
        if not hits:
            continue
        found.extend(ctx.evidence(*h) for h in hits)
        fix = f"，应为{item.replacement}" if item.replacement else ""
        notes.append(f"{item.name}{('（' + item.note + '）') if item.note else ''}{fix}")
    if not found:
        return passed(message=f"未发现不适用于{year}年度的引用" if year else "未发现")
    lead = f"{year}年度报告中：" if year else ""
    return failed(lead + "；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


_NOT_NOW = frozenset({"planned", "problem", "negated", "demand"})


def _said_now(ctx: Context, reporting: str, pattern: str) -> bool:
    """Whether the report names `pattern` (二十大 beside 十九大) other than as a plan: 2023年，我镇将深入学习贯彻
    二十大精神 left under the shortcomings when the plans' heading was lost excuses nothing either."""
    claims = ctx.claims
    return any(claims is None or (claim := claims.at(m.start())) is None or claim.modality not in _NOT_NOW
               for m in compiled(pattern).finditer(reporting))


def list_citations(ruleset, params: CitationParams) -> list[str]:  # noqa: ANN001
    """The citations the rule reads, with the years each is right for."""
    out = []
    for item in _citations(ruleset, params):
        years = item.years.describe() if item.years else "任何年度都不应引用"
        out.append(f"{item.name}：适用于{years}" + (f"，应为{item.replacement}" if item.replacement else "")
                   + f"  来源：{item.source}")
    return out
