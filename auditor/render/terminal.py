"""Step 5 of the pipeline (render): the rich terminal scorecard — one report in full, or a batch summary."""

from __future__ import annotations

import os
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from auditor.model import LEVEL_NAMES, Audit, AuditRun, RuleResult
from auditor.render import round as round_view
from auditor.render.common import SEVERITY_NAMES, gap_message, plain, sort_gaps, where
from auditor.render.common import common_gaps as tally_common_gaps
from auditor.schema import Rule, RuleSet

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


NARROW = 100  # columns below which the summary leaves out the issuer and level (each scorecard shows them)
PIPED_WIDTH = 110  # output that is not a terminal, when COLUMNS does not say otherwise
INDENT = 7  # cells before a gap's field text: two spaces, a two-character label, a space


def make_console(out: TextIO, width: int | None = None, color: bool | None = None) -> Console:
    """A console writing to `out` with the audit theme; colour only on a terminal unless forced. Piped output
    is as wide as COLUMNS says (else PIPED_WIDTH); a terminal is measured."""
    is_tty = hasattr(out, "isatty") and out.isatty()
    if width is None and not is_tty:
        width = _columns() or PIPED_WIDTH
    return Console(file=out, theme=THEME, width=width,
                   force_terminal=color if color is not None else None, no_color=(color is False) or not is_tty,
                   highlight=False, soft_wrap=False, emoji=False, markup=False)


def _columns() -> int | None:
    value = os.environ.get("COLUMNS", "").strip()
    return max(int(value), 40) if value.isdigit() and int(value) > 0 else None


def render(run: AuditRun, out: TextIO, summary_only: bool = False) -> None:
    """Print one report's scorecard, or a summary table followed by each report's gaps."""
    console = make_console(out)
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    summary_only = summary_only or bool(run.options.get("summary"))
    audits = tuple(run.audits)
    if run.options.get("pack"):
        console.print(source_line(ruleset, run.options))
    if run.options.get("skipped"):
        console.print(Text(plain(str(run.options["skipped"])), style="audit.muted"))
    if len(audits) == 1:
        console.print(scorecard(audits[0], ruleset, width=console.width), *round_view.rich(run))
        return
    console.print(summary_table(audits, console.width))
    console.print(common_gaps(audits, ruleset), *round_view.rich(run))
    if not summary_only:
        for audit in audits:
            console.print(scorecard(audit, ruleset, brief=True, width=console.width))


def source_line(ruleset: RuleSet, options: dict) -> Text:
    """One line naming the rule pack and the config file the run used."""
    settings = ruleset.settings
    kind = "内置" if options.get("builtin") else "自定义"
    config = options.get("config") or "无"
    return Text(plain(f"规则包 {settings.name} {settings.version}（{kind}：{options['pack']}） · 配置文件 {config}"),
                style="audit.muted")


def scorecard(audit: Audit, ruleset: RuleSet, brief: bool = False, width: int = PIPED_WIDTH) -> RenderableType:
    """A report's header, category table (unless brief) and its gaps, most severe first. Every piece of report
    text is shown as text (Text, never markup) with control characters removed."""
    if audit.error is not None or audit.document is None or audit.scorecard is None:
        return Panel(Text(plain(audit.error) or "未能审核", style="audit.error"),
                     title=Text(f"无法审核：{plain(audit.path)}"), title_align="left", border_style="red",
                     box=box.ROUNDED)
    parts: list[RenderableType] = [_header(audit)]
    if not brief:
        parts.append(_categories(audit, ruleset))
    parts.append(_gaps(audit, ruleset, width))
    return Group(*parts)


def _header(audit: Audit) -> RenderableType:
    doc, card, meta = audit.document, audit.scorecard, audit.document.meta  # type: ignore[union-attr]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="audit.label", no_wrap=True)
    grid.add_column()
    title = plain(doc.title)  # type: ignore[union-attr]
    grid.add_row(Text("标题"), Text(title) if title else Text("（未识别到标题）", style="audit.muted"))
    issuer = plain(meta.issuer)
    grid.add_row(Text("发文机关"), Text(issuer) if issuer else Text("（未识别）", style="audit.muted"))
    level = LEVEL_NAMES.get(meta.level or "", "（未识别）")
    grid.add_row(Text("级别 / 年度"), Text(f"{level} / {meta.year or '（未识别）'}年度"))
    if meta.date_text:
        grid.add_row(Text("成文日期"), Text(plain(meta.date_text)))
    score = Text(f"{card.score:g} 分  ", style="bold")  # type: ignore[union-attr]
    score.append(card.grade, style=f"audit.grade.{card.grade}")  # type: ignore[union-attr]
    score.append(f"   错误 {card.errors} · 警告 {card.warnings} · 提示 {card.infos}", style="audit.muted")  # type: ignore[union-attr]
    grid.add_row(Text("得分"), score)
    for warning in audit.warnings:  # bytes that could not be decoded, and the like
        grid.add_row(Text("注意", style="yellow"), Text(plain(warning), style="yellow"))
    return Panel(grid, title=Text(plain(audit.path)), title_align="left", box=box.ROUNDED)


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
        table.add_row(Text(plain(ruleset.category_name(cat))), Text(f"{round(earned, 1):g}"),
                      Text(f"{round(possible, 1):g}"), Text(f"{share:.0%}"), bar)
    return table


def _gaps(audit: Audit, ruleset: RuleSet, width: int) -> RenderableType:
    gaps = sort_gaps(audit.results, ruleset)
    if not gaps:
        return Text("✓ 未发现问题：所有适用规则均已通过。", style="audit.pass")
    lines: list[Text] = [Text(f"发现 {len(gaps)} 项问题（按严重程度排序）：", style="audit.label")]
    for number, (result, rule) in enumerate(gaps, 1):
        lines += _gap(number, result, rule, width)
    return Group(*lines)


def _gap(number: int, result: RuleResult, rule: Rule, width: int) -> list[Text]:
    """A gap as lines already wrapped to `width`: the head (continued under its own text, never at column 0),
    then each field with its label, continued under the field's text.

    The lines are laid out here, once, instead of by a rich Table per gap: measuring a table for each of a
    batch's thousands of gaps was most of the time of a batch's scorecard."""
    mark = f"{number}. "
    head = Text()
    head.append(f"{STATUS_MARKS[result.status]} {SEVERITY_NAMES[result.severity]}", style=f"audit.{result.severity}")
    head.append(f"  {plain(rule.title)}", style="bold")
    head.append(f"  [{rule.id}] 权重 {rule.weight:g}", style="audit.muted")
    if result.status == "partial":
        head.append(f"  部分通过（{result.credit:.0%}）", style="audit.partial")
    lines = [Text("")] + _hanging(Text(mark), head, width)
    lines += _field("问题", Text(gap_message(result, rule)), width)
    for ev in result.evidence[:4]:
        lines += _field("位置", Text(f"{plain(where(ev))}：", style="audit.muted") + Text(plain(ev.text)), width)
    if result.looked_for:
        lines += _field("查找", Text(plain(result.looked_for), style="audit.muted"), width)
    if result.section and result.section != "全文" and not result.evidence:
        lines += _field("范围", Text(plain(result.section)), width)
    lines += _field("依据", Text(plain(rule.basis), style="audit.muted"), width)
    lines += _field("建议", Text(plain(rule.suggestion)), width)
    return lines


def _field(label: str, content: Text, width: int) -> list[Text]:
    return _hanging(Text(f"  {label} ", style="audit.label"), content, width, INDENT)


_WRAPPER = Console(width=1000, markup=False, emoji=False, highlight=False)  # Text.wrap needs a console (tab size)


def _hanging(lead: Text, content: Text, width: int, indent: int | None = None) -> list[Text]:
    """`lead` then `content` wrapped to the rest of the width, continuation lines indented as far as the lead."""
    indent = lead.cell_len if indent is None else indent
    room = max(width - indent, 12)
    wrapped = content.wrap(_WRAPPER, room, overflow="fold") if content.cell_len > room else [content]
    out = []
    for index, line in enumerate(wrapped):
        text = (lead if index == 0 else Text(" " * indent)) + line
        text.no_wrap, text.overflow = True, "ignore"
        out.append(text)
    return out or [lead]


def summary_table(audits: tuple[Audit, ...], width: int = PIPED_WIDTH) -> RenderableType:
    """One row per report: score, grade, errors, warnings (and issuer and level when there is room)."""
    wide = width >= NARROW
    table = Table(title=f"审核汇总（{len(audits)} 份报告）", title_justify="left", box=box.SIMPLE_HEAVY)
    table.add_column("#", justify="right", style="audit.muted", no_wrap=True)
    table.add_column("文件", overflow="fold", ratio=3 if wide else None)
    if wide:
        table.add_column("发文机关", overflow="fold", ratio=2)
    table.add_column("年度", justify="right", no_wrap=True)
    if wide:
        table.add_column("级别", no_wrap=True)
    for name in ("得分", "等级", "错误", "警告"):
        table.add_column(name, justify="left" if name == "等级" else "right", no_wrap=True)
    for number, audit in enumerate(audits, 1):
        path = Text(plain(audit.path))
        if audit.error is not None or audit.scorecard is None or audit.document is None:
            path.append("\n无法审核：" + (plain(audit.error) or "未知原因"), style="audit.error")
            table.add_row(Text(str(number)), path, *[Text("")] * (len(table.columns) - 2))
            continue
        card, meta = audit.scorecard, audit.document.meta
        row = [Text(str(number)), path]
        if wide:
            row.append(Text(plain(meta.issuer)))
        row.append(Text(str(meta.year or "")))
        if wide:
            row.append(Text(LEVEL_NAMES.get(meta.level or "", "")))
        row += [Text(f"{card.score:g}"), Text(card.grade, style=f"audit.grade.{card.grade}"),
                Text(str(card.errors), style="audit.error" if card.errors else ""),
                Text(str(card.warnings), style="audit.warning" if card.warnings else "")]
        table.add_row(*row)
    return table


def common_gaps(audits: tuple[Audit, ...], ruleset: RuleSet, most: int = 10) -> RenderableType:
    """The rules failed by the most reports, at the severity each report got, with a count like 12/30."""
    table = Table(title="最常见的问题", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("规则")
    table.add_column("严重程度", no_wrap=True)
    table.add_column("未通过", justify="right", no_wrap=True)
    for gap in tally_common_gaps(audits, ruleset, most):
        worst = gap.severities[0][0]
        name = Text(plain(gap.rule.title) + " ")
        name.append(f"[{gap.rule.id}]", style="audit.muted")
        table.add_row(name, Text(gap.severity_label(), style=f"audit.{worst}"), Text(f"{gap.count}/{gap.readable}"))
    return table
