"""Step 5 of the pipeline (render): two drafts compared — score change, gaps fixed, new and unchanged (rich or JSON)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from auditor.compare import Change, Comparison
from auditor.render.common import SEVERITY_NAMES, STATUS_NAMES, gap_message, gap_text, gap_where, where
from auditor.schema import RuleSet


def _side(audit: Any) -> dict[str, Any]:
    card, doc = audit.scorecard, audit.document
    return {"path": audit.path, "title": doc.title if doc else None, "score": card.score if card else None,
            "grade": card.grade if card else None, "errors": card.errors if card else None,
            "warnings": card.warnings if card else None}


def change_dict(change: Change, ruleset: RuleSet) -> dict[str, Any]:
    """One rule across the drafts: statuses and severities before and after, and the gap as it stands."""
    rule = ruleset.get(change.rule_id)
    latest = change.new if change.new is not None and change.new.is_gap else change.old
    out: dict[str, Any] = {
        "rule": change.rule_id, "title": rule.title if rule else change.rule_id,
        "old_status": change.old.status if change.old else None,
        "new_status": change.new.status if change.new else None,
        "severity": latest.severity if latest else None,
    }
    if latest is not None and rule is not None:
        out.update(message=gap_message(latest, rule), where=gap_where(latest), suggestion=rule.suggestion,
                   basis=rule.basis)
    return out


def to_dict(comparison: Comparison, ruleset: RuleSet, version: str,
            source: dict[str, Any] | None = None) -> dict[str, Any]:
    """The comparison as JSON: both drafts' scores, the change, and the three gap lists in pack order."""
    return {
        "tool": {"name": "auditor", "version": version},
        "ruleset": {"name": ruleset.settings.name, "version": ruleset.settings.version, "rules": len(ruleset.rules),
                    **(source or {})},
        "old": _side(comparison.old),
        "new": _side(comparison.new),
        "score_change": comparison.score_change,
        "fixed": [change_dict(c, ruleset) for c in comparison.fixed],
        "new_gaps": [change_dict(c, ruleset) for c in comparison.new_gaps],
        "unchanged": [change_dict(c, ruleset) for c in comparison.unchanged],
        "regressions": [c.rule_id for c in comparison.regressions],
    }


def render_json(comparison: Comparison, ruleset: RuleSet, version: str, out: TextIO,
                source: dict[str, Any] | None = None) -> None:
    """Write the comparison as indented UTF-8 JSON."""
    out.write(json.dumps(to_dict(comparison, ruleset, version, source), ensure_ascii=False, indent=2) + "\n")


def render_rich(comparison: Comparison, ruleset: RuleSet, version: str, out: TextIO,
                source: dict[str, Any] | None = None) -> None:
    """Print the score change, then a table each for gaps fixed, new and unchanged."""
    from rich.text import Text

    from auditor.render.terminal import make_console, source_line

    console = make_console(out)
    if source:
        console.print(source_line(ruleset, source))
    old, new = comparison.old.scorecard, comparison.new.scorecard
    assert old is not None and new is not None
    delta = comparison.score_change or 0.0
    head = Text(f"旧稿 {comparison.old.path}：{old.score:g} 分（{old.grade}）\n"
                f"新稿 {comparison.new.path}：{new.score:g} 分（{new.grade}）\n得分变化 ")
    head.append(f"{delta:+g}", style="audit.pass" if delta > 0 else "audit.fail" if delta < 0 else "audit.muted")
    head.append(f"   已改正 {len(comparison.fixed)} · 新增 {len(comparison.new_gaps)} · 仍存在 {len(comparison.unchanged)}")
    console.print(head)
    for title, changes, style in (("已改正的问题", comparison.fixed, "audit.pass"),
                                  ("新增的问题", comparison.new_gaps, "audit.fail"),
                                  ("仍存在的问题", comparison.unchanged, "audit.muted")):
        console.print()
        console.print(_table(title, changes, ruleset, style) if changes else Text(f"{title}：无", style=style))
    if comparison.regressions:
        ids = "、".join(c.rule_id for c in comparison.regressions)
        console.print(Text(f"✗ 新稿有旧稿没有的错误级问题：{ids}", style="audit.fail"))


def _table(title: str, changes: tuple[Change, ...], ruleset: RuleSet, style: str) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{title}（{len(changes)} 项）", title_justify="left", title_style=style,
                  box=box.SIMPLE_HEAD, show_edge=False)
    for name in ("规则", "严重程度", "旧稿", "新稿", "说明"):
        table.add_column(name, overflow="fold")
    for change in changes:
        item = change_dict(change, ruleset)
        table.add_row(Text(f"{item['title']} [{item['rule']}]"), SEVERITY_NAMES.get(item["severity"] or "", ""),
                      STATUS_NAMES.get(item["old_status"] or "", "—"), STATUS_NAMES.get(item["new_status"] or "", "—"),
                      Text(_note(change, ruleset)))
    return table


def _note(change: Change, ruleset: RuleSet) -> str:
    """A gap in NEW: what is wrong and where; a fixed gap: where NEW now meets the rule."""
    rule = ruleset.get(change.rule_id)
    if change.new is not None and change.new.is_gap and rule is not None:
        return gap_text(change.new, rule)
    if change.new is not None and change.new.evidence:
        ev = change.new.evidence[0]
        return f"{where(ev)}：{ev.text}"
    return ""
