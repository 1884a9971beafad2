"""The whole pipeline for one report: load → parse → rules → score, as one Audit (errors kept, never raised)."""

from __future__ import annotations

import os
from dataclasses import replace
from types import TracebackType

from auditor.engine import evaluate
from auditor.errors import BUG_PREFIX, InputError, InternalError
from auditor.loading import load
from auditor.model import Audit, Source
from auditor.overlap import profile
from auditor.parsing import parse_document
from auditor.schema import RuleSet
from auditor.scoring import score


def audit_source(source: Source, ruleset: RuleSet, year: int | None = None, level: str | None = None) -> Audit:
    """Parse, evaluate and score a loaded report."""
    doc = parse_document(source, year=year, level=level)
    results = evaluate(doc, ruleset)
    return Audit(path=source.path, document=doc, results=results, scorecard=score(results, ruleset),
                 profile=profile(doc), warnings=source.warnings)


def audit_path(path: str, ruleset: RuleSet, year: int | None = None, level: str | None = None,
               debug: bool = False) -> Audit:
    """Audit one file; an unreadable file becomes an Audit with `error` set and the batch goes on."""
    try:
        audit = audit_source(load(path), ruleset, year, level)
    except InputError as exc:
        audit = Audit(path=path, error=str(exc))
    except Exception as exc:  # a bug must not stop a batch of 300 reports; --debug shows the traceback
        if debug:
            raise InternalError(f"{shown(path)}：{bug_message(exc)}") from exc
        audit = Audit(path=path, error=bug_message(exc))
    return shown_audit(audit)


def bug_message(exc: BaseException) -> str:
    """An internal error as an audit's error: the rule it happened in when known, and what to do."""
    rule_id = _rule_of(exc.__traceback__)
    where = f"规则 {rule_id}：" if rule_id else ""
    return f"{BUG_PREFIX}（{where}{type(exc).__name__}: {exc}）；请用 --debug 查看详情并报告此问题"


def _rule_of(tb: TracebackType | None) -> str | None:
    """The id of the rule being evaluated when the exception was raised (engine keeps it in `rule`)."""
    found = None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__name__") == "auditor.engine":
            found = getattr(frame.f_locals.get("rule"), "id", found)
        tb = tb.tb_next
    return found if isinstance(found, str) else None


def shown(path: str) -> str:
    """A path as text that can be written anywhere: bytes of a file name that are not UTF-8 (kept by
    Python as lone surrogates) become \\xNN escapes instead of failing every UTF-8 output."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name decoding made
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def shown_audit(audit: Audit) -> Audit:
    """The audit with its path (and its document's) made writable by `shown`."""
    path = shown(audit.path)
    if path == audit.path:
        return audit
    doc = audit.document
    return replace(audit, path=path, document=replace(doc, path=path) if doc is not None else None)


def audit_text(text: str, ruleset: RuleSet, year: int | None = None, level: str | None = None,
               path: str = "<text>") -> Audit:
    """Audit a text given directly (rule examples, tests)."""
    from auditor.loading.text import clean_lines

    return audit_source(Source(path=path, text=clean_lines(text)), ruleset, year, level)
