"""Step 1 of the pipeline (load): decode text bytes and normalise them into clean lines."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

from auditor.errors import InputError
from auditor.model import Source

_BOMS = (  # (mark, codec of the bytes after it, the encoding as reported)
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_HIGH = bytes(range(0x80, 0x100))

# Marks left by document converters (pandoc, docx2txt, copy from Word): never part of the report.
_ARTEFACTS = re.compile(r"\[(?:bookmark|footnoteRef|endnoteRef|commentRef)(?::[^\]\n]*)?\]")
# A page number line left by a PDF or a printout (— 3 —, - 2 -, 第3页 共8页, 3/8): never part of the report; the
# line is kept empty so that every other line keeps its number.
_PAGE_NUMBER = re.compile(r"^[ \t\u3000]*(?:[-—–－]{1,2}[ \t\u3000]*\d{1,3}[ \t\u3000]*[-—–－]{1,2}|第[ \t\u3000]*\d{1,3}[ \t\u3000]*页"
                          r"(?:[ \t\u3000]*[,，/／]?[ \t\u3000]*共[ \t\u3000]*\d{1,3}[ \t\u3000]*页)?|共[ \t\u3000]*\d{1,3}[ \t\u3000]*页"
                          r"[ \t\u3000]*[,，]?[ \t\u3000]*第[ \t\u3000]*\d{1,3}[ \t\u3000]*页|\d{1,3}[ \t\u3000]*[/／][ \t\u3000]*\d{1,3}|"
                          r"[Pp]age[ \t]*\d{1,3}(?:[ \t]*of[ \t]*\d{1,3})?)[ \t\u3000]*$", re.MULTILINE)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u3000\u2002-\u200a\u202f\u205f]")


class Decoded(NamedTuple):
    """Report bytes as text: the codec used, and warnings for the user (bytes that could not be decoded)."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


# The only codecs a report or page may be decoded with: real text encodings. A page can declare anything
# (charset=punycode: a quadratic decoder; unicode_escape: mojibake), so a declared name outside this list
# is ignored and the encoding detected instead.
TEXT_CODECS = frozenset({
    "utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
    "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950",
    "ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949",
})


def text_codec(name: str) -> str | None:
    """The codec's canonical name if `name` is a real text encoding (allow-listed), else None."""
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError, TypeError):
        return None
    return codec if codec in TEXT_CODECS else None


def decode(data: bytes) -> Decoded:
    """Decode report bytes: BOM first, then UTF-8, UTF-16 without BOM, GB18030 (only when it reads as
    Chinese), then the encoding that fits nearly all of the file with its few bad bytes replaced and
    reported; never mojibake (text decoded with the wrong encoding)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            tolerant = _tolerant(data[len(bom):], codec)
            if tolerant is None:
                raise InputError(f"文件以 {label} 标记开头，但内容无法按该编码解码")
            return Decoded(tolerant[0], label + " (BOM)", tolerant[1])
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" not in data:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if reads_as_chinese(text):
                return Decoded(text, "gb18030")
    for codec in ("utf-8", "gb18030"):  # damaged: the encoding that fits nearly all of the file
        tolerant = _tolerant(data, codec)
        if tolerant is not None and (codec == "utf-8" or reads_as_chinese(tolerant[0])):
            return Decoded(tolerant[0], codec, tolerant[1])
    return _guess(data)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a BOM has NUL bytes at every other position for ASCII; try both orders."""
    if len(data) < 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for codec, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros > len(data) // 8:
            found = _tolerant(data, codec)
            return Decoded(found[0], codec, found[1]) if found is not None else None
    return None


_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _tolerant(data: bytes, codec: str) -> tuple[str, tuple[str, ...]] | None:
    """`data` in `codec` with each run of undecodable bytes replaced by U+FFFD, and a warning saying on which
    lines; None when the bad bytes are more than a damaged file has (then `codec` is not the file's)."""
    try:
        return data.decode(codec), ()
    except UnicodeDecodeError:
        pass
    if codec.startswith(("utf-16", "utf-32")):
        unit = 2 if codec.startswith("utf-16") else 4
        whole = data[: len(data) - len(data) % unit]
        text = whole.decode(codec, errors="replace")
        bad = [m.start() for m in re.finditer("\ufffd+", text)]
        bad_bytes = text.count("\ufffd") * unit + len(data) - len(whole)
        if len(whole) < len(data):
            bad.append(len(text))
        non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    else:
        try:
            escaped = data.decode(codec, errors="surrogateescape")
        except UnicodeDecodeError:
            return None
        runs = list(re.finditer("[\udc80-\udcff]+", escaped))
        bad = [m.start() for m in runs]
        bad_bytes = sum(m.end() - m.start() for m in runs)
        text = re.sub("[\udc80-\udcff]+", "\ufffd", escaped)
        non_ascii = len(data) - len(data.translate(None, _HIGH))
    if bad_bytes > max(8, non_ascii // 100):  # more than 1 in 100 non-ASCII bytes: not this encoding
        return None
    return text, (_bad_bytes_warning(text, bad, _NAMES.get(codec, codec.upper())),)


def _bad_bytes_warning(text: str, positions: list[int], codec: str) -> str:
    lines = []
    for at in positions:
        line = len(_LINE_BREAK.findall(text, 0, at)) + 1
        if line not in lines:
            lines.append(line)
    shown = "、".join(str(n) for n in lines[:5]) + ("等" if len(lines) > 5 else "")
    return (f"文件有 {len(positions)} 处字节无法按 {codec} 解码（第{shown}行），已用“\ufffd”代替，其余内容照常审核；"
            "文件可能已损坏，请核对原件")


def _common_chars() -> frozenset[str]:
    """Characters of everyday Chinese text: GB2312's symbols and its 3,755 level-1 (most used) hanzi, and
    the traditional forms of those hanzi. Text decoded with the wrong encoding is mostly other characters."""
    out = set()
    for lead in (*range(0xA1, 0xAA), *range(0xB0, 0xD8)):
        for trail in range(0xA1, 0xFF):
            try:
                out.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    from auditor.textnorm import traditional

    out.update(trad for trad, simple in traditional().items() if simple in out)
    return frozenset(out)


_COMMON: list[frozenset[str]] = []


def reads_as_chinese(text: str) -> bool:
    """Whether decoded text reads as Chinese rather than mojibake: most of its non-ASCII characters are
    everyday ones (real reports: 99%; UTF-8 read as GB18030: about 20%)."""
    if not _COMMON:
        _COMMON.append(_common_chars())
    common = _COMMON[0]
    sample = text[:200_000]
    others = sample.encode("ascii", errors="ignore")
    non_ascii = len(sample) - len(others)
    if not non_ascii:
        return True
    hits = sum(1 for char in sample if char in common)
    return hits >= 0.6 * non_ascii


def _guess(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    codec = text_codec(best.encoding) if best is not None and best.encoding else None
    if codec is None:
        raise InputError("无法识别文件编码，可能不是文本文件（二进制内容）")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise InputError("无法识别文件编码，可能不是文本文件（二进制内容）") from None
    if not reads_as_chinese(text):
        raise InputError(f"无法识别文件编码：按 {codec} 解码得到的不是正常中文（乱码），请另存为 UTF-8 后再审核")
    return Decoded(text, codec)


# Control characters (other than tab/newline/form feed), private-use and lone surrogates, replacement marks.
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff\ufffd]")


def check_text(text: str) -> None:
    """Refuse decoded text that is really binary data (control characters, replacement marks)."""
    sample = text[:100_000]
    if not sample:
        return
    bad = len(_BINARY.findall(sample))
    if bad / len(sample) > 0.01:
        raise InputError("文件内容不是文字（疑似二进制文件或已损坏）")


def clean_lines(text: str) -> str:
    """Normalise newlines, odd spaces and converter marks, keeping one output line per editor line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    text = _ARTEFACTS.sub("", text)
    text = _PAGE_NUMBER.sub("", text)
    if len(text) <= _CHUNK:
        return "\n".join(line.rstrip() for line in text.split("\n"))
    # A long text a chunk of lines at a time: a list of every line of 50 MB of short lines cost gigabytes.
    out, start = [], 0
    while start <= len(text):
        end = text.find("\n", start + _CHUNK)
        end = len(text) if end < 0 else end
        out.append("\n".join(line.rstrip() for line in text[start:end].split("\n")))
        start = end + 1
    return "\n".join(out)


_CHUNK = 1 << 20


def from_paragraphs(path: Path, paragraphs: list[tuple[str, int]], fmt: str) -> Source:
    """A word processor's report: (text, heading level or 0) per paragraph → cleaned lines located as
    第N段; a manual line break (Shift+Enter) makes a line of its own within its paragraph."""
    lines: list[str] = []
    locations: list[str] = []
    headings: list[tuple[int, int]] = []
    for number, (paragraph, level) in enumerate(paragraphs, start=1):
        parts = clean_lines(paragraph).split("\n")
        if level and parts[0].strip():
            headings.append((len(lines) + 1, level))
        lines.extend(parts)
        locations.extend([f"第{number}段"] * len(parts))
    text = "\n".join(lines)
    check_text(text)
    return Source(path=str(path), text=text, format=fmt, encoding=fmt, locations=tuple(locations),
                  headings=tuple(headings))


def read_text(path: Path, data: bytes) -> Source:
    """Plain text report (.txt): decoded, checked and cleaned."""
    text, encoding, warnings = decode(data)
    check_text(text)
    return Source(path=str(path), text=clean_lines(text), format="txt", encoding=encoding, warnings=warnings)


_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s*|>\s?|[-*+]\s+(?=[一二三四五六七八九十（(\d]))")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def read_markdown(path: Path, data: bytes) -> Source:
    """Markdown report (.md): like text, with heading marks and emphasis removed so numbering is seen."""
    text, encoding, warnings = decode(data)
    check_text(text)
    lines = [_MD_EMPHASIS.sub(r"\2", _MD_PREFIX.sub("", line)) for line in clean_lines(text).split("\n")]
    return Source(path=str(path), text="\n".join(lines), format="md", encoding=encoding, warnings=warnings)
