"""Step 5 of the pipeline (render): the rich terminal scorecard — one report in full, or a batch summary."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from auditor.model import LEVEL_NAMES, Audit, AuditRun, RuleResult
from auditor.render import round as round_view
from auditor.render.common import SEVERITY_NAMES, sort_gaps
from auditor.render.common import common_gaps as tally_common_gaps
from auditor.ruleset import Rule, RuleSet

THEME = Theme({
    "audit.pass": "green",
    "audit.fail": "bold red",
    "audit.partial": "yellow",
    "audit.na": "dim",
    "audit.error": "bold red",
    "audit.warning": "yellow",
    "audit.info": "cyan",
    "audit.label": "bold",
    "audit.muted": "dim",
    "audit.grade.优秀": "bold green",
    "audit.grade.良好": "green",
    "audit.grade.合格": "yellow",
    "audit.grade.不合格": "bold red",
})
STATUS_MARKS = {"fail": "✗", "partial": "◐", "pass": "✓", "not_applicable": "–"}


def make_console(out: TextIO, width: int | None = None, color: bool | None = None) -> Console:
    """A console writing to `out` with the audit theme; colour only on a terminal unless forced."""
    is_tty = hasattr(out, "isatty") and out.isatty()
    return Console(file=out, theme=THEME, width=width or (None if is_tty else 110),
                   force_terminal=color if color is not None else None, no_color=(color is False) or not is_tty,
                   highlight=False, soft_wrap=False)


def render(run: AuditRun, out: TextIO, summary_only: bool = False) -> None:
    """Print one report's scorecard, or a summary table followed by each report's gaps."""
    console = make_console(out)
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    summary_only = summary_only or bool(run.options.get("summary"))
    audits = run.audits
    if run.options.get("pack"):
        console.print(source_line(ruleset, run.options))
    if run.options.get("skipped"):
        console.print(Text(f"{run.options['skipped']}", style="audit.muted"))
    if len(audits) == 1:
        console.print(scorecard(audits[0], ruleset), *round_view.rich(run))
        return
    console.print(summary_table(audits))
    console.print(common_gaps(audits, ruleset), *round_view.rich(run))
    if not summary_only:
        for audit in audits:
            console.print(scorecard(audit, ruleset, brief=True))


def source_line(ruleset: RuleSet, options: dict) -> Text:
    """One line naming the rule pack and the config file the run used."""
    settings = ruleset.settings
    kind = "内置" if options.get("builtin") else "自定义"
    config = options.get("config") or "无"
    return Text(f"规则包 {settings.name} {settings.version}（{kind}：{options['pack']}） · 配置文件 {config}",
                style="audit.muted")


def scorecard(audit: Audit, ruleset: RuleSet, brief: bool = False) -> RenderableType:
    """A report's header, category table (unless brief) and its gaps, most severe first."""
    if audit.error is not None or audit.document is None or audit.scorecard is None:
        return Panel(Text(audit.error or "未能审核", style="audit.error"), title=f"无法审核：{audit.path}",
                     title_align="left", border_style="red", box=box.ROUNDED)
    parts: list[RenderableType] = [_header(audit)]
    if not brief:
        parts.append(_categories(audit, ruleset))
    parts.append(_gaps(audit, ruleset))
    return Group(*parts)


def _header(audit: Audit) -> RenderableType:
    doc, card, meta = audit.document, audit.scorecard, audit.document.meta  # type: ignore[union-attr]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="audit.label", no_wrap=True)
    grid.add_column()
    grid.add_row("标题", doc.title or Text("（未识别到标题）", style="audit.muted"))  # type: ignore[union-attr]
    grid.add_row("发文机关", meta.issuer or Text("（未识别）", style="audit.muted"))
    level = LEVEL_NAMES.get(meta.level or "", "（未识别）")
    grid.add_row("级别 / 年度", f"{level} / {meta.year or '（未识别）'}年度")
    if meta.date_text:
        grid.add_row("成文日期", meta.date_text)
    score = Text(f"{card.score:g} 分  ", style="bold")  # type: ignore[union-attr]
    score.append(card.grade, style=f"audit.grade.{card.grade}")  # type: ignore[union-attr]
    score.append(f"   错误 {card.errors} · 警告 {card.warnings} · 提示 {card.infos}", style="audit.muted")  # type: ignore[union-attr]
    grid.add_row("得分", score)
    for warning in audit.warnings:  # bytes that could not be decoded, and the like
        grid.add_row(Text("注意", style="yellow"), Text(warning, style="yellow"))
    return Panel(grid, title=audit.path, title_align="left", box=box.ROUNDED)


def _categories(audit: Audit, ruleset: RuleSet) -> RenderableType:
    table = Table(title="分项得分", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("类别")
    table.add_column("得分", justify="right")
    table.add_column("满分", justify="right")
    table.add_column("得分率", justify="right")
    table.add_column("", no_wrap=True)
    for cat, earned, possible in audit.scorecard.by_category:  # type: ignore[union-attr]
        share = earned / possible if possible else 1.0
        bar = Text("█" * round(share * 12) + "░" * (12 - round(share * 12)),
                   style="audit.pass" if share >= 0.9 else "audit.partial" if share >= 0.6 else "audit.fail")
        table.add_row(ruleset.category_name(cat), f"{round(earned, 1):g}", f"{round(possible, 1):g}", f"{share:.0%}", bar)
    return table


def _gaps(audit: Audit, ruleset: RuleSet) -> RenderableType:
    gaps = sort_gaps(audit.results, ruleset)
    if not gaps:
        return Text("✓ 未发现问题：所有适用规则均已通过。", style="audit.pass")
    blocks: list[RenderableType] = [Text(f"发现 {len(gaps)} 项问题（按严重程度排序）：", style="audit.label")]
    for number, (result, rule) in enumerate(gaps, 1):
        blocks.append(_gap(number, result, rule, audit))
    return Group(*blocks)


def _gap(number: int, result: RuleResult, rule: Rule, audit: Audit) -> RenderableType:
    head = Text(f"{number}. ")
    head.append(f"{STATUS_MARKS[result.status]} {SEVERITY_NAMES[result.severity]}", style=f"audit.{result.severity}")
    head.append(f"  {rule.title}", style="bold")
    head.append(f"  [{rule.id}] 权重 {rule.weight:g}", style="audit.muted")
    if result.status == "partial":
        head.append(f"  部分通过（{result.credit:.0%}）", style="audit.partial")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="audit.label", no_wrap=True, min_width=6)
    grid.add_column(overflow="fold")
    grid.add_row("  问题", result.message or rule.message)
    for ev in result.evidence[:4]:
        grid.add_row("  位置", Text(f"{ev.where or f'第{ev.line}行'}：", style="audit.muted") + Text(ev.text))
    if result.looked_for:
        grid.add_row("  查找", Text(result.looked_for, style="audit.muted"))
    if result.section and result.section != "全文" and not result.evidence:
        grid.add_row("  范围", result.section)
    grid.add_row("  依据", Text(rule.basis, style="audit.muted"))
    grid.add_row("  建议", rule.suggestion)
    return Group(Text(""), head, grid)


def summary_table(audits: tuple[Audit, ...]) -> RenderableType:
    """One row per report: score, grade, errors, warnings."""
    table = Table(title=f"审核汇总（{len(audits)} 份报告）", title_justify="left", box=box.SIMPLE_HEAVY)
    table.add_column("#", justify="right", style="audit.muted")
    table.add_column("文件", overflow="fold", max_width=36)
    table.add_column("发文机关", overflow="fold", max_width=24)
    table.add_column("年度", justify="right")
    table.add_column("级别")
    table.add_column("得分", justify="right")
    table.add_column("等级")
    table.add_column("错误", justify="right")
    table.add_column("警告", justify="right")
    for number, audit in enumerate(audits, 1):
        if audit.error is not None or audit.scorecard is None or audit.document is None:
            table.add_row(str(number), audit.path, Text("无法审核：" + (audit.error or ""), style="audit.error"),
                          "", "", "", "", "", "")
            continue
        card, meta = audit.scorecard, audit.document.meta
        table.add_row(
            str(number), audit.path, meta.issuer or "", str(meta.year or ""), LEVEL_NAMES.get(meta.level or "", ""),
            f"{card.score:g}", Text(card.grade, style=f"audit.grade.{card.grade}"),
            Text(str(card.errors), style="audit.error" if card.errors else ""),
            Text(str(card.warnings), style="audit.warning" if card.warnings else ""),
        )
    return table


def common_gaps(audits: tuple[Audit, ...], ruleset: RuleSet, most: int = 10) -> RenderableType:
    """The rules failed by the most reports, at the severity each report got, with a count like 12/30."""
    table = Table(title="最常见的问题", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("规则")
    table.add_column("严重程度")
    table.add_column("未通过", justify="right")
    for gap in tally_common_gaps(audits, ruleset, most):
        worst = gap.severities[0][0]
        table.add_row(Text(f"{gap.rule.title} [{gap.rule.id}]"), Text(gap.severity_label(), style=f"audit.{worst}"),
                      f"{gap.count}/{gap.readable}")
    return table
