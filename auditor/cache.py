"""Shared by the rules step: a small per-user cache for work that depends only on files (the rule pack)."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
from pathlib import Path
from typing import Any

from auditor import __version__


def folder() -> Path | None:
    """$AUDITOR_CACHE_DIR, else $XDG_CACHE_HOME/auditor, else ~/.cache/auditor; None when disabled (AUDITOR_NO_CACHE)."""
    if os.environ.get("AUDITOR_NO_CACHE"):
        return None
    base = os.environ.get("AUDITOR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "auditor")
    return Path(base)


def digest(root: Path, pattern: str) -> str:
    """A key over the tool version and the relative path and bytes of every matching file below root."""
    sha = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob(pattern)):
        sha.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:32]


def _safe(path: Path) -> bool:
    """Only load what this user wrote: owned by us, not writable by others."""
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(kind: str, key: str) -> Any:
    """The cached object, or None (missing, unreadable, or not written by this user)."""
    base = folder()
    if base is None:
        return None
    path = base / f"{kind}-{key}.pickle"
    if not (_safe(base) and _safe(path)):
        return None
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # a stale or damaged entry is simply rebuilt
        return None


KEEP = 4  # entries kept per kind: a rule keeper editing terms must not fill the disk (jieba: ~10 MB each)


def write(kind: str, key: str, value: Any) -> None:
    """Store an object whole (temporary file, then rename); a read-only home just means no cache."""
    base = folder()
    if base is None:
        return
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=base, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, base / f"{kind}-{key}.pickle")
        _evict(base, kind)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _evict(base: Path, kind: str) -> None:
    """Remove all but the KEEP most recent entries of a kind."""
    entries = sorted(base.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
