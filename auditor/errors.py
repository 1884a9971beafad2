"""Errors and exit codes shared by every step of the pipeline (load → parse → rules → score → render)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the `auditor` command (design.md: CLI contract)."""

    OK = 0
    GATE_FAILED = 1
    ERROR = 2  # usage error, invalid rule pack, or an unreadable input
    BUG = 3


class AuditorError(Exception):
    """A problem the user can fix: shown as one line, exit code 2, never a traceback."""


class UsageError(AuditorError):
    """A bad option, argument or path."""


class RuleFileError(AuditorError):
    """An invalid rule pack: names the file, the rule id and the field."""

    def __init__(self, file: str, rule_id: str | None, detail: str) -> None:
        self.file, self.rule_id, self.detail = file, rule_id, detail
        where = f"{file}: {rule_id}: " if rule_id else f"{file}: "
        super().__init__(where + detail)


class InputError(AuditorError):
    """A report file that cannot be read; becomes an error entry and the batch goes on."""


class OutputError(AuditorError):
    """The output file cannot be written (read-only folder, disk full, not a folder …): exit 2."""


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (temporary files removed, workers stopped), exit 128 + signal.

    A BaseException, like KeyboardInterrupt, so no `except Exception` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


# An audit whose error starts with this is an internal error (a bug), not an unreadable file: exit 3.
BUG_PREFIX = "内部错误"


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese for the common cases (the system's words otherwise)."""
    import errno

    words = {
        errno.ENOSPC: "磁盘空间已满", errno.EACCES: "没有访问权限", errno.EPERM: "没有权限", errno.EROFS: "只读文件系统",
        errno.ENOENT: "路径不存在或不能在此新建文件", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹",
        errno.EFBIG: "文件过大", errno.EPIPE: "读取端已关闭", errno.EIO: "磁盘读写出错（设备或文件可能已损坏）",
        errno.ELOOP: "符号链接循环指向自身，找不到真正的文件", errno.ENAMETOOLONG: "文件名或路径过长",
        errno.ENXIO: "设备不存在或未连接", errno.EMFILE: "同时打开的文件过多",
        errno.ETIMEDOUT: "读写超时（网络盘或挂载点无响应）",
    }
    if hasattr(errno, "EDQUOT"):
        words[errno.EDQUOT] = "超出磁盘配额"
    if exc.errno is None:
        return str(exc)
    return words.get(exc.errno) or f"系统错误 {exc.errno}（{exc.strerror or exc}）"


class InternalError(Exception):
    """A bug met while auditing one report, re-raised under --debug with the report (and rule) named."""
