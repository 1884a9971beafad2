"""After score, before render: compares the audits of two drafts of one report — gaps fixed, new and unchanged."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.model import Audit, RuleResult


@dataclass(frozen=True)
class Change:
    """One rule across the two drafts (either result is None when the rule is missing from that audit)."""

    rule_id: str
    old: RuleResult | None
    new: RuleResult | None


@dataclass(frozen=True)
class Comparison:
    """Two audits of drafts of the same report and what changed between them, in pack order."""

    old: Audit
    new: Audit
    fixed: tuple[Change, ...]  # a gap in OLD, not in NEW
    new_gaps: tuple[Change, ...]  # a gap in NEW, not in OLD
    unchanged: tuple[Change, ...]  # a gap in both (the status may differ: partial ↔ fail)

    @property
    def score_change(self) -> float | None:
        """NEW's score minus OLD's, or None when either could not be audited."""
        if self.old.scorecard is None or self.new.scorecard is None:
            return None
        return round(self.new.scorecard.score - self.old.scorecard.score, 1)

    @property
    def regressions(self) -> tuple[Change, ...]:
        """Rules failing at error level in NEW that were not failing at error level in OLD."""
        return tuple(c for c in self.new_gaps + self.unchanged
                     if _error_gap(c.new) and not _error_gap(c.old))


def _error_gap(result: RuleResult | None) -> bool:
    return result is not None and result.is_gap and result.severity == "error"


def compare(old: Audit, new: Audit) -> Comparison:
    """Pair the two audits' results rule by rule and sort each rule into fixed, new or unchanged gaps."""
    before = {r.rule_id: r for r in old.results}
    after = {r.rule_id: r for r in new.results}
    order = list(dict.fromkeys([*after, *before]))
    fixed, added, same = [], [], []
    for rule_id in order:
        change = Change(rule_id, before.get(rule_id), after.get(rule_id))
        was = change.old is not None and change.old.is_gap
        now = change.new is not None and change.new.is_gap
        if was and now:
            same.append(change)
        elif was:
            fixed.append(change)
        elif now:
            added.append(change)
    return Comparison(old, new, tuple(fixed), tuple(added), tuple(same))
