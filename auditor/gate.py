"""After score, before render: the CI gate — watches audits as they stream past and decides the exit code."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from auditor.errors import BUG_PREFIX, ExitCode
from auditor.model import SEVERITY_RANK, Audit

SEVERITY_WORDS = {"error": "错误级", "warning": "警告及以上级别", "info": "提示及以上级别"}
NAMED = 5  # reports named in the one-line explanation; the rest are counted


class Gate:
    """Passes audits through unchanged, remembering only what the exit code and its explanation need."""

    def __init__(self, fail_on: str, fail_under: float | None) -> None:
        self.fail_on = fail_on
        self.threshold = SEVERITY_RANK.get(fail_on, 99)  # "never" ranks above every severity
        self.fail_under = fail_under
        self.unreadable = 0
        self.failed = 0
        self.reasons: list[str] = []  # why, for the first NAMED reports that failed
        self.bugs: list[Audit] = []  # audits stopped by an internal error

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
            if audit.error.startswith(BUG_PREFIX):
                self.bugs.append(audit)
            else:
                self.unreadable += 1
            return
        why = self._why(audit)
        if why:
            self.failed += 1
            if len(self.reasons) < NAMED:
                self.reasons.append(f"{audit.path}（{why}）")

    def _why(self, audit: Audit) -> str:
        """Why a report fails the gate ("" when it passes): its gaps at --fail-on, its score under --fail-under."""
        why = []
        gaps = sum(1 for r in audit.results if r.is_gap and SEVERITY_RANK[r.severity] >= self.threshold)
        if gaps:
            why.append(f"{gaps} 项{SEVERITY_WORDS[self.fail_on]}问题，--fail-on {self.fail_on}")
        card = audit.scorecard
        if self.fail_under is not None and card is not None and card.score < self.fail_under:
            why.append(f"得分 {card.score:g} 低于 --fail-under {self.fail_under:g}")
        return "；".join(why)

    def explanation(self) -> str | None:
        """One Chinese line saying which reports failed the gate and why (None when none did)."""
        if not self.failed:
            return None
        more = f" 等 {self.failed} 份" if self.failed > len(self.reasons) else ""
        return f"门禁未通过：{self.failed} 份报告未达要求：{'，'.join(self.reasons)}{more}"

    @property
    def exit_code(self) -> int:
        """3 on an internal error, else 2 when any input was unreadable, else 1 when any report failed the
        gate, else 0."""
        if self.bugs:
            return ExitCode.BUG
        if self.unreadable:
            return ExitCode.ERROR
        return ExitCode.GATE_FAILED if self.failed else ExitCode.OK
