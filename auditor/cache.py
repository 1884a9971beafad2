"""Shared by the rules step: a small per-user cache for work that depends only on files (the rule pack, jieba's
dictionary). Every entry lives in the user's own cache folder (0700); a file the user does not own, or that
others can write, is never read, and any cache problem just means working without the cache."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Callable

from auditor import __version__


def folder() -> Path | None:
    """$AUDITOR_CACHE_DIR, else $XDG_CACHE_HOME/auditor, else ~/.cache/auditor; None when disabled (AUDITOR_NO_CACHE)."""
    if os.environ.get("AUDITOR_NO_CACHE"):
        return None
    base = os.environ.get("AUDITOR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "auditor")
    return Path(base)


def private_folder() -> Path | None:
    """The cache folder, made (0700) if missing; None when caching is off or the folder cannot be trusted:
    not a folder, not ours, or writable by others (a file another user put there could change the scores)."""
    base = folder()
    if base is None:
        return None
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = base.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or not _ours(info):
        return None
    return base


def _ours(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted(path: Path) -> bool:
    """Whether `path` is a regular file (not a symlink) this user owns and no one else can write."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and _ours(info)


def digest(root: Path, pattern: str, salt: str = "") -> str:
    """A key over the tool version, the code, `salt` and the relative path and bytes of every matching file below
    root (a file that is not a regular file counts by its name only: loading the pack reports it)."""
    sha = hashlib.sha256(__version__.encode() + _code_stamp() + salt.encode("utf-8", "surrogateescape") + b"\0")
    for path in sorted(root.rglob(pattern)):
        sha.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + _bytes(path) + b"\0")
    return sha.hexdigest()[:32]


def _code_stamp() -> bytes:
    """The size and time of the modules whose classes a cached pack holds (the schema, the builtins' parameter
    models): a pack pickled by other code is never read back into this one, even at the same version number (a
    checkout being worked on)."""
    here = Path(__file__).resolve().parent
    stamp = b""
    names = ["schema.py", "plain.py", "pack.py", "patterns.py", "claims.py", "canon.py", "publication.py", "textnorm.py"]
    names += sorted(f"checks/{path.name}" for path in (here / "checks").glob("*.py"))
    for name in names:
        try:
            info = os.stat(here / name)
        except OSError:
            continue
        stamp += f"{name}:{info.st_size}:{info.st_mtime_ns};".encode()
    return stamp


def _bytes(path: Path, most: int = 64 * 1024 * 1024) -> bytes:
    """A regular file's bytes (at most `most`), never waiting on a FIFO or reading a device without end."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as handle:
        return handle.read(most) if stat.S_ISREG(os.fstat(fd).st_mode) else b""


def read(kind: str, key: str) -> Any:
    """The cached object, or None (missing, unreadable, or not written by this user)."""
    handle = open_entry(kind, key, "pickle")
    if handle is None:
        return None
    try:
        with handle:
            return pickle.load(handle)
    except Exception:  # a stale or damaged entry is simply rebuilt
        return None


def open_entry(kind: str, key: str, suffix: str) -> BinaryIO | None:
    """An entry opened for reading (never through a symlink), or None: missing, or not a regular file this
    user owns and no one else can write. The caller reads it as it needs (and closes it)."""
    base = private_folder()
    if base is None:
        return None
    try:
        fd = os.open(base / f"{kind}-{key}.{suffix}", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    handle = os.fdopen(fd, "rb")
    try:
        info = os.fstat(fd)
    except OSError:
        info = None
    if info is None or not (stat.S_ISREG(info.st_mode) and _ours(info)):
        handle.close()
        return None
    return handle


KEEP = 4  # entries kept per kind: a rule keeper editing terms must not fill the disk (jieba: ~10 MB each)


def write(kind: str, key: str, value: Any) -> None:
    """Store an object whole (temporary file, then rename); a read-only home just means no cache."""
    write_entry(kind, key, "pickle", lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL))


def write_entry(kind: str, key: str, suffix: str, fill: Callable[[BinaryIO], None]) -> None:
    """Store an entry whole: `fill` writes it to a temporary file in the folder, which then takes its name."""
    base = private_folder()
    if base is None:
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=base, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
        os.replace(tmp, base / f"{kind}-{key}.{suffix}")
        tmp = None
        _evict(base, kind, suffix)
    except (OSError, ValueError, pickle.PicklingError, TypeError, AttributeError):
        return
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _evict(base: Path, kind: str, suffix: str = "pickle") -> None:
    """Remove all but the KEEP most recent entries of a kind."""
    entries = sorted(base.glob(f"{kind}-*.{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
