"""Step 1 of the pipeline (load): find report files and turn each into a clean-text Source."""

from __future__ import annotations

import os
import stat
from importlib import import_module
from pathlib import Path
from typing import Callable, Iterable

from auditor.errors import InputError
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


def discover(paths: Iterable[str]) -> list[str]:
    """Expand files and folders into report paths: folders recursed, sorted; hidden files and folders, out/
    and Office lock files (~$…) skipped. A file named on the command line is always taken."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path))
        else:
            found.append(raw)  # missing or odd paths become error entries when loaded
    return found


def _walk(folder: Path) -> list[str]:
    hits: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                         and not _page_assets(Path(root), d, files))
        for name in sorted(files):
            p = Path(root) / name
            # ~$报告.docx is the lock file Word and WPS keep beside a document while it is open
            if not name.startswith((".", "~$")) and supported(p):
                hits.append(str(p))
    return hits


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
        raise InputError(f"无法读取文件：{exc.strerror or exc}") from None
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
        raise InputError(f"无法读取文件：{exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > MAX_BYTES:
        raise InputError(f"文件过大（读取时超过 {MAX_BYTES // 1048576} MB 上限）")
    data = b"".join(chunks)
    if not data:
        raise InputError("文件为空")
    return data
