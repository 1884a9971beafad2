"""Used by the claims step: which of a list of regular expressions can match a report at all, told by one
Hyperscan pass over the whole report (issue #15: one scan for many patterns), so that a pattern with no
possible match is not run. Where Hyperscan is missing, the cache cannot be written or a pattern is outside
what the translation below keeps sound, the patterns are simply run: the answers are the same either way.

Soundness: a pattern is skipped only when it cannot match anywhere in the report, nor in any part of it. Each
pattern is compiled in Hyperscan's prefilter mode, which matches a superset of the pattern's matches
(lookarounds, atomic groups and possessive repeats are loosened), with single-match (only "is there one");
assertions of boundaries and ends are dropped first (a search that stops inside the report, in a scope or a
clause, reads them differently), which again only widens what matches. A pattern is left out (always run)
when its meaning could differ between the `regex` engine and Hyperscan: Unicode properties and word classes
(the two libraries know different Unicode versions), case folding, back references and `regex`-only syntax.
`\\d` and `\\s` are kept, and a report holding a character whose class the two may disagree on (a digit
other than 0-9 and ０-９, or a format character) is not prescanned at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from functools import lru_cache
from typing import Any, Sequence

import regex

from auditor import cache
from auditor.patterns import atom_end

COMPILE_SECONDS = 30.0  # a compile longer than this is given up (the claims step's ~170 patterns: ~3 s)
_FORMAT = 1  # bump when the translation or the flags change: cached databases of other formats are not read

# Escapes whose meaning may differ between the engines, or that only `regex` knows (Unicode properties and word
# classes, back references, named lists, word starts and ends).
_UNSURE_ESCAPES = frozenset("bBwWpPZzAGXNKLmMRhHvVgk123456789")
# Assertions (word boundaries, ends of text or line) are dropped: a pattern without them matches a superset,
# and a search that stops inside the report (a scope, a clause) reads them differently from a whole-text scan.
_ASSERTIONS = frozenset("bBAZzG")
# Groups only one engine reads the same way: inline flags other than m, s, x (case folding, ASCII, version 1,
# fuzzy …), branch resets, conditionals, recursion, named back references.
_GROUP = re.compile(r"\(\?(?:([a-zA-Z0-9-]+)(?=[:)])|P=|P>|\||\(|&|R\)|[+-]?\d)")
_NAMED = re.compile(r"\(\?P?<(?=[A-Za-z_])[A-Za-z_0-9]*>")  # a named group: just a group to a prefilter
# A report holding one of these characters is run without the prescan: digits of other scripts (the engines'
# Unicode tables differ) and format or separator characters whose whitespace status changed between versions.
_UNSURE_TEXT = regex.compile(r"[^\P{Nd}0-9０-９]|[\u180e\u200b-\u200d\u2060\ufeff\x1c-\x1f]")


def _hyperscan() -> Any:
    try:
        import hyperscan  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - not installed, or no build for this platform: run every pattern
        return None
    return hyperscan


def translate(pattern: str) -> str | None:
    """The pattern in Hyperscan's syntax with the same meaning, or None when it is left out (see the module's
    text). Escapes \\uXXXX / \\UXXXXXXXX become \\x{…}; a repeat {,n} (regex: at most n) becomes {0,n}; a
    named group becomes a plain group; assertions of boundaries and ends (^ $ \\b \\B \\A \\Z) are dropped."""
    for group in _GROUP.finditer(pattern):
        if group.group(1) is None or set(group.group(1)) - set("msx-"):
            return None
    pattern = _NAMED.sub("(?:", pattern)
    out: list[str] = []
    at, end = 0, len(pattern)
    while at < end:
        char = pattern[at]
        if char == "\\" and pattern[at + 1:at + 2] in _ASSERTIONS:
            at += 2  # an assertion: dropped
        elif char in "^$":
            at += 1  # likewise
        elif char == "\\":
            piece = _escape(pattern, at)
            if piece is None:
                return None
            out.append(piece[0])
            at = piece[1]
        elif char == "[":
            stop = atom_end(pattern, at)
            body = _set(pattern, at, stop)
            if body is None:
                return None
            out.append(body)
            at = stop
        elif char == "{":
            close = pattern.find("}", at)
            inner = pattern[at + 1:close] if close > at else ""
            if re.fullmatch(r"\d+(?:,\d*)?", inner):
                out.append(pattern[at:close + 1])
            elif re.fullmatch(r",\d+", inner):
                out.append("{0" + inner + "}")
            else:
                return None  # a brace that is no counted repeat: fuzzy matching, or text the engines read apart
            at = close + 1
        else:
            out.append(char)
            at += 1
    return "".join(out)


def _escape(pattern: str, at: int) -> tuple[str, int] | None:
    """An escape in Hyperscan's syntax and where it ends, or None when it is one the engines may read apart."""
    letter = pattern[at + 1:at + 2]
    if letter in _UNSURE_ESCAPES or not letter:
        return None
    if letter in "uU":
        width = 4 if letter == "u" else 8
        digits = pattern[at + 2:at + 2 + width]
        if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
            return None
        return "\\x{%s}" % digits, at + 2 + width
    return pattern[at:atom_end(pattern, at)], atom_end(pattern, at)


def _set(pattern: str, at: int, stop: int) -> str | None:
    """A character set [...] in Hyperscan's syntax, or None (POSIX classes, set operations, unsure escapes)."""
    body = pattern[at:stop]
    if not body.endswith("]") or any(op in body[1:] for op in ("[", "--", "&&", "||", "~~")):
        return None
    out, index = [], at
    while index < stop:
        if pattern[index] == "\\":
            piece = _escape(pattern, index)
            if piece is None:
                return None
            out.append(piece[0])
            index = piece[1]
        else:
            out.append(pattern[index])
            index += 1
    return "".join(out)


class Prescan:
    """One Hyperscan database for a list of patterns (those `translate` keeps), built once and kept in the user's
    cache keyed by the patterns; `possible(text)` names the patterns that may match somewhere in the text."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        self.index = {pattern: index for index, pattern in enumerate(patterns)}
        self.kept: frozenset[int] = frozenset()
        self._db: Any = None
        self._last: tuple[str, frozenset[int] | None] = ("", None)  # the last text scanned, and its answer
        hyperscan = _hyperscan()
        if hyperscan is None or not patterns:
            return
        translated = {index: translate(pattern) for index, pattern in enumerate(patterns)}
        kept = {index: text for index, text in translated.items() if text is not None}
        key = hashlib.sha256(f"{_FORMAT}\0{hyperscan.__version__}\0".encode()
                             + "\0".join(f"{i}\1{t}" for i, t in sorted(kept.items())).encode("utf-8",
                                                                                               "surrogatepass")
                             ).hexdigest()[:32]
        loaded = self._load(hyperscan, key, kept)
        if loaded is None and not self._gave_up(key):
            loaded = self._compile(hyperscan, key, kept)
        if loaded is not None:
            self._db, self.kept = loaded

    @staticmethod
    def _flags(hyperscan: Any) -> int:
        return (hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP
                | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_ALLOWEMPTY)

    @staticmethod
    def _gave_up(key: str) -> bool:
        """Whether an earlier run found these patterns too slow (or impossible) to compile."""
        handle = cache.open_entry("prescan", key, "hs")
        if handle is None:
            return False
        with handle:
            return handle.read(5) == b"none\n"

    def _load(self, hyperscan: Any, key: str, kept: dict[int, str]) -> tuple[Any, frozenset[int]] | None:
        handle = cache.open_entry("prescan", key, "hs")
        if handle is None:
            return None
        try:
            with handle:
                head = handle.readline().decode("ascii").split()
                blob = handle.read()
            if not head or head[0] != hashlib.sha256(blob).hexdigest():
                return None  # damaged: never handed to the library's reader
            db = hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK)
            db.scratch = hyperscan.Scratch(db)
            return db, frozenset(int(index) for index in head[1:]).intersection(kept)
        except Exception:  # noqa: BLE001 - a damaged or foreign entry: built again
            return None

    def _compile(self, hyperscan: Any, key: str, kept: dict[int, str]) -> tuple[Any, frozenset[int]] | None:
        """Compile and store the database; a pattern Hyperscan refuses is left out. Without a writable cache
        nothing is compiled (a compile takes seconds: worth it only when kept for later runs). The compile runs
        in a child process given COMPILE_SECONDS: a pattern that would take the compiler minutes (a rule
        keeper's long bounded repeats) just means no prescan, noted in the cache so later runs do not wait again."""
        if cache.private_folder() is None:
            return None
        here = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": here + os.pathsep + os.environ.get("PYTHONPATH", "")}
        try:
            child = subprocess.run([sys.executable, "-c", "from auditor.prescan import compile_child; compile_child()"],
                                   input=json.dumps(kept).encode("utf-8"), capture_output=True, env=env,
                                   timeout=COMPILE_SECONDS)
            head, _, blob = child.stdout.partition(b"\n")
            indexes = frozenset(int(index) for index in head.split()) if child.returncode == 0 else None
        except (OSError, subprocess.SubprocessError, ValueError):
            indexes, blob = None, b""
        if indexes is None or not blob:
            cache.write_entry("prescan", key, "hs", lambda handle: handle.write(b"none\n"))
            return None
        line = " ".join([hashlib.sha256(blob).hexdigest()] + [str(index) for index in sorted(indexes)]) + "\n"
        cache.write_entry("prescan", key, "hs", lambda handle: handle.write(line.encode("ascii") + blob))
        return self._load(hyperscan, key, kept)

    def possible(self, text: str) -> frozenset[int] | None:
        """The indexes of kept patterns that may match in `text` or any part of it (the other kept ones cannot);
        None when the text is not prescanned (no database, or a character the engines may read apart), so every
        pattern is run. The last text's answer is kept for the next caller."""
        if text is self._last[0]:
            return self._last[1]
        found = None
        if self._db is not None and not _UNSURE_TEXT.search(text):
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: not UTF-8, which Hyperscan's mode requires
                data = None
            if data is not None:
                hits: set[int] = set()
                self._db.scan(data, match_event_handler=_collect, context=hits)
                found = frozenset(hits)
        self._last = (text, found)
        return found

    def impossible(self, text: str) -> frozenset[str]:
        """The patterns that cannot match in `text` or any part of it."""
        possible = self.possible(text)
        if possible is None:
            return frozenset()
        return frozenset(self.patterns[index] for index in self.kept.difference(possible))


def compile_child() -> None:
    """In the child process of Prescan._compile: the kept patterns (JSON, index → text) from stdin; to stdout the
    indexes compiled, a newline and the serialised database (nothing when none compiles)."""
    hyperscan = _hyperscan()
    kept = {int(index): text for index, text in json.loads(sys.stdin.buffer.read().decode("utf-8")).items()}
    flags = Prescan._flags(hyperscan)
    db = _try(hyperscan, kept, flags)
    if db is None:  # find the patterns it refuses, one by one
        kept = {i: t for i, t in kept.items() if _try(hyperscan, {i: t}, flags) is not None}
        db = _try(hyperscan, kept, flags)
    if db is not None:
        sys.stdout.buffer.write(" ".join(str(index) for index in sorted(kept)).encode("ascii") + b"\n"
                                + hyperscan.dumpb(db))


def _try(hyperscan: Any, kept: dict[int, str], flags: int) -> Any:
    if not kept:
        return None
    db = hyperscan.Database()
    try:
        db.compile(expressions=[kept[i].encode("utf-8") for i in sorted(kept)], ids=sorted(kept),
                   elements=len(kept), flags=[flags] * len(kept))
    except Exception:  # noqa: BLE001 - a pattern the compiler refuses (checked one by one)
        return None
    return db


def _collect(index: int, start: int, end: int, flags: int, hits: set[int]) -> None:
    hits.add(index)


@lru_cache(maxsize=8)
def prescan(patterns: tuple[str, ...]) -> Prescan:
    """The prescan of these patterns, built once a process."""
    return Prescan(patterns)
