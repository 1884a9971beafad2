"""Step 1 of the pipeline (load): a .pdf report's text layer → Source, page furniture dropped, wrapped lines rejoined."""

from __future__ import annotations

import io
import logging
import re
import statistics
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from auditor.errors import InputError
from auditor.loading.text import check_text, clean_lines
from auditor.model import Source
from auditor.parsing import heading_style
from auditor.textnorm import normalize

MAX_PAGES = 500  # a report is a few dozen pages; more is a book or a scan batch, not one report
BAND = 0.1  # running headers, footers and page numbers sit in the top or bottom tenth of a page

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－·•\s]*\d{1,4}[-—–－·•\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"[Pp]age\s*\d+(?:\s*of\s*\d+)?)$"
)
_CLOSING = re.compile(r"[。！？；：…”’）)》]$")
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_CID = re.compile(r"\(cid:\d+\)")
# pdfminer logs every oddity of a damaged file (FontBBox, xref, "Data-loss while decompressing") as a warning;
# with no handler configured they would reach stderr. The reader's own verdict is what the user sees.
_PDFMINER_LOG = logging.getLogger("pdfminer")
_PDFMINER_LOG.addHandler(logging.NullHandler())
_PDFMINER_LOG.propagate = False
_NO_TEXT = "PDF 没有文字层（可能是扫描件或图片），本工具不支持 OCR；请提供可复制文字的 PDF 或 .docx 原件"


@dataclass(frozen=True)
class Line:
    page: int
    number: int  # line on its page, counted from the top, page furniture excluded
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def read_pdf(path: Path, data: bytes) -> Source:
    """PDF report with a text layer: lines in reading order, joined back into the paragraphs they came from."""
    return from_page_lines(path, _page_lines(data), "pdf", _NO_TEXT)


def from_page_lines(path: Path, pages: list[list[Line]], fmt: str, no_text: str) -> Source:
    """A fixed-layout report (.pdf, .ofd) given as each page's text lines: page furniture dropped, wrapped
    lines joined back into their paragraphs, each located as 第N页第M行."""
    lines = _drop_furniture(pages)
    if sum(len(line.text.strip()) for line in lines) < 10:
        raise InputError(no_text)
    if len(_CID.findall("".join(line.text for line in lines[:200]))) > 20:
        raise InputError("PDF 中的文字无法解码（字体缺少编码信息，提取出的是字形编号）；请提供 .docx 原件或另存为带文字的 PDF")
    paragraphs = _paragraphs(lines)
    # A glyph without a Unicode mapping comes out as "(cid:N)": drop the few, refuse the many (above).
    text = "\n".join(_CID.sub("", clean_lines(_join(para)).replace("\n", " ")) for para in paragraphs)
    check_text(text)
    locations = tuple(f"第{para[0].page}页第{para[0].number}行" for para in paragraphs)
    return Source(path=str(path), text=text, format=fmt, encoding=fmt, locations=locations)


def _join(para: list[Line]) -> str:
    """Join wrapped lines: CJK text directly, Latin words (split between lines, not within) with a space."""
    out = para[0].text.strip()
    for line in para[1:]:
        text = line.text.strip()
        out += (" " if _LATIN_END.search(out) and _LATIN_START.match(text) else "") + text
    return out


def _page_lines(data: bytes) -> list[list[Line]]:
    """Text lines of every page, top to bottom (pdfplumber groups characters into lines by position)."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(f"PDF 页数过多（{len(pdf.pages)} 页，上限 {MAX_PAGES} 页）")
            pages = []
            for index, page in enumerate(pdf.pages, start=1):
                pages.append(_lines_of(page, index))
                page.close()  # drop the page's parsed objects: memory stays at one page, not the whole file
            return pages
    except InputError:
        raise
    except PdfminerException as exc:
        if "Password" in type(exc.args[0] if exc.args else exc).__name__:
            raise InputError("PDF 文件已加密（需要密码才能打开）：请提供未加密的文件") from None
        raise InputError("不是有效的 PDF 文件（文件已损坏、不完整，或只是改了扩展名）") from None
    except Exception:  # noqa: BLE001 - pdfminer raises many types (PSEOF, KeyError, TypeError) on damaged files
        raise InputError("不是有效的 PDF 文件（文件已损坏、不完整，或只是改了扩展名）") from None


def _lines_of(page: Any, index: int) -> list[Line]:  # page: a pdfplumber Page
    height = float(page.height) or 1.0
    out = []
    # A gap counts as a space only from half a character up: justified lines spread their characters apart.
    for number, raw in enumerate(page.extract_text_lines(return_chars=False, x_tolerance_ratio=0.5), start=1):
        text = CJK_GAP.sub("", raw["text"])  # 报    告 spread over a line by distributed alignment
        out.append(Line(index, number, text, raw["x0"], raw["x1"], raw["top"] / height, raw["bottom"] / height))
    return out


def _drop_furniture(pages: list[list[Line]]) -> list[Line]:
    """Drop page numbers and running headers/footers at the top or bottom of the pages."""
    def in_band(line: Line) -> bool:
        return line.top < BAND or line.bottom > 1 - BAND

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    counts: dict[str, int] = {}
    for page in pages:
        for k in {key(line) for line in page if in_band(line)}:
            counts[k] = counts.get(k, 0) + 1
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    heights = [ln.bottom - ln.top for page in pages for ln in page]
    small = 0.8 * statistics.median(heights) if heights else 0.0

    def furniture(line: Line) -> bool:
        # Page numbers; text repeated at the same place on most pages; small print in the margin (a header
        # or footnote in 小五 beside a body in 三号) — the last also catches a one-page report's header.
        return in_band(line) and (bool(_PAGE_NUMBER.match(line.text.strip())) or key(line) in repeated
                                  or line.bottom - line.top < small)

    kept: list[Line] = []
    for page in pages:
        body = [ln for ln in page if not furniture(ln)]
        kept.extend(Line(ln.page, n, ln.text, ln.x0, ln.x1, ln.top, ln.bottom) for n, ln in enumerate(body, 1))
    return kept


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Group lines into paragraphs: a line continues the one above unless something says it starts anew."""
    layout = _Layout.of(lines)
    out: list[list[Line]] = []
    for line in lines:
        if out and layout.continues(out[-1][-1], line):
            out[-1].append(line)
        else:
            out.append([line])
    return out


@dataclass(frozen=True)
class _Layout:
    """The text block of the document: left and right edges, line height and usual line pitch."""

    left: float
    right: float
    em: float  # line height, about one character width for CJK text
    pitch: float  # usual distance from one line's top to the next, as a page fraction
    longest: int  # characters in the longest line

    @classmethod
    def of(cls, lines: list[Line]) -> _Layout:
        if not lines:
            return cls(0.0, 0.0, 1.0, 0.0, 0)
        heights = [ln.bottom - ln.top for ln in lines]
        steps = [b.top - a.top for a, b in pairwise(lines) if a.page == b.page and b.top > a.top]
        ems = [(ln.x1 - ln.x0) / max(len(ln.text.replace(" ", "")), 1) for ln in lines if len(ln.text) >= 10]
        longest = max(len(ln.text) for ln in lines)
        # The text block's edges from the long lines (wrapped body text), robust to a stray wide line.
        body = [ln for ln in lines if len(ln.text) >= 0.6 * longest] or lines
        edges = sorted(ln.x1 for ln in body)
        return cls(
            left=min(statistics.multimode(round(ln.x0) for ln in body)),
            right=edges[int(0.95 * (len(edges) - 1))],
            em=statistics.median(ems) if ems else 10.0,
            pitch=statistics.median(steps) if steps else statistics.median(heights) * 1.4,
            longest=longest,
        )

    def continues(self, above: Line, line: Line) -> bool:
        """Whether `line` is the wrapped continuation of the paragraph ending with `above`."""
        if heading_style(normalize(line.text.strip())):
            return False  # 一、 （一） 1. at a line start open a new part
        if line.x0 > self.left + 1.5 * self.em:
            return False  # first-line indent, or a centred or right-aligned line
        if line.page == above.page and line.top - above.top > self.pitch * 1.5:
            return False  # a blank line's worth of space
        if line.page != above.page and line.page != above.page + 1:
            return False
        short = self.right - above.x1
        if short <= 2 * self.em:
            return True  # the line above ran to the right edge: the page wrapped it
        # Unjustified text ends short when the line holds digits or Latin letters (half-width);
        # a long line that stops mid-sentence was still wrapped by the page.
        return (short <= 12 * self.em and not _CLOSING.search(above.text.strip())
                and len(above.text) >= 0.6 * self.longest)
