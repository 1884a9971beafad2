"""Step 1 of the pipeline (load): find report files and turn each into a clean-text Source."""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Callable, Iterable

from auditor.errors import InputError, os_reason
from auditor.loading.doc import OLE_MAGIC
from auditor.model import Source

# Largest report file read, in bytes. Real reports are a few KB to a few MB (a .pdf with images);
# anything larger is refused with a clear message instead of being read into memory.
MAX_BYTES = 50 * 1024 * 1024

Reader = Callable[[Path, bytes], Source]


def _lazy(module: str, name: str) -> Reader:
    """A reader that imports auditor.loading.<module> (and its libraries) only when a file needs it."""

    def read(path: Path, data: bytes) -> Source:
        return getattr(import_module(f"auditor.loading.{module}"), name)(path, data)

    read.__name__ = name
    return read


_read_text = _lazy("text", "read_text")
_read_markdown = _lazy("text", "read_markdown")
_read_docx = _lazy("docx", "read_docx")
_read_doc = _lazy("doc", "read_doc")
_read_pdf = _lazy("pdf", "read_pdf")
_read_ofd = _lazy("ofd", "read_ofd")
_read_html = _lazy("html", "read_html")


def _old_binary(path: Path, data: bytes) -> Source:
    if data.startswith(b"PK\x03\x04"):  # a .docx renamed to .doc/.wps: read it for what it is
        return _read_docx(path, data)
    if data.startswith(OLE_MAGIC):
        return _read_doc(path, data)
    raise InputError(f"不是 Word 文档（{path.suffix} 文件应为 Word 97–2003 格式）：请在 Word/WPS 中另存为 .docx 后再审核")


# suffix → reader; readers import their libraries lazily so a .txt audit loads no .docx/.pdf code.
READERS: dict[str, Reader] = {
    ".txt": _read_text,
    ".text": _read_text,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".ofd": _read_ofd,
    ".html": _read_html,
    ".htm": _read_html,
    ".doc": _old_binary,
    ".wps": _old_binary,
}

# The suffixes as users are told them (help text, "nothing found" message).
SUFFIXES = " ".join(READERS)

SKIP_DIRS = {"out", "__pycache__", "node_modules"}


def supported(path: Path) -> bool:
    """Whether a file found in a folder is one the auditor reads (or explains why it cannot)."""
    return path.suffix.lower() in READERS


@dataclass
class Found:
    """What a command line's paths expand to: each report file once, in order, and what was left out."""

    paths: list[str] = field(default_factory=list)  # files to audit, and folders that could not be opened
    errors: dict[str, str] = field(default_factory=dict)  # such a folder → why (it becomes an error entry)
    skipped_types: Counter[str] = field(default_factory=Counter)  # suffix → files of a type not read
    skipped_links: int = 0  # links to folders, and links to files outside the folder (or in a hidden part)
    identities: set[object] = field(default_factory=set)  # every input's identity (see `identity`)

    def add(self, path: str, error: str | None = None) -> None:
        """Take a path unless the same file is already in (a file given twice, or also inside a folder)."""
        key = identity(path)
        if key in self.identities:
            return
        self.identities.add(key)
        self.paths.append(path)
        if error is not None:
            self.errors[path] = error

    def skipped(self) -> str | None:
        """Why files of the folders were not audited, as one Chinese sentence (None when none were)."""
        parts = []
        if self.skipped_types:
            kinds = "、".join(f"{suffix or '无扩展名'} {count} 个" for suffix, count in sorted(self.skipped_types.items()))
            parts.append(f"{sum(self.skipped_types.values())} 个文件类型不支持（{kinds}）")
        if self.skipped_links:
            parts.append(f"{self.skipped_links} 个链接未跟随（链接到文件夹，或指向所给文件夹之外）")
        return f"跳过 {'，'.join(parts)}" if parts else None


def identity(path: str) -> object:
    """What makes two paths the same input: the file itself (device and inode), else the absolute path."""
    try:
        info = os.stat(path)
        return (info.st_dev, info.st_ino)
    except (OSError, ValueError):
        return os.path.normpath(os.path.abspath(path))


def find_reports(paths: Iterable[str]) -> Found:
    """Expand files and folders into report paths: folders recursed, sorted; hidden files and folders, out/
    and Office lock files (~$…) skipped; links leading out of a folder not followed. A file named on the
    command line is always taken (missing or odd paths become error entries when loaded)."""
    found = Found()
    for raw in paths:
        if os.path.isdir(raw):
            _walk(Path(raw), found)
        else:
            found.add(raw)
    return found


def discover(paths: Iterable[str]) -> list[str]:
    """The report paths of `find_reports`, each once."""
    return find_reports(paths).paths


def _walk(folder: Path, found: Found) -> None:
    top = os.path.realpath(folder)

    def unreadable(exc: OSError) -> None:
        reason = "没有打开该文件夹的权限" if isinstance(exc, PermissionError) else os_reason(exc)
        found.add(str(exc.filename or folder), f"无法打开文件夹：{reason}")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        found.skipped_links += sum(1 for d in links if not d.startswith("."))
        dirs[:] = sorted(d for d in dirs if d not in links and _shown_dir(d)
                         and not _page_assets(Path(root), d, files))
        for name in sorted(files):
            p = Path(root) / name
            # ~$报告.docx is the lock file Word and WPS keep beside a document while it is open
            if name.startswith((".", "~$")):
                continue
            if not supported(p):
                found.skipped_types[p.suffix.lower()] += 1
            elif p.is_symlink() and not _inside(top, os.path.realpath(p)):
                found.skipped_links += 1
            else:
                found.add(str(p))


def _shown_dir(name: str) -> bool:
    return not name.startswith(".") and name not in SKIP_DIRS


def _inside(top: str, target: str) -> bool:
    """Whether a link's target is a file the walk of `top` itself would reach (not hidden, not skipped)."""
    try:
        rel = os.path.relpath(target, top)
    except ValueError:  # another drive (Windows)
        return False
    parts = Path(rel).parts
    return (bool(parts) and parts[0] != os.pardir and all(_shown_dir(part) for part in parts[:-1])
            and not parts[-1].startswith((".", "~$")))


def _page_assets(root: Path, name: str, files: list[str]) -> bool:
    """A browser's "save complete page" folder (页面_files beside 页面.html): scripts and frames, not reports."""
    for tail in ("_files", ".files"):
        if name.endswith(tail) and any(name[: -len(tail)] + ext in files for ext in (".html", ".htm")):
            return True
    return False


def load(raw_path: str) -> Source:
    """Read one report file into a Source, or raise InputError with a clear Chinese reason."""
    path = Path(raw_path)
    reader = READERS.get(path.suffix.lower(), _read_text if path.suffix == "" else None)
    if reader is None:
        raise InputError(f"不支持的文件类型“{path.suffix}”（支持：{', '.join(sorted(READERS))}）")
    data = read_bytes(path)
    source = reader(path, data)
    if not source.text.strip():
        raise InputError("文件没有可审核的文字内容（空文件）")
    return source


def read_bytes(path: Path) -> bytes:
    """Read a file's bytes with the size limit, turning OS errors into InputError.

    The file is opened first (without blocking, so a pipe or device never stalls the run) and the opened
    file itself is checked: a path checked and then opened could have been swapped for a pipe in between.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError("文件不存在（或在审核过程中被移走）") from None
    except PermissionError:
        raise InputError("没有读取该文件的权限") from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是报告文件") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("这是一个文件夹，不是报告文件")
        if not stat.S_ISREG(info.st_mode):  # a pipe or device would block or never end
            raise InputError("不是普通文件（可能是管道或设备文件），无法审核")
        if info.st_size > MAX_BYTES:
            raise InputError(f"文件过大（{info.st_size / 1048576:.0f} MB），超过 {MAX_BYTES // 1048576} MB 上限")
        chunks, total = [], 0
        while total <= MAX_BYTES:  # bounded: a file that grows while it is read stops at the limit
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_reason(exc)}") from None
    finally:
        os.close(fd)
    if total > MAX_BYTES:
        raise InputError(f"文件过大（读取时超过 {MAX_BYTES // 1048576} MB 上限）")
    data = b"".join(chunks)
    if not data:
        raise InputError("文件为空")
    return data
