"""Step 5 of the pipeline (render): plain helpers every format shares — gap order, batch tallies, labels, rows."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from typing import Any, Iterable, TextIO

from auditor.model import LEVEL_NAMES, SEVERITY_RANK, Audit, Evidence, RuleResult
from auditor.schema import Rule, RuleSet

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_NAMES = {"pass": "通过", "fail": "未通过", "partial": "部分通过", "not_applicable": "不适用"}
# The fixed columns of the spreadsheet formats (csv, xlsx); one column per rule id follows.
TABLE_COLUMNS = ("文件", "标题", "发文机关", "级别", "年度", "得分", "等级", "错误", "警告")


# What no output may carry from a report: C0 controls but tab and newline (ESC starts terminal sequences: clear
# screen, OSC 52 clipboard writes, OSC 8 links), DEL and C1 controls, and U+FFFE/U+FFFF (not characters; XML 1.0
# cannot hold them nor the C0 controls, even escaped). Lone surrogates (a file name's undecodable bytes) cannot
# be written as UTF-8: they become U+FFFD.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")


def plain(value: object) -> str:
    """Report text (a title, issuer, path, evidence, message) as text any output can show and any encoder can
    write: the characters above removed (surrogates replaced); None becomes ""."""
    text = "" if value is None else str(value)
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


def where(evidence: Evidence) -> str:
    """Where a piece of evidence is, in the report's own wording (第3段, 第2页第5行), else its line (第N行)."""
    return evidence.where or f"第{evidence.line}行"


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
        return plain(where(result.evidence[0]))
    return plain(result.section) or "全文"


def gap_message(result: RuleResult, rule: Rule) -> str:
    """What is wrong in this report: the result's own detail, else the rule's message."""
    return plain(result.message or rule.message)


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


class GapTally:
    """How many reports failed each rule, at which severity, counted as the audits stream past (none is kept)."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.order = {rule.id: i for i, rule in enumerate(ruleset.rules)}
        self.tally: dict[str, dict[str, int]] = {}
        self.readable = 0

    def add(self, audit: Audit) -> None:
        """Count one audit's gaps (an unreadable report counts for nothing)."""
        if not readable(audit):
            return
        self.readable += 1
        for result in audit.results:
            if result.is_gap and result.rule_id in self.order:
                by_severity = self.tally.setdefault(result.rule_id, {})
                by_severity[result.severity] = by_severity.get(result.severity, 0) + 1

    def most_common(self, most: int | None = 10) -> list[CommonGap]:
        """The rules failed by the most reports (ties in pack order)."""
        ranked = sorted(self.tally.items(), key=lambda kv: (-sum(kv[1].values()), self.order[kv[0]]))
        out = []
        for rule_id, by_severity in ranked[:most]:
            severities = tuple(sorted(by_severity.items(), key=lambda kv: -SEVERITY_RANK[kv[0]]))
            out.append(CommonGap(self.ruleset.rules[self.order[rule_id]], sum(by_severity.values()),
                                 self.readable, severities))
        return out


def common_gaps(audits: Iterable[Audit], ruleset: RuleSet, most: int | None = 10) -> list[CommonGap]:
    """Rules failed by the most reports, with the severity each report got (severity_by_level applied)."""
    tally = GapTally(ruleset)
    for audit in audits:
        tally.add(audit)
    return tally.most_common(most)


class Spool:
    """Text written now and read back at the end, kept in a temporary file past a megabyte: a format whose
    opening depends on every report (totals, a cover page) still keeps no report in memory."""

    def __init__(self) -> None:
        self.file = tempfile.SpooledTemporaryFile(max_size=1024 * 1024, mode="w+", encoding="utf-8",
                                                  newline="")
        self.empty = True

    def write(self, text: str) -> None:
        """Append text."""
        if text:
            self.file.write(text)
            self.empty = False

    def copy_to(self, out: TextIO) -> None:
        """Write everything spooled to `out`, in pieces."""
        self.file.seek(0)
        shutil.copyfileobj(self.file, out, 1024 * 1024)

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


def rule_heading(rule: Rule) -> str:
    """A rule as a column head: its Chinese title with the id, 述法（duty.shufa）."""
    return f"{plain(rule.title)}（{rule.id}）"


def table_header(ruleset: RuleSet) -> list[str]:
    """Column names of the one-row-per-report table: fixed columns, then every rule (title and id) in pack order."""
    return [*TABLE_COLUMNS, *(rule_heading(rule) for rule in ruleset.rules)]


def table_row(audit: Audit, ruleset: RuleSet) -> list[Any]:
    """One report as a table row (numbers stay numbers; an unreadable report says why in the title cell)."""
    if not readable(audit):
        return [plain(audit.path), f"无法审核：{plain(audit.error)}", "", "", "", "", "无法审核", "", "",
                *("" for _ in ruleset.rules)]
    doc, card = audit.document, audit.scorecard
    assert doc is not None and card is not None
    meta = doc.meta
    statuses = {r.rule_id: STATUS_NAMES[r.status] for r in audit.results}
    return [plain(audit.path), plain(doc.title), plain(meta.issuer), LEVEL_NAMES.get(meta.level or "", ""), meta.year or "",
            card.score, card.grade, card.errors, card.warnings, *(statuses.get(rule.id, "") for rule in ruleset.rules)]
