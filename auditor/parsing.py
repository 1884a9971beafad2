"""Step 2 of the pipeline (parse): Source → Document with title block, section tree and metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor import metadata
from auditor.model import Document, Meta, Section, Source
from auditor.textnorm import normalize, squeeze

# Heading numbering styles, matched on the normalised line (parentheses already full-width).
# Order matters only for overlaps; the level of a style is decided by nesting, not by this list.
HEADING_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("一、", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．，,]\s*(?=\S)")),
    ("（一）", re.compile(r"^（\s*([一二三四五六七八九十]{1,3})\s*）\s*[、.．]?\s*(?=\S)")),
    ("一）", re.compile(r"^([一二三四五六七八九十]{1,3})）\s*(?=\S)")),
    ("（1）", re.compile(r"^（\s*(\d{1,2})\s*）\s*[、.．]?\s*(?=\S)")),
    ("1.", re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(?=\S)")),
    ("①", re.compile(r"^([①-⑳])\s*(?=\S)")),
)
_SENTENCE_END = re.compile(r"[。！？；]")
_TITLE_END = re.compile(r"(报告|总结|汇报|情况)(（[^）]{1,12}）)?$")
_ORGAN_END = re.compile(r"(人民政府|政府|委员会|党委|党工委|管委会|办事处|街道|局|厅|部|委|办|署)$")
_JUNK = re.compile(
    r"(来源[:：]|发布时间|更新时间|浏览次数|次浏览|点击[数量率]|字号|【?字体|打印本页|关闭窗口|分享到|当前位置|"
    r"索引号|发布机构|首页\s*[>|]|^首页$|发文日期|信息来源)"
)
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[〔\[［【（(]\s*\d{2,4}\s*[〕\]］】）)]\s*第?\s*\d+\s*号$")
HEADER_SCAN = 14  # nonblank lines looked at for the title block
MAX_TITLE_LINE = 48


def heading_style(norm_line: str) -> tuple[str, str, int] | None:
    """Return (style, number, length of the numbering) when a line opens with heading numbering."""
    for style, pattern in HEADING_STYLES:
        match = pattern.match(norm_line)
        if match:
            return style, match.group(1), match.end()
    return None


@dataclass
class _Header:
    title: str = ""
    title_lines: list[int] = field(default_factory=list)
    doc_number: tuple[str, int] | None = None
    addressee: str | None = None
    author: str | None = None
    organ_lines: list[str] = field(default_factory=list)
    body_start: int = 1


def parse_document(source: Source, year: int | None = None, level: str | None = None) -> Document:
    """Parse a Source into a Document; `year` and `level` override what the report says."""
    text = source.text
    lines = tuple(text.split("\n"))
    norm_lines = normalize(text).split("\n")
    header = _read_header(lines, norm_lines, source.title_hint)
    tail = metadata.find_signature(lines, norm_lines, header.body_start)
    last_body = (tail.first_line - 1) if tail.first_line else len(lines)
    sections = _build_sections(lines, norm_lines, header.body_start, last_body, dict(source.headings))
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    meta = metadata.detect(
        lines, norm_lines, header.title, header.organ_lines, header.author, header.body_start, tail, sections
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
    for index, raw in enumerate(norm):
        line = squeeze(raw)
        if not line:
            continue
        seen += 1
        if seen > HEADER_SCAN:
            break
        number = index + 1
        if _JUNK.search(line) and not _TITLE_END.search(line):
            header.body_start = number + 1
            continue
        if _DOC_NUMBER.match(line) and header.doc_number is None:
            header.doc_number = (squeeze(lines[index]), number)
            header.body_start = number + 1
            continue
        if header.title and line == squeeze(normalize(header.title)):
            header.body_start = number + 1  # title printed twice (web pages)
            continue
        if metadata.is_date_line(line):
            header.body_start = number + 1
            continue
        if _is_body(line):
            break
        if line.endswith(("：", ":")) and len(line) <= 40:
            header.addressee = squeeze(lines[index]).rstrip("：:")
            header.body_start = number + 1
            break
        if header.title and not parts and _ORGAN_END.search(line) and len(line) <= 30 and header.author is None:
            header.author = squeeze(lines[index])  # the issuing body on its own line under the title
            header.body_start = number + 1
            continue
        parts.append((number, squeeze(lines[index])))
        joined = "".join(p for _, p in parts)
        if _TITLE_END.search(squeeze(normalize(joined))):
            _set_title(header, parts)
            header.body_start = number + 1
            parts = []
        elif len(parts) >= 5:
            break
    if not header.title and hint:
        header.title = squeeze(hint)
    return header


def _set_title(header: _Header, parts: list[tuple[int, str]]) -> None:
    candidate = "".join(p for _, p in parts)
    if header.title and len(candidate) <= len(header.title):
        return
    header.title = candidate
    header.title_lines = [n for n, _ in parts]
    header.organ_lines = [p for _, p in parts if _ORGAN_END.search(normalize(p)) and "关于" not in normalize(p)]


def _is_body(line: str) -> bool:
    """A line that can only be report body: a heading, a long paragraph, or a sentence."""
    return heading_style(line) is not None or len(line) > MAX_TITLE_LINE or bool(_SENTENCE_END.search(line))


def _build_sections(lines: tuple[str, ...], norm: list[str], first: int, last: int,
                    styled: dict[int, int] | None = None) -> tuple[Section, ...]:
    """Build the section tree from numbered lines; a style met again closes the deeper levels.

    `styled` maps lines the source marks as headings (Word heading styles) to their level; such a line
    without numbering text is a heading of style "H<level>" and an empty number.
    """
    found: list[tuple[int, str, str, str]] = []  # (line, style, number, heading)
    styled = styled or {}
    for number in range(first, last + 1):
        raw = norm[number - 1].strip()
        style = heading_style(raw)
        if style:
            found.append((number, style[0], style[1], _heading_text(lines[number - 1].strip()[style[2]:])))
        elif number in styled and raw:
            found.append((number, f"H{styled[number]}", "", _heading_text(lines[number - 1].strip())))
    levels: list[int] = []
    stack: list[str] = []
    for _, style, _, _ in found:
        if style in stack:
            del stack[stack.index(style):]
        stack.append(style)
        levels.append(len(stack))
    return _nest(found, levels, 0, len(found), last)


def _nest(found: list, levels: list[int], lo: int, hi: int, end: int) -> tuple[Section, ...]:
    out: list[Section] = []
    index = lo
    while index < hi:
        nxt = index + 1
        while nxt < hi and levels[nxt] > levels[index]:
            nxt += 1
        section_end = found[nxt][0] - 1 if nxt < hi else end
        line, _, number, heading = found[index]
        children = _nest(found, levels, index + 1, nxt, section_end)
        out.append(Section(number, heading, levels[index], line, section_end, children))
        index = nxt
    return out and tuple(out) or ()


def _heading_text(rest: str) -> str:
    """The heading proper: the text after the number, up to the first sentence end."""
    rest = rest.strip()
    match = _SENTENCE_END.search(rest)
    head = rest[: match.start()] if match else rest
    return squeeze(head)[:80]
