"""Step 5 of the pipeline (render), worker side: a report rendered in the process that audited it, for the
formats whose renderer can write it as it came (a batch seam, kept out of the data model)."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.model import Audit, RuleResult


@dataclass(frozen=True)
class Prerendered(Audit):
    """An audit already rendered, in the run's format, by the worker process that made it: the text, and only what
    the gate and the round read (scorecard, the gaps' status and severity, profile) — the rest is in the text."""

    text: str = ""


def prerendered(audit: Audit, text: str) -> Prerendered:
    """The light audit that carries `text` back from a worker."""
    results = tuple(RuleResult(r.rule_id, r.status, r.severity, r.credit, "") for r in audit.results if r.is_gap)
    return Prerendered(path=audit.path, results=results, scorecard=audit.scorecard, error=audit.error,
                       warnings=audit.warnings, profile=audit.profile, text=text)
