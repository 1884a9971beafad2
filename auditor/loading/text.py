"""Step 1 of the pipeline (load): decode text bytes and normalise them into clean lines."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from auditor.errors import InputError
from auditor.model import Source

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Marks left by document converters (pandoc, docx2txt, copy from Word): never part of the report.
_ARTEFACTS = re.compile(r"\[(?:bookmark|footnoteRef|endnoteRef|commentRef)(?::[^\]\n]*)?\]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u3000\u2002-\u200a\u202f\u205f]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes: BOM first, then UTF-8, UTF-16 without BOM, GB18030; return (text, encoding)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError:
                raise InputError(f"文件以 {codec} 标记开头，但内容无法按该编码解码") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" not in data:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    return _guess(data)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM has NUL bytes at every other position for ASCII; try both orders."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for codec, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros > len(data) // 8:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                return None
    return None


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("无法识别文件编码，可能不是文本文件（二进制内容）")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError("无法识别文件编码，可能不是文本文件（二进制内容）") from None


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
    return "\n".join(line.rstrip() for line in text.split("\n"))


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
    text, encoding = decode(data)
    check_text(text)
    return Source(path=str(path), text=clean_lines(text), format="txt", encoding=encoding)


_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s*|>\s?|[-*+]\s+(?=[一二三四五六七八九十（(\d]))")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def read_markdown(path: Path, data: bytes) -> Source:
    """Markdown report (.md): like text, with heading marks and emphasis removed so numbering is seen."""
    text, encoding = decode(data)
    check_text(text)
    lines = [_MD_EMPHASIS.sub(r"\2", _MD_PREFIX.sub("", line)) for line in clean_lines(text).split("\n")]
    return Source(path=str(path), text="\n".join(lines), format="md", encoding=encoding)
