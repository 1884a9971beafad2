"""Rules step: builtin `instrument-editions` — an edition cited by its year is the one in force in the report year."""

from __future__ import annotations

from auditor.canon import Instrument, day
from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, passed
from auditor.checks.prefilter import possible
from auditor.patterns import compiled
from auditor.schema import Rule

_EDITION_AFTER = r"\s*（\s*((?:19|20)\d{2})\s*年?\s*(?:修正|修订|修改|版)?(?:本|文本)?\s*）"


_EDITION_BEFORE = r"((?:19|20)\d{2})\s*年\s*(?:修正|修订|修改)(?:后)?的\s*"


def _edition_table(ctx: Context, params: ref.CanonParams) -> tuple[tuple[Instrument, str, str], ...]:
    """(instrument, its 《》 pattern, the pattern of an edition cited by year) of each instrument, once per pack."""
    def build() -> tuple[tuple[Instrument, str, str], ...]:
        out = []
        for item in ref.instruments_of(ctx, params):
            book = ref.book_pattern(item.names)
            out.append((item, book, f"(?:{book}){_EDITION_AFTER}|{_EDITION_BEFORE}(?:{book})"))
        return tuple(out)
    return ctx.ruleset.derived(("timeliness.editions", params.reference, params.list), build)


def instrument_editions(ctx: Context, rule: Rule, params: ref.CanonParams) -> Outcome:
    """An edition cited by its year (《行政复议法》（2017年修正）) is the one in force in the report year."""
    year = ctx.doc.meta.year
    if year is None:
        return not_applicable("无法确定报告年度，无从核对引用的法律版本")
    text = ctx.doc.norm
    found, notes = [], []
    end = ref.year_end(year)
    for item, book, edition in _edition_table(ctx, params):
        if not possible(ctx.index, book):  # every citation of an edition holds the 《》 name
            continue
        current = item.edition_in_force(end)
        if current is None:
            continue
        for a, b, m in ref.scope_hits(ctx, compiled(edition), skip_next_year=False):
            cited = int(m.group(1) or m.group(2))
            if cited >= current.year or ref.is_historical(text, a, b, params.historical):
                continue
            found.append(ctx.evidence(a, b))
            since = f"{day(current.in_force)}起施行" if current.in_force else f"{day(current.adopted)}通过"  # type: ignore[arg-type]
            notes.append(f"引用的是《{item.bare_name}》{cited}年文本，该法已于{current.year}年{current.kind}，{since}")
    if not found:
        return passed(message=f"引用的法律版本适用于{year}年度")
    return failed(f"{year}年度报告中：" + "；".join(dict.fromkeys(notes)), distinct_lines(found, most=6))


def list_editions(ruleset, params: ref.CanonParams) -> list[str]:  # noqa: ANN001
    """The instruments the rule reads that have later editions."""
    return ref.list_instruments(ruleset, params, lambda i: i.editions)
