"""Step 5 of the pipeline (render): plain helpers every format shares — gap order, batch tallies, labels, rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from auditor.model import LEVEL_NAMES, SEVERITY_RANK, Audit, RuleResult
from auditor.ruleset import Rule, RuleSet

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_NAMES = {"pass": "通过", "fail": "未通过", "partial": "部分通过", "not_applicable": "不适用"}
# The fixed columns of the spreadsheet formats (csv, xlsx); one column per rule id follows.
TABLE_COLUMNS = ("文件", "标题", "发文机关", "级别", "年度", "得分", "等级", "错误", "警告")


def readable(audit: Audit) -> bool:
    """Whether the audit has results (the report could be read and parsed)."""
    return audit.error is None and audit.document is not None and audit.scorecard is not None


def sort_gaps(results: Iterable[RuleResult], ruleset: RuleSet) -> list[tuple[RuleResult, Rule]]:
    """Gaps (fail, partial) by severity as applied, then weight, then pack order."""
    rules = {rule.id: (index, rule) for index, rule in enumerate(ruleset.rules)}
    gaps = [(r, rules[r.rule_id]) for r in results if r.is_gap and r.rule_id in rules]
    gaps.sort(key=lambda pair: (-SEVERITY_RANK[pair[0].severity], -pair[1][1].weight, pair[1][0]))
    return [(r, rule) for r, (_, rule) in gaps]


def gap_line(result: RuleResult) -> int:
    """The line a gap points at: its first evidence line, else the report's first line."""
    return result.evidence[0].line if result.evidence else 1


def gap_where(result: RuleResult) -> str:
    """Where the gap is, for a reader: the evidence location, else the part of the report looked in."""
    if result.evidence:
        ev = result.evidence[0]
        return ev.where or f"第{ev.line}行"
    return result.section or "全文"


def gap_message(result: RuleResult, rule: Rule) -> str:
    """What is wrong in this report: the result's own detail, else the rule's message."""
    return result.message or rule.message


def gap_text(result: RuleResult, rule: Rule) -> str:
    """The gap in one line: what is wrong, then where (unless the message already says it)."""
    problem = gap_message(result, rule)
    where = gap_where(result)
    return problem if where in problem else f"{problem}（{where}）"


@dataclass(frozen=True)
class CommonGap:
    """A rule failed by several reports of a batch, with the severities it was applied at."""

    rule: Rule
    count: int
    readable: int
    severities: tuple[tuple[str, int], ...]  # (severity, reports), most severe first

    def severity_label(self) -> str:
        """错误, or 错误 2 · 警告 1 when the rule weighs differently by level (述法 for townships)."""
        if len(self.severities) == 1:
            return SEVERITY_NAMES[self.severities[0][0]]
        return " · ".join(f"{SEVERITY_NAMES[s]} {n}" for s, n in self.severities)


def common_gaps(audits: Iterable[Audit], ruleset: RuleSet, most: int | None = 10) -> list[CommonGap]:
    """Rules failed by the most reports, with the severity each report got (severity_by_level applied)."""
    order = {rule.id: i for i, rule in enumerate(ruleset.rules)}
    tally: dict[str, dict[str, int]] = {}
    total = 0
    for audit in audits:
        if not readable(audit):
            continue
        total += 1
        for result in audit.results:
            if result.is_gap and result.rule_id in order:
                by_severity = tally.setdefault(result.rule_id, {})
                by_severity[result.severity] = by_severity.get(result.severity, 0) + 1
    ranked = sorted(tally.items(), key=lambda kv: (-sum(kv[1].values()), order[kv[0]]))
    out = []
    for rule_id, by_severity in ranked[:most]:
        severities = tuple(sorted(by_severity.items(), key=lambda kv: -SEVERITY_RANK[kv[0]]))
        out.append(CommonGap(ruleset.rules[order[rule_id]], sum(by_severity.values()), total, severities))
    return out


def table_header(ruleset: RuleSet) -> list[str]:
    """Column names of the one-row-per-report table: fixed columns, then every rule id in pack order."""
    return [*TABLE_COLUMNS, *(rule.id for rule in ruleset.rules)]


def table_row(audit: Audit, ruleset: RuleSet) -> list[Any]:
    """One report as a table row (numbers stay numbers; an unreadable report says why in the title cell)."""
    if not readable(audit):
        return [audit.path, f"无法审核：{audit.error or ''}", "", "", "", "", "无法审核", "", "",
                *("" for _ in ruleset.rules)]
    doc, card = audit.document, audit.scorecard
    assert doc is not None and card is not None
    meta = doc.meta
    statuses = {r.rule_id: STATUS_NAMES[r.status] for r in audit.results}
    return [audit.path, doc.title, meta.issuer or "", LEVEL_NAMES.get(meta.level or "", ""), meta.year or "",
            card.score, card.grade, card.errors, card.warnings, *(statuses.get(rule.id, "") for rule in ruleset.rules)]
