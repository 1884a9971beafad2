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
