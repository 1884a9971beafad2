"""Rules step: builtin `placeholder` — no template left-overs (XX镇, 20××年, 【填写…】) in the scope."""

from __future__ import annotations

from auditor.plain import Field, field_validator

from auditor.checks.common import StrictParams, matches, valid_patterns
from auditor.checks.context import Context, Outcome, distinct_lines, failed, passed
from auditor.checks.prefilter import possible
from auditor.model import Evidence
from auditor.schema import Rule


class PlaceholderParams(StrictParams):
    """Template left-overs: a name for the rule keeper → regular expression (on the matching text; keep each
    pattern inside one line)."""

    patterns: dict[str, str] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _valid(cls, value: dict[str, str]) -> dict[str, str]:
        return valid_patterns(value)


def placeholder(ctx: Context, rule: Rule, params: PlaceholderParams) -> Outcome:
    """No template left-overs (XX镇, 20××年, ***, 某某单位, 待补充, 【填写…】, TODO) in the scope."""
    found: list[tuple[Evidence, str]] = []
    patterns = tuple(p for p in params.patterns.values() if possible(ctx.index, p))  # the others cannot match
    for offset, text in ctx.scope_text():
        last_end = -1
        for start, end in sorted(matches(patterns, text)):
            if start < last_end:
                continue  # one left-over matched by two patterns counts once
            last_end = end
            note = f"“{ctx.doc.text[offset + start:offset + end]}”（{ctx.doc.where(ctx.doc.line_of(offset + start))}）"
            found.append((ctx.evidence(offset + start, offset + end), note))
    if not found:
        return passed(message="未发现模板遗留内容")
    notes = "、".join(dict.fromkeys(note for _, note in found[:8]))
    return failed(f"发现模板遗留内容 {len(found)} 处：{notes}", distinct_lines([ev for ev, _ in found], most=8))
