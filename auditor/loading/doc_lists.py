"""Step 1 of the pipeline (load), for .doc: automatic list numbers (一、 （二） 3.) and heading styles, which a
Word 97–2003 file keeps in property tables rather than in its text ([MS-DOC] 2.4.6, 2.9.131–2.9.150).

A paragraph's properties (PAPX) sit in 512-byte pages listed by PlcBtePapx, keyed by the byte offset of its
paragraph mark: its style (istd) and its list (sprmPIlfo, sprmPIlvl), either set directly or inherited from
the style sheet (STSH). The list's levels (PlfLst) give each level's number format and text, and the list
overrides (PlfLfo) map a paragraph's list index to its list. Anything unreadable simply yields no number.
"""

from __future__ import annotations

import struct
from bisect import bisect_right

from auditor.loading.doc_records import sprms, unique_pages
from auditor.loading.numbering import format_number

_SPRM_ILVL, _SPRM_ILFO = 0x260A, 0x460B
# MSONFC number formats ([MS-OSHARED] 2.2.1.3) → the .docx names format_number knows. The East Asian
# counting families (DbNum, TpeDbNum, ChnDbNum: Word writes ChnDbNum1 for 一、二, LibreOffice TpeDbNum3)
# all count 一 二 三 … 十一 for the numbers a report's headings reach.
_NFC = {0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter", 5: "decimal",
        14: "decimalFullWidth", 18: "decimalEnclosedCircle", 19: "decimalFullWidth", 22: "decimalZero",
        23: "bullet", 30: "ideographTraditional", 255: "none",
        **{nfc: "chineseCounting" for nfc in (10, 11, 16, 17, *range(33, 41))}}


class _Level:
    def __init__(self, start: int, nfc: int, text: str) -> None:
        self.start, self.fmt, self.text = start, _NFC.get(nfc, "decimal"), text


def _level(table: bytes, at: int) -> tuple[_Level, int]:
    """One LVL: its fixed part (LVLF, 28 bytes), two property lists, then the number text (placeholders
    are the characters 0–8, standing for the counter of that level)."""
    start, nfc = struct.unpack_from("<iB", table, at)
    chpx, papx = table[at + 24], table[at + 25]
    at += 28 + papx + chpx
    count = struct.unpack_from("<H", table, at)[0]
    text = table[at + 2:at + 2 + 2 * count].decode("utf-16-le", errors="replace")
    return _Level(start, nfc, text), at + 2 + 2 * count


class DocLists:
    """Numbers and heading levels of one document's paragraphs, read in document order."""

    def __init__(self, word: bytes, table: bytes, pairs: list[tuple[int, int]]) -> None:
        self.papx = _papx_runs(word, table, *pairs[13])  # fcPlcfBtePapx
        self.styles = _styles(table, *pairs[1])  # fcStshf
        self.lists = _lists(table, *pairs[73]) if len(pairs) > 74 else {}  # fcPlfLst
        self.overrides = _overrides(table, *pairs[74]) if len(pairs) > 74 else []  # fcPlfLfo
        self.counters: dict[int, dict[int, int]] = {}

    def paragraph(self, mark_fc: int | None) -> tuple[str, int]:
        """(the number Word shows before the paragraph, or ""; heading level 1–9 of its style, or 0),
        for the paragraph whose mark is at `mark_fc`; counters advance as Word's do."""
        if mark_fc is None:
            return "", 0
        index = bisect_right(self.papx, (mark_fc, float("inf"))) - 1
        if index < 0 or not self.papx[index][0] <= mark_fc < self.papx[index][1]:
            return "", 0
        _, _, istd, props = self.papx[index]
        sti, style_props = self.styles.get(istd, (None, {}))
        level = sti if sti is not None and 1 <= sti <= 9 else 0  # sti 1–9: the built-in Heading 1–9
        ilfo = props.get(_SPRM_ILFO, style_props.get(_SPRM_ILFO))
        if not ilfo or len(ilfo) < 2:
            return "", level
        ilvl_raw = props.get(_SPRM_ILVL, style_props.get(_SPRM_ILVL, b"\0"))
        return self._label(struct.unpack("<h", ilfo[:2])[0], ilvl_raw[0] if ilvl_raw else 0), level

    def _label(self, ilfo: int, ilvl: int) -> str:
        if not 0 < ilfo <= len(self.overrides) or not 0 <= ilvl <= 8:
            return ""
        lsid, starts = self.overrides[ilfo - 1]
        levels = self.lists.get(lsid)
        if not levels or ilvl >= len(levels):
            return ""
        counters = self.counters.setdefault(lsid, {})
        first = starts.get(ilvl, levels[ilvl].start)
        counters[ilvl] = counters.get(ilvl, first - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if levels[ilvl].fmt in ("bullet", "none"):
            return ""
        out = []
        for char in levels[ilvl].text:
            n = ord(char)
            if n < 9:
                if n >= len(levels):
                    continue
                out.append(format_number(counters.get(n, levels[n].start), levels[n].fmt))
            else:
                out.append(char)
        return "".join(out)


def _papx_runs(word: bytes, table: bytes, fc: int, lcb: int) -> list[tuple[int, int, int, dict[int, bytes]]]:
    """(first byte, end byte, style, properties) of the paragraph-mark runs in every PAPX page."""
    plc = table[fc:fc + lcb]
    n = (len(plc) - 4) // 8
    runs = []
    pages = struct.unpack_from(f"<{n}I", plc, 4 * (n + 1)) if n > 0 else ()
    for page in unique_pages(pages, len(word), 0x3FFFFF):
        fkp = word[page * 512:page * 512 + 512]
        crun = fkp[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        for i in range(crun):
            offset = fkp[4 * (crun + 1) + 13 * i] * 2  # BX: the PAPX's offset in words, then 12 bytes of PHE
            if not offset:
                continue
            cb = fkp[offset]
            start, size = (offset + 1, 2 * cb - 1) if cb else (offset + 2, 2 * fkp[offset + 1])
            grp = fkp[start:start + size]
            if len(grp) >= 2:
                runs.append((fcs[i], fcs[i + 1], struct.unpack_from("<H", grp, 0)[0], sprms(grp[2:])))
    runs.sort(key=lambda run: run[:2])
    return runs


def _styles(table: bytes, fc: int, lcb: int) -> dict[int, tuple[int, dict[int, bytes]]]:
    """Style index → (built-in style number sti, its paragraph properties merged with those it is based on)."""
    stsh = table[fc:fc + lcb]
    if len(stsh) < 6:
        return {}
    size = struct.unpack_from("<H", stsh, 0)[0]
    count, base_size = struct.unpack_from("<HH", stsh, 2)
    at = 2 + size
    raw: dict[int, tuple[int, int, dict[int, bytes]]] = {}
    for istd in range(count):
        if at + 2 > len(stsh):
            break
        cb = struct.unpack_from("<H", stsh, at)[0]
        std = stsh[at + 2:at + 2 + cb]
        at += 2 + cb
        if cb < 10:
            continue
        sti = struct.unpack_from("<H", std, 0)[0] & 0x0FFF
        kind_base = struct.unpack_from("<H", std, 2)[0]
        kind, based_on = kind_base & 0x000F, kind_base >> 4
        props: dict[int, bytes] = {}
        if kind == 1:  # a paragraph style: its first UPX holds the paragraph properties
            name_at = base_size
            name_len = struct.unpack_from("<H", std, name_at)[0] if name_at + 2 <= len(std) else 0
            upx = name_at + 2 + 2 * name_len + 2
            upx += upx % 2
            if upx + 2 <= len(std):
                cb_upx = struct.unpack_from("<H", std, upx)[0]
                papx = std[upx + 2:upx + 2 + cb_upx]
                props = sprms(papx[2:]) if len(papx) >= 2 else {}
        raw[istd] = (sti, based_on, props)
    out: dict[int, tuple[int, dict[int, bytes]]] = {}
    for istd, (sti, _, _) in raw.items():
        merged: dict[int, bytes] = {}
        chain, seen = istd, set()
        while chain in raw and chain not in seen:  # the style's own properties win over its base's
            seen.add(chain)
            for key, value in raw[chain][2].items():
                merged.setdefault(key, value)
            chain = raw[chain][1]
        out[istd] = (sti, merged)
    return out


def _lists(table: bytes, fc: int, lcb: int) -> dict[int, list[_Level]]:
    """List id → its levels (nine, or one for a simple list); the LVLs follow the LSTF array in the stream."""
    if lcb < 2:
        return {}
    count = struct.unpack_from("<h", table, fc)[0]
    heads = []
    for i in range(max(count, 0)):
        at = fc + 2 + 28 * i
        lsid = struct.unpack_from("<i", table, at)[0]
        simple = table[at + 26] & 0x01
        heads.append((lsid, 1 if simple else 9))
    at = fc + 2 + 28 * len(heads)
    out: dict[int, list[_Level]] = {}
    for lsid, levels in heads:
        out[lsid] = []
        for _ in range(levels):
            level, at = _level(table, at)
            out[lsid].append(level)
    return out


def _overrides(table: bytes, fc: int, lcb: int) -> list[tuple[int, dict[int, int]]]:
    """Per list index (ilfo, from 1): the list id and any restart values its overrides set."""
    if lcb < 4:
        return []
    count = struct.unpack_from("<i", table, fc)[0]
    heads = [struct.unpack_from("<iiiB", table, fc + 4 + 16 * i) for i in range(max(count, 0))]
    at = fc + 4 + 16 * len(heads)
    out = []
    for lsid, _, _, levels in heads:
        at += 4  # LFOData.cp
        starts: dict[int, int] = {}
        for _ in range(levels):
            start, bits = struct.unpack_from("<iI", table, at)
            at += 8
            if bits & 0x10:  # fStartAt
                starts[bits & 0x0F] = start
            if bits & 0x20:  # fFormatting: a whole LVL follows
                _, at = _level(table, at)
        out.append((lsid, starts))
    return out
