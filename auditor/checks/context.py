"""Rules step: what every check sees (Context: the document, its term index, the rule's scope and claims) and
what it returns (Outcome), with the helpers that build them."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from auditor.claims import EVERYTHING, Claims, Policy
from auditor.model import Document, Evidence
from auditor.parts import PartFinder
from auditor.schema import RuleSet
from auditor.spans import Containers, Ranges
from auditor.terms import TermIndex

EXCERPT = 28  # characters of context shown on each side of a hit


@lru_cache(maxsize=64)
def _everything(accept: frozenset[str]) -> bool:
    """Policy.everything, remembered per set of modalities (a check asks it for every hit)."""
    return Policy(accept).everything


class Outcome(NamedTuple):
    """What a check found: status, credit, a report-specific message, evidence, what it looked for (an immutable
    record: a check returns one for each rule on each report)."""

    status: str
    credit: float
    message: str = ""
    evidence: tuple[Evidence, ...] = ()
    looked_for: str = ""


def passed(evidence: tuple[Evidence, ...] = (), message: str = "") -> Outcome:
    """A passing outcome."""
    return Outcome("pass", 1.0, message, evidence)


def failed(message: str = "", evidence: tuple[Evidence, ...] = (), looked_for: str = "") -> Outcome:
    """A failing outcome."""
    return Outcome("fail", 0.0, message, evidence, looked_for)


def partial(credit: float, message: str, evidence: tuple[Evidence, ...] = (), looked_for: str = "") -> Outcome:
    """A partly met rule: credit between 0 and 1 (exclusive)."""
    return Outcome("partial", round(min(max(credit, 0.01), 0.99), 4), message, evidence, looked_for)


def not_applicable(message: str) -> Outcome:
    """Nothing to check for this report."""
    return Outcome("not_applicable", 0.0, message)


class Context:
    """What a check sees: the document, its term index, the rule's scope (character ranges). One is made for each
    rule on each report: a plain class with slots, not a dataclass, so that making one costs little."""

    __slots__ = ("_blocked", "_scope", "blocked", "claims", "counts_all", "doc", "index", "parts", "policy",
                 "ranges", "ruleset", "scope_label")

    def __init__(self, doc: Document, index: TermIndex, ruleset: RuleSet, parts: PartFinder,
                 ranges: tuple[tuple[int, int], ...], scope_label: str = "全文", claims: Claims | None = None,
                 policy: Policy = EVERYTHING, blocked: tuple[tuple[int, int], ...] = ()) -> None:
        self.doc, self.index, self.ruleset, self.parts, self.ranges = doc, index, ruleset, parts, ranges
        self.scope_label, self.claims, self.policy = scope_label, claims, policy
        self.blocked = blocked  # spans where a hit does not count (a require check's `except`)
        # The same ranges sorted for binary search, made when first asked (most rules ask nothing of them).
        self._scope: Ranges | None = None
        self._blocked: Containers | None = None
        self.counts_all = claims is None or _everything(policy.accept)  # every clause counts

    def blocking(self, blocked: tuple[tuple[int, int], ...]) -> Context:
        """The same context with hits in `blocked` not counting."""
        return Context(self.doc, self.index, self.ruleset, self.parts, self.ranges, self.scope_label, self.claims,
                       self.policy, blocked)

    def in_scope(self, start: int) -> bool:
        """Whether a character offset lies inside the rule's scope."""
        scope = self._scope
        if scope is None:
            scope = self._scope = Ranges(self.ranges)
        return start in scope

    def counts(self, start: int, end: int) -> bool:
        """Whether a hit at [start, end) lies in a clause the rule's claims policy counts (and outside the
        rule's excepted contexts)."""
        if self.blocked:
            if self._blocked is None:
                self._blocked = Containers(self.blocked)
            if self._blocked.holds(start, end):
                return False
        return self.counts_all or \
            self.claims.verdict(start, end, self.policy.accept) is None

    def admitted_undone(self, spans: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
        """The first of `spans` (the rule's words anywhere in scope) that a shortcoming says was not done."""
        if self.counts_all:
            return None
        return next((span for span in spans if self.claims.admits_undone(*span)), None)

    def why_not(self, start: int, end: int) -> str | None:
        """Why a hit does not count under the claims policy (作为计划提及 …), or None when it counts."""
        if self.counts_all:
            return None
        return self.claims.explain(start, end, self.policy.accept)

    def with_claims(self, claims: object) -> "Context":
        """The same context counting other clauses (a TermSet's `claims:`); None keeps the rule's."""
        if claims is None:
            return self
        policy = EVERYTHING if claims == "all" else Policy(frozenset(claims))  # type: ignore[arg-type]
        return Context(self.doc, self.index, self.ruleset, self.parts, self.ranges, self.scope_label,
                       self.claims, policy, self.blocked)

    def narrowed(self, ranges: tuple[tuple[int, int], ...], label: str | None = None) -> "Context":
        """The same context over other character ranges (a builtin looking at one part)."""
        return Context(self.doc, self.index, self.ruleset, self.parts, ranges, label or self.scope_label,
                       self.claims, self.policy, self.blocked)

    def lines(self) -> list[tuple[int, str]]:
        """(line number, matching text) of every line that starts inside the rule's scope."""
        doc = self.doc
        if self._scope is None:
            self._scope = Ranges(self.ranges)
        starts, norm_lines = doc.line_starts, doc.norm_lines
        out = []
        for lo, hi in self._scope:  # disjoint and in order: the lines starting in each, by binary search
            for index in range(bisect_left(starts, lo), bisect_left(starts, hi)):
                out.append((index + 1, norm_lines[index]))
        return out

    def find(self, term: str, whole_word: bool = True) -> list[tuple[int, int]]:
        """Hits of a term inside the scope."""
        return list(self.iter_find(term, whole_word))

    def iter_find(self, term: str, whole_word: bool = True) -> Iterator[tuple[int, int]]:
        """Hits of a term inside the scope, one at a time: word breaks are confirmed (segmenting around the
        hit) only for occurrences in scope, and only as far as the caller reads."""
        index = self.index
        return (span for span in index.occurrences(term)
                if self.in_scope(span[0]) and self.counts(*span) and (not whole_word or index.is_word(*span)))

    def undone_hits(self, term: str, whole_word: bool = True) -> Iterator[tuple[int, int]]:
        """Hits of a term inside the scope in a shortcoming that says the work was not done (the cheap test
        first: word breaks are confirmed only there)."""
        if self.counts_all:
            return iter(())
        index, claims = self.index, self.claims
        return (span for span in index.occurrences(term) if self.in_scope(span[0]) and claims.admits_undone(*span)
                and (not whole_word or index.is_word(*span)))

    def rejected(self, terms: tuple[str, ...], whole_word: bool = True, most: int = 3) -> list[tuple[str, Evidence]]:
        """Hits in scope that the claims policy kept out, as (reason, evidence), one per line, in text order."""
        if self.counts_all:
            return []
        index = self.index
        spots = [span for span in index.union(terms) if self.in_scope(span[0])]
        out: list[tuple[str, Evidence]] = []
        lines: set[int] = set()
        for span in spots:
            if self.doc.line_of(span[0]) in lines:
                continue  # one reason a line is enough
            why = self.why_not(*span)
            if why is None or (whole_word and not index.is_word(*span)):
                continue
            evidence = self.evidence(*span)
            if evidence.line not in lines:
                lines.add(evidence.line)
                out.append((why, evidence))
            if len(out) >= most:
                break
        return out

    def first(self, terms: tuple[str, ...], whole_word: bool = True) -> tuple[int, int] | None:
        """The earliest hit of any of the terms in the scope (the least (start, end)), or None. Occurrences
        are tried in text order, so the claims are asked and word breaks confirmed only until one stands."""
        index = self.index
        for span in index.union(terms):
            # the tests in order of cost, and only until one span passes them all
            if self.in_scope(span[0]) and self.counts(*span) and (not whole_word or index.is_word(*span)):
                return span
        return None

    def heading_lines(self) -> frozenset[int]:
        """The line of every heading of the report (found once a report: several checks ask)."""
        memo = self.index.memo
        lines = memo.get("heading lines")
        if lines is None:
            lines = memo["heading lines"] = frozenset(section.line for section in self.doc.walk())
        return lines  # type: ignore[return-value]

    def scope_text(self) -> list[tuple[int, str]]:
        """(offset, text) of each scope range of the matching text."""
        return [(lo, self.doc.norm[lo:hi]) for lo, hi in self.ranges]

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for the text at [start, end): its line and an excerpt of the display text."""
        doc = self.doc
        line = doc.line_of(start)
        line_start = doc.line_starts[line - 1]
        text = doc.lines[line - 1]
        lo, hi = max(0, start - line_start - EXCERPT), min(len(text), end - line_start + EXCERPT)
        excerpt = ("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")
        return Evidence(line, excerpt, doc.location(line))

    def line_evidence(self, line: int) -> Evidence:
        """Evidence pointing at a whole line (shortened)."""
        text = self.doc.lines[line - 1].strip()
        return Evidence(line, text if len(text) <= 2 * EXCERPT else text[: 2 * EXCERPT] + "…", self.doc.location(line))


def distinct_lines(evidence: list[Evidence], most: int = 3) -> tuple[Evidence, ...]:
    """Keep the first `most` pieces of evidence, one per line."""
    seen: set[int] = set()
    out = []
    for item in evidence:
        if item.line not in seen:
            seen.add(item.line)
            out.append(item)
        if len(out) == most:
            break
    return tuple(out)


def why_not_counted(rejected: list[tuple[str, Evidence]], doc: Document) -> str:
    """A message saying where the rule's words were found and why none counted (e.g. only as a plan)."""
    notes = [f"{why}（{doc.where(ev.line)}：{ev.text}）" for why, ev in rejected]
    if notes and notes[0].startswith("仅"):
        notes[0] = notes[0][1:]  # (仅出现在引用的文件名称中: not 相关表述仅仅…)
    return "相关表述仅" + "；".join(notes) + "，未见报告本年度已完成的工作"
