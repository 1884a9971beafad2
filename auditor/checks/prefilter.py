"""Rules step: which literal text a regular expression cannot match without, so a check skips a pattern whose
literals a report does not hold (a plain substring test) instead of running the pattern over the report.

The test is exact: a pattern is skipped only when no match is possible. `needs(pattern)` reads the pattern once
(with the standard library's parser) into an AND/OR tree of literal strings every match must contain: a
sequence needs what each of its items needs, an alternation what one of its branches needs, a repeat of at
least one what its body needs. Anything the reading does not know (classes, categories, lookarounds, back
references, case-insensitive flags, `regex`-only syntax) needs nothing, so the tree only ever under-states the
need, never over-states it: when it says "absent", the pattern would have found nothing.
"""

from __future__ import annotations

import marshal
import re
from functools import lru_cache
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from auditor.patterns import atom_end, compiled

if TYPE_CHECKING:
    from auditor.patterns import Timed
    from auditor.terms import TermIndex

try:  # the standard library's own parser (Python 3.11+: re._parser; before: sre_parse)
    import re._parser as _parser  # type: ignore[import-not-found]
    from re import _constants as _c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

# A need: a literal string, ("and", needs), ("or", needs); None needs nothing (always possible).
Need = Union[str, tuple, None]

_MAX_ALTERNATIVES = 64  # an OR of more literals than this is tested as "possible" (not worth the tests)


# A Unicode property (\p{Han}, \P{L}, \pL), which the standard parser does not know; an escaped backslash is
# matched first so that \\p stays a backslash and a p.
_PROPERTY = re.compile(r"\\\\|\\[pP](?:\{[^}]*\}|[A-Za-z])")


def _unknown_class(match: re.Match[str]) -> str:
    """A property becomes \\d: one character of a category, which the reading below treats as unknown (needs
    nothing), in the same place of the pattern's structure (inside a set or not, under the same repeat)."""
    return match.group() if match.group() == "\\\\" else "\\d"


_ESCAPED = re.compile(r"\\.", re.DOTALL)
_BRACE = re.compile(r"\{(?!\d*,?\d*\})|\{,?\}|\[([:=.])[^\]]*?\1\]")


def _regex_only(pattern: str) -> bool:
    """Whether the pattern holds syntax the standard parser would read as literal text while `regex` does not:
    a brace that is not a counted repeat (fuzzy matching: (?:法治){e<=1}) or a POSIX class ([[:alpha:]], named
    between [: and :]; a set that merely starts with a colon, [:：], is a set to both)."""
    return bool(_BRACE.search(_ESCAPED.sub("__", pattern)))


class Reading(NamedTuple):
    """What reading a pattern once gives: its need, how to search it near its literals (the anchors, longest
    match and reach of `windows`, or None), the code of its literal test (marshal, or b"": always possible), where
    its matches start (`leads`) and its alternation regrouped (`branches`).
    Plain data, kept between runs by auditor.pattern_store: a run does not parse the same patterns again."""

    need: Need
    window: tuple[tuple[str, ...], int, int] | None
    test: bytes
    lead: tuple[tuple[str, ...], int] | None  # `leads`
    split: tuple[tuple[str, ...], bool] | None  # `branches`, and whether its first part is the quick alternatives


_MOST_READINGS = 4096
_readings: dict[str, Reading] = {}  # pattern → its reading, made here or by an earlier run (`seed`)
_fresh: list[str] = []  # patterns read in this process (not seeded)


def reading(pattern: str) -> Reading:
    """The pattern's reading (made once a process, or handed over from an earlier run)."""
    found = _readings.get(pattern)
    if found is None:
        found = _read(pattern)
        if len(_readings) < _MOST_READINGS:
            _readings[pattern] = found
            _fresh.append(pattern)
    return found


def seed(entries: dict) -> None:
    """Take readings an earlier run made (pattern_store); anything not shaped as a reading is left out."""
    for pattern, item in entries.items():
        if (type(pattern) is str and type(item) is tuple and len(item) == 5 and type(item[2]) is bytes
                and (item[3] is None or type(item[3]) is tuple) and (item[4] is None or type(item[4]) is tuple)
                and len(_readings) < _MOST_READINGS):
            _readings.setdefault(pattern, Reading(*item))


def readings() -> tuple[dict[str, tuple], bool]:
    """Every reading this process holds (as plain tuples), and whether it made any itself."""
    return {pattern: tuple(item) for pattern, item in _readings.items()}, bool(_fresh)


def _read(pattern: str) -> Reading:
    parsed = _parsed(pattern)
    need = None if parsed is None else _simplify(_sequence(list(parsed)))
    test = b""
    if need is not None:
        code = compile(f"lambda has: {_expression(need)}", "<prefilter>", "eval")  # from repr()s of literals only
        test = marshal.dumps(code)
    return Reading(need, _window(pattern, need, parsed), test, _leads(parsed), _branches(pattern))


def needs(pattern: str) -> Need:
    """What any match of `pattern` must contain (see the module docstring); None when nothing is known."""
    return reading(pattern).need


@lru_cache(maxsize=4096)
def _parsed(pattern: str) -> Any:
    """The standard parser's reading of `pattern` (a property read as one unknown character), or None when the
    pattern holds syntax it does not know or a case-insensitive flag (literals then say nothing)."""
    readable = _PROPERTY.sub(_unknown_class, pattern)
    if _regex_only(readable):
        return None
    try:
        parsed = _parser.parse(readable)
    except Exception:  # noqa: BLE001 - other `regex`-only syntax (fuzzy, sets …): nothing known, never skipped
        return None
    if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_LOCALE):
        return None
    return parsed


def _sequence(items: list) -> Need:
    """An AND of the needs of a sequence's items; consecutive literal characters join into one string."""
    out: list[Need] = []
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(_item(op, arg))
    if run:
        out.append("".join(run))
    return ("and", tuple(n for n in out if n is not None)) if out else None


def _item(op: object, arg: object) -> Need:
    if op is _c.SUBPATTERN:
        group, add, remove, body = arg  # type: ignore[misc]
        if add & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_LOCALE):
            return None
        return _sequence(list(body))
    if op is _c.BRANCH:
        branches = [_sequence(list(branch)) for branch in arg[1]]  # type: ignore[index]
        if any(b is None for b in branches):
            return None
        return ("or", tuple(branches))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, body = arg  # type: ignore[misc]
        return _sequence(list(body)) if low >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(arg))  # type: ignore[arg-type]
    if op is _c.IN:
        chars = [chr(a) for o, a in arg if o is _c.LITERAL]  # type: ignore[union-attr]
        if len(chars) != len(arg) or not chars:  # type: ignore[arg-type]
            return None  # a range, a category or a negated class: any character may do
        return ("or", tuple(chars))
    return None


def _simplify(need: Need) -> Need:
    """Flatten single-member groups and drop groups that need nothing; None when nothing is left."""
    if need is None or isinstance(need, str):
        return need or None
    kind, members = need
    kept = [m for m in (_simplify(m) for m in members)]
    if kind == "and":
        kept = [m for m in kept if m is not None]
        if not kept:
            return None
        # Tested in this order, stopping at the first missing: single strings, longest (rarest) first.
        kept.sort(key=lambda m: (0, -len(m)) if isinstance(m, str) else (1, 0))
    elif any(m is None for m in kept) or len(kept) > _MAX_ALTERNATIVES:
        return None
    return kept[0] if len(kept) == 1 else (kind, tuple(kept))


def holds(need: Need, has: Callable[[str], bool]) -> bool:
    """Whether a text can hold a match, given `has(literal)` (the text contains that literal)."""
    if need is None:
        return True
    if isinstance(need, str):
        return has(need)
    kind, members = need
    if kind == "and":
        return all(holds(m, has) for m in members)
    return any(holds(m, has) for m in members)


def possible(index: "TermIndex", pattern: str) -> bool:
    """Whether `pattern` can match anywhere in the report of `index` (any part of its matching text)."""
    known = index.possible.get(pattern)
    if known is None:
        known = index.possible[pattern] = literal_test(pattern)(index.contains)
    return known


@lru_cache(maxsize=4096)
def literal_test(pattern: str) -> Callable[[Callable[[str], bool]], bool]:
    """`holds(needs(pattern), has)` as one compiled expression (evaluated for many reports, so made once)."""
    code = reading(pattern).test
    if not code:
        return _always
    return eval(marshal.loads(code))  # noqa: S307 - made by _read from repr()s of literals only


def _always(has: Callable[[str], bool]) -> bool:
    return True


def _expression(need: Need) -> str:
    if isinstance(need, str):
        return f"has({need!r})"
    kind, members = need  # type: ignore[misc]
    return "(" + f" {kind} ".join(_expression(m) for m in members) + ")"


@lru_cache(maxsize=256)
def runs_of_marks(pattern: str) -> bool:
    """Whether every match of `pattern` is a run of listed characters, none of them a line break, with no test
    of what stands around it and never empty ([，。、；：,;]{2,}, or alternatives each such: ，{2,}|“{2,}): its
    matches in texts joined by line breaks are then exactly its matches in each text."""
    parsed = _parsed(pattern)
    if parsed is None or parsed.getwidth()[0] < 1:
        return False
    return _marks_only(list(parsed))


def _marks_only(items: list) -> bool:
    """Whether a sequence consumes only listed characters other than a line break, testing nothing around."""
    for op, arg in items:
        if op is _c.BRANCH:
            if not all(_marks_only(list(branch)) for branch in arg[1]):
                return False
            continue
        if op in _REPEATS:
            body = list(arg[2])
            if len(body) != 1:
                return False
            op, arg = body[0]
        if op is _c.LITERAL:
            if arg == 10:
                return False
        elif op is not _c.IN or any(o is not _c.LITERAL or a == 10 for o, a in arg):
            return False
    return True


# --- windows: a pattern searched only near the literals its matches need ----------------------------------------

_MAX_REACH = 400  # a pattern whose match (with what its lookaheads read) may be longer is searched everywhere
_GAP = 120  # candidate starts this close together are searched in one call
_SMALL = 400  # a text this short is searched whole: the windows would not pay for finding them
_WORTH = 0.5  # windows covering more than this share of the text are searched as the whole text
_TRIAL = 8  # searches of a pattern after which, if its windows covered most of the text in most, none are made
_TRIES: dict[str, list[int]] = {}  # pattern → [searches with windows tried, of which covered most of the text]


class Windows(NamedTuple):
    """How to search a pattern near its literals only (see `windows`)."""

    anchors: re.Pattern[str]  # the literals, one of which every match holds (a plain alternation)
    width: int  # the longest match
    reach: int  # how far past its start a match attempt may read (width, lookaheads, word-boundary tests)


@lru_cache(maxsize=4096)
def windows(pattern: str) -> Windows | None:
    """How to search `pattern` only near the literals its matches need, or None (then search everywhere).

    Every match holds an occurrence of one of the anchors (literals of `needs`: a string; one member of an AND;
    every member of an OR), is at most `width` characters long, and an attempt to match at a start reads no
    further than `reach` characters past it. A match therefore starts within `width` before an anchor, and a
    search ending `reach` past such a start sees there what a search of the whole text sees.
    """
    window = reading(pattern).window
    if window is None:
        return None
    literals, width, reach = window
    return Windows(re.compile("|".join(re.escape(a) for a in literals)), width, reach)


def _window(pattern: str, need: Need, parsed: Any) -> tuple[tuple[str, ...], int, int] | None:
    """The anchors (longest first), the longest match and the reach of `windows`, or None."""
    if need is None:
        return None
    try:
        width = parsed.getwidth()[1]
        ahead = _ahead(list(parsed))
    except Exception:  # noqa: BLE001 - anything not understood: searched everywhere
        return None
    anchors = _anchors(need)
    if ahead is None or width + ahead > _MAX_REACH or not anchors or not all(anchors):
        return None
    return tuple(sorted(set(anchors), key=lambda a: (-len(a), a))), width, width + ahead + 2


def _anchors(need: Need) -> list[str]:
    """Literals of which every match holds one: the string; for an AND, its longest string member (else the
    member whose shortest anchor is longest); for an OR, the anchors of every member."""
    if isinstance(need, str):
        return [need]
    kind, members = need  # type: ignore[misc]
    if kind == "or":
        return [anchor for member in members for anchor in _anchors(member)]
    strings = [m for m in members if isinstance(m, str)]
    if strings:
        return [max(strings, key=len)]
    return max((_anchors(m) for m in members), key=lambda found: min(map(len, found), default=0))


_LOOK = (_c.ASSERT, _c.ASSERT_NOT)
_REPEATS = tuple(op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op)
_PLAIN = (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.CATEGORY)
_BOUNDARIES = {getattr(_c, name) for name in ("AT_BOUNDARY", "AT_NON_BOUNDARY", "AT_UNI_BOUNDARY",
                                             "AT_UNI_NON_BOUNDARY", "AT_LOC_BOUNDARY", "AT_LOC_NON_BOUNDARY")
               if hasattr(_c, name)}
_BEGINNINGS = {getattr(_c, name) for name in ("AT_BEGINNING", "AT_BEGINNING_STRING", "AT_BEGINNING_LINE")
               if hasattr(_c, name)}


def _ahead(items: list) -> int | None:
    """An upper bound of what a match attempt reads past what it consumes (lookahead bodies, word-boundary
    tests), summed over the pattern; None for anything not known to be bounded (an end test such as $, which
    depends on where the text ends; back references; conditionals)."""
    total = 0
    for op, arg in items:
        if op in _PLAIN:
            continue
        if op is _c.AT:
            if arg in _BOUNDARIES:
                total += 1
            elif arg not in _BEGINNINGS:
                return None
            continue
        if op is _c.SUBPATTERN:
            inner = _ahead(list(arg[3]))
        elif op is _c.BRANCH:
            found = [_ahead(list(branch)) for branch in arg[1]]
            inner = None if None in found else sum(found)  # type: ignore[arg-type]
        elif op in _REPEATS:
            inner = _ahead(list(arg[2]))
            if inner and arg[1] != 1:
                return None  # a lookahead under a repeat: bounded, but not worth the arithmetic
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            inner = _ahead(list(arg))
        elif op in _LOOK:
            direction, body = arg
            inner = _ahead(list(body))
            if inner is not None and direction == 1:
                inner += body.getwidth()[1]
        else:
            return None
        if inner is None:
            return None
        total += inner
    return total


def finditer_near(rx: Timed, text: str) -> Iterator[Any]:
    """The matches of rx.finditer(text), searching only near the literals they need (`windows`) when those
    leave most of the text out, and an alternation's slow alternatives apart from its quick ones (`branches`)."""
    split = reading(rx.pattern).split
    if split is not None:
        return _split(rx, *split, text)
    plan = windows(rx.pattern)
    if plan is None or len(text) < _SMALL:
        return rx.finditer(text)
    tries = _TRIES.get(rx.pattern)
    if tries is None:
        tries = _TRIES[rx.pattern] = [0, 0]
    elif tries[0] >= _TRIAL and 2 * tries[1] > tries[0]:
        return rx.finditer(text)  # its literals were all over most texts so far: not worth looking for them
    tries[0] += 1
    spans = _candidates(plan, text)
    if spans is None:
        tries[1] += 1
        return rx.finditer(text)  # the literals are all over the text: one search through it
    return _near(rx, text, spans, plan.reach)


def _candidates(plan: Windows, text: str) -> list[list[int]] | None:
    """Where matches can start: [first, last] spans around the anchors' occurrences, those less than _GAP apart
    joined; None when searching them would read more than _WORTH of the text."""
    width, reach = plan.width, plan.reach
    spans: list[list[int]] = []
    covered, most = 0, len(text) * _WORTH  # the text the searches would read (closed spans), and the most worth it
    for hit in plan.anchors.finditer(text):
        # An anchor at [o, e) (or one starting inside it, which this scan steps over) lies in a match starting
        # in [o + 1 - width, e - 1].
        first = hit.start() + 1 - width
        if spans and first <= spans[-1][1] + _GAP:
            span = spans[-1]
            span[1] = hit.end() - 1
            if covered + span[1] - span[0] + reach > most:
                return None
            continue
        if spans:
            covered += spans[-1][1] - spans[-1][0] + reach
        spans.append([first, hit.end() - 1])
    return spans


def _near(rx: Timed, text: str, spans: list[list[int]], reach: int) -> Iterator[Any]:
    """The matches starting in the spans, in order, each span searched reading at most `reach` past its last
    start; a match ending past the next span's first start moves that span's search on, as finditer does."""
    search, n, pos = rx.search, len(text), 0
    for first, last in spans:
        begin = max(first, pos, 0)
        stop = min(n, last + reach)
        while begin <= last:
            match = search(text, begin, stop)
            if match is None or match.start() > last:
                break
            yield match
            begin = pos = match.end()


# --- leads: where a match can start, from the literal text it holds near its start -------------------------------

_MOST_BEFORE = 24  # a pattern whose leading literal may come later in its match than this is not led


def leads(pattern: str) -> tuple[tuple[str, ...], int] | None:
    """(literals, before): every match of `pattern` holds one of the literals starting at most `before`
    characters after the match's own start — so a match can only start within `before` characters before an
    occurrence of one of them, and trying the pattern there (with the text's real end) finds every match.
    None when the pattern's reading does not show such a literal. What follows the literal is not looked at
    (it may be of any length)."""
    return reading(pattern).lead


def _leads(parsed: Any) -> tuple[tuple[str, ...], int] | None:
    if parsed is None:
        return None
    found = _lead(list(parsed), parsed.state)
    if found is None or not found[0] or not all(found[0]):
        return None
    literals, before = found
    return tuple(sorted(set(literals), key=lambda a: (-len(a), a))), before


def _lead(items: list, state: Any) -> tuple[list[str], int] | None:
    """The first item of a sequence that begins with literal text on every path (a run of literal characters; a
    group, repeat of at least one or alternation whose every branch leads so), with the most characters the items
    before it can take; None when there is none within `_MOST_BEFORE`."""
    before = 0
    for at, (op, arg) in enumerate(items):
        if op is _c.LITERAL:
            run = []
            for next_op, next_arg in items[at:]:
                if next_op is not _c.LITERAL:
                    break
                run.append(chr(next_arg))
            return ["".join(run)], before
        found: tuple[list[str], int] | None = None
        if op is _c.BRANCH:
            branches = [_lead(list(branch), state) for branch in arg[1]]
            if all(branches):
                found = ([lit for b in branches for lit in b[0]], max(b[1] for b in branches))  # type: ignore[index]
        elif op is _c.SUBPATTERN:
            if arg[1] & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_LOCALE):
                return None
            found = _lead(list(arg[3]), state)
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            found = _lead(list(arg), state)
        elif op in _REPEATS and arg[0] >= 1:
            found = _lead(list(arg[2]), state)
        elif op is _c.IN and arg and all(o is _c.LITERAL for o, _ in arg):  # [已了]: one of these characters
            found = ([chr(a) for _, a in arg], 0)
        if found is not None:
            return found[0], before + found[1]
        if op in _LOOK or op is _c.AT:
            continue  # takes no characters
        try:
            before += _parser.SubPattern(state, [(op, arg)]).getwidth()[1]
        except Exception:  # noqa: BLE001 - not understood: not led
            return None
        if before > _MOST_BEFORE:
            return None
    return None


# --- branches: an alternation's slow alternatives searched apart ------------------------------------------------

# What makes regrouping unsafe: back references, branch resets, flags for the whole pattern or ignoring case.
_NOT_SPLIT = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?\||\(\?[a-zA-Z]*[ixLu][a-zA-Z]*[:)]|\(\?[aLmsux-]+\)")


def branches(pattern: str) -> tuple[str, ...] | None:
    """A top-level alternation (a|b|c) regrouped for finding where its matches start: the alternatives that do not
    begin with a lookbehind joined as one pattern, each that does alone. None when no alternative begins so, or
    when the pattern is not safe to regroup: an alternative may take nothing, the reading does not understand it,
    it has back references or flags for the whole pattern or ignoring case.

    The engine finds where an alternation's alternatives can start by a fast scan for their leading text; one
    alternative that begins with a lookbehind makes it try them all at every place of the text."""
    split = reading(pattern).split
    return None if split is None else split[0]


def _branches(pattern: str) -> tuple[tuple[str, ...], bool] | None:
    """`branches`, with whether its first part is the quick alternatives joined (found by the engine's own fast
    scan, so not worth looking for windows) rather than one led by a lookbehind."""
    if "|" not in pattern or _NOT_SPLIT.search(pattern):
        return None
    parts, depth, start, at, end = [], 0, 0, 0, len(pattern)
    while at < end:
        char = pattern[at]
        if char in "\\[":
            at = atom_end(pattern, at)  # an escape or a set: its | and parentheses are no structure
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:at])
            start = at + 1
        at += 1
    parts.append(pattern[start:])
    if len(parts) < 2 or depth != 0 or _parsed(pattern) is None:
        return None
    quick, slow = [], []
    for part in parts:
        parsed = _parsed(part)
        if parsed is None or parsed.getwidth()[0] < 1:
            return None
        (quick if _quick(list(parsed)) else slow).append(part)
    if not slow:
        return None
    return (("|".join(quick),) if quick else ()) + tuple(slow), bool(quick)


def _quick(items: list) -> bool:
    """Whether a pattern does not begin with a lookbehind (the engine then tests the lookbehind at every place of
    the text, before it can scan for the literal text that follows it)."""
    if not items:
        return True
    op, arg = items[0]
    if op in _LOOK and arg[0] == -1:
        return False
    if op is _c.SUBPATTERN:
        return _quick(list(arg[3]))
    if op is _c.BRANCH:
        return all(_quick(list(branch)) for branch in arg[1])
    return True


def _split(rx: Timed, parts: tuple[str, ...], quick: bool, text: str) -> Iterator[Any]:
    """rx.finditer(text), the start of each match found as the leftmost start of any part's match (parts whose
    literals the text lacks not searched; each near its own literals) and the match itself as rx.match there:
    the whole pattern's match at its leftmost start, groups and all."""
    has = text.__contains__
    seekers = [_Seeker(compiled(part), text, not (at == 0 and quick)) for at, part in enumerate(parts)
               if literal_test(part)(has)]
    found = [seeker.next(0) for seeker in seekers]
    match, pos = rx.match, 0
    while True:
        start = -1
        for index, candidate in enumerate(found):
            if candidate is None:
                continue
            if candidate < pos:  # (inside the match taken last: that part searches on from its end)
                candidate = found[index] = seekers[index].next(pos)
                if candidate is None:
                    continue
            if start < 0 or candidate < start:
                start = candidate
        if start < 0:
            return
        whole = match(text, start)  # (some alternative matches here: the whole pattern does)
        yield whole
        pos = whole.end()  # (no alternative takes nothing: the search moves on)


class _Seeker:
    """Where one part's next match starts, at or after a place in one text; with `near`, searched near the part's
    literals (`windows`) when those leave most of the text out."""

    __slots__ = ("_search", "_text", "_spans", "_reach", "_at")

    def __init__(self, rx: Timed, text: str, near: bool = True) -> None:
        self._search, self._text, self._at = rx.search, text, 0
        plan = windows(rx.pattern) if near and len(text) >= _SMALL else None
        self._spans = _candidates(plan, text) if plan is not None else None
        self._reach = plan.reach if plan is not None else 0

    def next(self, pos: int) -> int | None:
        spans = self._spans
        if spans is None:
            found = self._search(self._text, pos)
            return None if found is None else found.start()
        n = len(self._text)
        while self._at < len(spans):
            first, last = spans[self._at]
            if last >= pos:
                found = self._search(self._text, max(first, pos, 0), min(n, last + self._reach))
                if found is not None and found.start() <= last:
                    return found.start()
            self._at += 1
        return None
