"""Step 5 of the pipeline (render): a Markdown scorecard per report, for pasting into an issue or a merge request."""

from __future__ import annotations

import re
from typing import Iterable, TextIO

from auditor.model import LEVEL_NAMES, Audit, AuditRun
from auditor.render import round as round_view
from auditor.render.common import (
    SEVERITY_NAMES,
    STATUS_NAMES,
    common_gaps,
    gap_message,
    gap_where,
    readable,
    sort_gaps,
)
from auditor.ruleset import RuleSet

_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def cell(value: object) -> str:
    """Text made safe for one table cell (or a line): Markdown marks and HTML escaped, one line."""
    text = "" if value is None else str(value)
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def table(header: Iterable[str], rows: Iterable[Iterable[object]], right: Iterable[int] = ()) -> list[str]:
    """A GitHub-flavoured Markdown table; `right` lists the columns to right-align."""
    names = list(header)
    align = ["---:" if i in set(right) else "---" for i in range(len(names))]
    lines = ["| " + " | ".join(names) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines


def summary(audits: list[Audit], ruleset: RuleSet) -> list[str]:
    """The batch's summary table and its most common gaps."""
    rows = []
    for number, audit in enumerate(audits, 1):
        if not readable(audit):
            rows.append([number, audit.path, f"无法审核：{audit.error}", "", "", "", "", "", ""])
            continue
        meta, card = audit.document.meta, audit.scorecard  # type: ignore[union-attr]
        rows.append([number, audit.path, meta.issuer, meta.year, LEVEL_NAMES.get(meta.level or "", ""),
                     f"{card.score:g}", card.grade, card.errors, card.warnings])  # type: ignore[union-attr]
    lines = [f"# 审核汇总（{len(audits)} 份报告）", ""]
    lines += table(["#", "文件", "发文机关", "年度", "级别", "得分", "等级", "错误", "警告"], rows, right=(0, 5, 7, 8))
    common = common_gaps(audits, ruleset)
    if common:
        lines += ["", "## 最常见的问题", ""]
        lines += table(["规则", "严重程度", "未通过"],
                       ([f"{g.rule.title} [{g.rule.id}]", g.severity_label(), f"{g.count}/{g.readable}"] for g in common),
                       right=(2,))
    return lines


def scorecard(audit: Audit, ruleset: RuleSet, heading: str = "#") -> list[str]:
    """One report: header facts, category table and gap table (most severe first)."""
    if not readable(audit):
        return [f"{heading} 无法审核：{cell(audit.path)}", "", f"> {cell(audit.error)}"]
    doc, card = audit.document, audit.scorecard
    assert doc is not None and card is not None
    meta = doc.meta
    lines = [f"{heading} {cell(doc.title or audit.path)}", "",
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
    """One report: its scorecard. A batch: the summary first, then each report's scorecard."""
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    audits = list(run.audits)
    if len(audits) == 1:
        lines = scorecard(audits[0], ruleset) + round_view.markdown(run)
    else:
        lines = summary(audits, ruleset) + round_view.markdown(run)
        if not run.options.get("summary"):
            for audit in audits:
                lines += ["", "---", ""] + scorecard(audit, ruleset, heading="##")
    if run.options.get("pack"):
        kind = "内置" if run.options.get("builtin") else "自定义"
        lines += ["", f"> 规则包：{cell(ruleset.settings.name)} {ruleset.settings.version}（{kind}：{cell(run.options['pack'])}）"
                  f" · 配置文件：{cell(run.options.get('config') or '无')}"]
    out.write("\n".join(lines) + "\n")
