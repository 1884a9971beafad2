"""The whole pipeline for one report: load → parse → rules → score, as one Audit (errors kept, never raised)."""

from __future__ import annotations

from auditor.engine import evaluate
from auditor.errors import InputError
from auditor.loading import load
from auditor.model import Audit, Source
from auditor.parsing import parse_document
from auditor.ruleset import RuleSet
from auditor.scoring import score


def audit_source(source: Source, ruleset: RuleSet, year: int | None = None, level: str | None = None) -> Audit:
    """Parse, evaluate and score a loaded report."""
    doc = parse_document(source, year=year, level=level)
    results = evaluate(doc, ruleset)
    return Audit(path=source.path, document=doc, results=results, scorecard=score(results, ruleset),
                 warnings=source.warnings)


def audit_path(path: str, ruleset: RuleSet, year: int | None = None, level: str | None = None,
               debug: bool = False) -> Audit:
    """Audit one file; an unreadable file becomes an Audit with `error` set and the batch goes on."""
    try:
        return audit_source(load(path), ruleset, year, level)
    except InputError as exc:
        return Audit(path=path, error=str(exc))
    except Exception as exc:  # a bug must not stop a batch of 300 reports; --debug shows the traceback
        if debug:
            raise
        return Audit(path=path, error=f"内部错误（{type(exc).__name__}: {exc}）；请用 --debug 查看详情并报告此问题")


def audit_text(text: str, ruleset: RuleSet, year: int | None = None, level: str | None = None,
               path: str = "<text>") -> Audit:
    """Audit a text given directly (rule examples, tests)."""
    from auditor.loading.text import clean_lines

    return audit_source(Source(path=path, text=clean_lines(text)), ruleset, year, level)
