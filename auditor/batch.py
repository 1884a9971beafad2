"""Runs the pipeline over many reports: in this process, or in worker processes that load the rules once."""

from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import replace
from typing import Callable, Iterator, Sequence

from auditor.model import Audit, RuleResult
from auditor.pipeline import audit_path
from auditor.ruleset import RuleSet
from auditor.terms import tokenizer

# Below this many reports a pool costs more than it saves (process start-up, result transfer).
MIN_PARALLEL = 12
CHUNK = 8  # reports handed to a worker at a time: start-up and rule loading are paid once per worker

_STATE: dict[str, object] = {}


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def slim(audit: Audit) -> Audit:
    """Drop the report's full text from an audit once its results exist (renderers need meta and results)."""
    doc = audit.document
    if doc is None:
        return audit
    return replace(audit, document=replace(doc, text="", norm="", lines=(), line_starts=()))


Prerender = Callable[[Audit, RuleSet], str]


def run(paths: Sequence[str], ruleset: RuleSet, year: int | None = None, level: str | None = None,
        jobs: int = 1, debug: bool = False, prerender: Prerender | None = None) -> Iterator[Audit]:
    """Audit each path, yielding audits in input order; a failing file never stalls the others.

    With `prerender` (a module-level function, so a spawned worker can receive it), each worker also renders
    its reports, sending back the text and what the gate reads instead of the whole audit: the rendering
    is shared by the cores rather than left to this process, and less crosses between the processes.
    """
    tokenizer(ruleset.terms)  # build jieba's dictionary once, before any worker is forked
    if jobs <= 1 or len(paths) < MIN_PARALLEL or debug:
        for path in paths:
            yield slim(audit_path(path, ruleset, year, level, debug=debug))
        return
    context = _context()
    _STATE.update(ruleset=ruleset, year=year, level=level, prerender=prerender)
    gc.freeze()  # the rules and jieba's dictionary move out of the collector's sight: forked workers then
    # share those pages instead of copying them when a collection touches every object's header
    workers = min(jobs, len(paths))
    with context.Pool(processes=workers, initializer=_init, initargs=(ruleset, year, level, prerender)) as pool:
        yield from pool.imap(_work, paths, chunksize=CHUNK)


def _context():  # -> multiprocessing context
    """fork shares the loaded rules and jieba dictionary with the workers at no cost; spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _init(ruleset: RuleSet, year: int | None, level: str | None, prerender: Prerender | None) -> None:
    if "ruleset" not in _STATE:  # spawn: nothing inherited, load once per worker
        _STATE.update(ruleset=ruleset, year=year, level=level, prerender=prerender)
        tokenizer(ruleset.terms)


def _work(path: str) -> Audit:
    ruleset: RuleSet = _STATE["ruleset"]  # type: ignore[assignment]
    audit = audit_path(path, ruleset, _STATE["year"], _STATE["level"])  # type: ignore[arg-type]
    prerender: Prerender | None = _STATE["prerender"]  # type: ignore[assignment]
    return slim(audit) if prerender is None else rendered(audit, prerender(audit, ruleset))


def rendered(audit: Audit, text: str) -> Audit:
    """A rendered audit as it travels back: the text, the scorecard, and the gaps' status and severity (all
    the gate reads), leaving behind what the text already holds."""
    results = tuple(RuleResult(r.rule_id, r.status, r.severity, r.credit, "") for r in audit.results if r.is_gap)
    return Audit(path=audit.path, results=results, scorecard=audit.scorecard, error=audit.error, rendered=text,
                 profile=audit.profile)


def collect(audits: Iterator[Audit], on_each: Callable[[Audit], None] | None = None) -> tuple[Audit, ...]:
    """Gather audits in order, calling `on_each` as each arrives (progress display)."""
    out = []
    for audit in audits:
        out.append(audit)
        if on_each is not None:
            on_each(audit)
    return tuple(out)
