"""Step 1 of the pipeline (load): a Word .docx report → Source, paragraphs and table cells in document order."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.headings import BOLD, MAX_BOLD
from auditor.loading.doc import OLE_MAGIC
from auditor.loading.text import from_paragraphs
from auditor.model import Source

if TYPE_CHECKING:
    from auditor.loading.numbering import Numbering

# A .docx is a zip of XML parts. A real report unpacks to a few MB (plus its pictures); a "zip bomb"
# declares or inflates to far more. Both limits are checked on the zip directory before anything is
# inflated, and the inflated bytes are counted again while reading, since a directory can lie.
MAX_UNZIPPED = 200 * 1024 * 1024  # pictures included: they are stored, not compressed
MAX_XML = 40 * 1024 * 1024  # the XML parts are parsed into memory (several times their size)
MAX_RATIO = 200  # XML compresses 5–20×; a part that inflates more than 200× is not a Word document
RATIO_FLOOR = 1024 * 1024  # small parts may compress very well (repeated markup); only big ones count
MAX_PARTS = 5000

ZIP_MAGIC = b"PK\x03\x04"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text a reader does not see in the paragraph: properties, deleted or moved-away text,
# field instructions, text boxes (drawn apart from the paragraph they are anchored to), comments' marks.
_HIDDEN = {_W + t for t in ("pPr", "rPr", "del", "moveFrom", "instrText", "delInstrText", "txbxContent",
                            "sdtPr", "sdtEndPr", "footnoteReference", "endnoteReference", "commentReference")}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_NOT_DOCX = "不是有效的 .docx 文件（文件已损坏、不完整，或只是改了扩展名）"


def read_docx(path: Path, data: bytes) -> Source:
    """Word report (.docx): every paragraph in order, tables cell by cell, Word heading styles kept."""
    if data.startswith(OLE_MAGIC):  # an old .doc renamed to .docx, or a password-protected .docx
        from auditor.loading.doc import read_doc

        return read_doc(path, data)
    if not data.startswith(ZIP_MAGIC):
        raise InputError(_NOT_DOCX)
    check_zip(data)
    return from_paragraphs(path, list(_paragraphs(data)), "docx")


def check_zip(data: bytes, invalid: str = _NOT_DOCX) -> None:
    """Refuse a damaged zip (`invalid` says why) or a zip bomb: sizes declared in the directory first, then
    actual bytes read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_directory(entries)
            total = 0
            for entry in entries:
                total += _inflated_size(archive, entry, MAX_UNZIPPED - total)
    except zipfile.BadZipFile:
        raise InputError(invalid) from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError, RuntimeError,
            zlib.error):  # zlib.error: a damaged deflate stream inside the zip
        raise InputError(invalid) from None


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_PARTS:
        raise InputError(f".docx 内部文件数异常（{len(entries)} 个），疑似恶意构造的压缩包，已拒绝")
    declared = sum(e.file_size for e in entries)
    if declared > MAX_UNZIPPED:
        raise _bomb(declared)
    xml = sum(e.file_size for e in entries if _is_xml(e))
    if xml > MAX_XML:
        raise InputError(f".docx 文字部分解压后过大（{xml / 1048576:.0f} MB，上限 {MAX_XML // 1048576} MB），"
                         "疑似压缩炸弹，已拒绝")
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise _bomb(declared)


def _is_xml(entry: zipfile.ZipInfo) -> bool:
    return entry.filename.lower().endswith((".xml", ".rels"))


def _inflated_size(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> int:
    """Inflate one part in chunks, counting bytes: stop as soon as it passes its declared size or the budget."""
    limit = min(entry.file_size, budget)
    read = 0
    with archive.open(entry) as stream:
        while chunk := stream.read(1 << 16):
            read += len(chunk)
            if read > limit:
                raise _bomb(read)
    return read


def _bomb(size: int) -> InputError:
    return InputError(
        f".docx 解压后过大（至少 {size / 1048576:.0f} MB，上限 {MAX_UNZIPPED // 1048576} MB），疑似压缩炸弹，已拒绝"
    )


def _paragraphs(data: bytes) -> list[tuple[str, int]]:
    """(text, heading level or 0) of each paragraph of the body, table cells included, in document order."""
    import docx

    from auditor.loading.numbering import Numbering

    try:
        document = docx.Document(io.BytesIO(data))
        return list(_blocks(document.element.body, document, Numbering(document), _Styles(document)))
    except Exception:  # noqa: BLE001 - python-docx/lxml raise many types (KeyError, XMLSyntaxError, ValueError) on bad parts
        raise InputError(_NOT_DOCX) from None


class _Styles:
    """Each paragraph's style, looked up once per style id: python-docx's own look-up scans every style of
    the document for the default one each time (two thirds of a .docx report's load time)."""

    def __init__(self, document: Any) -> None:  # document: a python-docx Document
        self.part = document.part
        self.memo: dict[str | None, Any] = {}

    def of(self, p: Any) -> Any:  # p: a w:p element → its python-docx style, or None
        style_id = p.style
        if style_id not in self.memo:
            from docx.enum.style import WD_STYLE_TYPE

            try:
                self.memo[style_id] = self.part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            except (KeyError, ValueError, AttributeError):
                self.memo[style_id] = None
        return self.memo[style_id]


def _blocks(element: Any, owner: Any, numbering: Numbering, styles: _Styles) -> Iterator[tuple[str, int]]:
    """Paragraphs and tables under a body or cell element, also those wrapped in content controls.

    python-docx's own iteration skips paragraphs inside content controls (w:sdt) and custom XML, which
    report templates use; `owner` is the Document or cell the paragraphs belong to (for style look-ups).
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            paragraph, style = Paragraph(child, owner), styles.of(child)
            # Automatic numbering (一、 （一）) is not in the text: Word draws it from numbering.xml.
            text = numbering.label(paragraph, style) + paragraph_text(child)
            yield text, _heading_level(style) or (BOLD if _bold_only(child, style, text) else 0)
        elif tag == _W + "tbl":
            yield from _table(Table(child, owner), numbering, styles)
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content, owner, numbering, styles)
        elif tag in (_W + "customXml", _W + "ins", _W + "moveTo"):
            yield from _blocks(child, owner, numbering, styles)


def _table(table: Any, numbering: Numbering, styles: _Styles) -> Iterator[tuple[str, int]]:  # a docx Table
    """Rows top to bottom, cells left to right; a merged cell (returned once per grid column) read once."""
    seen: set[object] = set()  # the cells' XML elements (kept referenced, so identity is stable)
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield from _blocks(cell._tc, cell, numbering, styles)


def paragraph_text(p: Any) -> str:
    """The text Word shows for a paragraph: tracked insertions kept, deletions and field codes left out."""
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(element: Any, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _MC + "AlternateContent":
            if len(child):
                _collect(child[0], out)  # Choice and Fallback hold the same content: read one
        elif tag not in _HIDDEN:
            _collect(child, out)


def _bold_only(p: Any, style: Any, text: str) -> bool:  # p: a w:p element; style: its python-docx style
    """A short paragraph whose every visible run is bold: how many drafters mark a heading without a style."""
    if not text.strip() or len(text.strip()) > MAX_BOLD:
        return False
    runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.findall(_W + "t")).strip()]
    return bool(runs) and all(_run_bold(r, style) for r in runs)


def _run_bold(run: Any, style: Any) -> bool:
    mark = run.find(f"{_W}rPr/{_W}b")
    if mark is not None:
        return mark.get(_W + "val") not in ("0", "false", "off")
    while style is not None:  # bold set on the paragraph style or a style it is based on
        try:
            if style.font.bold is not None:
                return bool(style.font.bold)
            style = style.base_style
        except (KeyError, ValueError, AttributeError):
            return False
    return False


def _heading_level(style: Any) -> int:  # style: a python-docx paragraph style, or None
    """1–9 for a paragraph in a Word heading style ("Heading 2", WPS "标题 2"), else 0."""
    try:
        name = style.name if style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return 0
    match = _HEADING_STYLE.match((name or "").strip())
    return int(match.group(1)) if match else 0
