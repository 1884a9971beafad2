"""Used by the rules step: find rule terms in a report as whole words, confirmed by jieba segmentation."""

from __future__ import annotations

import bisect
import logging
import re
import threading
from functools import lru_cache
from math import log
from typing import Iterable

import regex

from auditor import cache
from auditor.textnorm import normalize

# jieba cuts text into blocks of these characters and segments each block on its own, so segmenting
# only the block around a hit gives exactly the boundaries that segmenting the whole text would.
_BLOCK_CHARS = r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+"
_BLOCK = re.compile(_BLOCK_CHARS)
_BLOCK_BACK = regex.compile(_BLOCK_CHARS, regex.REVERSE)  # the same runs, matched backwards from a position
_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def tokenizer(terms: frozenset[str]):  # -> jieba.Tokenizer
    """One jieba tokenizer per term set, with every rule term added as a word; start-up log silenced.

    jieba keeps its prefix dictionary in a marshal file that takes ~0.55 s to load; the same dictionary
    (with the rule terms already added) pickled in the auditor's cache loads in ~0.17 s, which is most of
    a single report's run time.
    """
    with _LOCK:
        jieba = _import_jieba()  # under the lock: two threads never block and unblock pkg_resources at once
        # jieba logs a failed cache write as an error with a traceback: a cache problem is never shown
        jieba.setLogLevel(logging.CRITICAL)
        logging.getLogger("jieba").setLevel(logging.CRITICAL)
        tok = jieba.Tokenizer()
        key = _dictionary_key(jieba, terms)
        cached = cache.read("jieba", key)
        if isinstance(cached, tuple) and len(cached) == 3:
            tok.FREQ, tok.total, tok.longest = cached
            tok.initialized = True
            return tok
        _initialize(tok)
        for term in sorted(terms):
            if _BLOCK.fullmatch(term) and len(term) > 1:
                tok.add_word(term)
        tok.longest = max(len(word) for word, count in tok.FREQ.items() if count)  # 16 for jieba 0.42
        cache.write("jieba", key, (tok.FREQ, tok.total, tok.longest))
    return tok


def _initialize(tok) -> None:  # noqa: ANN001  (a jieba.Tokenizer)
    """Load jieba's prefix dictionary. Its own marshal cache (jieba.cache) is kept in the user's cache folder,
    never under the shared temporary folder's fixed name (another user's file there would be read, and our
    write over it fails with a traceback); a cache file we do not own is removed, and without a usable
    folder the dictionary is built from jieba's word list directly."""
    base = cache.private_folder()
    if base is not None:
        own = base / JIEBA_CACHE
        if (own.exists() or own.is_symlink()) and not cache.trusted(own):
            try:
                own.unlink()
            except OSError:
                base = None
    if base is not None:
        tok.tmp_dir, tok.cache_file = str(base), JIEBA_CACHE
        try:
            tok.initialize()
            return
        except Exception:  # a damaged or unreadable cache: build without it
            tok.initialized = False
    tok.FREQ, tok.total = tok.gen_pfdict(tok.get_dict_file())
    tok.initialized = True


JIEBA_CACHE = "jieba.cache"


def _import_jieba():  # -> the jieba module
    """Import jieba without pkg_resources, which jieba imports only to locate its own data files (it falls
    back to a plain path beside its module) and which takes a quarter of a second to import: a fifth of a
    one-report run. Any later `import pkg_resources` elsewhere works as usual."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _dictionary_key(jieba, terms: frozenset[str]) -> str:  # noqa: ANN001
    """Key over jieba's version, its dictionary file and the rule terms added to it."""
    import hashlib
    import os

    path = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    info = os.stat(path)
    sha = hashlib.sha256(f"{jieba.__version__}|{info.st_size}|{info.st_mtime_ns}".encode())
    for term in sorted(terms):
        sha.update(term.encode("utf-8") + b"\0")
    return sha.hexdigest()[:32]


class TermIndex:
    """Term hits in one report's matching text: occurrences found once per term, word breaks once per offset."""

    def __init__(self, norm: str, terms: frozenset[str]) -> None:
        self.norm = norm
        self._terms = terms
        # The blocks met so far, (start, end) as two sorted lists: a block is found around an offset when first
        # asked about, so a long report never holds a list of all its blocks.
        self._block_starts: list[int] = []
        self._block_ends: list[int] = []
        self._cuts: dict[int, frozenset[int]] = {}
        self._spots: dict[str, tuple[tuple[int, int], ...]] = {}
        self._breaks: dict[int, bool] = {}

    def occurrences(self, term: str) -> tuple[tuple[int, int], ...]:
        """Every (start, end) where the text of `term` occurs, word or not (a plain substring search)."""
        spots = self._spots.get(term)
        if spots is None:
            spots = self._spots[term] = tuple(self._scan(normalize(term)))
        return spots

    def is_word(self, start: int, end: int) -> bool:
        """Whether text[start:end] stands as a word: word breaks at both ends."""
        return self.is_break(start) and self.is_break(end)

    def _scan(self, term: str) -> Iterable[tuple[int, int]]:
        if not term:
            return
        start = self.norm.find(term)
        while start >= 0:
            yield start, start + len(term)
            start = self.norm.find(term, start + 1)

    def is_break(self, offset: int) -> bool:
        """Whether a word boundary falls at `offset` (before the character at that offset); remembered."""
        known = self._breaks.get(offset)
        if known is None:
            known = self._breaks[offset] = self._is_break(offset)
        return known

    def _is_break(self, offset: int) -> bool:
        block = self._block(offset)
        if block is None:
            return True  # not inside a block: jieba cuts there whatever the words
        start, end = block
        if not self._spanned(offset, start, end):
            return True  # no dictionary word crosses it: jieba (without HMM) must cut here
        return offset in self._block_cuts(start, end)

    def _block(self, offset: int) -> tuple[int, int] | None:
        """The block (maximal run of _BLOCK characters) with characters on both sides of `offset`, or None."""
        starts, ends = self._block_starts, self._block_ends
        index = bisect.bisect_right(starts, offset - 1) - 1
        if index >= 0 and offset < ends[index]:
            return starts[index], ends[index]
        norm = self.norm
        if not 0 < offset < len(norm):
            return None
        pair = _BLOCK.match(norm, offset - 1, offset + 1)
        if pair is None or pair.end() != offset + 1:
            return None
        start = _BLOCK_BACK.match(norm, 0, offset).start()  # the run's start, searched backwards
        end = _BLOCK.match(norm, offset).end()
        index = bisect.bisect_left(starts, start)
        starts.insert(index, start)
        ends.insert(index, end)
        return start, end

    def _spanned(self, offset: int, start: int, end: int) -> bool:
        """Whether some dictionary word, or a run of ASCII letters/digits, covers both sides of `offset`.

        jieba without its HMM emits only dictionary words and single characters (runs of ASCII letters and
        digits are glued together), so where nothing spans an offset it is a cut for certain, and the costly
        segmentation of the block is only needed where something does.
        """
        norm = self.norm
        if norm[offset - 1].isascii() and norm[offset].isascii():
            return True
        tok = tokenizer(self._terms)
        freq, longest = tok.FREQ, tok.longest
        for i in range(offset - 1, max(start, offset - longest) - 1, -1):
            # A word norm[i:j] with j > offset has norm[i:offset + 1] as a prefix, and jieba's dictionary
            # holds every prefix of its words: one look-up rules out most starts.
            j = offset + 1
            while j <= end and j - i <= longest:
                count = freq.get(norm[i:j])
                if count is None:
                    break
                if count:
                    return True
                j += 1
        return False

    def _block_cuts(self, start: int, end: int) -> frozenset[int]:
        cuts = self._cuts.get(start)
        if cuts is None:
            tok = tokenizer(self._terms)
            offsets = cut_offsets(self.norm[start:end], tok.FREQ, tok.total)
            cuts = self._cuts[start] = frozenset(start + at for at in offsets)
        return cuts


def cut_offsets(block: str, freq: dict[str, int], total: int) -> list[int]:
    """Where jieba.cut(block, HMM=False) ends its words, for a block of Chinese, ASCII letters and digits.

    The same dictionary walk (every word starting at each position), the same best route (highest summed
    log frequency, ties to the longer word) and the same gluing of single ASCII letters and digits as
    jieba's own cut without HMM, computed in one backward pass without building its DAG and route dicts
    and generator: about twice as fast, and exactly its answer (a property test holds the two together).
    """
    n = len(block)
    logtotal = log(total)
    scores = [0.0] * (n + 1)
    ends = [0] * n
    for idx in range(n - 1, -1, -1):
        best, best_end = None, idx
        i, frag = idx, block[idx]
        while i < n:
            count = freq.get(frag)
            if count is None:
                break
            if count:
                score = log(count) - logtotal + scores[i + 1]
                if best is None or score >= best:  # later candidates are longer: ties go to them
                    best, best_end = score, i
            i += 1
            frag = block[idx:i + 1]
        if best is None:  # no dictionary word starts here: the character alone
            best = log(freq.get(block[idx]) or 1) - logtotal + scores[idx + 1]
        scores[idx], ends[idx] = best, best_end
    offsets: list[int] = []
    x, gluing = 0, False
    while x < n:
        y = ends[x] + 1
        if y - x == 1 and block[x] in _ASCII_ALNUM:
            gluing = True  # jieba keeps a run of single ASCII letters and digits together
        else:
            if gluing:
                offsets.append(x)
                gluing = False
            offsets.append(y)
        x = y
    if gluing:
        offsets.append(n)
    return offsets


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
