"""Used by the rules step: time limits on each rule and on each report, so a runaway rule cannot stall a batch.

A rule pack is data, and a rule keeper's regular expression can backtrack for minutes on one unlucky
report. Every rule therefore runs under a limit, and each report's rules under a budget. A rule that does
not finish is not skipped: it is an error for that report (see engine._timed), so a gate never passes a
report because a check ran out of time.

Both limits grow with the report's length (PER_MILLION_CHARS): the built-in checks do work linear in the
text, so a long but honest report finishes within its allowance on any machine and gets the same verdict
everywhere, while a backtracking pattern still runs into the limit.

The rule limit is kept by a real-time alarm (SIGALRM): the `regex` engine checks for signals while it
matches, and so does Python code between steps. The alarm is set to the limit + SLACK and set again only
when a rule starts more than SLACK after the last setting, so each rule gets at least its limit (at most
limit + SLACK) while a report's 57 rules cost one system call or two, not 57. Where no alarm can be used
(not the main thread, or a platform without setitimer, or an alarm the host program already set), each
`regex` call gets its own timeout instead: the same limit, at about 3 µs a call (some 160 a report).
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

RULE_SECONDS = 2.0  # each rule, on a report of up to a million characters
REPORT_SECONDS = 20.0  # all the rules of one report together (a custom pack of slow patterns)
PER_MILLION_CHARS = 4.0  # extra seconds, for the rule and for the report, per million characters of text
SLACK = 0.5

_PER_CALL: dict[str, Any] = {"timeout": RULE_SECONDS}  # a regex call's own limit when no alarm guards it
_state = threading.local()  # `kwargs`: the keyword arguments for a regex call while a report's rules run


class RuleTimeout(TimeoutError):
    """A rule ran longer than its limit on one report."""


def rule_seconds(chars: int = 0) -> float:
    """The time one rule may take on a report of `chars` characters."""
    return RULE_SECONDS + PER_MILLION_CHARS * chars / 1e6


def report_seconds(chars: int = 0) -> float:
    """The time all the rules of a report of `chars` characters may take together."""
    return REPORT_SECONDS + PER_MILLION_CHARS * chars / 1e6


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
        raise RuleTimeout("rule ran past its time limit")


class Limit:
    """Times one rule at a time (start() before it, stop() after) and the report's rules together."""

    def __init__(self, alarm: bool, chars: int = 0) -> None:
        self.alarm = alarm
        self.seconds = rule_seconds(chars)
        self.budget = report_seconds(chars)
        self.began = time.monotonic()
        self.armed = float("-inf")  # when the alarm was last set (time.monotonic)

    def spent(self) -> bool:
        """Whether the report's budget is used up: the rules not yet run are not started."""
        return time.monotonic() - self.began > self.budget

    def start(self) -> None:
        """Give the next rule at least its limit (setting the alarm again replaces the pending one)."""
        if self.alarm:
            _state.running = True
            now = time.monotonic()
            if now - self.armed > SLACK:
                signal.setitimer(signal.ITIMER_REAL, self.seconds + SLACK)
                self.armed = now

    def stop(self) -> None:
        """The rule is done: an alarm still pending no longer interrupts anything."""
        _state.running = False


@contextmanager
def rule_limits(chars: int = 0) -> Iterator[Limit]:
    """For one report's rules (`chars` long): install the alarm handler, and remove it with any pending alarm
    afterwards; where no alarm can be used, regex calls time themselves with the same limit."""
    if getattr(_state, "kwargs", None) is not None:
        yield Limit(False, chars)  # nested inside another report's rules: the outer limits hold
        return
    alarm = _alarm_usable()
    previous = signal.signal(signal.SIGALRM, _expired) if alarm else None
    _state.kwargs = {} if alarm else {"timeout": rule_seconds(chars)}
    try:
        yield Limit(alarm, chars)
    finally:
        _state.running = False
        del _state.kwargs
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
