"""Used by the rules step: character ranges of a report as sorted arrays — membership and containment by binary
search, subtraction by one sweep — so scope arithmetic stays linear in the report's length.

Every range is half-open [lo, hi). The answers are exactly those of the plain loops they replace (an `any()`
over every range for each hit, one pass over the ranges for each cut); only the cost differs.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Sequence

Span = tuple[int, int]


class Ranges:
    """Membership of an offset in a union of ranges: any(lo <= x < hi for lo, hi in ranges)."""

    __slots__ = ("starts", "ends")

    def __init__(self, ranges: Iterable[Span]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for lo, hi in sorted(r for r in ranges if r[0] < r[1]):  # an empty range holds no offset
            if ends and lo <= ends[-1]:  # overlapping or touching: one range holds the same offsets
                if hi > ends[-1]:
                    ends[-1] = hi
            else:
                starts.append(lo)
                ends.append(hi)
        self.starts, self.ends = starts, ends

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]

    def __iter__(self):  # -> Iterator[Span]
        """The disjoint ranges, in order."""
        return zip(self.starts, self.ends)


class Containers:
    """Whether some one range holds a whole span: any(lo <= start and end <= hi for lo, hi in ranges).

    Ranges are not merged (a span across two touching ranges lies in neither): sorted by start, with the
    furthest end reached so far, so the widest candidate is found by one binary search."""

    __slots__ = ("starts", "reach")

    def __init__(self, ranges: Iterable[Span]) -> None:
        ordered = sorted(ranges)
        self.starts = [lo for lo, _ in ordered]
        reach: list[int] = []
        furthest = None
        for _, hi in ordered:
            furthest = hi if furthest is None or hi > furthest else furthest
            reach.append(furthest)
        self.reach = reach

    def __bool__(self) -> bool:
        return bool(self.starts)

    def holds(self, start: int, end: int) -> bool:
        """Whether one of the ranges starts at or before `start` and ends at or after `end`."""
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end


def subtract(ranges: Sequence[Span], cut: Iterable[Span]) -> tuple[Span, ...]:
    """`ranges` minus the `cut` ranges, each range's pieces in order, ranges in their given order.

    The same answer as cutting each `cut` range out of every range in turn: a range left whole is kept
    as it is (an empty range only goes when a cut strictly surrounds it), a cut removes [lo, hi), and an
    empty cut splits a range it falls strictly inside.
    """
    cut = list(cut)
    cuts = sorted(c for c in cut if c[0] < c[1])
    points = sorted({c[0] for c in cut if c[0] >= c[1]})
    around = Containers(cuts)  # for an empty range: a cut with lo < a < hi (touching cuts not merged)
    # The union of the non-empty cuts, merged where they overlap or touch (a piece between two touching
    # cuts would be empty, and is not made).
    starts: list[int] = []
    ends: list[int] = []
    for lo, hi in cuts:
        if ends and lo <= ends[-1]:
            if hi > ends[-1]:
                ends[-1] = hi
        else:
            starts.append(lo)
            ends.append(hi)
    out: list[Span] = []
    for a, b in ranges:
        if a >= b:  # empty: dropped only when a cut has lo < a < hi
            if not around.holds(a - 1, a + 1):
                out.append((a, b))
            continue
        pieces: list[Span] = []
        at = a
        index = bisect_right(ends, a)  # the first merged cut ending after a
        while index < len(starts) and starts[index] < b:
            lo, hi = starts[index], ends[index]
            if hi > at:  # overlaps what is left of [a, b): hi <= a or b <= lo leaves the range whole
                if at < lo:
                    pieces.append((at, lo))
                at = max(at, hi)
            index += 1
        if at < b:
            pieces.append((at, b))
        out.extend(_split(pieces, points) if points else pieces)
    return tuple(out)


def _split(pieces: list[Span], points: list[int]) -> list[Span]:
    """Each piece split at the empty cuts strictly inside it."""
    out: list[Span] = []
    for lo, hi in pieces:
        index = bisect_right(points, lo)
        while index < len(points) and points[index] < hi:
            out.append((lo, points[index]))
            lo = points[index]
            index += 1
        out.append((lo, hi))
    return out
