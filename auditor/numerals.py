"""Shared by parse and rules: the value of a list or heading number in any form drafters write (一 12 ① ⑴ ⒈ Ⅰ ㈠)."""

from __future__ import annotations

_CN_DIGITS = "零一二三四五六七八九"
# Unicode blocks of enumerated symbols: the first code point and how many there are (value 1 … count).
SYMBOL_FAMILIES: dict[str, tuple[int, int]] = {
    "①": (0x2460, 20),  # ① … ⑳ circled
    "⑴": (0x2474, 20),  # ⑴ … ⒇ parenthesised
    "⒈": (0x2488, 20),  # ⒈ … ⒛ with a full stop
    "Ⅰ": (0x2160, 12),  # Ⅰ … Ⅻ Roman
    "ⅰ": (0x2170, 12),  # ⅰ … ⅻ small Roman
    "❶": (0x2776, 10),  # ❶ … ❿ negative circled
    "➀": (0x2780, 10),  # ➀ … ➉ sans-serif circled
    "➊": (0x278A, 10),  # ➊ … ➓ negative sans-serif circled
    "㈠": (0x3220, 10),  # ㈠ … ㈩ parenthesised ideographs
    "㊀": (0x3280, 10),  # ㊀ … ㊉ circled ideographs
}


def symbol_family(char: str) -> str | None:
    """The family (its first member, e.g. "①") of an enumerated symbol, or None."""
    if len(char) != 1:
        return None
    code = ord(char)
    for name, (first, count) in SYMBOL_FAMILIES.items():
        if first <= code < first + count:
            return name
    return None


def symbol_class(*families: str) -> str:
    """A regular-expression character class (without brackets) holding the given families' symbols."""
    return "".join(f"{chr(first)}-{chr(first + count - 1)}" for first, count in
                   (SYMBOL_FAMILIES[name] for name in families))


def numeral_value(token: str) -> int | None:
    """The value of a number as written: 一 → 1, 十二 → 12, 二十 → 20, 12 → 12, ③ → 3, ⑵ → 2, Ⅳ → 4, ㈢ → 3."""
    token = token.strip()
    if not token:
        return None
    if token.isascii():
        return int(token) if token.isdigit() else None
    family = symbol_family(token)
    if family is not None:
        return ord(token) - SYMBOL_FAMILIES[family][0] + 1
    return chinese_value(token)


_FINANCIAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾", "一二三四五六七八九十")


def chinese_value(token: str) -> int | None:
    """一 … 九十九 written in Chinese numerals (or 壹 … 玖拾玖) → int; None for anything else."""
    token = token.translate(_FINANCIAL)
    if not token or any(c not in _CN_DIGITS[1:] + "十" for c in token) or token.count("十") > 1:
        return None
    if "十" not in token:
        return _CN_DIGITS.index(token) if len(token) == 1 else None
    tens, _, ones = token.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)


def numeral_like(value: int, like: str) -> str:
    """`value` written the way `like` is written (Arabic, Chinese, or the same family of symbols)."""
    if like.isascii() and like.isdigit():
        return str(value)
    family = symbol_family(like)
    if family is not None:
        first, count = SYMBOL_FAMILIES[family]
        return chr(first + value - 1) if 0 < value <= count else str(value)
    if value < 10:
        return _CN_DIGITS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


_YEAR_DIGITS = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "O": "0", "o": "0", "一": "1", "二": "2", "三": "3",
                "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "0": "0"}  # 二0二三: a typed 0
CN_YEAR_CHARS = "〇○零一二三四五六七八九"


def chinese_year(text: str) -> int | None:
    """A year written digit by digit in Chinese numerals: 二〇二三 → 2023 (None if not four such digits)."""
    if len(text) != 4 or any(c not in _YEAR_DIGITS for c in text):
        return None
    return int("".join(_YEAR_DIGITS[c] for c in text))
