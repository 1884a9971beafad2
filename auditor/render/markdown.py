"""Step 5 of the pipeline (render): a Markdown scorecard per report, for pasting into an issue or a merge request."""

from __future__ import annotations

import re
from typing import Iterable, TextIO

from auditor.model import LEVEL_NAMES, Audit, AuditRun
from auditor.render import round as round_view
from auditor.render.common import (
    SEVERITY_NAMES,
    STATUS_NAMES,
    GapTally,
    Spool,
    gap_message,
    gap_where,
    plain,
    readable,
    sort_gaps,
)
from auditor.schema import RuleSet

# Marks that make Markdown (or inline HTML) out of text: escaped with a backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]|<>#~&])")
# What GitHub turns into a mention, an issue link or a bare link even when escaped (it links the rendered text):
# @name, #123, http://…, www.…, a@b.c. A zero-width space (&#8203;) after the @ or # or inside :// and www.
# breaks the pattern and shows nothing.
_LINKISH = re.compile(r"(@|\\#(?=\d)|:(?=//)|(?<![\w.])www(?=\\?\.))", re.IGNORECASE)
ZWSP = "&#8203;"


def cell(value: object) -> str:
    """Text made safe for one table cell (or a line): Markdown marks and HTML escaped, mentions and links
    broken, control characters removed, one line."""
    text = _SPECIAL.sub(r"\\\1", " ".join(plain(value).split()))
    return _LINKISH.sub(lambda m: m.group() + ZWSP, text)


def table(header: Iterable[str], rows: Iterable[Iterable[object]], right: Iterable[int] = ()) -> list[str]:
    """A GitHub-flavoured Markdown table; `right` lists the columns to right-align."""
    return table_head(header, right) + [table_row(row) for row in rows]


def table_head(header: Iterable[str], right: Iterable[int] = ()) -> list[str]:
    """A table's header line and alignment line."""
    names = list(header)
    align = ["---:" if i in set(right) else "---" for i in range(len(names))]
    return ["| " + " | ".join(names) + " |", "| " + " | ".join(align) + " |"]


def table_row(row: Iterable[object]) -> str:
    """One table row, every cell escaped."""
    return "| " + " | ".join(cell(v) for v in row) + " |"


SUMMARY_HEADER = ["#", "文件", "发文机关", "年度", "级别", "得分", "等级", "错误", "警告"]
SUMMARY_RIGHT = (0, 5, 7, 8)


def summary_row(number: int, audit: Audit) -> list[object]:
    """A report's row of the summary table."""
    if not readable(audit):
        return [number, audit.path, f"无法审核：{plain(audit.error)}", "", "", "", "", "", ""]
    meta, card = audit.document.meta, audit.scorecard  # type: ignore[union-attr]
    return [number, audit.path, meta.issuer, meta.year, LEVEL_NAMES.get(meta.level or "", ""),
            f"{card.score:g}", card.grade, card.errors, card.warnings]  # type: ignore[union-attr]


def summary(audits: list[Audit], ruleset: RuleSet) -> list[str]:
    """The batch's summary table and its most common gaps."""
    tally = GapTally(ruleset)
    for audit in audits:
        tally.add(audit)
    rows = [table_row(summary_row(n, a)) for n, a in enumerate(audits, 1)]
    return _summary_lines(len(audits), rows, tally)


def _summary_lines(count: int, rows: list[str], tally: GapTally) -> list[str]:
    lines = [f"# 审核汇总（{count} 份报告）", ""] + table_head(SUMMARY_HEADER, SUMMARY_RIGHT) + rows
    return lines + _common_lines(tally)


def _common_lines(tally: GapTally) -> list[str]:
    common = tally.most_common()
    if not common:
        return []
    return ["", "## 最常见的问题", ""] + table(
        ["规则", "严重程度", "未通过"],
        ([f"{g.rule.title} [{g.rule.id}]", g.severity_label(), f"{g.count}/{g.readable}"] for g in common),
        right=(2,))


def scorecard(audit: Audit, ruleset: RuleSet, heading: str = "#") -> list[str]:
    """One report: header facts, category table and gap table (most severe first)."""
    if not readable(audit):
        return [f"{heading} 无法审核：{cell(audit.path)}", "", f"> {cell(audit.error)}"]
    doc, card = audit.document, audit.scorecard
    assert doc is not None and card is not None
    meta = doc.meta
    lines = [f"{heading} {cell(plain(doc.title) or audit.path)}", "",
             f"- **文件**：{cell(audit.path)}", f"- **发文机关**：{cell(meta.issuer or '（未识别）')}",
             f"- **级别 / 年度**：{LEVEL_NAMES.get(meta.level or '', '（未识别）')} / {meta.year or '（未识别）'}年度",
             f"- **得分**：{card.score:g} 分（{card.grade}）　错误 {card.errors} · 警告 {card.warnings} · 提示 {card.infos}",
             "", f"{heading}# 分项得分", ""]
    lines += table(["类别", "得分", "满分", "得分率"],
                   ([ruleset.category_name(c), f"{round(e, 1):g}", f"{round(p, 1):g}", f"{e / p:.0%}" if p else "—"]
                    for c, e, p in card.by_category), right=(1, 2, 3))
    gaps = sort_gaps(audit.results, ruleset)
    lines += ["", f"{heading}# 问题（{len(gaps)} 项）", ""]
    if not gaps:
        return lines + ["✓ 所有适用规则均已通过。"]
    rows = ([n, SEVERITY_NAMES[r.severity], STATUS_NAMES[r.status], f"{rule.title} [{rule.id}]",
             gap_message(r, rule), gap_where(r), rule.suggestion, rule.basis] for n, (r, rule) in enumerate(gaps, 1))
    return lines + table(["#", "严重程度", "状态", "规则", "问题", "位置", "修改建议", "依据"], rows, right=(0,))


def render(run: AuditRun, out: TextIO) -> None:
    """One report: its scorecard. A batch: the summary first, then each report's scorecard.

    Audits are read once, as they arrive: summary rows and scorecards wait in temporary files (Spool) until the
    count and the most common gaps, which head the document, are known."""
    with Spool() as rows, Spool() as cards:
        _render(run, out, rows, cards)


def _render(run: AuditRun, out: TextIO, rows: Spool, cards: Spool) -> None:
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    tally = GapTally(ruleset)
    cards_wanted = not run.options.get("summary")
    first: Audit | None = None
    count = 0
    for count, audit in enumerate(run.audits, 1):
        tally.add(audit)
        rows.write(table_row(summary_row(count, audit)) + "\n")
        if count == 1:
            first = audit  # one report alone is shown as its scorecard, without a summary
            continue
        if cards_wanted and first is not None:
            cards.write(_batch_card(first, ruleset))
        first = None
        if cards_wanted:
            cards.write(_batch_card(audit, ruleset))
    if count == 1 and first is not None:
        out.write("\n".join(scorecard(first, ruleset) + _round_lines(run) + _pack_line(run)) + "\n")
        return
    out.write("\n".join([f"# 审核汇总（{count} 份报告）", ""] + table_head(SUMMARY_HEADER, SUMMARY_RIGHT)) + "\n")
    rows.copy_to(out)
    common = _common_lines(tally)
    if common:
        out.write("\n".join(common) + "\n")
    extra = _round_lines(run)
    if extra:
        out.write("\n".join(extra) + "\n")
    cards.copy_to(out)
    tail = _pack_line(run)
    if tail:
        out.write("\n".join(tail) + "\n")


def _pack_line(run: AuditRun) -> list[str]:
    """Which rule pack and config file the audit used (the last line)."""
    if not run.options.get("pack"):
        return []
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    kind = "内置" if run.options.get("builtin") else "自定义"
    return ["", f"> 规则包：{cell(ruleset.settings.name)} {ruleset.settings.version}（{kind}：{cell(run.options['pack'])}）"
            f" · 配置文件：{cell(run.options.get('config') or '无')}"]


def _batch_card(audit: Audit, ruleset: RuleSet) -> str:
    return "\n" + "\n".join(["---", ""] + scorecard(audit, ruleset, heading="##")) + "\n"


def _round_lines(run: AuditRun) -> list[str]:
    """The round's sections as Markdown lines (nothing without a round)."""
    data = round_view.round_data(run)
    if data is None:
        return []
    out: list[str] = []
    for heading, lines in round_view.text_sections(data):
        out += ["", f"## {heading}", ""]
        out += [("- " if not line.startswith("  ") else "  - ") + cell(line.strip()) for line in lines]
    return out
