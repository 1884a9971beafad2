"""Rules step: built-in checks of 公文 form (GB/T 9704-2012) — the 落款 and heading numbering."""

from __future__ import annotations

from collections import Counter

import regex
from auditor.plain import BaseModel, ConfigDict

from auditor.checks.context import Context, Outcome, distinct_lines, failed, partial, passed
from auditor.numerals import numeral_value
from auditor.headings import numbering_typed
from auditor.parsing import heading_style
from auditor.schema import Rule


def signature(ctx: Context, rule: Rule, params: BaseModel) -> Outcome:
    """The 落款: the issuing body and a full 成文日期, at the end (or, as some reports do, under the title)."""
    doc, meta = ctx.doc, ctx.doc.meta
    at_top = meta.date_line is not None and meta.date_line < doc.body_start
    # Under the title, the body signs on a line of its own (尚屯镇人民政府 / （2023年11月）); a title naming the
    # town is no signature.
    organ = meta.signature or (meta.issuer if at_top and meta.signed_under_title else None)
    lines = [n for n in (meta.signature_line, meta.date_line) if n]
    evidence = tuple(ctx.line_evidence(n) for n in sorted(lines))
    looked = "文末的发文机关名称和“××××年×月×日”"
    to_the_day = meta.date is not None and meta.date.count("-") == 2
    if organ and _TEMPLATE_ORGAN.search(organ):  # 某镇人民政府 / 象山县XX镇人民政府: the template's, not the body's
        return partial(0.5, f"署名“{organ}”是模板占位，不是实际的发文机关名称", evidence)
    if organ and meta.date:
        where = "标题下方" if at_top else "文末"
        if not to_the_day:
            return partial(0.5, f"{where}署名“{organ}”，但成文日期“{meta.date_text}”未写到日", evidence)
        return passed(evidence, f"{where}落款：{organ}，{meta.date_text}")
    if to_the_day:
        return partial(0.5, f"有成文日期“{meta.date_text}”，但没有发文机关署名", evidence)
    if meta.date:  # neither element whole: no organ, and a date without its day (（2023年11月）)
        return failed(f"没有发文机关署名，成文日期“{meta.date_text}”未写到日", evidence, looked)
    if organ:  # signed at the end, or under the title above a date line left blank (（2024年　月　日）)
        if meta.date_invalid:
            return partial(0.5, f"有署名“{organ}”，但成文日期“{meta.date_invalid}”不是有效的日期", evidence)
        if meta.date_line:
            return partial(0.5, f"有署名“{organ}”，但成文日期未填写完整（第{meta.date_line}行）", evidence)
        return partial(0.5, f"有署名“{organ}”，但没有成文日期", evidence)
    if meta.date_invalid or meta.date_line:  # a date line left blank or impossible (2023年　月　日): said as such
        said = f"“{meta.date_invalid}”不是有效的日期" if meta.date_invalid else f"未填写完整（第{meta.date_line}行）"
        return failed(f"没有发文机关署名，成文日期{said}", evidence, looked)
    last = next((n for n in range(len(doc.lines), 0, -1) if doc.lines[n - 1].strip()), None)
    tail = (ctx.line_evidence(last),) if last else ()
    return failed("报告末尾没有落款：既无发文机关署名，也无成文日期", tail, looked)


# (某某镇人民政府 too; a placeholder after the real county: 象山县XX镇人民政府)
_TEMPLATE_ORGAN = regex.compile(r"(?:^|(?<=[省市州县区旗]))(?:某{1,2}|[Xx×○〇□＊*]{1,4})(?:镇|乡|街道|县|区|市|局)")


# GB/T 9704-2012 §7.3.3: 一、 → （一） → 1. → （1）. Levels may be skipped in short documents, but a
# deeper style must not stand above a shallower one, and each style has its own separator.
_ORDER = ("一、", "（一）", "1.", "（1）")
_BAD_FORMS = (
    (regex.compile(r"^（?[壹贰叁肆伍陆柒捌玖拾]{1,3}"), "“壹、”等大写数字应为“一、”"),
    (regex.compile(r"^[一二三四五六七八九十]{1,3}\s*[.．，,：:]"), "“一.”“一，”“一：”应为“一、”"),
    (regex.compile(r"^（[一二三四五六七八九十]{1,3}）\s*[、.．，,]"), "“（一）”后不加标点"),
    (regex.compile(r"^\d{1,2}\s*[、，,](?!\d)"), "“1、”应为“1.”"),
    (regex.compile(r"^（\d{1,2}）\s*[、.．，,]"), "“（1）”后不加标点"),
    (regex.compile(r"^[一二三四五六七八九十]{1,3}）"), "“一）”应为“（一）”"),
    (regex.compile(r"^\d{1,2}）"), "“1）”应为“（1）”"),
    (regex.compile(r"^[一二三四五六七八九十]{1,3}[ \u3000]+(?=\S)"), "“一 ”后应加顿号：“一、”"),
    (regex.compile(r"^【[一二三四五六七八九十\d]{1,3}】"), "“【一】”应为“一、”"),
    (regex.compile(r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]|^(?:I{1,3}|IV|VI{0,3}|IX|X)\s*[.．、]"), "罗马数字“Ⅰ.”应为“一、”"),
    (regex.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"), "“①”不是标题序号，应为“一、”“（一）”等"),
    # A bullet in place of the number (■加强领导; ◆依法做好…): no level at all.
    (regex.compile(r"^[■◆●▲★□◇○►▶•◎]\s*(?![一二三四五六七八九十\d（(])"), "“■”“◆”等符号不是标题序号，应为“一、”“（一）”等"),
    # One-character glyphs an input method offers for （1） and 1. (⑴, ⒈): look-alikes, not the numbers.
    (regex.compile(r"^[⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇]"), "“⑴”是单个符号，应为“（1）”"),
    (regex.compile(r"^[⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛]"), "“⒈”是单个符号，应为“1.”"),
    (regex.compile(r"^第[一二三四五六七八九十]{1,3}\s*[、，,.．]"), "“第一、”应为“一、”"),
    # 一是 heading a part (一是加强领导 / 二是存在的不足): the listing of a paragraph, not a heading's number.
    (regex.compile(r"^[一二三四五六七八九十]{1,3}是(?=[^，。；：\n]{2,}(?:[，,][^，。；：\n]{2,})?$)"), "“一是”是段落中的列举，用作标题时应为“一、”"),
)
_CIRCLED = next(i for i, (_, note) in enumerate(_BAD_FORMS, 1) if note.startswith("“①”"))
# The forms above as one pattern, each alternative a group: at the start of a line the first alternative that
# matches is the first form that matches (tried in the same order, each anchored), so one call names it.
_ANY_BAD_FORM = regex.compile("|".join(f"({pattern.pattern})" for pattern, _ in _BAD_FORMS))


# A paragraph led by a short heading numbered with brackets or a bullet (【1】…作用。 ◆…活动。).
_MARKED_LEAD = regex.compile(r"(?:【[一二三四五六七八九十\d]{1,3}】|[■◆●▲★◇►▶•◎])[^。！？；\n]{2,30}[。：:]")


class NumberingParams(BaseModel):
    """How many offending headings to show."""

    model_config = ConfigDict(extra="forbid")
    most: int = 6


def heading_numbering(ctx: Context, rule: Rule, params: NumberingParams) -> Outcome:
    """Heading numbers follow 一、（一）1.（1）: right separators, and no deeper style above a shallower one."""
    doc = ctx.doc
    norm_lines = doc.norm_lines
    notes: list[str] = []
    evidence = []
    nested = {child.line for parent, child in _pairs(doc.sections)}
    for section in doc.walk():
        bad = _ANY_BAD_FORM.match(norm_lines[section.line - 1].strip())
        if bad and bad.lastindex == _CIRCLED and section.line in nested and not section.children:
            continue  # ①②③ items of a list under a heading (①依法行政机制需要进一步完善。由于…): no heading level
        if bad:
            notes.append(_BAD_FORMS[bad.lastindex - 1][1])
            evidence.append(ctx.line_evidence(section.line))
    headed = {section.line for section in doc.walk()}
    for number in range(doc.body_start, len(norm_lines) + 1):
        # 【1】切实发挥…作用。一是… / ◆积极开展…活动。…: a sub-heading glued to its paragraph, numbered with a mark
        # that is no level (not read as a heading, so not met above)
        line = norm_lines[number - 1].strip()
        if number not in headed and _MARKED_LEAD.match(line) and (bad := _ANY_BAD_FORM.match(line)):
            notes.append(_BAD_FORMS[bad.lastindex - 1][1])
            evidence.append(ctx.line_evidence(number))
    styles: dict[int, str] = {}  # a parent's style, found once for all its children
    for parent, child in _pairs(doc.sections):
        p_style = styles.get(parent.line)
        if p_style is None:
            p_style = styles[parent.line] = _style(norm_lines, parent)
        c_style = _style(norm_lines, child)
        if p_style in _ORDER and c_style in _ORDER and _ORDER.index(c_style) < _ORDER.index(p_style):
            notes.append(f"“{c_style}”层级高于“{p_style}”，却用在其下")
            evidence.append(ctx.line_evidence(child.line))
        elif c_style == p_style == "一、":
            # 四、下一步工作打算 / 一、广泛深入宣传…: the parts' own numbering again one level down (a list of （一）
            # restarting under its （九） heading is accepted)
            notes.append(f"“{c_style}”与上一级标题用了同一种序号")
            evidence.append(ctx.line_evidence(child.line))
    for siblings in _sibling_lists(doc.sections):
        # 一、 二、 第三部分 四、: one level typed two ways (a part written 第三部分 or 3. among 一、…).
        # (heading_style reads 1、 and 1. as one form: the separator is flagged on its own.)
        typed = [(section, style) for section in siblings if (style := _style(norm_lines, section))]
        usual = Counter(style for _, style in typed).most_common(1)
        for section, style in typed:
            if usual and style != usual[0][0] and len(typed) >= 3:
                notes.append(f"同级标题序号不统一：“{style}”与“{usual[0][0]}”混用")
                evidence.append(ctx.line_evidence(section.line))
    for siblings in _sibling_lists(doc.sections):
        # （二） then （3） as its first sub-heading, then （四）: the parent series' next number, typed one level down.
        for section, after in zip(siblings, siblings[1:]):
            value, next_value = numeral_value(section.number or ""), numeral_value(after.number or "")
            child = section.children[0] if section.children else None
            if child is not None and value is not None and next_value == value + 2 \
                    and numeral_value(child.number or "") == value + 1:
                notes.append(f"“{_prefix(norm_lines, child)}”夹在“{_prefix(norm_lines, section)}”与“{_prefix(norm_lines, after)}”"
                             "之间，应与它们用同一级序号")
                evidence.append(ctx.line_evidence(child.line))
    if not notes:
        return passed(message="标题序号符合“一、（一）1.（1）”的层次")
    unique = list(dict.fromkeys(notes))
    return failed(f"{len(evidence)} 处标题序号不规范：" + "；".join(unique), distinct_lines(evidence, most=params.most))


def _prefix(norm_lines: list[str], section) -> str:  # noqa: ANN001
    return numbering_typed(norm_lines[section.line - 1].strip(), section.number)


def _style(norm_lines: list[str], section) -> str:  # noqa: ANN001
    found = heading_style(norm_lines[section.line - 1].strip())
    return found[0] if found else ""


def _sibling_lists(sections):  # noqa: ANN001, ANN202
    yield sections
    for section in sections:
        yield from _sibling_lists(section.children)


def _pairs(sections):  # noqa: ANN001, ANN202
    for section in sections:
        for child in section.children:
            yield section, child
        yield from _pairs(section.children)
