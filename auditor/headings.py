"""Step 2 of the pipeline (parse): which body lines are headings, and at what level — numbered (一、 （一） 1、
第一部分 ① …), marked by the source (Word heading styles, bold-only paragraphs) or bare short heading lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from auditor.numerals import numeral_value, symbol_class
from auditor.textnorm import squeeze

_CN = "一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾"  # 壹、: financial numerals, read as 一、 (form rules flag them)
# 一、二季度 / 一、二审 / 二、三产业: two numbers joined by 、, not a heading.
_NOT_AFTER_CN = rf"(?![{_CN}]+\s*(?:季度|级|审|类|期|批|档|等|产|孩|线|次))"
_SEP = r"\s*[、.．，,：:]?\s*"

# Heading numbering styles, matched on the normalised line (parentheses already full-width), with their rank
# in GB/T 9704-2012 §7.3.3 order (一、 → （一） → 1. → （1）; 第一部分 above, ① below). The level of a style
# in a report is decided by nesting (order of first appearance); the rank only tells an opening list apart.
HEADING_STYLES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("第一部分", re.compile(rf"^第\s*([{_CN}]{{1,3}}|\d{{1,2}})\s*部分{_SEP}(?=\S)"), 0),
    ("第一章", re.compile(rf"^第\s*([{_CN}]{{1,3}}|\d{{1,2}})\s*章(?:\s+|\s*[、.．：:]\s*)(?=\S)"), 0),
    ("第一节", re.compile(rf"^第\s*([{_CN}]{{1,3}}|\d{{1,2}})\s*节(?:\s+|\s*[、.．：:]\s*)(?=\S)"), 0.5),
    # 一、 (also 一 followed by a space alone, which form rules flag: it should be 一、)
    # (…and 一：, which form rules flag too)
    # (…and 第四、, which form rules flag too: it should be 四、)
    ("一、", re.compile(rf"^(?:([{_CN}]{{1,3}})(?:\s*[、.．，,：:]\s*|[ \u3000]+(?=[\u4e00-\u9fff]))|第([{_CN}]{{1,3}})\s*、\s*)"
                       rf"{_NOT_AFTER_CN}(?=\S)"), 1),
    ("Ⅰ", re.compile(rf"^([{symbol_class('Ⅰ')}])\s*[、.．]?\s*(?=\S)"), 1),
    ("（一）", re.compile(rf"^（\s*([{_CN}]{{1,3}})\s*）\s*[、.．]?\s*(?=\S)"), 2),
    ("一）", re.compile(rf"^([{_CN}]{{1,3}})）\s*(?=\S)"), 2),
    ("㈠", re.compile(rf"^([{symbol_class('㈠')}])\s*[、.．]?\s*(?=\S)"), 2),
    ("（1）", re.compile(r"^（\s*(\d{1,2})\s*）\s*[、.．]?\s*(?=\S)"), 4),
    # (1.2023年推进…: a year after the number is no decimal.)
    ("1.", re.compile(r"^(\d{1,2})\s*(?:[.．](?:(?!\d)|(?=(?:19|20)\d\d\s*年))|、(?!\d{1,2}\s*(?:月|季度|号|日|级|类|批|期)))\s*(?=\S)"), 3),
    ("1）", re.compile(r"^(\d{1,2})）\s*(?=\S)"), 4),
    ("⑴", re.compile(rf"^([{symbol_class('⑴')}])\s*(?=\S)"), 4),
    ("⒈", re.compile(rf"^([{symbol_class('⒈')}])\s*(?=\S)"), 3),
    ("①", re.compile(rf"^([{symbol_class('①', '❶', '➀', '➊', '㊀', 'ⅰ')}])\s*[、.．]?\s*(?=\S)"), 5),
)
_RANK = {style: rank for style, _, rank in HEADING_STYLES} | {"1、": 3}

_SENTENCE_END = re.compile(r"[。！？；]")
_NOT_BARE = re.compile(r"[。！？；：:!?;…]|[，,、（(]$")
_BOXED = re.compile(r"^[【〖［]\s*([^【】〖〗［］\n]{2,60}?)\s*[】〗］]$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ENDS_PARAGRAPH = re.compile(r"[。！？；：:!?;…”」』）)]$")
_NOT_A_HEADING = re.compile(
    r"^(附件|附表|附：|抄送|特此|此致|以上|联系人|联系电话|（此页|此页|备注|注：|来源|发布|——|—|[（【〔].*[）】〕]$)"
    r"|^[我本该](镇|乡|街道|县|区|市|省|局|委|厅|办|单位|部门)"
    r"|(人民政府|政府|委员会|党委|党工委|管委会|办事处|街道|局|厅|委|办公室|中心)$"
    r"|(报告|总结|汇报)(\s*[篇之]?\s*[\d一二三四五六七八九十]{0,2})$"  # a title, or a sample's label: …报告 篇1
)
# A heading names its subject and the line stands alone; these openings are how drafters start one.
_HEADING_VERB = re.compile(
    r"^(加强|强化|坚持|推进|推动|深化|完善|健全|提升|提高|严格|规范|落实|全面|深入|持续|扎实|创新|夯实|狠抓|抓好|抓实|"
    r"优化|打造|构建|建立|建设|统筹|聚焦|着力|突出|注重|发挥|做好|依法|服务|保障|切实|不断|积极|大力|开展|实施|"
    r"筑牢|压实|压紧|织密|守牢|畅通|拓展|巩固|凝聚|锚定|紧扣|围绕|贯彻|学习|践行|以|用|在|把|让|从|聚力|助力|赋能|"
    r"增强|加快|营造|树立|弘扬|维护|防范|化解|促进|激发|探索|引领|带动|用好|管好|严把|严守|坚决|全力|奋力|构筑|形成)"
)
# A part title: the five items of the annual report (厅字〔2019〕28号) as drafters head them. Such a bare line
# stands at the top level even among numbered parts (三、 replaced by a plain 存在的问题).
_PART_TITLES = {
    "measures": re.compile(r"((主要)?(举措|措施|做法|工作)[和及与、]?(主要)?(成效|成果|成绩)|"
                           r"(工作|开展|推进|落实|总体|基本|主要)情况|工作回顾|(工作|主要)成效|亮点(和|与|及|、)?(成效|成果|成绩|做法)?)$"),
    "duty": re.compile(r"第一责任人|(主要负责(人|同志)|一把手|主要领导|正职).{0,16}(职责|情况|履职)$"
                       r"|^(党政)?“?(主要负责(人|同志)|一把手)”?$"
                       r"|书记[、和与及]?[^，。]{0,4}(镇长|乡长|主任|县长|区长|市长|局长)[^，。]{0,8}(抓|推进|履行|落实)[^，。]{0,6}"
                       r"(法治|第一责任人|职责)"),
    "shortcomings": re.compile(r"(存在|面临)[的得]?(主要)?(问题|不足|短板|差距|困难)|不足之处|薄弱环节|工作中的?(问题|不足|短板|差距)"
                               r"|(对照|检视|查摆|查找|自查|排查)[^，。]{0,8}(发现|查找|查摆|查出)?的?(主要)?(差距|问题|不足|短板)$"
                               r"|(问题|不足|短板|差距|困难)(和|与|及|、)(不足|原因|差距|短板|问题|困难)"
                               r"|(问题|不足|短板|差距|弱项|困难)(和|与|及|、)(其)?(根源|成因|症结|根子)"
                               r"|哪些(没|未|还没)(做好|做到|到位)|(没|未)做好的(地方|方面|事)"
                               r"|(还有|存在|有)哪些(短板|不足|问题|差距|薄弱)|(短板|不足|问题|差距)(有哪些|在哪里|在哪儿|是什么)"
                               r"|^(?:(需要|必须|亟需|亟待)?(正视|直面|查找|找准|认清|反思)|(需要|亟需|亟待)解决)的?(几个|几点|主要)?(方面的?)?(差距|不足|问题|短板)"
                               r"|(相比|对照|比较)[^，。]{0,4}(的|存在的|还有的)?(差距|不足|短板)$"
                               r"|^(主要)?(问题|不足|短板|差距)(和|与|及|、)(改进|努力|整改|下步|下一步|今后)"
                               r"|^(主要)?(问题|不足|短板|差距)$"
                               r"|^(几点|几个方面的?)?(问题|不足|短板|差距|困难|弱项)(和|与|及|、)?(问题|不足|短板|差距|困难|弱项)$"
                               r"|^(几点|几个方面的?)(问题|不足|短板|差距|困难|弱项)$"
                               r"|^(?!.*(补|破解|解决|聚焦|针对|攻克|整改|克服))[^，。]{2,16}(短板|不足|问题|差距)(和|与|及|、)?(弱项|短板)$"),
    "plans": re.compile(r"下一?步|下部(?=工作|举措|打算|计划|安排|思路)|下一?年度|明年|今后|新的?一年|努力方向|改进方向|^(工作|努力)(思路|打算|设想|安排|计划|方向)$"
                        r"|^(?!.*(成效|成果|成绩|情况|完成))(\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{0,16}"
                        r"(工作)?(思路|打算|设想|安排|计划|重点)"),
    "other": re.compile(r"其他(需要)?(报告|说明)?的?(事项|情况)|另需(报告|说明)"),
}
_TWINS = {"1、": "1.", "1.": "1、"}
_TWO_CLAUSES = re.compile(r"^[\u4e00-\u9fff“”]{4,20}[，,][\u4e00-\u9fff“”]{4,20}$")  # 强化领导责任，夯实法治基础
MAX_BARE = 40  # characters of a bare heading line (a bold Word paragraph may be a little longer)
MAX_BOLD = 50
BOLD = -1  # Source.headings level of a paragraph written in bold only (no heading style): a heading candidate


@dataclass(frozen=True)
class Found:
    """A heading line: its number, the numbering style (or H<level>, bare, bold) and its text."""

    line: int
    style: str
    number: str
    heading: str
    part: bool = False  # a bare line that names a part of the report: stands at the top level


def heading_style(norm_line: str) -> tuple[str, str, int] | None:
    """Return (style, number, length of the numbering) when a line opens with heading numbering."""
    for style, pattern, _ in HEADING_STYLES:
        match = pattern.match(norm_line)
        if match:
            return style, match.group(1) or match.group(match.lastindex or 1), match.end()
    return None


def numbering_typed(norm_line: str, fallback: str = "") -> str:
    """A heading line's number as typed (（3）, 四、), or `fallback` when the line opens with none."""
    found = heading_style(norm_line)
    return norm_line[: found[2]].strip() if found else fallback


_HEAD_END = re.compile(r"[。！？!?；;：:]|——|--")  # (四、存在问题——2022年度我镇…: a dash runs the text on too)


def heading_text(rest: str) -> str:
    """The heading proper: the text after the number, up to the first sentence end or colon (四、存在问题：2022年度
    我镇…: the part's first sentence run on after its heading)."""
    rest = rest.strip().lstrip("：: ")
    match = _HEAD_END.search(rest)
    head = rest[: match.start()] if match else rest
    if match and match.group() in "：:" and not is_part_title(head):
        # 一、回望2022：主要做法与成效 — a slogan, then the part's name after the colon: both are the heading.
        tail = rest[match.end():].strip()
        if len(tail) <= 20 and not _RUN_ON.search(tail) and is_part_title(tail):
            head = rest[: match.end()] + tail
    gap = _GAP.search(head)
    if gap and len(head) - gap.end() >= 10 and is_part_title(head[: gap.start()]):
        head = head[: gap.start()]  # 四、存在问题 2022年度我镇…: the part's name, its first sentence after a space
    elif len(head) > 20 and (opens := _BODY_OPENS.search(head, 3, 15)) and len(head) - opens.start() >= 10 \
            and _RUN_ON.search(head, opens.start()) and not _JOINED.search(head, 0, opens.start()) \
            and is_part_title(head[: opens.start()]):
        # 四、存在问题2022年度我镇…，但…: the part's name, its first sentence glued on (not 三、存在的不足及2024年…工作思路,
        # one heading naming two parts)
        head = head[: opens.start()]
    return squeeze(head)[:80]


_GAP = re.compile(r"[ \u3000\t]+")
_JOINED = re.compile(r"(?:及|和|与|暨|、|以及)$")
# How a part's first sentence opens (a year, the body speaking of itself, this year).
_BODY_OPENS = re.compile(r"(?:19|20)\d{2}\s*年|今年|本年度|全年|我(?:镇|乡|街道|局|委|县|区|市)")


_RUN_ON = re.compile(r"[。！？!?；;，,：:]")


def is_part_title(text: str) -> bool:
    """Whether a short unnumbered line is worded as one of the report's parts (存在的问题, 下一步工作打算 …)."""
    return bool(part_kinds(text))


def part_kinds(text: str) -> frozenset[str]:
    """Which of the report's parts a heading names: two for a combined one (存在的问题和下一步打算)."""
    text = squeeze(text)
    return frozenset(kind for kind, pattern in _PART_TITLES.items() if pattern.search(text))


def find_headings(lines: tuple[str, ...], norm: list[str], first: int, last: int,
                  marked: dict[int, int] | None = None) -> list[Found]:
    """Every heading between lines `first` and `last` (1-based, inclusive), in order.

    `marked` maps lines the source marks as headings to a Word heading level (1–9) or BOLD.
    """
    marked = marked or {}
    wrap = _wrap_width(norm, first, last)
    found: list[Found] = []
    previous: int | None = None  # the last nonblank line looked at
    taken = 0  # a line already read as the text of a heading whose number stands alone on the line above
    for number in range(first, last + 1):
        raw = norm[number - 1].strip()
        if not raw or number == taken:
            continue
        decor = _DECOR.match(raw)  # ◆三、… / 📌四、… / | 三、存在的问题 | 具体表现 |: a mark or a table rule before the number
        skip = decor.end() if decor and heading_style(raw[decor.end():]) else 0
        if not skip and (annex := _ANNEX.match(raw)) and heading_style(raw[annex.end():]):
            skip = annex.end()  # 附件：1.…制度 / 2.…协议: the list of annexes starts on the 附件 line
        raw = raw[skip:]
        style = heading_style(raw)
        boxed = None if style else _BOXED.match(raw)
        if boxed and (inner_style := heading_style(boxed.group(1).strip())):
            # 【三、存在的问题】: a numbered heading set in lenticular brackets keeps its number.
            inner = boxed.group(1).strip()
            found.append(Found(number, inner_style[0], inner_style[1], heading_text(inner[inner_style[2]:])))
            previous = number
            continue
        if style is None and _ALONE.match(raw) and (after := _text_below(norm, number, last)):
            # 四、 / 下一步工作打算: a converter broke the line after the number; the heading is the next line.
            taken, text = after
            style = heading_style(raw + text)
            if style:
                found.append(Found(number, style[0], style[1], heading_text(lines[taken - 1].strip())))
                previous = taken
                continue
        level = marked.get(number, 0)
        if boxed and not style and _heading_like(squeeze(boxed.group(1)), boxed.group(1), MAX_BOLD, True):
            # 【2023年度推进法治政府建设存在的不足和原因】: a heading set in lenticular brackets.
            inner = squeeze(boxed.group(1))
            found.append(Found(number, "【】", "", inner[:80], is_part_title(inner)))
        elif style:
            # 1、 and 1. are one form in GB/T 9704 terms, but a report heading its parts 1、 numbers items 1.
            key = "1、" if style[0] == "1." and "、" in raw[:style[2]] else style[0]
            text = lines[number - 1].strip()[skip + style[2]:]
            if (after := _text_below(norm, number, last)) and len(squeeze(after[1])) <= 20 and (
                    _UNFINISHED.search(text) or not _SENTENCE_END.search(text) and not is_part_title(squeeze(text))
                    and is_part_title(squeeze(after[1])) and heading_style(after[1]) is None):
                # 一、2020年度推进法治政府建设的主要 / 举措和取得的成效: a heading wrapped mid-phrase over two lines;
                # 二、2023年法治政府建设工作 / 存在的不足及原因: a heading naming no part, the part's name on the next line.
                taken = after[0]
                text += lines[taken - 1].strip()
            found.append(Found(number, key, style[1], heading_text(text)))
        elif level > 0:
            found.append(Found(number, f"H{level}", "", heading_text(lines[number - 1].strip())))
        elif (lead := _bare(norm, number, previous, last, found, wrap, bold=level == BOLD)) is not None:
            text = squeeze(lead + lines[number - 1].strip())[:80]
            # Right under a heading line of its own (一、主要举措和成效 / 工作开展情况) a part title is a sub-heading.
            under = bool(found) and found[-1].line == previous and not _SENTENCE_END.search(norm[previous - 1])
            found.append(Found(number, "bold" if level == BOLD else "bare", "", text, is_part_title(raw) and not under))
        previous = number
    return _drop_opening_lists(_drop_continued(found))


# A mark saying a heading is repeated to continue its part after a page break: 三、存在的问题（续）.
_CONTINUED = re.compile(r"\s*[（(]\s*(?:续|续上页|续前|接上页|续表)\s*[）)]\s*$|\s*(?:续|续上页|接上页)\s*$")


def _drop_continued(found: list[Found]) -> list[Found]:
    """Leave out a numbered heading that repeats the last heading of its style (the same number and words, or
    those words marked （续）) with no heading of a higher rank between: a page break printed the part's heading
    again over its continuation (三、存在的问题 / — 4 — / 三、存在的问题（续）), and the part goes on. (The same
    words under another parent — （一）加强组织领导 among the measures and among the plans — are a new heading.)"""
    last: dict[str, tuple[str, str]] = {}  # style → (number, words) of its last heading
    kept: list[Found] = []
    for f in found:
        rank = _RANK.get(f.style)
        if rank is not None:
            key = (f.number, squeeze(_CONTINUED.sub("", f.heading)))
            if f.number and key[1] and last.get(f.style) == key:
                continue
            last = {style: seen for style, seen in last.items() if _RANK[style] < rank}
            last[f.style] = key
        kept.append(f)
    return kept


# A heading's words cut off mid-phrase (…的主要; …情况和): its line wrapped, the rest on the next line.
_UNFINISHED = re.compile(r"(?:的|和|及|与|暨|、|主要|推进|关于|履行)$")
# The annex line a list of annexes starts on (附件：1.…).
_ANNEX = re.compile(r"^附\s*件\s*[：:]\s*")
# Marks drafters put before a heading's number: bullets, symbols, an emoji, a table's cell rule.
_DECOR = re.compile(r"^[\s◆◇■□●○★☆▶►•·※➤✦❖|｜\U0001F300-\U0001FAFF\u2600-\u27BF]+")

# A heading number alone on its line (四、 / （二） / 第三部分), its text on the next line.
_ALONE = re.compile(rf"^(?:第\s*[{_CN}]{{1,3}}\s*部分|[{_CN}]{{1,3}}\s*[、.．]|（\s*[{_CN}]{{1,3}}\s*）|\d{{1,2}}\s*[、.．])\s*$")


def _text_below(norm: list[str], number: int, last: int) -> tuple[int, str] | None:
    """The next nonblank line under a lone heading number, when it reads as a heading's text (short, no
    numbering of its own, not a sentence): (its line number, its text)."""
    for below in range(number + 1, min(last, number + 2) + 1):
        text = norm[below - 1].strip()
        if not text:
            continue
        if heading_style(text) or _SENTENCE_END.search(text[:-1]):
            return None
        if len(squeeze(text)) > MAX_BARE and not (len(squeeze(text)) <= 60 and is_part_title(text)):
            return None  # a long line is a heading only when it names a part (…第一责任人职责，加强…的有关情况)
        return below, text
    return None


def levels_of(found: list[Found]) -> list[int]:
    """The level of each heading: a style met again closes the deeper levels (order of first appearance);
    a bare part title stands at the top level."""
    levels: list[int] = []
    stack: list[str] = []
    last: dict[str, int | None] = {}  # the last number met at each open level
    top: frozenset[str] = frozenset()  # the parts the current top-level heading names
    previous: Found | None = None
    for item in found:
        key = item.style
        value = numeral_value(item.number)
        nested = key + _NESTED
        if key in stack and previous is not None and previous.style == key and value == 1 \
                and (numeral_value(previous.number) or 0) > 1 and (previous.line == item.line - 1 or (
                    item.line - previous.line <= 3 and not item.part and len(stack) == 1
                    and part_kinds(previous.heading) & _LISTED_PARTS)):
            # （九）党政主要负责人履行…情况 / （一）精心谋划…: a list restarting under its heading, one level below
            # (四、2024年…工作思路 / a lead-in / 一、广泛深入宣传…: the plans numbered again from 一, one level below).
            key = nested
        elif nested in stack and value is not None and last.get(nested) == value - 1:
            key = nested  # …（二）积极参加示范创建: the nested list goes on
        kinds = part_kinds(item.heading) if item.part else frozenset()
        if item.part and not (len(top) > 1 and kinds <= top):  # not a half of 存在的问题和下一步打算
            key = stack[0] if stack else "part"
        twin = _TWINS.get(key)
        if twin in stack and key not in stack and value is not None and last.get(twin) == value - 1:
            key = twin  # 1、制定方案 / 2.落实责任: one list typed two ways
        elif stack and key not in stack and value is not None and _RANK.get(key, 99) < _RANK.get(stack[0], 99) \
                and (last.get(stack[0]) == value - 1 or value > 1 and (last.get(stack[0]) == value
                                                                      or part_kinds(item.heading))):
            # 一、… 三、… 第四部分 (第三部分, or 第二部分存在的问题): the top level typed another way, not below it;
            # a first heading of a new style (1、主要举措 / 一、加强领导) is the first below.
            key = stack[0]
        elif stack and key not in stack and key not in last and value is not None and value > 1 \
                and last.get(stack[0]) == value - 1 and _RANK.get(stack[0], 99) < _RANK["一、"] <= _RANK.get(key, 99):
            key = stack[0]  # 第一部分 … 二、存在的不足 … 三、: the first part typed another way, the rest run on
        if key in stack:
            del stack[stack.index(key):]
        stack.append(key)
        last[key] = value
        levels.append(len(stack))
        if len(stack) == 1:
            top = part_kinds(item.heading)
        previous = item
    return levels


_NESTED = "+"  # a style's key for a list of the same style nested under one of its headings
_LISTED_PARTS = frozenset({"plans", "shortcomings"})  # parts whose items drafters may number from 一 again


def _bare(norm: list[str], number: int, previous: int | None, last: int, found: list[Found],
          wrap: int | None, bold: bool) -> str | None:
    """A short line standing alone between paragraphs, worded as a heading (or bold in the source).

    Returns None for a line that is not a heading, else the heading's first half when a copied page glued
    it to the end of the paragraph above ("…取得重要进展。全面贯彻落实党的二十大精神" / "统筹推进…"), or "".
    """
    text = squeeze(norm[number - 1].strip())
    if not _heading_like(text, norm[number - 1].strip(), MAX_BOLD if bold else MAX_BARE, bold):
        return None
    if wrap and len(norm[number - 1].strip()) >= 0.8 * wrap:
        return None
    lead = ""
    if previous is not None and not (found and found[-1].line == previous):
        above = norm[previous - 1].strip()
        if not _ENDS_PARAGRAPH.search(above):
            tail = re.split(r"[。！？；]", above)[-1]
            if tail == above or not _heading_like(squeeze(tail), tail, MAX_BARE, False) or len(tail) > 20:
                return None  # the line above runs on: this is the end of a sentence, or a table's cell
            lead = tail + " "
    following = next((n for n in range(number + 1, last + 1) if norm[n - 1].strip()), None)
    if following is None:
        return None
    after = norm[following - 1].strip()
    if heading_style(after) or len(after) >= max(20, len(text) + 8) or _SENTENCE_END.search(after):
        return lead
    return None


def _heading_like(text: str, raw: str, longest: int, bold: bool) -> bool:
    """Short, unpunctuated, Chinese, not a date, organ name or closing formula, and worded as a heading (a part's
    name may end in a colon: 存在的问题：)."""
    if text.endswith(("：", ":")) and is_part_title(text[:-1]):
        text = text[:-1]
    part = is_part_title(text)
    if not (2 if part else 4) <= len(text) <= (longest + 10 if part else longest) or _NOT_BARE.search(text):
        return False
    han = len(_HAN.findall(text))
    if han < (2 if part else 4) or text.count("，") + text.count(",") > 1 or _NOT_A_HEADING.search(text):
        return False
    if _is_date(text):
        return False
    return bool(bold or part or _HEADING_VERB.search(text) or _TWO_CLAUSES.match(text)
                or re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", raw))


def _is_date(text: str) -> bool:
    from auditor.metadata import is_date_shaped

    return is_date_shaped(text)


def _wrap_width(norm: list[str], first: int, last: int) -> int | None:
    """The line width of a text wrapped by hand (many lines of one length ending mid-sentence), else None."""
    lengths = [len(norm[n - 1].strip()) for n in range(first, last + 1)
               if norm[n - 1].strip() and not _ENDS_PARAGRAPH.search(norm[n - 1].strip())]
    if len(lengths) < 6:
        return None
    width, count = Counter(lengths).most_common(1)[0]
    near = sum(1 for n in lengths if abs(n - width) <= 1)
    return width if width >= 16 and near >= max(5, len(lengths) // 2) and count >= 3 else None


def _drop_opening_lists(found: list[Found]) -> list[Found]:
    """Numbered lines before the report's first top-level heading that rank below it are a list in the
    opening (1. 2. before 一、), not parts; so are bare lines there that name no part."""
    counts = Counter(f.style for f in found if f.style in _RANK)
    firsts: dict[str, Found] = {}
    for f in found:
        firsts.setdefault(f.style, f)
    top = [_RANK[s] for s, n in counts.items() if n >= 2 or numeral_value(firsts[s].number) != 1]
    if not top:
        return found
    rank = min(top)
    start = next(i for i, f in enumerate(found) if f.style in _RANK and _RANK[f.style] <= rank)
    # Bare lines above the first 一、 are an opening's subtitle; above the first （一） or 1. they are the parts.
    # A lower style whose numbers run on after the top one (1、 … （一）（二） … 2、) is the top level itself.
    running = _running_on(found, start)
    # …and what nests under such a running top level (（一）… under 一、 … before 第三部分) is its own, not a list.
    floor = min((_RANK[style] for style in running if style in _RANK), default=None)
    head = [f for f in found[:start] if (f.style in _RANK and (_RANK[f.style] < rank or f.style in running
                                                               or floor is not None and _RANK[f.style] >= floor))
            or f.part or f.style.startswith("H") or (f.style not in _RANK and rank > 1)]
    return head + found[start:]


def _running_on(found: list[Found], start: int) -> set[str]:
    """The styles whose numbering before `start` continues after it (…2、 before, 3、 or, past a part typed
    another way, 5、 after), or is continued by the top heading itself, typed another way (一、… 二、… before
    第三部分). A list in the opening starts again after it (1. 2. … 一、 … 1.)."""
    last: dict[str, int | None] = {f.style: numeral_value(f.number) for f in found[:start]}
    after: dict[str, int | None] = {}
    for f in found[start:]:
        if f.style in last and f.style not in after:
            after[f.style] = numeral_value(f.number)
    top = numeral_value(found[start].number)
    return {style for style, value in last.items()
            if value is not None and ((after.get(style) or 0) > value or top == value + 1)}
