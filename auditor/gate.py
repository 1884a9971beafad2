"""After score, before render: the CI gate — watches audits as they stream past and decides the exit code."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from auditor.errors import ExitCode
from auditor.model import SEVERITY_RANK, Audit


class Gate:
    """Passes audits through unchanged, remembering only what the exit code needs."""

    def __init__(self, fail_on: str, fail_under: float | None) -> None:
        self.threshold = SEVERITY_RANK.get(fail_on, 99)  # "never" ranks above every severity
        self.fail_under = fail_under
        self.unreadable = 0
        self.failed = 0

    def watch(self, audits: Iterable[Audit], on_each: Callable[[Audit], None] | None = None) -> Iterator[Audit]:
        """Yield each audit after noting whether it is unreadable or fails the gate."""
        for audit in audits:
            self.note(audit)
            if on_each is not None:
                on_each(audit)
            yield audit

    def note(self, audit: Audit) -> None:
        """Record one audit's effect on the exit code."""
        if audit.error is not None:
            self.unreadable += 1
        elif self._fails(audit):
            self.failed += 1

    def _fails(self, audit: Audit) -> bool:
        if any(r.is_gap and SEVERITY_RANK[r.severity] >= self.threshold for r in audit.results):
            return True
        card = audit.scorecard
        return self.fail_under is not None and card is not None and card.score < self.fail_under

    @property
    def exit_code(self) -> int:
        """2 when any input was unreadable, else 1 when any report failed the gate, else 0."""
        if self.unreadable:
            return ExitCode.ERROR
        return ExitCode.GATE_FAILED if self.failed else ExitCode.OK
