"""Step 1 of the pipeline (load), for .docx: Word's automatic numbering rendered as the text a reader sees (一、 （二） 3.)."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import qn

_CHINESE_DIGITS = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_PLACEHOLDER = re.compile(r"%([1-9])")


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (how Word counts in Chinese)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (_CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CHINESE_DIGITS[n // 10] + "十" + (_CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + chinese(rest) if rest < 10 else (chinese(rest) if rest >= 20 else "一" + chinese(rest)))
        return _CHINESE_DIGITS[n // 100] + "百" + tail
    return str(n)


# Past these, Word's own lists stop being letters or Roman numerals; a larger counter (only a damaged or
# hostile file starts a list there) is shown in digits, so no number costs more than a few characters.
MAX_ROMAN = 3999
MAX_LETTER = 26 * 30  # ZZZ…Z, thirty letters
MAX_START = 2**31 - 1  # w:start is a 32-bit number; anything outside is clamped


def _roman(n: int) -> str:
    if not 0 < n <= MAX_ROMAN:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str:
    if not 0 < n <= MAX_LETTER:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word number format (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "chineseLegalSimplified", "ideographDigital"):
        return chinese(n)
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("upperLetter", "lowerLetter"):
        return _letter(n) if fmt == "upperLetter" else _letter(n).lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    return str(n)  # decimal, decimalZero and formats a report does not use


class Numbering:
    """Counters of a document's lists; `label(paragraph)` is the number Word shows before the paragraph."""

    def __init__(self, document: Any) -> None:  # document: a python-docx Document
        self.levels: dict[str, dict[int, tuple[str, str, int, str]]] = {}  # numId → ilvl → (fmt, text, start, style)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = document.styles
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else None, {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl, start = _int(override.get(qn("w:ilvl"))), override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    fmt, text, _, style = levels[ilvl]
                    levels[ilvl] = (fmt, text, _int(start.get(qn("w:val")), 1), style)
            self.levels[num.get(qn("w:numId"))] = levels

    def label(self, paragraph: Any, style: Any) -> str:  # a python-docx Paragraph and its style (or None)
        """The rendered number ("一、", "（二）", "3.") for a numbered paragraph, advancing the counters; else ""."""
        found = self._num_pr(paragraph, style)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(num_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def counter(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = counters.get(level, levels.get(level, ("decimal", "", 1, ""))[2])
            return format_number(value, levels.get(level, ("decimal",))[0])

        return _PLACEHOLDER.sub(counter, text)

    def _num_pr(self, paragraph: Any, style: Any) -> tuple[str, int] | None:
        """(numId, level) set on the paragraph itself, or inherited from its style and the styles it is based on."""
        ppr = paragraph._p.pPr
        direct = ppr.find(qn("w:numPr")) if ppr is not None else None
        if direct is not None:
            return _read_num_pr(direct, None, self.levels)
        depth = 0
        while style is not None and depth < 10:
            spr = style.element.find(qn("w:pPr"))
            num_pr = spr.find(qn("w:numPr")) if spr is not None else None
            if num_pr is not None:
                return _read_num_pr(num_pr, style.style_id, self.levels)
            style, depth = style.base_style, depth + 1
        return None


def _read_num_pr(num_pr: Any, style_id: str | None, levels: dict[str, dict[int, tuple[str, str, int, str]]]
                 ) -> tuple[str, int] | None:
    num = num_pr.find(qn("w:numId"))
    num_id = num.get(qn("w:val")) if num is not None else None
    if not num_id or num_id == "0":
        return None  # numId 0 switches numbering off
    ilvl = num_pr.find(qn("w:ilvl"))
    if ilvl is not None:
        return num_id, _int(ilvl.get(qn("w:val")))
    for level, (_, _, _, style) in levels.get(num_id, {}).items():
        if style_id and style == style_id:  # a heading style tied to one level of a multilevel list
            return num_id, level
    return num_id, 0


def _levels(abstract: Any) -> dict[int, tuple[str, str, int, str]]:  # abstract: a w:abstractNum element
    out = {}
    for lvl in abstract.findall(qn("w:lvl")):
        out[_int(lvl.get(qn("w:ilvl")))] = (_val(lvl, "w:numFmt", "decimal"), _val(lvl, "w:lvlText", ""),
                                            _int(_val(lvl, "w:start", "1"), 1), _val(lvl, "w:pStyle", ""))
    return out


def _val(element: Any, tag: str, default: str) -> str:
    child = element.find(qn(tag))
    value = child.get(qn("w:val")) if child is not None else None
    return value if value is not None else default


def _int(value: str | None, default: int = 0) -> int:
    """A number attribute, clamped to the 32-bit range Word writes (a longer one is taken as missing)."""
    if value is None or len(value) > 12:
        return default
    try:
        return max(-MAX_START, min(int(value), MAX_START))
    except ValueError:
        return default
