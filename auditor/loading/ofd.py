"""Step 1 of the pipeline (load): an .ofd report (GB/T 33190-2016, the fixed-layout format of Chinese
electronic official documents) → Source, read like a PDF's text layer.

An OFD file is a zip of XML parts: OFD.xml names the document (DocRoot); the document lists its pages
(Pages/Page BaseLoc) and the default page size (PhysicalBox, in millimetres); each page's content holds
text objects (TextObject: a Boundary, an optional CTM, a font Size) whose TextCode elements carry the text
and its position (X, Y: the baseline of the first character, DeltaX: the advance of the others). Pieces
sharing a baseline make a line; the lines then go through the PDF reader's furniture removal and
paragraph joining. Page templates (running headers and footers) are not read.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

from auditor.errors import InputError
from auditor.loading.docx import check_zip
from auditor.loading.pdf import CJK_GAP, Line, from_page_lines
from auditor.model import Source

MAX_PAGES = 500
MAX_MM = 1e6  # a kilometre: a position or size beyond it (or not a number) is damage, and its text is dropped
_NOT_OFD = "不是有效的 .ofd 文件（文件已损坏、不完整，或只是改了扩展名）"
_NO_TEXT = "OFD 中没有文字（可能是扫描件或图片），本工具不支持 OCR；请提供带文字的 OFD、PDF 或 .docx 原件"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def read_ofd(path: Path, data: bytes) -> Source:
    """OFD report: the text of every page in reading order, joined back into paragraphs."""
    check_zip(data, _NOT_OFD)  # the same limits as a .docx: a damaged zip or a zip bomb is refused before reading
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            pages = _pages(archive)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - zipfile and lxml raise many types (KeyError, XMLSyntaxError, ValueError)
        raise InputError(_NOT_OFD) from None
    return from_page_lines(path, pages, "ofd", _NO_TEXT)


def _xml(archive: zipfile.ZipFile, name: str) -> Any:  # -> lxml element
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    return etree.fromstring(archive.read(name.lstrip("/")), parser=parser)


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element.iter() if _local(child) == name]


def _numbers(text: str | None) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text or "")]


def _pages(archive: zipfile.ZipFile) -> list[list[Line]]:
    root = _xml(archive, "OFD.xml")
    doc_roots = _children(root, "DocRoot")
    if not doc_roots or not (doc_roots[0].text or "").strip():
        raise InputError(_NOT_OFD)
    doc_path = doc_roots[0].text.strip().lstrip("/")
    document = _xml(archive, doc_path)
    base = posixpath.dirname(doc_path)
    boxes = [_numbers(box.text) for box in _children(document, "PhysicalBox")]
    default_box = boxes[0] if boxes and len(boxes[0]) == 4 else [0.0, 0.0, 210.0, 297.0]  # A4
    pages = [page for page in _children(document, "Page") if page.get("BaseLoc")]
    if len(pages) > MAX_PAGES:
        raise InputError(f"OFD 页数过多（{len(pages)} 页，上限 {MAX_PAGES} 页）")
    out = []
    for index, page in enumerate(pages, start=1):
        content = _xml(archive, _part(archive, base, page.get("BaseLoc").strip()))
        own = [_numbers(box.text) for box in _children(content, "PhysicalBox")]
        box = own[0] if own and len(own[0]) == 4 else default_box
        out.append(_lines(_pieces(content), index, box[3] or 297.0))
    return out


def _part(archive: zipfile.ZipFile, base: str, location: str) -> str:
    """A page's part name: BaseLoc is relative to the document's folder (or absolute from the package root);
    some producers write it from the package root without the leading slash, which is accepted too."""
    if location.startswith("/"):
        return location.lstrip("/")
    relative = posixpath.normpath(posixpath.join(base, location))
    names = set(archive.namelist())
    return relative if relative in names or location not in names else location


def _pieces(content: Any) -> list[tuple[float, float, float, float, str]]:
    """(baseline y, x start, x end, font size, text) of every TextCode, in page millimetres."""
    pieces = []
    for obj in _children(content, "TextObject"):
        bx, by = (_numbers(obj.get("Boundary")) + [0.0, 0.0])[:2]
        ctm = _numbers(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        scale = math.sqrt(abs(a * d - b * c)) or 1.0
        size = (_numbers(obj.get("Size")) or [3.5])[0] * scale
        x = y = 0.0
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            x = _numbers(code.get("X"))[0] if code.get("X") else x
            y = _numbers(code.get("Y"))[0] if code.get("Y") else y
            if not text.strip():
                continue
            advance = sum(_deltas(code.get("DeltaX"), len(text) - 1)) * a + size
            left, base = bx + a * x + c * y + e, by + b * x + d * y + f
            right = left + max(advance, size)
            if all(-MAX_MM < v < MAX_MM for v in (base, left, right, size)):  # NaN fails too
                pieces.append((base, left, right, size, text))
    return pieces


def _deltas(spec: str | None, count: int) -> list[float]:
    """DeltaX: advances between characters; "g n d" stands for n advances of d (GB/T 33190 11.3)."""
    if not spec:
        return [0.0] * count
    tokens, out, at = spec.split(), [], 0
    while at < len(tokens) and len(out) < count:
        if tokens[at] == "g" and at + 2 < len(tokens):
            # only as many as the text has characters: "g 1000000000 5" once asked for 4.7 GB of advances
            repeat, wanted = float(tokens[at + 1]), count - len(out)
            times = int(repeat) if repeat < wanted else wanted  # NaN and infinity too: as many as wanted
            out.extend([float(tokens[at + 2])] * max(times, 0))
            at += 3
        else:
            out.append(float(tokens[at]))
            at += 1
    return out[:count]


def _lines(pieces: list[tuple[float, float, float, float, str]], page: int, height: float) -> list[Line]:
    """Pieces sharing a baseline (within a third of the font size) make one line, read left to right."""
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for piece in sorted(pieces, key=lambda p: (p[0], p[1])):
        if rows and abs(piece[0] - rows[-1][0][0]) <= piece[3] / 3:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    out = []
    for number, row in enumerate(rows, start=1):
        row.sort(key=lambda p: p[1])
        text = row[0][4]
        for before, piece in zip(row, row[1:]):
            gap = piece[1] - before[2]
            text += (" " if gap > piece[3] / 2 else "") + piece[4]
        base, size = row[0][0], max(p[3] for p in row)
        text = CJK_GAP.sub("", text)  # 报    告 spread over a line by distributed alignment
        out.append(Line(page, number, text, row[0][1], max(p[2] for p in row), (base - size) / height, base / height))
    return out
