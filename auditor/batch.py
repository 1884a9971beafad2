"""Runs the pipeline over many reports: in this process, or in worker processes that load the rules once."""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from auditor.model import Audit
from auditor.pipeline import audit_path, bug_message, shown
from auditor.schema import RuleSet
from auditor.terms import dictionary

if TYPE_CHECKING:  # multiprocessing itself only once a batch runs in workers (a single report never does)
    from multiprocessing.connection import Connection

# Below this many reports a pool costs more than it saves (process start-up, result transfer).
MIN_PARALLEL = 12
CHUNK = 8  # reports handed to a worker at a time: start-up and rule loading are paid once per worker
AHEAD = 8  # chunks per worker handed out beyond the first report not yet written (bounds the reorder buffer)

# The error entry of a report whose worker process died under it (killed, out of memory, crashed).
LOST = "审核进程意外退出（可能被系统终止或内存不足），这份报告未能审核：请重新审核"

_STATE: dict[str, object] = {}
# This process's ends of the workers' pipes: a forked worker closes the copies it inherits, so that it
# sees end-of-file, and stops, when this process goes away.
_PARENT_ENDS: list[Connection] = []
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def slim(audit: Audit) -> Audit:
    """Drop the report's full text from an audit once its results exist, before it crosses between processes or
    waits for the renderer (renderers read the title, meta and results): the batch's own economy, kept here."""
    doc = audit.document
    if doc is None:
        return audit
    return replace(audit, document=replace(doc, text="", norm="", lines=(), line_starts=()))


# What a worker sends back instead of the slim audit (render.PRERENDER: the report already rendered).
Prerender = Callable[[Audit, RuleSet], Audit]


def run(paths: Sequence[str], ruleset: RuleSet, year: int | None = None, level: str | None = None,
        jobs: int = 1, debug: bool = False, prerender: Prerender | None = None,
        failed: Mapping[str, str] | None = None) -> Iterator[Audit]:
    """Audit each path, yielding audits in input order; a failing file never stalls the others.

    `failed` maps paths already known to be unreadable (a folder that cannot be opened) to the reason:
    they become error entries in their place. With `prerender` (a module-level function, so a spawned
    worker can receive it), each worker also renders its reports, sending back the text and what the gate
    reads instead of the whole audit: the rendering is shared by the cores rather than left to this process,
    and less crosses between the processes. A worker that dies fails only the reports it held (LOST); the
    others go on in a new worker. Close the iterator (or let it finish) to stop the workers.
    """
    failed = failed or {}
    dictionary(ruleset.terms)  # open (or build) the word dictionary once, before any worker is forked
    todo = [index for index, path in enumerate(paths) if path not in failed]
    if jobs <= 1 or len(todo) < MIN_PARALLEL or debug:
        for path in paths:
            if path in failed:
                yield Audit(path=shown(path), error=failed[path])
            else:
                yield slim(audit_path(path, ruleset, year, level, debug=debug))
        return
    _STATE.update(ruleset=ruleset, year=year, level=level, prerender=prerender)
    gc.freeze()  # the rules and jieba's dictionary move out of the collector's sight: forked workers then
    # share those pages instead of copying them when a collection touches every object's header
    pool = _Pool(_context(), min(jobs, len(todo)), (ruleset, year, level, prerender))
    done = {index: Audit(path=shown(path), error=failed[path]) for index, path in enumerate(paths) if path in failed}
    yield from pool.run(paths, todo, done)


def _context() -> Any:
    """fork shares the loaded rules and jieba dictionary with the workers at no cost; spawn elsewhere."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process
    conn: Connection
    held: list[int] = field(default_factory=list)  # indexes handed to it and not yet answered, in order


class _Pool:
    """Worker processes, each fed chunks of reports through its own pipe, watched for sudden death."""

    def __init__(self, context: Any, size: int, state: tuple) -> None:
        self.context, self.size = context, size
        self.state = state if context.get_start_method() != "fork" else ()  # fork: inherited, not sent
        self.workers: list[_Worker] = []
        self.done: dict[int, Audit] = {}  # audits not yet yielded, by input index

    def run(self, paths: Sequence[str], todo: list[int], done: dict[int, Audit]) -> Iterator[Audit]:
        """Yield the audits of `paths` in order: `done` already has some, the workers make those in `todo`."""
        self.done = done
        chunks = deque(todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK))
        starts_left = self.size + len(chunks)  # each death loses at least a report, or wins a start
        upcoming = 0
        try:
            for _ in range(min(self.size, len(chunks))):
                self.workers.append(self._start())
            while upcoming < len(paths):
                while upcoming in done:
                    yield done.pop(upcoming)
                    upcoming += 1
                if upcoming >= len(paths):
                    break
                self._hand_out(chunks, paths, upcoming + self.size * CHUNK * AHEAD)
                for worker in self._wait():
                    self._bury(worker, paths, done)
                    if chunks and starts_left > 0:
                        starts_left -= 1
                        self.workers.append(self._start())
                if not self.workers:  # no worker could be kept alive: the rest cannot be audited
                    for index in (i for chunk in chunks for i in chunk):
                        done[index] = Audit(path=shown(paths[index]), error=LOST)
                    chunks.clear()
        finally:
            self._stop()

    def _hand_out(self, chunks: deque, paths: Sequence[str], limit: int) -> None:
        """Keep each worker two chunks deep, so that it never waits for this process between chunks."""
        for worker in self.workers:
            while len(worker.held) <= CHUNK and chunks and chunks[0][0] < limit:
                chunk = chunks.popleft()
                try:
                    worker.conn.send([(index, paths[index]) for index in chunk])
                except OSError:  # it died already: the chunk waits for the next worker
                    chunks.appendleft(chunk)
                    break
                worker.held.extend(chunk)

    def _wait(self) -> list[_Worker]:
        """Block until a worker answers or dies; take every answer waiting; return the workers that died."""
        from multiprocessing.connection import wait

        by_conn = {worker.conn: worker for worker in self.workers}
        by_sentinel = {worker.process.sentinel: worker for worker in self.workers}
        dead = []
        for ready in wait([*by_conn, *by_sentinel]):
            worker = by_conn.get(ready) or by_sentinel[ready]  # type: ignore[call-overload]
            if not self._receive(worker) or ready in by_sentinel:
                if worker not in dead:
                    dead.append(worker)
        return dead

    def _receive(self, worker: _Worker) -> bool:
        """Take every answer waiting in the worker's pipe; False when the pipe has closed (the worker is gone)."""
        try:
            while worker.conn.poll():
                index, audit = worker.conn.recv()
                worker.held.remove(index)
                self.done[index] = audit
        except (EOFError, OSError):
            return False
        return True

    def _bury(self, worker: _Worker, paths: Sequence[str], done: dict[int, Audit]) -> None:
        """A worker died: keep what it answered, fail what it held, close its pipe."""
        self._receive(worker)
        for index in worker.held:
            done[index] = Audit(path=shown(paths[index]), error=LOST)
        self.workers.remove(worker)
        self._close(worker)
        worker.process.join(1)

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        _PARENT_ENDS.append(parent_end)
        process = self.context.Process(target=_serve, args=(child_end, *self.state), daemon=True)
        with _signals_blocked():  # the child installs its own handlers before taking any signal
            process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _stop(self) -> None:
        """Let idle workers finish, stop busy ones (the run ended early: error, interrupt)."""
        for worker in self.workers:
            if worker.held:
                worker.process.terminate()
            else:
                try:
                    worker.conn.send(None)
                except OSError:
                    worker.process.terminate()
        for worker in self.workers:
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            self._close(worker)
        self.workers.clear()

    @staticmethod
    def _close(worker: _Worker) -> None:
        worker.conn.close()
        if worker.conn in _PARENT_ENDS:
            _PARENT_ENDS.remove(worker.conn)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _serve(conn: Connection, *state: Any) -> None:
    """A worker: audit each chunk received, sending back one audit per report, until told to stop."""
    # Ctrl-C reaches the whole process group: the main process decides, and stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    for end in _PARENT_ENDS:
        end.close()
    if state:
        _init(*state)
    try:
        while True:
            task = conn.recv()
            if task is None:
                return
            for index, path in task:
                conn.send((index, _work(path)))
    except (EOFError, OSError):  # the main process is gone: nobody wants the rest
        return


def _init(ruleset: RuleSet, year: int | None, level: str | None, prerender: Prerender | None) -> None:
    """spawn: nothing inherited, load once per worker."""
    _STATE.update(ruleset=ruleset, year=year, level=level, prerender=prerender)
    dictionary(ruleset.terms)


def _work(path: str) -> Audit:
    ruleset: RuleSet = _STATE["ruleset"]  # type: ignore[assignment]
    try:
        audit = audit_path(path, ruleset, _STATE["year"], _STATE["level"])  # type: ignore[arg-type]
        prerender: Prerender | None = _STATE["prerender"]  # type: ignore[assignment]
        return slim(audit) if prerender is None else prerender(audit, ruleset)
    except Exception as exc:  # a renderer's bug: this report's entry says so, the batch goes on
        return Audit(path=shown(path), error=bug_message(exc))


def collect(audits: Iterator[Audit], on_each: Callable[[Audit], None] | None = None) -> tuple[Audit, ...]:
    """Gather audits in order, calling `on_each` as each arrives (progress display)."""
    out = []
    for audit in audits:
        out.append(audit)
        if on_each is not None:
            on_each(audit)
    return tuple(out)
