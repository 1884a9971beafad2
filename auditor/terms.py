"""Used by the rules step: find rule terms in a report as whole words, confirmed by jieba segmentation."""

from __future__ import annotations

import bisect
import logging
import marshal
import os
import re
import threading
from collections import defaultdict
from functools import lru_cache
from math import log
from typing import Any, BinaryIO

import regex

from auditor import cache
from auditor.textnorm import normalize

# jieba cuts text into blocks of these characters and segments each block on its own, so segmenting
# only the block around a hit gives exactly the boundaries that segmenting the whole text would.
_BLOCK_CHARS = r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+"
_BLOCK = re.compile(_BLOCK_CHARS)
_BLOCK_BACK = regex.compile(_BLOCK_CHARS, regex.REVERSE)  # the same runs, matched backwards from a position
_LOCK = threading.RLock()  # building or opening a dictionary, importing jieba


class Dictionary:
    """jieba's prefix dictionary with the rule terms added — every word and every prefix of a word, with its
    count (0 for a prefix that is no word) — exactly as jieba builds it, loaded by first character as text needs it.

    jieba loads all 349k words (~0.2 s, ~50 MB) though a report looks up a few thousand: only the words around
    a hit whose boundary is in doubt. The dictionary is kept in the user's cache as one shard per first
    character, and `ensure(text)` reads the shards of the characters of `text` before its words are looked
    up. Every look-up of a substring of `text` then sees the entries the whole dictionary would give.
    """

    def __init__(self, freq: dict[str, int], total: int, longest: int, shards: "_Shards | None" = None) -> None:
        self.freq = freq  # the entries loaded so far (all of them when there is no shard file)
        self.total = total
        self.longest = longest  # the longest word (16 for jieba 0.42)
        self._shards = shards
        self._loaded: set[str] = set()

    def ensure(self, text: str) -> dict[str, int]:
        """The dictionary, holding every entry that starts with a character of `text`."""
        if self._shards is not None:
            missing = set(text) - self._loaded
            if missing:
                self._load(missing)
        return self.freq

    def _load(self, chars: set[str]) -> None:
        shards = self._shards
        assert shards is not None
        try:
            for char in sorted(chars, key=lambda c: shards.index.get(c, (0, 0))[0]):  # in file order
                entries = shards.read(char)
                if entries:
                    self.freq.update(entries)  # entries first, then the mark: a reader never sees a half shard
                self._loaded.add(char)
        except Exception:  # a shard that cannot be read: the whole dictionary, built as on a first run
            freq, total, longest = _build(shards.terms)
            self.freq.update(freq)
            self._shards = None


class _Shards:
    """The shard file of one dictionary: an index (first character → offset and size) and marshalled dicts."""

    MAGIC = b"auditor-jieba-shards-1\n"

    def __init__(self, fd: int, terms: frozenset[str], index: dict[str, tuple[int, int]], base: int) -> None:
        self.fd = fd  # kept open: read with pread (no file position, so forked workers may share it)
        self.terms = terms
        self.index = index  # first character → (offset from `base`, size)
        self.base = base

    def read(self, char: str) -> dict[str, int] | None:
        spot = self.index.get(char)
        if spot is None:
            return None  # no word starts with it
        offset, size = spot
        blob = os.pread(self.fd, size, self.base + offset)
        if len(blob) != size:
            raise ValueError("shard file cut short")
        entries = marshal.loads(blob)
        if not isinstance(entries, dict):
            raise ValueError("not a shard")
        return entries

    @classmethod
    def open(cls, terms: frozenset[str], key: str) -> "tuple[_Shards, int, int] | None":
        """The shard file of `key` from the cache, with the dictionary's total and longest word; or None."""
        handle = cache.open_entry(SHARDS, key, "bin")
        if handle is None:
            return None
        with handle:
            try:
                fd = os.dup(handle.fileno())  # a bare descriptor, open for the life of the process
            except OSError:
                return None
        try:
            head = os.pread(fd, len(cls.MAGIC) + 8, 0)
            if head[:len(cls.MAGIC)] != cls.MAGIC:
                raise ValueError("not a shard file")
            size = int.from_bytes(head[len(cls.MAGIC):], "little")
            stored_key, total, longest, index, length = marshal.loads(os.pread(fd, size, len(head)))
            base = len(head) + size
            if stored_key != key or os.fstat(fd).st_size != base + length or not isinstance(index, dict):
                raise ValueError("another dictionary, or cut short")
            return cls(fd, terms, index, base), total, longest
        except Exception:  # damaged or foreign: built again
            os.close(fd)
            return None

    @classmethod
    def write(cls, key: str, freq: dict[str, int], total: int, longest: int) -> None:
        """Write the dictionary as shards by first character (whole, through the cache's temporary file)."""
        groups: dict[str, dict[str, int]] = {}
        for word, count in freq.items():
            groups.setdefault(word[0], {})[word] = count
        blobs = [(char, marshal.dumps(entries)) for char, entries in sorted(groups.items())]
        index, offset = {}, 0  # offsets from the end of the header
        for char, blob in blobs:
            index[char] = (offset, len(blob))
            offset += len(blob)
        head = marshal.dumps((key, total, longest, index, offset))

        def fill(handle: BinaryIO) -> None:
            handle.write(cls.MAGIC + len(head).to_bytes(8, "little") + head)
            for _, blob in blobs:
                handle.write(blob)

        cache.write_entry(SHARDS, key, "bin", fill)


SHARDS = "jieba-shards"


@lru_cache(maxsize=4)
def dictionary(terms: frozenset[str]) -> Dictionary:
    """The prefix dictionary of one term set (every rule term added as a word), from the shards in the user's
    cache; the first run builds it with jieba and writes the shards."""
    with _LOCK:
        key = _dictionary_key(terms)
        opened = _Shards.open(terms, key) if key else None
        if opened is not None:
            shards, total, longest = opened
            return Dictionary({}, total, longest, shards)
        freq, total, longest = _build(terms)
        if key:
            _Shards.write(key, freq, total, longest)
        return Dictionary(freq, total, longest)


def _build(terms: frozenset[str]) -> tuple[dict[str, int], int, int]:
    """jieba's prefix dictionary with the rule terms added, built by jieba itself."""
    with _LOCK:
        tok = _new_jieba_tokenizer()
        _initialize(tok)
        for term in sorted(terms):
            if _BLOCK.fullmatch(term) and len(term) > 1:
                tok.add_word(term)
        longest = max(len(word) for word, count in tok.FREQ.items() if count)  # 16 for jieba 0.42
        return tok.FREQ, tok.total, longest


def _new_jieba_tokenizer():  # -> jieba.Tokenizer
    jieba = _import_jieba()
    # jieba logs a failed cache write as an error with a traceback: a cache problem is never shown
    jieba.setLogLevel(logging.CRITICAL)
    logging.getLogger("jieba").setLevel(logging.CRITICAL)
    return jieba.Tokenizer()


@lru_cache(maxsize=4)
def tokenizer(terms: frozenset[str]):  # -> jieba.Tokenizer
    """A jieba tokenizer on the term set's dictionary (for jieba's own cut: with its unknown-word model, or whole
    texts); the dictionary's shards are read for each text before jieba looks its words up."""
    words = dictionary(terms)
    with _LOCK:
        jieba = _import_jieba()

        class OnDemand(jieba.Tokenizer):  # type: ignore[name-defined,misc]
            def get_DAG(self, sentence: str):  # noqa: N802  (jieba's name; every cut looks words up through it)
                words.ensure(sentence)
                return super().get_DAG(sentence)

        tok = OnDemand()
        tok.FREQ, tok.total, tok.initialized = words.freq, words.total, True
        tok.longest = words.longest
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
    one-report run. Any later `import pkg_resources` elsewhere works as usual. Under a lock: two threads
    never block and unblock pkg_resources at once."""
    import sys

    with _LOCK:
        if "jieba" in sys.modules or "pkg_resources" in sys.modules:
            import jieba

            return jieba
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
        return jieba


def _dictionary_key(terms: frozenset[str]) -> str | None:
    """Key over jieba's code and dictionary file (found without importing jieba) and the rule terms added
    to it; None when jieba cannot be found that way (then no shards are kept)."""
    import hashlib
    from importlib.util import find_spec

    try:
        spec = find_spec("jieba")
        origin = spec.origin if spec is not None else None
        if not origin:
            return None
        code, words = os.stat(origin), os.stat(os.path.join(os.path.dirname(origin), "dict.txt"))
    except (OSError, ImportError, ValueError):
        return None
    sha = hashlib.sha256(f"{origin}|{code.st_size}|{code.st_mtime_ns}|{words.st_size}|{words.st_mtime_ns}".encode())
    for term in sorted(terms):
        sha.update(term.encode("utf-8") + b"\0")
    return sha.hexdigest()[:32]


class Scanner:
    """Every literal the rules ask about (their terms, the literals their patterns need), found in a report by
    one pass of an Aho–Corasick automaton (pyahocorasick) instead of one substring search each: some 300 a
    report, most of them absent, each a scan of the whole text.

    The vocabulary is learnt: a literal first asked about is searched for directly (the same answer) and joins
    the automaton, made again before the next report, so from the second or third report on nearly every
    question is answered by the one pass. Without pyahocorasick there is no automaton and every literal is
    searched for directly.
    """

    MOST = 20_000  # literals kept (a pack's rules ask about a few thousand at most)
    LONGEST = 2_000_000  # characters of a text scanned in one pass (a report is some 3,000 to 30,000)

    def __init__(self) -> None:
        self.words: frozenset[str] = frozenset()  # the literals the automaton finds
        self.absent: dict[str, bool] = {}  # each of them → False (a report's answers start from a copy)
        self._automaton: Any = None
        self._pending: set[str] = set()

    def learn(self, literal: str) -> None:
        """Note a literal asked about that the automaton does not know yet. A single character is not learnt:
        `in` answers it as fast as a look-up, and its many hits would make the pass twice as slow."""
        if len(literal) > 1 and len(self.words) + len(self._pending) < self.MOST and ahocorasick_module() is not None:
            self._pending.add(literal)

    def refresh(self) -> None:
        """Make the automaton again when new literals were asked about (between reports). The automaton is
        replaced before the word list: a report that read the old list finds all its words in either."""
        if not self._pending:
            return
        with _LOCK:
            pending = self._pending.copy()  # one step (another thread may be adding to it)
            words = self.words | pending
            automaton = ahocorasick_module().Automaton()
            for word in words:
                automaton.add_word(word, word)
            automaton.make_automaton()
            self._automaton = automaton
            self.absent = dict.fromkeys(words, False)
            self.words = frozenset(words)
            self._pending.difference_update(pending)

    def scan(self, text: str) -> dict[str, list[int]]:
        """The end offsets (inclusive) of every occurrence of each known literal in `text`, overlapping ones too."""
        found: defaultdict[str, list[int]] = defaultdict(list)
        if self._automaton is not None:
            for end, word in self._automaton.iter(text):
                found[word].append(end)
        return found


@lru_cache(maxsize=1)
def ahocorasick_module():  # -> the ahocorasick module, or None (the scanner and the claims step use it)
    try:
        import ahocorasick
    except ImportError:
        return None
    return ahocorasick


@lru_cache(maxsize=8192)
def _normal(term: str) -> str:
    """A term's matching text (asked for every term of every report: made once)."""
    return normalize(term)


@lru_cache(maxsize=4096)
def _normals(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct matching texts of a check's terms, in order (made once per term list)."""
    return tuple(dict.fromkeys(map(_normal, terms)))


@lru_cache(maxsize=4)
def scanner(terms: frozenset[str]) -> Scanner:
    """The literal scanner of one rule pack (by its term set), shared by every report of the process."""
    return Scanner()


class _Presence(dict):
    """literal → whether one report's matching text holds it, filled as asked. The first question brings the
    scanner's whole answer (every literal it knows, present or not), so later ones are plain look-ups — made
    from C, as `has` of a pattern's literal test (checks.prefilter), without a Python call each. It also keeps
    the scanner's pass (`hits`), which the term index reads for occurrences."""

    __slots__ = ("found", "norm", "scanner", "words")

    def __init__(self, norm: str, scanner: Scanner, words: frozenset[str]) -> None:
        super().__init__()
        self.norm, self.scanner, self.words = norm, scanner, words
        self.found: dict[str, list[int]] | None = None  # the scanner's pass, made when first needed

    def hits(self) -> dict[str, list[int]]:
        found = self.found
        if found is None:
            found = self.found = self.scanner.scan(self.norm)
        return found

    def __missing__(self, literal: str) -> bool:
        words = self.words
        if not self and words:
            self.update(self.scanner.absent)  # the known words: absent unless the pass found them
            self.update(dict.fromkeys(self.hits(), True))
            if literal in self:
                return dict.__getitem__(self, literal)
        known = literal in self.norm
        if literal not in words:
            self.scanner.learn(literal)
        self[literal] = known
        return known


class TermIndex:
    """Term hits in one report's matching text: occurrences found once per term, word breaks once per offset."""

    def __init__(self, norm: str, terms: frozenset[str]) -> None:
        self.norm = norm
        self._terms = terms
        self._scanner = scanner(terms)
        self._scanner.refresh()
        # A very long text is searched literal by literal, as without the automaton: its pass would hold every
        # occurrence of every known literal (some of them single characters) at once.
        self._words = self._scanner.words if len(norm) <= Scanner.LONGEST else frozenset()
        self._presence = _Presence(norm, self._scanner, self._words)
        # The blocks met so far, (start, end) as two sorted lists: a block is found around an offset when first
        # asked about, so a long report never holds a list of all its blocks.
        self._block_starts: list[int] = []
        self._block_ends: list[int] = []
        self._cuts: dict[int, frozenset[int]] = {}
        self._spots: dict[str, tuple[tuple[int, int], ...]] = {}  # by matching text
        self._by_term: dict[str, tuple[tuple[int, int], ...]] = {}
        self._breaks: dict[int, bool] = {}
        # Whether the matching text holds a literal anywhere (remembered: rules' patterns share literals): a
        # look-up, `contains(literal)`.
        self.contains = self._presence.__getitem__
        self.memo: dict[object, object] = {}  # what the rules share of one report (checks.basic, prefilter)
        self.possible: dict[str, bool] = {}  # pattern → whether its literals are all there (checks.prefilter)

    @property
    def terms(self) -> frozenset[str]:
        """The term set whose dictionary gives the word breaks (jieba's own cuts must use the same one)."""
        return self._terms

    def occurrences(self, term: str) -> tuple[tuple[int, int], ...]:
        """Every (start, end) where the text of `term` occurs, word or not (a plain substring search)."""
        spots = self._by_term.get(term)
        if spots is None:
            spots = self._by_term[term] = self.spots(_normal(term))
        return spots

    def spots(self, text: str) -> tuple[tuple[int, int], ...]:
        """Every (start, end) where `text` (a term's matching text) occurs, overlapping places too, in order."""
        spots = self._spots.get(text)
        if spots is None:
            if text in self._words:
                found = self._presence.found
                ends = (found if found is not None else self._presence.hits()).get(text)
                size = len(text) - 1
                spots = tuple([(end - size, end + 1) for end in ends]) if ends else ()
            else:
                spots = self._scan(text)
                self._scanner.learn(text)
            self._spots[text] = spots
        return spots

    def union(self, terms: tuple[str, ...]) -> tuple[tuple[int, int], ...] | list[tuple[int, int]]:
        """Every occurrence of any of the terms, each once, in text order: sorted({span for term in terms for span
        in self.occurrences(term)}). The terms the scanner knows and did not find are passed over at once, and
        the set and the sort are left out when only one term occurs (its places are distinct and in order)."""
        texts = _normals(terms)
        words = self._words
        if words:
            found = self._presence.found
            if found is None:
                found = self._presence.hits()
            texts = [text for text in texts if text in found or text not in words]
        spots = self.spots
        lists = [places for places in map(spots, texts) if places]
        if len(lists) == 1:
            return lists[0]
        return sorted(set().union(*lists)) if lists else ()

    def _hits(self) -> dict[str, list[int]]:
        return self._presence.hits()

    def is_word(self, start: int, end: int) -> bool:
        """Whether text[start:end] stands as a word: word breaks at both ends."""
        return self.is_break(start) and self.is_break(end)

    def _scan(self, term: str) -> tuple[tuple[int, int], ...]:
        if not term:
            return ()
        find, size, spots = self.norm.find, len(term), []
        start = find(term)
        while start >= 0:
            spots.append((start, start + size))
            start = find(term, start + 1)
        return tuple(spots)

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
        words = dictionary(self._terms)
        longest = words.longest
        freq = words.ensure(norm[max(start, offset - longest):offset])  # the first characters looked up below
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
            words = dictionary(self._terms)
            block = self.norm[start:end]
            offsets = cut_offsets(block, words.ensure(block), words.total)
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
