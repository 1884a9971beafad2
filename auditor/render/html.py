"""Step 5 of the pipeline (render): a self-contained, printable HTML gap report — a cover summary, a page per report."""

from __future__ import annotations

from html import escape
from typing import Iterable, TextIO

from auditor.model import LEVEL_NAMES, Audit, AuditRun
from auditor.render import round as round_view
from auditor.render.common import (
    SEVERITY_NAMES,
    GapTally,
    Spool,
    gap_message,
    plain,
    readable,
    sort_gaps,
    where,
)
from auditor.schema import RuleSet

# Fonts found on readers' machines: Windows (微软雅黑, 宋体), macOS (苹方, 华文), Linux (Noto/思源, 文泉驿).
FONTS = ('"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", '
         '"WenQuanYi Micro Hei", "SimSun", "Songti SC", sans-serif')

CSS = """
@page { size: A4; margin: 12mm 12mm 14mm; }
* { box-sizing: border-box; }
body { font-family: %s; font-size: 9.5pt; line-height: 1.4; color: #111; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 3mm; }
h2 { font-size: 13pt; margin: 0 0 2mm; }
h3 { font-size: 10.5pt; margin: 3.5mm 0 1.5mm; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 0.6pt solid #888; padding: 0.8mm 1.4mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
.facts th { width: 24mm; background: none; }
.facts, .facts th, .facts td { border: none; padding: 0.5mm 1.6mm 0.5mm 0; }
.score { font-size: 13pt; font-weight: bold; margin: 2mm 0; }
.muted, .basis { color: #555; }
.gaps { font-size: 8pt; line-height: 1.3; table-layout: fixed; }
.gaps .basis { font-size: 7pt; }
.categories { width: auto; min-width: 110mm; }
.gaps col.n { width: 6mm; } .gaps col.sev { width: 16mm; } .gaps col.rule { width: 34mm; }
.gaps col.what { width: 58mm; }
.nowrap { white-space: nowrap; }
.sev-error { color: #b00020; font-weight: bold; }
.sev-warning { color: #8a5a00; font-weight: bold; }
.sev-info { color: #235; }
.grade-不合格 { color: #b00020; }
.unreadable { color: #b00020; }
footer { margin-top: 6mm; font-size: 8pt; color: #666; }
@media print {
  .report { break-before: page; page-break-before: always; }
  .report:first-child { break-before: auto; page-break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
@media screen {
  body { max-width: 200mm; margin: 8mm auto; padding: 0 6mm; }
  .report { border-top: 2px solid #ccc; margin-top: 10mm; padding-top: 6mm; }
  .report:first-child { border-top: none; margin-top: 0; }
}
""" % FONTS


def e(value: object) -> str:
    """HTML-escape any value (None as empty) with control characters removed: every piece of report text goes
    through here."""
    return escape(plain(value), quote=True)


def _table(header: Iterable[tuple[str, str]], rows: Iterable[Iterable[tuple[str, str]]], css: str = "",
           cols: str = "") -> str:
    """A table from (class, escaped html) cells; callers escape text, this only assembles."""
    head = "".join(f'<th class="{c}">{h}</th>' for c, h in header)
    body = "".join("<tr>" + "".join(f'<td class="{c}">{v}</td>' for c, v in row) + "</tr>" for row in rows)
    return f'<table class="{css}">{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def num(value: float) -> str:
    """A score or weight as printed: at most one decimal (1.9998 → 2)."""
    return f"{round(value, 1):g}"


def clip(text: str, most: int = 60) -> str:
    """Evidence text cut to fit a printed cell."""
    return text if len(text) <= most else text[: most - 1] + "…"


COVER_HEADER = [("num", "#"), ("", "文件"), ("", "发文机关"), ("num", "年度"), ("", "级别"), ("num", "得分"),
                ("", "等级"), ("num", "错误"), ("num", "警告")]


def cover_row(n: int, audit: Audit) -> str:
    """A report's row of the cover's summary table."""
    if not readable(audit):
        cells = [("num", str(n)), ("", e(audit.path)), ("unreadable", "无法审核：" + e(audit.error))] + [("", "")] * 6
    else:
        meta, card = audit.document.meta, audit.scorecard  # type: ignore[union-attr]
        cells = [("num", str(n)), ("", e(audit.path)), ("", e(meta.issuer)), ("num", e(meta.year)),
                 ("", e(LEVEL_NAMES.get(meta.level or "", ""))), ("num", f"{card.score:g}"),  # type: ignore[union-attr]
                 (f"grade-{e(card.grade)}", e(card.grade)), ("num", str(card.errors)),  # type: ignore[union-attr]
                 ("num", str(card.warnings))]  # type: ignore[union-attr]
    return "<tr>" + "".join(f'<td class="{c}">{v}</td>' for c, v in cells) + "</tr>"


def _cover_open(count: int) -> str:
    head = "".join(f'<th class="{c}">{h}</th>' for c, h in COVER_HEADER)
    return (f'<section class="report cover"><h1>审核汇总（{count} 份报告）</h1>'
            f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>')


def _cover_close(tally: GapTally, footer: str) -> str:
    parts = ["</tbody></table>"]
    common = tally.most_common()
    if common:
        parts.append("<h3>最常见的问题</h3>")
        parts.append(_table([("", "规则"), ("", "严重程度"), ("num", "未通过")],
                            ([("", f"{e(g.rule.title)} <span class=\"muted\">[{e(g.rule.id)}]</span>"),
                              (f"sev-{g.severities[0][0]}", e(g.severity_label())), ("num", f"{g.count}/{g.readable}")]
                             for g in common)))
    return "".join(parts) + footer + "</section>"


def cover(audits: list[Audit], ruleset: RuleSet) -> str:
    """The cover page: one row per report, then the batch's most common gaps."""
    tally = GapTally(ruleset)
    for audit in audits:
        tally.add(audit)
    rows = "".join(cover_row(n, audit) for n, audit in enumerate(audits, 1))
    return _cover_open(len(audits)) + rows + _cover_close(tally, "")


def report_page(audit: Audit, ruleset: RuleSet) -> str:
    """One report's page: facts, score, category table and every gap with location, basis and fix."""
    if not readable(audit):
        return (f'<section class="report"><h2>无法审核：{e(audit.path)}</h2>'
                f'<p class="unreadable">{e(audit.error)}</p></section>')
    return '<section class="report">' + _header(audit) + _categories(audit, ruleset) + _gaps(audit, ruleset) + "</section>"


def _header(audit: Audit) -> str:
    doc, card = audit.document, audit.scorecard
    assert doc is not None and card is not None
    meta = doc.meta
    facts = [("文件", audit.path), ("发文机关", meta.issuer or "（未识别）"),
             ("级别 / 年度", f"{LEVEL_NAMES.get(meta.level or '', '（未识别）')} / {meta.year or '（未识别）'}年度")]
    facts += [(k, v) for k, v in (("成文日期", meta.date_text), ("发文字号", meta.doc_number)) if v]
    rows = "".join(f"<tr><th>{k}</th><td>{e(v)}</td></tr>" for k, v in facts)
    return (f'<h2>{e(doc.title or audit.path)}</h2><table class="facts">{rows}</table>'
            f'<p class="score">得分 <span class="value">{card.score:g}</span> 分 · '
            f'<span class="grade-{e(card.grade)}">{e(card.grade)}</span>'
            f'<span class="muted">　错误 {card.errors} · 警告 {card.warnings} · 提示 {card.infos}</span></p>')


def _categories(audit: Audit, ruleset: RuleSet) -> str:
    card = audit.scorecard
    assert card is not None
    rows = ([("", e(ruleset.category_name(c))), ("num", num(x)), ("num", num(p)), ("num", f"{x / p:.0%}" if p else "—")]
            for c, x, p in card.by_category)
    header = [("", "类别"), ("num", "得分"), ("num", "满分"), ("num", "得分率")]
    return "<h3>分项得分</h3>" + _table(header, rows, "categories")


def _gaps(audit: Audit, ruleset: RuleSet) -> str:
    gaps = sort_gaps(audit.results, ruleset)
    title = f"<h3>问题（{len(gaps)} 项，按严重程度排序）</h3>"
    if not gaps:
        return title + "<p>✓ 所有适用规则均已通过。</p>"
    rows = []
    for n, (r, rule) in enumerate(gaps, 1):
        severity = e(SEVERITY_NAMES[r.severity]) + ("<br>部分通过" if r.status == "partial" else "")
        evidence = "".join(f'<br><span class="muted">{e(where(ev))}：</span>{e(clip(plain(ev.text)))}'
                           for ev in r.evidence[:2])
        rows.append([("num", str(n)), (f"sev-{r.severity} nowrap", severity),
                     ("", f'{e(rule.title)}<br><span class="muted">{e(rule.id)}</span>'),
                     ("", e(gap_message(r, rule)) + evidence),
                     ("", e(rule.suggestion) + f'<br><span class="basis">依据：{e(rule.basis)}</span>')])
    header = [("num", "#"), ("", "严重程度"), ("", "规则"), ("", "问题与位置"), ("", "修改建议与依据")]
    cols = '<colgroup><col class="n"><col class="sev"><col class="rule"><col class="what"><col></colgroup>'
    return title + _table(header, rows, "gaps", cols)


def render(run: AuditRun, out: TextIO) -> None:
    """Write the whole printable document: a cover for a batch, then a page per report.

    Audits are read once, as they arrive, and none is kept: cover rows and pages wait in temporary files (Spool)
    until the count and the most common gaps, which the cover shows first, are known."""
    with Spool() as rows, Spool() as pages:
        _render(run, out, rows, pages)


def _render(run: AuditRun, out: TextIO, rows: Spool, pages: Spool) -> None:
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    pages_wanted = not run.options.get("summary")
    tally = GapTally(ruleset)
    first = ""  # one report alone is its page, without a cover; with a cover the footer goes there
    count = 0
    for count, audit in enumerate(run.audits, 1):
        tally.add(audit)
        rows.write(cover_row(count, audit))
        page = report_page(audit, ruleset) if pages_wanted or count == 1 else ""
        if count == 1:
            first = page
            continue
        if pages_wanted:
            pages.write("\n" + page)
    footer = (f"<footer>auditor {e(run.version)} · 规则包：{e(ruleset.settings.name)} "
              f"{e(ruleset.settings.version)}</footer>")
    title = "法治政府建设年度报告审核：缺项报告"
    out.write(f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
              f'<style>{CSS}</style>\n</head>\n<body>\n')
    if count == 1:  # the footer on the first page, so it never adds a page of its own
        out.write(first[: -len("</section>")] + footer + "</section>")
    elif count > 1:
        out.write(_cover_open(count))
        rows.copy_to(out)
        out.write(_cover_close(tally, footer))
        if pages_wanted:
            out.write("\n" + first)
            pages.copy_to(out)
    extra = _round_section(run)
    if extra:
        out.write("\n" + extra)
    out.write("\n</body>\n</html>\n")


def _round_section(run: AuditRun) -> str:
    """The round's sections as one printable HTML section ("" without a round); every text escaped."""
    data = round_view.round_data(run)
    if data is None:
        return ""
    parts = []
    for heading, lines in round_view.text_sections(data):
        items = "".join(f'<li class="{"sub" if line.startswith("  ") else ""}">{e(line.strip())}</li>' for line in lines)
        parts.append(f"<h3>{e(heading)}</h3><ul class=\"round\">{items}</ul>")
    return '<section class="report round">' + "".join(parts) + "</section>"
