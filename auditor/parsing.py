"""Step 2 of the pipeline (parse): Source → Document with title block, section tree and metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor import metadata
from auditor.headings import Found, find_headings, heading_style, levels_of
from auditor.model import Document, Meta, Section, Source
from auditor.textnorm import normalize, squeeze

_SENTENCE_END = re.compile(r"[。！？；]")
_TITLE_END = re.compile(r"(报告|总结|汇报|情况)(（[^）]{1,12}）)?$")
_ORGAN_END = re.compile(rf"({metadata.ORGAN_ENDS})$")
_JUNK = re.compile(
    r"(来源[:：]|发布时间|更新时间|浏览次数|次浏览|点击[数量率]|字号|【?字体|打印本页|关闭窗口|分享到|当前位置|"
    r"索引号|发布机构|首页\s*[>|]|^首页$|发文日期|信息来源)"
)
# (Brackets as typed, look-alikes and blanks included — 青龙委文﹝2024﹞7号, 青龙委文〔　　〕号: the rule on its form
# then says what is wrong.)
_DOC_NUMBER_CORE = (r"([\u4e00-\u9fff]{1,12}\s*[〔\[［【（(﹝〘]\s*(?:\d{2,4}\s*年?|[\s\u3000_＿]*|(?:20)?[Xx×]{2})\s*[〕\]］】）)﹞〙]\s*第?\s*"
                    # (〔2024年〕7号: the year written with 年, a doc number all the same, in a wrong form)
                    # (…〔2024〕XX号: a slot never filled in; 〔2024〕第七号: a serial in Chinese numerals)
                    # (…〔2024〕待编号: a note left for the serial)
                    r"(?:\d+|[〇零一二三四五六七八九十百]{1,5}|[_＿\s\u3000]*|[Xx×]{1,3}|待编|待定)\s*号)")
_DOC_NUMBER = re.compile(rf"^{_DOC_NUMBER_CORE}(?:\s*签发人\s*[:：]\s*(?:[\u4e00-\u9fff·、\s]{{2,30}}|[Xx×*＊]{{2,4}}))?$")  # (签发人：XXX unfilled)
# A document number on the title's own line (贤政〔2023〕15号　…关于2022年度法治政府建设情况的报告: a web page's layout).
_DOC_NUMBER_LEAD = re.compile(rf"^{_DOC_NUMBER_CORE}[\s\u3000]+(?=\S)")
# The 版头 above the title (GB/T 9704-2012 7.2): 份号 (six digits), 密级 and 保密期限, 紧急程度, 发文机关标志
# (…文件), 签发人. Not the title; when the document number follows, everything above it is 版头 too.
_MASTHEAD = re.compile(r"^(?:\d{6}|(?:密级\s*[:：]\s*)?(?:绝密|机密|秘密)(?:\s*[★☆].*)?|密级\s*[:：].{0,8}|"
                       r"(?:紧急程度\s*[:：]\s*)?(?:特急|加急|平急)|签发人\s*[:：].{1,30}|"
                       r"[\u4e00-\u9fff（）()]{4,40}文件)$")
# The year on a bracketed line of its own right under the title: 关于法治政府建设情况的报告 / （2022年度）
_YEAR_LINE = re.compile(r"^[（(]\s*(?:19|20)\d{2}\s*年度?\s*[）)]$")
# The title's natural end followed by body text on the same line (no title line of its own).
_GLUED_TITLE = re.compile(r"^(?!现将|现就|根据|按照|特)([^。，；！？：]{0,70}?(?:报告|总结|汇报)(?:（[^）]{1,12}）)?)"
                          r"\s*(?![的及和与、（暨]|如下)(?!.{0,60}(?:报告|总结|汇报)\s*$)(?=\S)")
_TITLE_TAIL = re.compile(r"^的?(报告|总结|汇报)(（[^）]{1,12}）)?$")
HEADER_SCAN = 14  # nonblank lines looked at for the title block
MAX_TITLE_LINE = 48
# A title run into its issuing body (and the date under it) on one line, as a conversion left it:
# 尚屯镇2023年度法治政府建设情况报告尚屯镇人民政府（2023年11月）.
_TITLE_ORGAN = re.compile(r"^(.{6,60}?(?:报告|总结|汇报))([\u4e00-\u9fff]{2,30}?(?:人民政府|政府|委员会|党委|党工委|管委会|办事处|局|委))"
                          r"\s*(?:[（(]\s*(?:19|20)\d{2}\s*年[^（）()]{1,8}[）)])?$")


@dataclass
class _Header:
    title: str = ""
    title_lines: list[int] = field(default_factory=list)
    doc_number: tuple[str, int] | None = None
    addressee: str | None = None
    author: str | None = None
    organ_lines: list[str] = field(default_factory=list)
    body_start: int = 1
    glued: int | None = None  # the line where the title runs into the body (…情况的报告一、强化组织领导)


def parse_document(source: Source, year: int | None = None, level: str | None = None) -> Document:
    """Parse a Source into a Document; `year` and `level` override what the report says."""
    text = source.text
    lines = tuple(text.split("\n"))
    norm_lines = normalize(text).split("\n")
    header = _read_header(lines, norm_lines, source.title_hint)
    tail = metadata.find_signature(lines, norm_lines, header.body_start)
    last_body = (tail.first_line - 1) if tail.first_line else len(lines)
    heading_lines, heading_norm = lines, norm_lines
    if header.glued:  # the body after a glued title may open with the first heading: read it without the title
        at = header.glued - 1
        heading_lines = (*lines[:at], _after_title(lines[at]), *lines[at + 1:])
        heading_norm = [*norm_lines[:at], _after_title(norm_lines[at]), *norm_lines[at + 1:]]
    sections = _build_sections(heading_lines, heading_norm, header.body_start, last_body, dict(source.headings))
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    meta = metadata.detect(
        lines, norm_lines, header.title, header.organ_lines, header.author, header.body_start, tail, sections,
        tuple(header.title_lines),
    )
    meta = metadata.override(meta, year=year, level=level)
    meta = _with_header(meta, header)
    return Document(
        path=source.path,
        text=text,
        norm="\n".join(norm_lines),
        lines=lines,
        title=header.title,
        title_lines=tuple(header.title_lines),
        body_start=header.body_start,
        sections=sections,
        meta=meta,
        line_starts=tuple(starts),
        locations=source.locations,
    )


def _with_header(meta: Meta, header: _Header) -> Meta:
    from dataclasses import replace

    number, line = header.doc_number or (None, None)
    return replace(meta, doc_number=number, doc_number_line=line, addressee=header.addressee)


def _read_header(lines: tuple[str, ...], norm: list[str], hint: str | None) -> _Header:
    """Find the title block at the top: doc number, title (maybe over several lines), addressee."""
    header = _Header()
    parts: list[tuple[int, str]] = []
    seen = 0
    contents_end = -1  # the last line of a table of contents under the title
    for index, raw in enumerate(norm):
        line = squeeze(raw)
        if not line or index <= contents_end:
            continue
        seen += 1
        if seen > HEADER_SCAN:
            break
        number = index + 1
        if _CONTENTS.fullmatch(line):  # 目录 / 目　录: the part headings listed, not the report's parts
            contents_end = _contents_end(norm, index)
            header.body_start = contents_end + 2
            continue
        if _JUNK.search(line) and not _TITLE_END.search(line):
            header.body_start = number + 1
            continue
        shown = squeeze(lines[index])
        # (Matched before squeezing: the space after 号 is what parts the number from the title.)
        lead = _DOC_NUMBER_LEAD.match(raw.strip()) if header.doc_number is None and not header.title else None
        if lead and _TITLE_END.search(squeeze(raw.strip()[lead.end():])) \
                and (cut := _DOC_NUMBER_LEAD.match(lines[index].strip())):
            header.doc_number = (squeeze(cut.group(1)), number)
            # …and the title goes on below
            line, shown = squeeze(raw.strip()[lead.end():]), squeeze(lines[index].strip()[cut.end():])
        doc_number = _DOC_NUMBER.match(line)
        if doc_number and header.doc_number is None:
            raw_number = _DOC_NUMBER.match(shown)
            header.doc_number = ((raw_number or doc_number).group(1), number)
            header.body_start = number + 1
            if not header.title:
                parts = []  # the 版头 (发文机关标志, 份号, 密级) is above the number; the title comes below it
            continue
        if not header.title and not parts and _MASTHEAD.match(line):
            header.body_start = number + 1
            continue
        if header.title and not parts and _YEAR_LINE.match(line) and header.title_lines[-1] == number - 1:
            header.title += shown  # the title's year on its own line right under it
            header.title_lines.append(number)
            header.body_start = number + 1
            continue
        if header.title and line == squeeze(normalize(header.title)):
            header.body_start = number + 1  # title printed twice (web pages)
            continue
        if metadata.is_date_shaped(line):
            header.body_start = number + 1
            continue
        organ_glued = _TITLE_ORGAN.match(shown) if not header.title and not parts else None
        if organ_glued and re.search(r"法治|依法", organ_glued.group(1)):
            header.title, header.title_lines = organ_glued.group(1), [number]
            header.author = organ_glued.group(2)
            header.body_start = number + 1
            continue
        if not header.title and _glued_title(header, parts, number, shown, line):
            break
        if _is_body(line):
            break
        if line.endswith(("：", ":")) and len(line) <= 40:
            glued = _TITLE_THEN_ADDRESSEE.match(shown) if parts and not header.title else None
            if glued and _TITLE_END.search(squeeze(normalize("".join(p for _, p in parts) + glued.group(1)))):
                # …关于青龙乡2023年法治政府建设情况的 / 报告依法治县办：: the title's last line run into the 主送.
                _set_title(header, [*parts, (number, glued.group(1))], norm)
                shown = glued.group(2)
            header.addressee = shown.rstrip("：:")
            header.body_start = number + 1
            break
        beside = metadata.ORGAN_THEN_DATE.match(shown) if not parts and header.author is None else None
        if beside:
            # 尚屯镇人民政府　2024年1月8日 under the title (or set above it: the 落款 at the head, not the title's first line)
            header.author = squeeze(beside.group("organ"))
            header.body_start = number + 1
            continue
        if header.title and not parts and _ORGAN_END.search(line) and len(line) <= 30 and header.author is None:
            header.author = shown  # the issuing body on its own line under the title
            header.body_start = number + 1
            continue
        parts.append((number, shown))
        joined = "".join(p for _, p in parts)
        if _TITLE_END.search(squeeze(normalize(joined))):
            if not _set_title(header, parts, norm):
                break  # a shorter line ending like a title after the title: a heading of the body
            header.body_start = number + 1
            parts = []
        elif len(parts) >= 7:  # (two organ lines over a title set on four: 关于青龙乡 / 2023年法治政府建设 / 情况的 / 报  告)
            break
    if not header.title and hint:
        header.title = squeeze(hint)
    return header


# A title's last words run into the 主送 on one line: 报告依法治县办：.
_TITLE_THEN_ADDRESSEE = re.compile(r"^(.{0,20}?(?:报告|总结|汇报))([^：:，。]{2,20}[：:])$")
_CONTENTS = re.compile(r"[（(]?目[\s\u3000]*[录次][）)]?")
_LEADER = re.compile(r"(?:[…·.．。\-—_]{2,}|\s{2,})\s*\d{1,3}\s*$|\s\d{1,3}$")


def _contents_end(norm: list[str], at: int) -> int:
    """The index of the last line of the table of contents whose title line is `at`: the lines after it that are
    headings or end in a page number (一、主要举措……1), until another line, or a number listed before comes again
    (the body's own first heading)."""
    end, listed = at, set()
    for index in range(at + 1, min(len(norm), at + 60)):
        line = squeeze(norm[index])
        if not line:
            continue
        style = heading_style(line)
        if style is None and not _LEADER.search(norm[index]):
            break
        if style is not None and style[:2] in listed:
            break
        if style is not None:
            listed.add(style[:2])
        end = index
    return end


def _set_title(header: _Header, parts: list[tuple[int, str]], norm: list[str]) -> bool:
    """Take `parts` as the title (a longer form replaces a shorter one); False when they are not one."""
    candidate = "".join(p for _, p in parts)
    if header.title and _continues_title(header, parts, norm):
        header.title += candidate  # …法治政府建设情况 / 的报告
        header.title_lines += [n for n, _ in parts]
        return True
    if header.title and len(candidate) <= len(header.title):
        return False
    header.title = candidate
    header.title_lines = [n for n, _ in parts]
    header.organ_lines = [p for _, p in parts if _ORGAN_END.search(normalize(p)) and "关于" not in normalize(p)]
    return True


def _continues_title(header: _Header, parts: list[tuple[int, str]], norm: list[str]) -> bool:
    """The next line right under the title finishes it: a title ending in 情况 is followed by 的报告."""
    first = parts[0][0]
    gap = range(header.title_lines[-1], first - 1) if header.title_lines else range(0)
    text = normalize("".join(p for _, p in parts))
    return bool(_TITLE_TAIL.match(text)) and all(not norm[i].strip() for i in gap)


def _glued_title(header: _Header, parts: list[tuple[int, str]], number: int, line: str, norm_line: str) -> bool:
    """A title run together with the first sentence on one line: …情况的报告2023年，我镇…; the line stays body.
    `parts` are the title's lines above it (the issuing body on a line of its own)."""
    match = _GLUED_TITLE.match(norm_line)
    if not match or len(norm_line) - match.end() < 8:
        return False
    above = normalize("".join(p for _, p in parts))  # the title's first lines, when only its end is glued
    if len(above) + len(match.group(1)) < 8 or not re.search(r"法治|依法", above + match.group(1)):
        return False
    _set_title(header, [*parts, (number, line[: match.end(1)].strip())], [])
    header.body_start = number
    header.glued = number
    return True


_TITLE_HEAD = re.compile(r"^.*?(?:报告|总结|汇报)(?:（[^）]{1,12}）)?")


def _after_title(line: str) -> str:
    """What follows the title on the line where the title is glued to the body."""
    match = _TITLE_HEAD.match(line)
    return line[match.end():].lstrip() if match else line


def _is_body(line: str) -> bool:
    """A line that can only be report body: a heading, a long paragraph, or a sentence."""
    if heading_style(line) is not None or _SENTENCE_END.search(line):
        return True
    # A long line may still be a title (联合发文: two organs, then the whole subject) if it ends like one.
    return len(line) > MAX_TITLE_LINE and not (len(line) <= 2 * MAX_TITLE_LINE and _TITLE_END.search(line)
                                               and "，" not in line)


def _build_sections(lines: tuple[str, ...], norm: list[str], first: int, last: int,
                    marked: dict[int, int] | None = None) -> tuple[Section, ...]:
    """Build the section tree from the heading lines; a style met again closes the deeper levels.

    `marked` maps lines the source marks as headings (Word heading styles, bold-only paragraphs) to their
    level; such a line without numbering text is a heading with an empty number.
    """
    found = find_headings(lines, norm, first, last, marked)
    return _nest(found, levels_of(found), 0, len(found), last)


def _nest(found: list[Found], levels: list[int], lo: int, hi: int, end: int) -> tuple[Section, ...]:
    out: list[Section] = []
    index = lo
    while index < hi:
        nxt = index + 1
        while nxt < hi and levels[nxt] > levels[index]:
            nxt += 1
        section_end = found[nxt].line - 1 if nxt < hi else end
        item = found[index]
        children = _nest(found, levels, index + 1, nxt, section_end)
        out.append(Section(item.number, item.heading, levels[index], item.line, section_end, children))
        index = nxt
    return tuple(out)
