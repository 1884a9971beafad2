"""Loading step, .doc/.wps: the low-level records of a Word 97–2003 file that both the text reader (doc) and the
list and style reader (doc_lists) walk — property lists (sprms) and the property pages a bin table points at."""

from __future__ import annotations

import struct


def unique_pages(pages: tuple[int, ...], size: int, mask: int = 0xFFFFFFFF) -> list[int]:
    """The distinct 512-byte property pages (FKPs) a bin table points at, in order, that lie whole in a stream
    of `size` bytes. Word points at each page once; a damaged or hostile table may point at one page many
    times, and reading it again each time cost minutes and gigabytes: each page is read once, so the work
    is bounded by the stream's size."""
    seen: set[int] = set()
    out = []
    for page in pages:
        page &= mask
        if page not in seen and (page + 1) * 512 <= size:
            seen.add(page)
            out.append(page)
    return out


_OPERAND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # operand size by the sprm's spra (6: sized)


def sprms(grpprl: bytes) -> dict[int, bytes]:
    """Each property (sprm) of a property list with its operand ([MS-DOC] 2.2.5.1); the last setting wins."""
    out: dict[int, bytes] = {}
    at = 0
    while at + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, at)[0]
        at += 2
        size = _OPERAND.get(sprm >> 13)
        if size is None:
            if sprm == 0xD608:  # sprmTDefTable: a two-byte size, one more than the operand
                size, at = struct.unpack_from("<H", grpprl, at)[0] - 1, at + 2
            else:
                size, at = (grpprl[at] if at < len(grpprl) else 0), at + 1
        size = max(size, 0)  # always move on, whatever a damaged size says
        out[sprm] = grpprl[at:at + size]
        at += size
    return out
