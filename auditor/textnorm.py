"""Shared by parse and rules: the matching form of text (simplified characters, uniform marks), same length."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# Half-width marks that real reports type inside Chinese text; matching treats them as full-width.
_MARKS = {"(": "（", ")": "）", "[": "［", "]": "］"}
_FULLWIDTH_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ASCII.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ASCII.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_CJK_COLON = re.compile(r"(?<=[\u4e00-\u9fff）》”])[:;,](?!\d)")
_HALF_TO_FULL = {":": "：", ";": "；", ",": "，"}


@lru_cache(maxsize=1)
def _table() -> dict[int, int | str]:
    table: dict[int, int | str] = dict(_FULLWIDTH_ASCII)
    table.update({ord(k): v for k, v in _MARKS.items()})
    table.update(traditional())
    return table


@lru_cache(maxsize=1)
def traditional() -> dict[int, str]:
    """Traditional → simplified, character for character, from OpenCC's TSCharacters table."""
    try:  # the package's data file, found without importing it or importlib.resources (~25 ms of a cold run)
        from importlib.util import find_spec

        spec = find_spec("opencc")
        folders = list(spec.submodule_search_locations or ()) if spec is not None else []
        if not folders:
            return {}
        data = (Path(folders[0]) / "dictionary" / "TSCharacters.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return {}
    table: dict[int, str] = {}
    for line in data.splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0] if simp else ""
        if len(trad) == 1 and len(first) == 1 and trad != first:
            table[ord(trad)] = first
    return table


def normalize(text: str) -> str:
    """Return the matching form of `text`: same length, simplified, ０-９ as 0-9, (),:; as （），：；."""
    if len(text) <= 64:
        return _normalize_short(text)  # terms and headings recur: remember them
    return _normalize(text)


@lru_cache(maxsize=1)
def _replacements() -> tuple[dict[str, str], re.Pattern[str]]:
    """The table as character → character, and a pattern finding the characters it changes in the Basic
    Multilingual Plane (a character class there is a bitmap; with astral characters it would be a slow list)."""
    table = {chr(k): (chr(v) if isinstance(v, int) else v) for k, v in _table().items()}
    keys = "".join(re.escape(char) for char in sorted(table) if ord(char) <= 0xFFFF)
    return table, re.compile(f"[{keys}]")


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


# Text is changed a chunk at a time: a chunk with few distinct characters to change (a simplified report)
# is changed by one str.replace per character; one with many (traditional text) by one str.translate pass.
# Replacing character by character cost a full pass per mapped character: 181 s for 50 MB of traditional
# characters; translate costs about 0.2 µs a character whatever the text.
_CHUNK = 1 << 18
_FEW = 16


def _normalize(text: str) -> str:
    # Equal to text.translate(_table()) with the half-width colons after Chinese text made full-width.
    table, keys = _replacements()
    parts = []
    for at in range(0, len(text), _CHUNK):
        chunk = text[at:at + _CHUNK]
        found = set(keys.findall(chunk))
        if _ASTRAL.search(chunk):
            found.update(char for char in _ASTRAL.findall(chunk) if char in table)
        if len(found) > _FEW:
            chunk = chunk.translate(_table())
        else:
            for char in found:
                chunk = chunk.replace(char, table[char])
        parts.append(chunk)
    text = "".join(parts)
    if "O" in text or "o" in text:  # 2O22, 二O二四: a letter O typed for a zero inside a number
        text = _LETTER_O.sub(lambda m: "〇" if m.group(1) else "0", text)
    return _CJK_COLON.sub(lambda m: _HALF_TO_FULL[m.group()], text)


# A letter O (or Ｏ, already O here) typed for the zero of a number: between digits (2O22, 20O2), at the end of a
# year (202O年), or between Chinese numerals (二O二四) — where no word has a Latin letter.
_LETTER_O = re.compile(r"(?<=\d)[Oo](?=\d)|(?<=\d{3})[Oo](?=\s*年)|(?<=[〇○零一二三四五六七八九])([Oo])(?=[〇○零一二三四五六七八九])")


_normalize_short = lru_cache(maxsize=8192)(_normalize)


_SPACE_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")


def squeeze(text: str) -> str:
    """Drop spaces between Chinese characters (报  告 → 报告) and trim; for titles and headings."""
    if " " not in text and "\t" not in text:
        return text.strip()
    return _SPACE_IN_CJK.sub("", text).strip()
