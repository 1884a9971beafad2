"""Rules step: builtin `superseded-instruments` — no instrument cited as current after its successor was in force."""

from __future__ import annotations

import regex

from auditor.canon import Instrument, day
from auditor.checks import reference_scan as ref
from auditor.checks.context import Context, Outcome, distinct_lines, failed, not_applicable, passed
from auditor.checks.prefilter import possible
from auditor.patterns import compiled
from auditor.schema import Rule


_COMPARED = regex.compile(r"取代|替代|代替|废止|失效|整合|编纂|纳入|施行后|实施后|变化|对比|比较|区别|不同|改为")


def _listed(text: str, a: int, b: int) -> bool:
    """Whether the 《》 citation at [a, b) is one item of an enumeration (、 or another 《》 right next to it)."""
    return text[max(0, a - 1):a] in ("、", "》") or text[b:b + 1] in ("、", "《")


def _superseded_table(ctx: Context, params: ref.CanonParams) -> tuple[tuple[Instrument, str, tuple[str, ...]], ...]:
    """(instrument, its 《》 pattern, its successors' names) of each superseded instrument, made once per pack."""
    def build() -> tuple[tuple[Instrument, str, tuple[str, ...]], ...]:
        return tuple((item, ref.book_pattern(item.names), tuple(regex.findall(r"《([^》]+)》", item.superseded.by)))
                     for item in ref.instruments_of(ctx, params) if item.superseded is not None)
    return ctx.ruleset.derived(("timeliness.superseded", params.reference, params.list), build)


def superseded_instruments(ctx: Context, rule: Rule, params: ref.CanonParams) -> Outcome:
    """No instrument cited as current for the report year after its successor was in force (《信访条例》 in 2022)."""
    year = ctx.doc.meta.year
    if year is None:
        return not_applicable("无法确定报告年度，无从核对引用的法规是否已被取代")
    text = ctx.doc.norm
    found, notes = [], []
    end = ref.year_end(year)
    for item, book, successor in _superseded_table(ctx, params):
        gone = item.superseded
        if gone.date > end or not possible(ctx.index, book):  # type: ignore[union-attr]
            continue
        hits = []
        for a, b, _ in ref.scope_hits(ctx, compiled(book)):
            sentence = ref.sentence_around(text, a, b)
            if ref.is_historical(text, a, b, params.historical) or (
                    any(s.removeprefix("中华人民共和国") in sentence for s in successor)
                    and (not _listed(text, a, b) or _COMPARED.search(sentence))):
                continue  # history, or a comparison with the successor (not one more item of a list holding it)
            hits.append((a, b))
        if hits:
            found.extend(ctx.evidence(a, b) for a, b in hits)
            notes.append(f"《{item.bare_name}》已于{day(gone.date)}由{gone.by}取代")  # type: ignore[union-attr]
    if not found:
        return passed(message=f"未发现{year}年度已被取代的法规")
    return failed(f"{year}年度报告中：" + "；".join(notes), distinct_lines(sorted(found, key=lambda e: e.line), most=6))


def list_superseded(ruleset, params: ref.CanonParams) -> list[str]:  # noqa: ANN001
    """The instruments the rule reads that were superseded or repealed."""
    return ref.list_instruments(ruleset, params, lambda i: i.superseded)
