"""Step 1 of the pipeline (load): an old binary Word report (.doc, Word 97–2003; WPS .wps in the same format).

The text is read the way Word stores it ([MS-DOC] 2.4.1, "Retrieving Text"): the File Information Block at
the start of the WordDocument stream gives the length of the main text (ccpText) and where the piece table
(Clx) lies in the table stream; each piece holds a run of characters, either 8-bit (cp1252) or UTF-16.
Only the main text is read (not headers, footnotes or comments). Field codes are dropped and their shown
result kept; text marked deleted by tracked changes, and hidden text, are left out as Word shows the document.
Automatic list numbers (一、 （一）) and heading styles come from the property tables (doc_lists).
"""

from __future__ import annotations

import io
import struct
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError
from auditor.loading.doc_records import sprms, unique_pages
from auditor.loading.text import from_paragraphs
from auditor.model import Source

if TYPE_CHECKING:
    from auditor.loading.doc_lists import DocLists

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: .doc/.wps, or an encrypted .docx
_NOT_DOC = "无法读取：不是有效的 Word 97–2003 文档（可能已加密或已损坏），请另存为 .docx 再审核"
_ENCRYPTED = "文件已加密：请在 Word/WPS 中取消密码保护，另存为 .docx 后再审核"
_MAX_CHARS = 5_000_000  # a report is tens of thousands of characters; a bigger claim is a damaged file

_FIELD_BEGIN, _FIELD_SEPARATE, _FIELD_END = "\x13", "\x14", "\x15"
_SPRM_DELETED = 0x0800  # sprmCFRMarkDel: the run is deleted text kept for tracked changes
_SPRM_HIDDEN = 0x083C  # sprmCFVanish: hidden text


def read_doc(path: Path, data: bytes) -> Source:
    """Word 97–2003 report: the main text, paragraph by paragraph; table cells each on a line."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error, IndexError):
        raise InputError(_NOT_DOC) from None
    with ole:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise InputError(_ENCRYPTED)  # a password-protected .docx is kept in this container
        if not ole.exists("WordDocument"):
            raise InputError(_NOT_DOC)
        try:
            text, offsets, lists = _main_text(ole)
        except (OSError, ValueError, struct.error, IndexError, KeyError):
            raise InputError(_NOT_DOC) from None
    paragraphs = _shown(text, offsets)
    if paragraphs and not paragraphs[-1][0]:
        paragraphs.pop()  # the document's final paragraph mark ends the last paragraph, it starts none
    numbered = []
    for paragraph, mark in paragraphs:
        try:
            label, level = lists.paragraph(mark) if lists is not None else ("", 0)
        except (ValueError, struct.error, IndexError, KeyError):
            label, level = "", 0  # numbering tables that cannot be read: the paragraph as it is
        numbered.append((label + paragraph, level))
    return from_paragraphs(path, numbered, "doc")


def _main_text(ole) -> tuple[str, "array[int]", "DocLists | None"]:  # noqa: ANN001  (olefile.OleFileIO)
    """The main document's characters (Word's control characters still in, deleted runs left out), each
    character's byte offset in the WordDocument stream, and the document's list numbering."""
    word = ole.openstream("WordDocument").read()
    ident, nfib, _, _, _, flags = struct.unpack_from("<HHHHHH", word, 0)
    if ident != 0xA5EC:
        raise InputError(_NOT_DOC)
    if nfib < 0x00C1:
        raise InputError("这是 Word 95 或更早版本的文档，不支持：请在 Word/WPS 中另存为 .docx 后再审核")
    if flags & 0x0100:  # fEncrypted
        raise InputError(_ENCRYPTED)
    table_name = "1Table" if flags & 0x0200 else "0Table"  # fWhichTblStm
    if not ole.exists(table_name):
        raise InputError(_NOT_DOC)
    table = ole.openstream(table_name).read()
    fib = _Fib(word)
    if not 0 <= fib.ccp_text <= _MAX_CHARS:
        raise InputError(_NOT_DOC)
    pieces = _pieces(table, fib.fc_clx, fib.lcb_clx)
    deleted = _deleted_ranges(word, table, fib)
    out: list[str] = []
    offsets = array("q")  # a machine integer per character, not a Python object: 8 bytes instead of ~36
    for cp_start, cp_end, fc, compressed in pieces:
        if cp_start >= fib.ccp_text:
            break
        cp_end = min(cp_end, fib.ccp_text)
        count = cp_end - cp_start
        if compressed:
            raw = word[fc:fc + count]
            chunk, starts = raw.decode("cp1252", errors="replace"), range(fc, fc + count)
        else:
            raw = word[fc:fc + 2 * count]
            chunk, starts = raw.decode("utf-16-le", errors="replace"), range(fc, fc + 2 * count, 2)
        if len(chunk) != count:
            raise InputError(_NOT_DOC)
        if deleted:
            keep = [not _inside(deleted, at) for at in starts]
            chunk = "".join(char for char, kept in zip(chunk, keep) if kept)
            starts = array("q", (at for at, kept in zip(starts, keep) if kept))
        out.append(chunk)
        offsets.extend(starts)
    from auditor.loading.doc_lists import DocLists

    try:
        lists = DocLists(word, table, fib.pairs)
    except (ValueError, struct.error, IndexError, KeyError):
        lists = None  # numbering tables that cannot be read: the text without automatic numbers
    return "".join(out), offsets, lists


class _Fib:
    """The few File Information Block fields the text needs ([MS-DOC] 2.5.1)."""

    def __init__(self, word: bytes) -> None:
        csw = struct.unpack_from("<H", word, 32)[0]
        at = 34 + 2 * csw
        cslw = struct.unpack_from("<H", word, at)[0]
        lw = at + 2
        self.ccp_text = struct.unpack_from("<i", word, lw + 3 * 4)[0]  # FibRgLw97.ccpText
        at = lw + 4 * cslw
        count = struct.unpack_from("<H", word, at)[0]  # cbRgFcLcb: number of (fc, lcb) pairs
        blob = at + 2

        # every (fc, lcb) pair: where each table of the document lies in the table stream
        self.pairs = [struct.unpack_from("<II", word, blob + 8 * index) for index in range(count)]
        if count <= 33:
            raise InputError(_NOT_DOC)
        self.fc_clx, self.lcb_clx = self.pairs[33]  # FibRgFcLcb97.fcClx / lcbClx
        self.fc_bte_chpx, self.lcb_bte_chpx = self.pairs[12]  # fcPlcfBteChpx: where character properties lie


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[tuple[int, int, int, bool]]:
    """(first cp, end cp, byte offset in WordDocument, 8-bit?) of each piece of text, from the Clx."""
    clx = table[fc_clx:fc_clx + lcb_clx]
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: property modifiers, skipped
        size = struct.unpack_from("<h", clx, at + 1)[0]
        if size < 0:  # a negative size would never move on: a damaged file
            raise InputError(_NOT_DOC)
        at += 3 + size
    if at >= len(clx) or clx[at] != 0x02:
        raise InputError(_NOT_DOC)
    lcb = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5:at + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise InputError(_NOT_DOC)
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []
    for i in range(n):
        fc_field = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        compressed = bool(fc_field & 0x40000000)
        fc = fc_field & 0x3FFFFFFF
        pieces.append((cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed))
    return pieces


def _deleted_ranges(word: bytes, table: bytes, fib: _Fib) -> list[tuple[int, int]]:
    """Byte ranges of the WordDocument stream whose characters are deleted (tracked) or hidden.

    Character properties are kept in 512-byte pages (FKPs) listed by PlcBteChpx; each page maps ranges of
    text bytes to property lists (sprms). Only the deletion and hidden marks are looked for.
    """
    plc = table[fib.fc_bte_chpx:fib.fc_bte_chpx + fib.lcb_bte_chpx]
    n = (len(plc) - 4) // 8
    if n <= 0:
        return []
    pages = struct.unpack_from(f"<{n}I", plc, 4 * (n + 1))
    ranges: set[tuple[int, int]] = set()
    for page in unique_pages(pages, len(word)):
        fkp = word[page * 512:page * 512 + 512]
        crun = fkp[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        for i in range(crun):
            offset = fkp[4 * (crun + 1) + i] * 2
            if offset and _drops(fkp, offset):
                ranges.add((fcs[i], fcs[i + 1]))
    return _merged(ranges)


def _drops(fkp: bytes, offset: int) -> bool:
    """Whether a Chpx (size byte, then sprms) marks its run deleted or hidden (operand 1, or 0x81: the
    opposite of a style that does not set it)."""
    props = sprms(fkp[offset + 1:offset + 1 + fkp[offset]])
    return any(props.get(sprm, b"")[:1] in (b"\x01", b"\x81") for sprm in (_SPRM_DELETED, _SPRM_HIDDEN))


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _inside(ranges: list[tuple[int, int]], at: int) -> bool:
    from bisect import bisect_right

    index = bisect_right(ranges, (at, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= at < ranges[index][1]


def _shown(text: str, offsets: Sequence[int]) -> list[tuple[str, int | None]]:
    """The paragraphs as Word shows them, each with the byte offset of its paragraph mark (None where a
    page break ends it): field results without their codes; cell and row ends, manual line and page breaks
    as line ends; pictures, footnote marks and other anchors removed."""
    paragraphs: list[tuple[str, int | None]] = []
    out: list[str] = []
    depth_code: list[bool] = []  # per open field: still in its code part?
    previous = ""
    for char, at in zip(text, offsets):
        if char == "\x07" and previous == "\x07":
            continue  # a row ends with a mark of its own right after its last cell's: no empty line
        previous = char
        if char == _FIELD_BEGIN:
            depth_code.append(True)
            continue
        if char == _FIELD_SEPARATE:
            if depth_code:
                depth_code[-1] = False
            continue
        if char == _FIELD_END:
            if depth_code:
                depth_code.pop()
            continue
        if char in "\r\x07":  # end of a paragraph, or of a table cell (its paragraph mark)
            paragraphs.append(("".join(out), at))
            out = []
            continue
        if depth_code and any(depth_code):
            continue  # inside a field's code (HYPERLINK "…", PAGE …): not shown
        if char in "\x0c\x0e":  # page break, column break: the rest starts a new line
            paragraphs.append(("".join(out), None))
            out = []
        elif char == "\x0b":  # manual line break
            out.append("\n")
        elif char == "\x1e":
            out.append("-")  # non-breaking hyphen
        elif char == "\x1f" or (char < " " and char != "\t"):
            continue  # optional hyphen; picture, footnote, annotation and drawing anchors
        else:
            out.append(char)
    paragraphs.append(("".join(out), None))
    return paragraphs
