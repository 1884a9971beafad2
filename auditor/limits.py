"""Used by the rules step: a time limit on each rule, so a runaway regular expression cannot stall a batch.

A rule pack is data, and a rule keeper's regular expression can backtrack for minutes on one unlucky
report. Every rule therefore runs under a limit of RULE_SECONDS; a rule that exceeds it is skipped on that
report (not applicable, with a message saying why) and the audit goes on.

The limit is kept by a real-time alarm (SIGALRM): the `regex` engine checks for signals while it matches,
and so does Python code between steps. The alarm is set to RULE_SECONDS + SLACK and set again only when a
rule starts more than SLACK after the last setting, so each rule gets at least RULE_SECONDS (at most
RULE_SECONDS + SLACK) while a report's 57 rules cost one system call or two, not 57. Where no alarm can
be used (not the main thread, or a platform without setitimer, or an alarm the host program already set),
each `regex` call gets its own timeout instead: the same limit, at about 3 µs a call (some 160 a report).
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

RULE_SECONDS = 2.0
SLACK = 0.5

_PER_CALL: dict[str, Any] = {"timeout": RULE_SECONDS}
_ALARMED: dict[str, Any] = {}
_state = threading.local()


class RuleTimeout(TimeoutError):
    """A rule ran longer than RULE_SECONDS on one report."""


def regex_limit() -> dict[str, Any]:
    """Keyword arguments for a `regex` match call: none while an alarm guards this thread, else a timeout."""
    return getattr(_state, "kwargs", _PER_CALL)


def _alarm_usable() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None))


def _expired(signum: int, frame: object) -> None:
    if getattr(_state, "running", False):  # an alarm that rings between two rules is let go
        _state.running = False
        raise RuleTimeout(f"rule ran longer than {RULE_SECONDS:g} s")


class Limit:
    """Times one rule at a time: start() before it, stop() after (nothing to do where regex calls time
    themselves)."""

    def __init__(self, alarm: bool) -> None:
        self.alarm = alarm
        self.armed = float("-inf")  # when the alarm was last set (time.monotonic)

    def start(self) -> None:
        """Give the next rule at least RULE_SECONDS (setting the alarm again replaces the pending one)."""
        if self.alarm:
            _state.running = True
            now = time.monotonic()
            if now - self.armed > SLACK:
                signal.setitimer(signal.ITIMER_REAL, RULE_SECONDS + SLACK)
                self.armed = now

    def stop(self) -> None:
        """The rule is done: an alarm still pending no longer interrupts anything."""
        _state.running = False


@contextmanager
def rule_limits() -> Iterator[Limit]:
    """For one report's rules: install the alarm handler, and remove it with any pending alarm afterwards."""
    if getattr(_state, "kwargs", None) is not None or not _alarm_usable():
        yield Limit(False)  # nested, or no alarm here: the per-call regex timeouts keep the limit
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    _state.kwargs = _ALARMED
    try:
        yield Limit(True)
    finally:
        _state.running = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        del _state.kwargs
        signal.signal(signal.SIGALRM, previous)
