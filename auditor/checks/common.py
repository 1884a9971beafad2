"""Rules step: what the builtin checks share — a strict, frozen base for their parameter models, the load-time
check of regular expressions given as parameters, and the matches of several patterns in a text."""

from __future__ import annotations

from typing import TypeVar

from auditor.plain import BaseModel, ConfigDict

from auditor.checks.prefilter import finditer_near
from auditor.patterns import compiled, valid_regex

HAN = r"\u4e00-\u9fff"


class StrictParams(BaseModel):
    """A builtin check's parameters: unknown keys refused, frozen once validated (when the pack is read)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


_P = TypeVar("_P", tuple[str, ...], dict[str, str])


def valid_patterns(value: _P) -> _P:
    """Reject a parameter that holds an invalid regular expression (at load time, naming the rule)."""
    for pattern in value.values() if isinstance(value, dict) else value:
        valid_regex(pattern)
    return value


def covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(lo <= start and end <= hi for lo, hi in spans)  # a few spans in a window: the loop is cheaper


def matches(patterns: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in finditer_near(compiled(p), text)]
