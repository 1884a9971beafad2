"""Rules step: typing slips government writing commonly makes (截止/截至, 布署, 其它…), read from the pack's
reference data (rules/reference/typos.yaml) — each with the right form and a pass and a fail example."""

from __future__ import annotations

from auditor import canon
from auditor.canon import Typo
from auditor.checks.context import Context, Outcome, distinct_lines, failed, passed
from auditor.patterns import compiled
from auditor.schema import Rule


class TypoParams(canon.ListParams):
    """Which list of rules/reference/<reference>.yaml holds the slips."""

    reference: str = "typos"
    list: str = "typos"


def validate_typos(ruleset, params: TypoParams) -> str | None:  # noqa: ANN001
    return canon.validate_list(ruleset, params.reference, params.list, Typo)


def common_typos(ctx: Context, rule: Rule, params: TypoParams) -> Outcome:
    """None of the listed slips in the rule's scope; each one found is named with its right form."""
    found, notes = [], []
    for typo in canon.entries(ctx.ruleset, params.reference, params.list, Typo):
        pattern = compiled(typo.wrong)
        hits = [(o + m.start(), o + m.end(), m.group()) for o, text in ctx.scope_text() for m in pattern.finditer(text)]
        if hits:
            found.extend(ctx.evidence(a, b) for a, b, _ in hits)
            notes.append(f"“{hits[0][2]}”应为{typo.right}" + (f"（{len(hits)} 处）" if len(hits) > 1 else ""))
    if not found:
        return passed(message="未发现常见错别字")
    return failed("；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


def list_typos(ruleset, params: TypoParams) -> list[str]:  # noqa: ANN001
    """The slips the rule reads, with their examples (auditor rules show)."""
    return [f"{t.wrong} → {t.right}（通过：{t.pass_}；不通过：{t.fail}）  来源：{t.source}"
            for t in canon.entries(ruleset, params.reference, params.list, Typo)]
