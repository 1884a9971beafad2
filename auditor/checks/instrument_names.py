"""Rules step: builtin `instrument-names` — instruments are cited by their names, not by common misnames."""

from __future__ import annotations

from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, passed
from auditor.checks.prefilter import possible
from auditor.patterns import compiled
from auditor.schema import Rule


def instrument_names(ctx: Context, rule: Rule, params: ref.CanonParams) -> Outcome:
    """Instruments are cited by their names (《农村土地承包法》, not 《土地承包法》)."""
    table = ctx.ruleset.derived(("timeliness.misnames", params.reference, params.list),
                                lambda: tuple((item, ref.book_pattern(item.misnames)) for item in ref.instruments_of(ctx, params)
                                              if item.misnames))
    found, notes = [], []
    for item, book in table:
        if not possible(ctx.index, book):
            continue
        for a, b, m in ref.scope_hits(ctx, compiled(book), skip_next_year=False):
            found.append(ctx.evidence(a, b))
            notes.append(f"{m.group()}应为《{item.name}》（或《{item.bare_name}》）")
    if not found:
        return passed(message="引用的法规名称无误")
    return failed("；".join(dict.fromkeys(notes)), distinct_lines(found, most=6))


def list_misnames(ruleset, params: ref.CanonParams) -> list[str]:  # noqa: ANN001
    """The instruments the rule reads that are often misnamed."""
    return ref.list_instruments(ruleset, params, lambda i: i.misnames)
