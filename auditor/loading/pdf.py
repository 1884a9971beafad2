"""Step 1 of the pipeline (load): a .pdf report's text layer → Source, page furniture dropped, wrapped lines rejoined."""

from __future__ import annotations

import io
import logging
import re
import statistics
import time
import zlib
from contextvars import ContextVar
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
    # A position that is not a finite number of sane size (a damaged matrix) cannot be laid out: such lines
    # are dropped rather than crash the layout (round(inf) raises).
    pages = [[ln for ln in page if all(-1e9 < v < 1e9 for v in (ln.x0, ln.x1, ln.top, ln.bottom))]
             for page in pages]
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
    """Text lines of every page, top to bottom (pdfplumber groups characters into lines by position).

    pdfminer reads whatever a file asks for: form objects drawing each other thousands of times, a page of
    200,000 text operators, a stream that inflates a thousandfold. Every page is therefore run under a
    _Budget (form nesting depth, operators and characters per page, characters for the whole file relative
    to its size, a time limit), and streams inflate up to a size limit: a file past any of them is refused
    with a reason instead of exhausting memory or time.
    """
    import pdfplumber
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page
    from pdfplumber.utils.exceptions import PdfminerException

    _bound_pdfminer_streams()
    budget = _Budget(len(data))
    token = _STREAM_LIMIT.set(STREAM_FLOOR + STREAM_RATIO * len(data))
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages, doctop = [], 0.0
            for index, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
                if index > MAX_PAGES:
                    raise InputError(f"PDF 页数过多（超过 {MAX_PAGES} 页）")
                page = Page(pdf, page_obj, page_number=index, initial_doctop=doctop)
                doctop += page.height
                pages.append(_lines_of(page, index, budget))
                page.close()  # drop the page's parsed objects: memory stays at one page, not the whole file
            return pages
    except InputError:
        raise
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, InputError):
            raise inner from None
        if "Password" in type(inner).__name__:
            raise InputError("PDF 文件已加密（需要密码才能打开）：请提供未加密的文件") from None
        raise InputError("不是有效的 PDF 文件（文件已损坏、不完整，或只是改了扩展名）") from None
    except (MemoryError, RecursionError):
        raise InputError("PDF 内容结构过于复杂，无法读取：请提供 .docx 原件或重新导出的 PDF") from None
    except Exception:  # noqa: BLE001 - pdfminer raises many types (PSEOF, KeyError, TypeError) on damaged files
        raise InputError("不是有效的 PDF 文件（文件已损坏、不完整，或只是改了扩展名）") from None
    finally:
        _STREAM_LIMIT.reset(token)


# Bounds on reading one PDF. A report's page holds a few thousand characters and a few thousand drawing
# operators; its form objects (stamps, letterheads) nest two or three deep; its text layer is far smaller
# than the file. Each limit is many times what a real report needs.
MAX_FORM_DEPTH = 12
MAX_PAGE_CHARS = 40_000
MAX_PAGE_OPS = 1_000_000  # operands and drawing operations of one page, form objects included
MAX_PAGE_FORMS = 20_000  # form objects drawn on one page
TOTAL_CHARS_FLOOR, TOTAL_CHARS_RATIO = 300_000, 20  # characters of the whole file: 20 a byte past the floor
READ_SECONDS = 40.0
STREAM_FLOOR, STREAM_RATIO = 32 * 1024 * 1024, 8  # one stream inflates to at most 32 MB + 8× the file
MAX_GSTACK = 256  # saved graphics states (q without Q); PDF itself allows 28
_STREAM_LIMIT: ContextVar[int] = ContextVar("pdf_stream_limit", default=STREAM_FLOOR)
_TOO_COMPLEX = "PDF 内容过于复杂（{}），可能是恶意构造或已损坏的文件，已拒绝：请提供 .docx 原件或重新导出的 PDF"


class _Budget:
    """What reading one PDF may spend; exceeding any part refuses the file with a reason."""

    def __init__(self, size: int) -> None:
        self.deadline = time.monotonic() + READ_SECONDS
        self.total_limit = max(TOTAL_CHARS_FLOOR, TOTAL_CHARS_RATIO * size)
        self.total = 0
        self.start_page()

    def start_page(self) -> None:
        self.chars = self.ops = self.forms = 0

    def char(self) -> None:
        self.chars += 1
        self.total += 1
        if self.chars > MAX_PAGE_CHARS:
            raise InputError(_TOO_COMPLEX.format(f"一页超过 {MAX_PAGE_CHARS} 个字符"))
        if self.total > self.total_limit:
            raise InputError(_TOO_COMPLEX.format("文字数量与文件大小极不相称"))
        self.op()

    def op(self) -> None:
        self.ops += 1
        if self.ops > MAX_PAGE_OPS:
            raise InputError(_TOO_COMPLEX.format(f"一页超过 {MAX_PAGE_OPS} 个绘制指令"))
        if not self.ops & 1023 and time.monotonic() > self.deadline:
            raise InputError(_TOO_COMPLEX.format(f"读取超过 {READ_SECONDS:g} 秒"))

    def form(self, depth: int) -> None:
        self.forms += 1
        if depth > MAX_FORM_DEPTH:
            raise InputError(_TOO_COMPLEX.format(f"表单对象嵌套超过 {MAX_FORM_DEPTH} 层"))
        if self.forms > MAX_PAGE_FORMS:
            raise InputError(_TOO_COMPLEX.format(f"一页绘制表单对象超过 {MAX_PAGE_FORMS} 次"))
        self.op()


def _lines_of(page: Any, index: int, budget: _Budget) -> list[Line]:  # page: a pdfplumber Page
    """The page's text lines; its layout is made here, under the budget, instead of by pdfplumber."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class Device(PDFPageAggregatorWithMarkedContent):
        def render_char(self, *args: Any, **kwargs: Any) -> float:
            budget.char()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            budget.op()
            super().paint_path(*args, **kwargs)

    class Interpreter(PDFPageInterpreter):
        depth = 0

        def dup(self) -> "Interpreter":
            twin = self.__class__(self.rsrcmgr, self.device)
            twin.depth = self.depth
            return twin

        def subinterp(self) -> "Interpreter":  # a form object drawn: one level deeper
            sub = super().subinterp()
            sub.depth = self.depth + 1
            budget.form(sub.depth)
            return sub  # type: ignore[return-value]

        def push(self, obj: Any) -> None:
            budget.op()
            if len(self.argstack) > 64:  # operands no operator takes (each pop copied them all)
                del self.argstack[:-32]
            self.argstack.append(obj)

        def do_q(self) -> None:
            budget.op()
            if len(self.gstack) < MAX_GSTACK:
                super().do_q()

    budget.start_page()
    device = Device(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    Interpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()  # what pdfplumber's Page.layout would have made, unbounded
    return _text_lines(page, index)


def _text_lines(page: Any, index: int) -> list[Line]:  # page: a pdfplumber Page
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


def _inflate(data: bytes) -> bytes:
    """zlib.decompress for pdfminer's streams, stopping at the size limit: a stream that inflates past it
    (a decompression bomb in a few KB of PDF) refuses the file."""
    limit = _STREAM_LIMIT.get()
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit:
        raise InputError(_TOO_COMPLEX.format(f"数据流解压后超过 {limit // 1048576} MB"))
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says; pdfminer then salvages
    return out


def _inflate_damaged(data: bytes) -> bytes:
    """pdfminer's salvage of a damaged deflate stream (inflate byte by byte, keep what came before the
    error), in linear time and within the size limit (pdfminer's own copy grows its result quadratically)."""
    limit = _STREAM_LIMIT.get()
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    for at in range(len(data)):
        try:
            piece = inflater.decompress(data[at:at + 1])
        except zlib.error:
            if at < len(data) - 3:
                raise
            break
        size += len(piece)
        if size > limit:
            raise InputError(_TOO_COMPLEX.format(f"数据流解压后超过 {limit // 1048576} MB"))
        out.append(piece)
    return b"".join(out)


class _BoundedZlib:
    """The zlib module as pdfminer.pdftypes sees it: decompress bounded, the rest as is."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)
    decompress = staticmethod(_inflate)


def _bound_pdfminer_streams() -> None:
    from pdfminer import pdftypes

    pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]
    pdftypes.decompress_corrupted = _inflate_damaged
