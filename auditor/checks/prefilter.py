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

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Union

if TYPE_CHECKING:
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
_BRACE = re.compile(r"\{(?!\d*,?\d*\})|\{,?\}|\[[:=.]")


def _regex_only(pattern: str) -> bool:
    """Whether the pattern holds syntax the standard parser would read as literal text while `regex` does not:
    a brace that is not a counted repeat (fuzzy matching: (?:法治){e<=1}) or a POSIX class ([[:alpha:]])."""
    return bool(_BRACE.search(_ESCAPED.sub("__", pattern)))


@lru_cache(maxsize=4096)
def needs(pattern: str) -> Need:
    """What any match of `pattern` must contain (see the module docstring); None when nothing is known."""
    readable = _PROPERTY.sub(_unknown_class, pattern)
    if _regex_only(readable):
        return None
    try:
        parsed = _parser.parse(readable)
    except Exception:  # noqa: BLE001 - other `regex`-only syntax (fuzzy, sets …): nothing known, never skipped
        return None
    if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_LOCALE):
        return None
    return _simplify(_sequence(list(parsed)))


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
    memo = index.memo
    key = ("possible", pattern)
    known = memo.get(key)
    if known is None:
        known = memo[key] = literal_test(pattern)(index.contains)
    return known  # type: ignore[return-value]


@lru_cache(maxsize=4096)
def literal_test(pattern: str) -> Callable[[Callable[[str], bool]], bool]:
    """`holds(needs(pattern), has)` as one compiled expression (evaluated for many reports, so made once)."""
    need = needs(pattern)
    if need is None:
        return lambda has: True
    return eval(f"lambda has: {_expression(need)}")  # noqa: S307 - built here from repr()s of literals only


def _expression(need: Need) -> str:
    if isinstance(need, str):
        return f"has({need!r})"
    kind, members = need  # type: ignore[misc]
    return "(" + f" {kind} ".join(_expression(m) for m in members) + ")"
