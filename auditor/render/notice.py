"""Step 5 of the pipeline (render): a 通报 draft on the round, as one .docx in official-document form.

Layout after GB/T 9704-2012 (A4, 上37 下35 左28 右26 mm; title 二号小标宋, body 三号仿宋, 一级标题黑体,
二级标题楷体, 28-point lines). The figures come from the round's findings; what only the auditor can
write (主送机关, 落款, 成文日期, 下一步要求) is left as bracketed placeholders.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter
from pathlib import Path
from typing import Sequence

from auditor.errors import UsageError
from auditor.model import SEVERITY_RANK
from auditor.round import RoundFindings, Row
from auditor.schema import RuleSet

MOST_GAPS = 10
MOST_NAMES = 30  # names listed in one sentence before 等
COPY_SHARE = 0.3  # a report this much of whose text is another body's is named in the 通报
YEAR_COPY_SHARE = 0.5  # … or this much of whose text is its own last year's


def target(path: str, inputs: Sequence[str]) -> Path:
    """Where the 通报 goes: a .docx file in an existing folder, never one of the reports."""
    file = Path(path)
    if file.suffix.lower() != ".docx":
        raise UsageError(f"--notice 写出的是 Word 文件，文件名应以 .docx 结尾（如 --notice 通报.docx），而不是“{path}”")
    if file.is_dir():
        raise UsageError(f"--notice 的路径是文件夹：{path}")
    if not file.parent.exists():
        raise UsageError(f"--notice 的文件夹不存在：{file.parent}")
    if file.resolve() in {Path(p).resolve() for p in inputs}:
        raise UsageError(f"--notice 的文件是本次审核的报告，不能覆盖：{path}")
    return file


def _names(rows: Sequence[Row], what: str = "") -> str:
    shown = [r.name + what.format(r=r) for r in rows[:MOST_NAMES]]
    return "、".join(shown) + (f"等{len(rows)}份" if len(rows) > MOST_NAMES else "")


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


def paragraphs(found: RoundFindings, ruleset: RuleSet) -> list[tuple[str, str]]:
    """The 通报 as (kind, text): title, addressee, body, heading1, heading2, signature, date."""
    rows, readable = found.rows, found.readable
    years = Counter(r.year for r in readable if r.year)
    year = str(years.most_common(1)[0][0]) if years else "〔  〕"
    out = [("title", f"关于{year}年度法治政府建设年度报告审核情况的通报"), ("addressee", "〔主送机关〕：")]
    out.append(("body", f"根据《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）有关要求，〔发文机关〕对各单位报送的"
                        f"{year}年度法治政府建设年度报告进行了审核。现将审核情况通报如下。"))
    out.append(("heading1", "一、基本情况"))
    unreadable = [r for r in rows if r.error is not None]
    text = f"本次共收到报告{len(rows)}份，完成审核{len(readable)}份"
    text += f"；{len(unreadable)}份文件无法读取（{_names(unreadable, '')}），请相关单位重新报送。" if unreadable else "。"
    out.append(("body", text))
    out.append(("body", _publication(found)))
    out.append(("heading1", "二、评分情况"))
    out.append(("body", _scores(readable, ruleset)))
    out.append(("heading1", "三、存在的主要问题"))
    out += _gaps(readable, ruleset)
    out.append(("heading1", f"四、得分低于{_num(found.threshold)}分的报告"))
    low = sorted((r for r in readable if r.score is not None and r.score < found.threshold), key=lambda r: r.score or 0)
    out.append(("body", f"得分低于{_num(found.threshold)}分的报告共{len(low)}份：" + "；".join(
        f"{r.name}（{_num(r.score or 0)}分）" for r in low) + "。" if low else f"没有得分低于{_num(found.threshold)}分的报告。"))
    out.append(("heading1", "五、内容雷同情况"))
    out += _copying(found)
    out.append(("heading1", "六、下一步工作要求"))
    out.append(("body", "〔请填写整改要求和时限，如：请得分低于合格线和存在内容雷同的单位对照本通报逐项整改，于　月　日前重新报送。〕"))
    out.append(("signature", "〔发文机关〕"))
    out.append(("date", "〔　　年　月　日〕"))
    return out


def _publication(found: RoundFindings) -> str:
    pub = found.publication
    if not pub.dated:
        return "本次报告中未读到网上公开的发布日期（发布时间），公开情况请另行核实。"
    late = [r for r in found.rows if r.timeliness is not None and r.timeliness.on_time is False]
    text = f"读到发布日期的报告{pub.dated}份，其中按期公开{pub.on_time}份"
    if pub.share is not None:
        text += f"，按期公开率{pub.share:.0%}"
    text += f"；逾期公开{pub.late}份" + (f"（{_names(late, '，{r.timeliness.published.date}发布')}）" if late else "")
    if pub.unknown:
        text += f"；{pub.unknown}份未识别报告年度，无法判断"
    return text + "。"


def _scores(readable: Sequence[Row], ruleset: RuleSet) -> str:
    scores = [r.score for r in readable if r.score is not None]
    if not scores:
        return "没有可以评分的报告。"
    best = max(readable, key=lambda r: r.score or 0)
    worst = min(readable, key=lambda r: r.score or 0)
    grades = Counter(r.grade for r in readable)
    spread = "、".join(f"{g.name}{grades.get(g.name, 0)}份" for g in sorted(ruleset.settings.grades, key=lambda g: -g.min))
    return (f"平均得分{_num(statistics.fmean(scores))}分，中位数{_num(statistics.median(scores))}分；最高{_num(best.score or 0)}分"
            f"（{best.name}），最低{_num(worst.score or 0)}分（{worst.name}）。按等级分：{spread}。")


def _gaps(readable: Sequence[Row], ruleset: RuleSet) -> list[tuple[str, str]]:
    tally: Counter[str] = Counter()
    worst: dict[str, str] = {}
    for row in readable:
        for result in row.audit.results if row.audit else ():
            tally[result.rule_id] += 1
            if SEVERITY_RANK[result.severity] > SEVERITY_RANK[worst.get(result.rule_id, "info")]:
                worst[result.rule_id] = result.severity
            worst.setdefault(result.rule_id, result.severity)
    rules = ruleset.rule_map
    order = {rule.id: i for i, rule in enumerate(ruleset.rules)}
    ranked = sorted((rid for rid in tally if rid in rules), key=lambda rid: (-tally[rid], order[rid]))[:MOST_GAPS]
    if not ranked:
        return [("body", "审核的报告均符合全部适用的检查项目。")]
    out = [("body", f"审核发现的问题中，最常见的{len(ranked)}项如下（括号内为存在该问题的报告份数）：")]
    numerals = "一二三四五六七八九十"
    for n, rid in enumerate(ranked):
        rule = rules[rid]
        out.append(("heading2", f"（{numerals[n]}）{rule.title}（{tally[rid]}份）"))
        out.append(("body", f"{rule.message}。{rule.suggestion}。".replace("。。", "。")))
    return out


def _copying(found: RoundFindings) -> list[tuple[str, str]]:
    out = []
    rows = found.rows
    if found.overlap is None:
        out.append(("body", "本次只审核了一份报告，未做报告之间的比对。"))
    else:
        shares = sorted((s for s in found.overlap.shares if s.share >= COPY_SHARE), key=lambda s: -s.share)
        some = sum(1 for s in found.overlap.shares if s.shared)
        if not some:
            out.append(("body", "未发现不同单位的报告之间有相同或近似相同的段落。"))
        else:
            text = f"{some}份报告中有与其他单位报告相同或近似相同的文字，相同段落{len(found.overlap.groups)}组"
            if shares:
                text += f"；其中与其他单位报告重复的文字占全文{COPY_SHARE:.0%}以上的有{len(shares)}份：" + "；".join(
                    f"{rows[s.report].name}（{s.share:.0%}" + (f"，主要与{rows[s.partners[0][0]].name}相同"
                                                             if s.partners else "") + "）"
                    for s in shares[:MOST_NAMES])
            out.append(("body", text + "。"))
    prev = found.previous
    if prev is not None:
        copied = [p for p in prev.pairs if p.copy.share >= YEAR_COPY_SHARE]
        text = f"与上年报告对比：{len(prev.pairs)}份报告与本单位上年报告配对"
        if copied:
            text += f"，其中{len(copied)}份与上年报告的文字重复占{YEAR_COPY_SHARE:.0%}以上（" + "；".join(
                f"{rows[p.current].name}{p.copy.share:.0%}" for p in copied[:MOST_NAMES]) + "）"
        repeats = [p for p in prev.pairs if p.repeats]
        if repeats:
            text += f"；{len(repeats)}份报告的不足与上年基本相同（" + "；".join(
                f"{rows[p.current].name}{len(p.repeats)}条" for p in repeats[:MOST_NAMES]) + "）"
        unkept = [(p, sum(1 for f in p.follow_ups if f.answer is None)) for p in prev.pairs]
        unkept = [(p, n) for p, n in unkept if n]
        if unkept:
            text += f"；{len(unkept)}份报告对上年提出的工作安排有未见落实情况的（" + "；".join(
                f"{rows[p.current].name}{n}项" for p, n in unkept[:MOST_NAMES]) + "）"
        if prev.unpaired:
            text += f"；{len(prev.unpaired)}份报告未找到上年报告"
        out.append(("body", text + "。"))
    return out


# --- the Word file -----------------------------------------------------------------------------------------

FONTS = {"title": ("方正小标宋简体", 22, False), "heading1": ("黑体", 16, False), "heading2": ("楷体_GB2312", 16, False),
         "body": ("仿宋_GB2312", 16, False), "addressee": ("仿宋_GB2312", 16, False),
         "signature": ("仿宋_GB2312", 16, False), "date": ("仿宋_GB2312", 16, False)}


def notice_bytes(found: RoundFindings, ruleset: RuleSet) -> bytes:
    """The 通报 draft as .docx bytes (the same findings give the same bytes)."""
    import datetime

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from auditor.render.docx import FIXED_TIME, _clean, _fixed_times

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    content = paragraphs(found, ruleset)
    for kind, text in content:
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        if kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.line_spacing = Pt(36)
        elif kind in ("signature", "date"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Pt(64)
        elif kind != "addressee":
            fmt.first_line_indent = Pt(32)
        if kind == "signature":
            fmt.space_before = Pt(56)
        font, size, bold = FONTS[kind]
        run = paragraph.add_run(_clean(text))
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    core = document.core_properties
    core.title = content[0][1]
    core.author = core.last_modified_by = "auditor"
    core.created = core.modified = datetime.datetime(*FIXED_TIME)
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_times(buffer.getvalue())

