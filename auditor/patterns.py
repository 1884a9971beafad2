"""Used by the rules step: a rule pack's regular expressions — compiled once, bounded in size, filled with the
report year, and every match timed by the rule limit in force (so no call site has to remember it)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

import regex

from auditor import limits

_state = limits._state  # what limits.regex_limit() reads, read here inline: a report makes some 600 calls


def for_year(pattern: str, year: int | None) -> str | None:
    """A pack pattern with {year}, {next_year} and {later_year} (any of the five years after the report year)
    filled in for the report year; None when the pattern needs a year and the report's is not known."""
    if "{year}" not in pattern and "{next_year}" not in pattern and "{later_year}" not in pattern:
        return pattern
    if year is None:
        return None
    later = "(?:" + "|".join(str(year + k) for k in range(1, 6)) + ")"
    return pattern.replace("{next_year}", str(year + 1)).replace("{later_year}", later).replace("{year}", str(year))


class Timed:
    """A compiled pattern whose every match runs under the time limit in force (auditor.limits): none while the
    engine's alarm guards the rule, else the `regex` engine's own timeout (limits.regex_limit). A rule keeper's
    pattern that backtracks without end therefore stops wherever it is used — a check, the claims step, part
    finding."""

    __slots__ = ("_finditer", "_match", "_rx", "_search", "pattern")

    def __init__(self, rx: regex.Pattern[str]) -> None:
        self._rx = rx
        self.pattern = rx.pattern
        # The engine's own methods, bound once: a report makes some 600 calls, mostly while the alarm guards the
        # rule (no per-call limit to pass on).
        self._search, self._match, self._finditer = rx.search, rx.match, rx.finditer

    def __reduce__(self) -> tuple:
        return compiled, (self.pattern,)

    def search(self, string: str, *args: Any) -> Any:
        """regex.Pattern.search, timed."""
        kwargs = getattr(_state, "kwargs", limits._PER_CALL)
        return self._search(string, *args, **kwargs) if kwargs else self._search(string, *args)

    def match(self, string: str, *args: Any) -> Any:
        """regex.Pattern.match, timed."""
        kwargs = getattr(_state, "kwargs", limits._PER_CALL)
        return self._match(string, *args, **kwargs) if kwargs else self._match(string, *args)

    def fullmatch(self, string: str, *args: Any) -> Any:
        """regex.Pattern.fullmatch, timed."""
        return self._rx.fullmatch(string, *args, **getattr(_state, "kwargs", limits._PER_CALL))

    def finditer(self, string: str, *args: Any) -> Iterator[Any]:
        """regex.Pattern.finditer, timed."""
        kwargs = getattr(_state, "kwargs", limits._PER_CALL)
        return self._finditer(string, *args, **kwargs) if kwargs else self._finditer(string, *args)

    def findall(self, string: str, *args: Any) -> list[Any]:
        """regex.Pattern.findall, timed."""
        return self._rx.findall(string, *args, **getattr(_state, "kwargs", limits._PER_CALL))

    def sub(self, repl: Any, string: str, *args: Any) -> str:
        """regex.Pattern.sub, timed."""
        return self._rx.sub(repl, string, *args, **getattr(_state, "kwargs", limits._PER_CALL))

    def split(self, string: str, *args: Any) -> list[Any]:
        """regex.Pattern.split, timed."""
        return self._rx.split(string, *args, **getattr(_state, "kwargs", limits._PER_CALL))


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> Timed:
    """Compile a pack's regular expression once (the `regex` engine: it supports timeouts), timed by construction."""
    return Timed(regex.compile(pattern))


MAX_PATTERN_CHARS = 20_000
# Units a compiled pattern may expand to. The engine writes a counted repeat out in full (a{1000} is a
# thousand copies of a), so nested counts multiply: (?:(?:a{1000}){1000}){1000} would take gigabytes.
# Each unit costs some 300 bytes: the bound keeps a pattern under about 30 MB.
MAX_PATTERN_SIZE = 100_000
_COUNT = re.compile(r"\{(\d*)(?:,(\d*))?\}[?+]?")


def pattern_size(pattern: str) -> int:
    """An upper estimate of the units `pattern` compiles to: atoms and alternatives add up, a counted repeat
    {m}, {m,} or {m,n} multiplies what it repeats by its minimum m (the engine unrolls that part)."""
    stack = [[0, 0]]  # per open group: [size of its finished alternatives, size of the current one]
    last, at, end = 0, 0, len(pattern)
    while at < end:
        char = pattern[at]
        if char == "(" and pattern.startswith("(?#", at):
            at = pattern.find(")", at) + 1 or end
            continue
        if char == "(":
            stack.append([0, 0])
        elif char == ")" and len(stack) > 1:
            done, current = stack.pop()
            last = done + current
            stack[-1][1] += last
        elif char == "|":
            stack[-1][0] += stack[-1][1]
            stack[-1][1] = 0
        elif char == "{" and (count := _COUNT.match(pattern, at)) and (count.group(1) or count.group(2)):
            times = max(int(count.group(1) or 0), 1)
            stack[-1][1] += last * (times - 1)
            last *= times
            if stack[-1][1] > MAX_PATTERN_SIZE:
                break
            at = count.end()
            continue
        elif char not in "*+?":
            at, last = atom_end(pattern, at), 1
            stack[-1][1] += 1
            continue
        at += 1
    return sum(done + current for done, current in stack)


def atom_end(pattern: str, at: int) -> int:
    """Where the atom starting at `at` ends: an escape (\\d, \\p{Han}, \\x{4e00}), a set [...], or a character."""
    char = pattern[at]
    if char == "\\":
        if pattern[at + 1:at + 2] in ("p", "P", "N", "x", "u", "U") and pattern[at + 2:at + 3] == "{":
            return (pattern.find("}", at) + 1) or len(pattern)
        return at + 2
    if char == "[":
        at += 1
        at += pattern[at:at + 1] == "^"
        at += pattern[at:at + 1] == "]"  # a ] first in a set is a literal
        depth = 1
        while at < len(pattern) and depth:
            if pattern[at] == "\\":
                at += 1
            elif pattern[at] == "[" and pattern[at + 1:at + 2] == ":":
                at = (pattern.find(":]", at + 2) + 1) or len(pattern)
            elif pattern[at] == "]":
                depth -= 1
            at += 1
        return at
    return at + 1


def valid_regex(value: str) -> str:
    """Return `value` if it compiles as a regular expression of bounded size, else raise ValueError saying why."""
    if len(value) > MAX_PATTERN_CHARS:
        raise ValueError(f"正则表达式过长（{len(value)} 个字符，上限 {MAX_PATTERN_CHARS}）")
    size = pattern_size(value)
    if size > MAX_PATTERN_SIZE:
        raise ValueError(f"正则表达式 {_short(value)} 展开后过于庞大（超过 {MAX_PATTERN_SIZE} 个单元）："
                         "嵌套的计数重复（如 (?:a{1000}){1000}）会逐份展开，请改用 + 或 * 或减少重复次数")
    try:
        compiled(value)
    except regex.error as exc:
        raise ValueError(f"无效的正则表达式 {_short(value)}：{exc}") from None
    except (RecursionError, MemoryError, OverflowError):
        raise ValueError(f"正则表达式 {_short(value)} 过于复杂，无法编译") from None
    return value


def _short(value: str, most: int = 60) -> str:
    return repr(value if len(value) <= most else value[:most] + "…")
