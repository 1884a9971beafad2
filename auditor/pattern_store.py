"""Start-up, before the run's first step: the compiled regular expressions of earlier runs, kept in the per-user
cache and handed to both engines (`regex` and the standard `re`) before anything compiles, so a run does not
spend a third of its start-up compiling patterns that never change; likewise the literal prefilter's readings
of the patterns (what each match needs, its windows, its literal test), which cost a run some 60 ms to make."""

from __future__ import annotations

import re
from typing import Any

import regex

from auditor import cache
from auditor.checks import prefilter

# Compiling a regular expression happens in Python for both engines: the `regex` engine parses and compiles a
# pack pattern (some 0.4 ms each; a run compiles ~280: the pack's, the claims cues', the checks' own), and the
# standard `re` compiles the modules' own patterns as they are imported (~120, some with large Chinese character
# sets); each then hands its result, a list of opcodes, to its C core. That list is what the store keeps, keyed
# by the pattern text and flags alone (never by a report): `regex` pickles a compiled pattern as that list itself,
# and for `re` the store keeps the arguments `re._compiler.compile` passes to `_sre.compile`, checked equal to the
# pattern `re` compiled (a pattern compares equal only with the same code). Before a run the store seeds each
# engine's own cache, so every `regex.compile` / `re.compile` anywhere finds its pattern compiled, in
# microseconds. (`regex` lays out some opcodes in an order that differs from one process to the next, as every
# run's own compile does: the stored code is one of the forms the pattern compiles to, matching the same.) The
# store is tied to the engines' and Python's exact versions; any problem just means compiling as before.

# Each engine's own cache holds 500 (regex) or 512 (re) patterns and drops entries once full: a run compiles ~440
# with `regex` and ~370 with `re`, so a full cache would drop seeded patterns and compile them again every run (and
# keep a different subset each time). Both caches are widened for the run; the store keeps up to STORE_MOST of each.
CACHE_MOST = 2048
STORE_MOST = 1800
_stored: dict[str, set[tuple[str, int]]] = {"regex": set(), "re": set()}
_re_args: dict[tuple[str, int], tuple] = {}  # the store's `re` entries, kept to be written again
_preloaded = False
_key: str | None = None  # this process's store key, made once


def _store_key() -> str:
    """The engines' and Python's versions, and this installation's code and bundled pack: a store holds the
    patterns of one version of the tool, so patterns an older version compiled (or a checkout being worked on)
    are never loaded again with every run (a store shared across versions grew to its cap, some 3,300
    patterns where a run needs ~800, and reading it cost a cold run some 35 ms)."""
    global _key
    if _key is not None:
        return _key
    import _sre
    import hashlib
    import os
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    stamp = [f"{regex.__version__}|{sys.version}|{_sre.MAGIC}"]
    pack = here / "rules" if (here / "rules").is_dir() else here.parent / "rules"  # (pack.bundled_rules_dir)
    for folder in (here, here / "checks", here / "loading", here / "render", pack, pack / "reference"):
        try:
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.name.endswith((".py", ".yaml")) and entry.is_file():
                        info = entry.stat()
                        stamp.append(f"{folder.name}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            continue
    _key = hashlib.sha256("|".join(stamp).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return _key


def preload() -> None:
    """Seed both engines' caches with the patterns earlier runs compiled (call it before anything compiles), and
    the literal prefilter with its readings of the patterns (checks.prefilter.Reading). Once a process: the
    console script calls it before the flow's modules are imported, main() again for callers of main()."""
    global _preloaded
    if _preloaded:
        return
    _preloaded = True
    _widen_caches()
    _seed_engines()
    _seed_readings()


def _widen_caches() -> None:
    """Room in both engines' caches for every pattern a run compiles (see CACHE_MOST)."""
    from regex import _main as engine

    engine._MAXCACHE = max(engine._MAXCACHE, CACHE_MOST)
    re._MAXCACHE = max(getattr(re, "_MAXCACHE", 0), CACHE_MOST)  # type: ignore[attr-defined]


def _seed_engines() -> None:
    try:
        store = cache.read("patterns", _store_key())
        if not isinstance(store, dict):
            return
        _seed_regex(store.get("regex") or {})
        _seed_re(store.get("re") or {})
        # Patterns `re` cannot hand over (their code differs from what the store would rebuild): known, not new.
        _stored["re"].update(key for key in store.get("re_unkept") or () if type(key) is tuple)
    except Exception:  # a store these engines cannot read: compile as before
        return


def _seed_readings() -> None:
    try:
        readings = cache.read("literals", _readings_key())
        if isinstance(readings, dict):
            prefilter.seed(readings)
    except Exception:  # readings this code cannot take: the patterns are read again, as without the store
        return


def _readings_key() -> str:
    """The prefilter's readings hold marshalled code (tied to Python's version) made by its own code: one store
    per version of the tool, as for the patterns (readings of an older version's patterns are not loaded)."""
    return _store_key()


def _seed_regex(entries: dict) -> None:
    from regex import _main as engine

    version = engine.DEFAULT_VERSION
    for (pattern, flags), rx in entries.items():
        if type(pattern) is str and type(flags) is int and isinstance(rx, regex.Pattern):
            engine._cache[(pattern, str, flags, frozenset(), version, None)] = rx
            engine._named_args[(pattern, str, flags)] = frozenset()
            engine._locale_sensitive[(str, pattern)] = False
            _stored["regex"].add((pattern, flags))


def _seed_re(entries: dict) -> None:
    import _sre

    cache = re._cache  # type: ignore[attr-defined]
    for (pattern, flags), args in entries.items():
        if type(pattern) is str and type(flags) is int:
            if (str, pattern, flags) not in cache:  # (compiled already, while the modules were imported: kept too)
                cache[(str, pattern, flags)] = _sre.compile(pattern, *args)
            _stored["re"].add((pattern, flags))
            _re_args[(pattern, flags)] = args


def remember() -> None:
    """Keep the patterns this run compiled, when there are new ones, for the next run."""
    _remember_readings()
    try:
        found = {"regex": _regex_compiled(), "re": _re_compiled()}
    except Exception:
        return
    if all(found[kind].keys() <= _stored[kind] for kind in found):
        return
    store: dict[str, Any] = {"regex": dict(list(found["regex"].items())[-STORE_MOST:]), "re": {}, "re_unkept": []}
    for (pattern, flags), rx in list(found["re"].items())[-STORE_MOST:]:
        args = _re_args.get((pattern, flags))
        if args is None:
            try:
                args = _re_arguments(pattern, flags)
                import _sre

                if _sre.compile(pattern, *args) != rx:
                    store["re_unkept"].append((pattern, flags))
                    continue
            except Exception:
                store["re_unkept"].append((pattern, flags))
                continue
        store["re"][(pattern, flags)] = _re_args[(pattern, flags)] = args
    cache.write("patterns", _store_key(), store)
    _stored["regex"].update(store["regex"])
    _stored["re"].update(store["re"], store["re_unkept"])


def _remember_readings() -> None:
    """Keep the prefilter's readings, when this run made new ones."""
    try:
        readings, fresh = prefilter.readings()
        if fresh:
            cache.write("literals", _readings_key(), readings)
    except Exception:  # nothing kept: the next run reads its patterns again
        return


def _regex_compiled() -> dict[tuple[str, int], Any]:
    from regex import _main as engine

    version = engine.DEFAULT_VERSION
    return {(key[0], key[2]): rx for key, rx in list(engine._cache.items())
            if len(key) == 6 and type(key[0]) is str and type(key[2]) is int and key[3] == frozenset()
            and key[4] == version and key[5] is None and isinstance(rx, regex.Pattern)}


def _re_compiled() -> dict[tuple[str, int], Any]:
    return {(key[1], key[2]): rx for key, rx in list(re._cache.items())  # type: ignore[attr-defined]
            if len(key) == 3 and key[0] is str and type(key[1]) is str and type(key[2]) is int}


def _re_arguments(pattern: str, flags: int) -> tuple:
    """What `re._compiler.compile` hands `_sre.compile` for this pattern (after the pattern itself)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # plain ints: opcodes are named int constants
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)
