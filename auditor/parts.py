"""Used by the rules step: find the named parts of a report (举措和成效, 第一责任人, 不足, 下一年度安排 …)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from auditor.headings import heading_style
from auditor.model import Document, Section
from auditor.patterns import Timed, compiled, for_year
from auditor.schema import SectionKind
from auditor.textnorm import normalize, squeeze

_TITLE = regex.compile(r"《[^》]*》?")
_SENTENCE = regex.compile(r"[。！？；]")
_PROMISE = regex.compile(r"将|(?<![主需重只必纪概])要(?!求|点)|拟|计划|力争|争取|打算|下一步|明年|来年")


# A sentence that cites a demand before the words (县委依法治县办要求各乡镇党政主要负责人切实履行…第一责任人职责): the
# demand's words, not the report of the body's own.
_DEMANDED = regex.compile(r"要求|强调|提出|督促|责成")


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset `at` begins."""
    found = None
    for found in _SENTENCE.finditer(text, 0, at):
        pass
    return found.end() if found else 0


def _opening(line: str) -> str:
    """A paragraph's opening words: its first sentence, or its first 80 characters when that is longer."""
    return _SENTENCE.split(line.strip(), maxsplit=1)[0][:80]


def _untitled(text: str) -> str:
    """`text` with the words inside a cited 《title》 blanked out: they are the title's, not the report's."""
    return _TITLE.sub(lambda m: "　" * len(m.group()), text)


@dataclass(frozen=True)
class Part:
    """Where a named part of the report is: found by its heading, a devoted paragraph, or implicitly."""

    name: str
    how: str  # heading | paragraph | implicit
    lines: tuple[tuple[int, int], ...]  # (first, last) line ranges, inclusive
    headings: tuple[str, ...]  # the headings (or paragraph openings) that identify it

    def label(self, doc: Document) -> str:
        """How to point a user at the part: “三、存在问题”（第27—30行）."""
        first, last = self.lines[0][0], self.lines[-1][1]
        heads = "、".join(f"“{h}”" for h in self.headings[:2])
        span = doc.where(first) if first == last else f"{doc.where(first)}—{doc.where(last)}"
        return f"{heads}（{span}）"


def _patterns(patterns: tuple[str, ...], year: int | None) -> list[Timed]:
    filled = (for_year(pattern, year) for pattern in patterns)
    return [compiled(pattern) for pattern in filled if pattern is not None]  # a year-bound one needs the year


class PartFinder:
    """Finds and caches the parts of one document named in the pack's `sections` settings."""

    def __init__(self, doc: Document, kinds: dict[str, SectionKind]) -> None:
        self.doc = doc
        self.kinds = kinds
        self._cache: dict[str, Part | None] = {}
        year = doc.meta.year
        self._heads = {name: _patterns(kind.headings, year) for name, kind in kinds.items()}
        self._paras = {name: _patterns(kind.paragraphs, year) for name, kind in kinds.items()}
        self._sents = {name: _patterns(kind.sentences, year) for name, kind in kinds.items()}
        self._opens = {name: _patterns(kind.openings, year) for name, kind in kinds.items()}
        self._norm_heading = {s.line: normalize(s.heading) for s in doc.walk()}
        self._matches: dict[tuple[int, str], bool] = {}
        self._headed: dict[str, Part | None] = {}
        self._opened: dict[str, Part | None] = {}
        self._sections = tuple(doc.walk())
        self._above: dict[int, tuple[Section, ...]] | None = None

    def matches(self, section: Section, name: str) -> bool:
        """Whether a section's heading names the part `name`."""
        key = (section.line, name)
        if key not in self._matches:
            heading = self._norm_heading[section.line]
            self._matches[key] = any(p.search(heading) for p in self._heads[name])
        return self._matches[key]

    def find(self, name: str) -> Part | None:
        """The part `name`, or None when the report has no such part."""
        if name not in self._cache:
            self._cache[name] = (self._titled(name) or self._by_paragraph(name) or self._by_sentence(name)
                                 or self._implicit(name))
        return self._cache[name]

    def _by_heading(self, name: str) -> Part | None:
        if name not in self._headed:
            self._headed[name] = self._find_headings(name)
        return self._headed[name]

    def _find_headings(self, name: str) -> Part | None:
        found = [s for s in self._sections if self.matches(s, name) and not self._under_plans_or_problems(s, name)]
        # A combined heading (存在的问题和下步举措) yields to its own sub-heading for the part.
        found = [s for s in found if not (self._combined(s, name) and self._descendant_matches(s, name))]
        # …and names nothing of it where its sub-headings are all the other part's (四、存在的问题和下步举措 over
        # （一）存在的问题 alone: the plans left out).
        found = [s for s in found if not (self._combined(s, name) and self._only_others_under(s, name))]
        found = _outermost(found)
        if name in ("next-year", "shortcomings") and len(found) > 1:
            # （三）下一步将依法做好…出庭应诉工作 inside 一、全面推进…, with 四、…下步举措 later: a plan (or a problem) told
            # among the year's work, not the part, where the part stands elsewhere.
            loose = [s for s in found if s.level > 1 and (top := self._ancestors().get(id(s), ())[:1])
                     and not any(self.matches(top[0], kind) for kind in self.kinds)]
            if len(loose) < len(found):
                found = [s for s in found if not any(s is other for other in loose)]
        if not found:
            return None
        found = self._continued(found, name)
        labels = tuple(_label(self.doc, s) if s.level == 1 else s.heading for s in found)
        return Part(name, "heading", tuple((s.line, s.end_line) for s in found), labels)

    def _continued(self, found: list[Section], name: str) -> list[Section]:
        """A part that may stand untitled (`implicit_before`) runs on over the top-level sections after its heading
        that name no part (一、主要做法和成效 二、强化依法执政 三、强化依法治理 四、存在问题: 一 to 三), up to the
        first of the parts it comes before."""
        before = self.kinds[name].implicit_before
        tops = self.doc.sections
        if not before or not any(s is t for s in found for t in tops):
            return found
        marks = [p.lines[0][0] for other in before if (p := self._titled(other))]
        if not marks:
            return found
        first = min(s.line for s in found if any(s is t for t in tops))
        extra = [t for t in tops if first < t.line < min(marks) and not any(self.matches(t, k) for k in self.kinds)
                 and not any(t is s for s in found)]
        return sorted(found + extra, key=lambda s: s.line) if extra else found

    def _under_plans_or_problems(self, section: Section, name: str) -> bool:
        """Whether a sub-heading stands inside the next year's plans or the shortcomings (四、下一步工作打算 /
        （四）压实第一责任人职责): there it heads a plan or a problem, not the part it names."""
        if name in ("next-year", "shortcomings"):
            return False
        return any(not self.matches(a, name) and any(self.matches(a, other) for other in ("next-year", "shortcomings")
                                                     if other in self.kinds)
                   for a in self._ancestors().get(id(section), ()))

    def _ancestors(self) -> dict[int, tuple[Section, ...]]:
        """Each section's enclosing sections, outermost first (one walk of the tree)."""
        if self._above is None:
            above: dict[int, tuple[Section, ...]] = {}

            def visit(section: Section, chain: tuple[Section, ...]) -> None:
                above[id(section)] = chain
                for child in section.children:
                    visit(child, chain + (section,))

            for top in self.doc.sections:
                visit(top, ())
            self._above = above
        return self._above
    def _combined(self, section: Section, name: str) -> bool:
        return any(self.matches(section, other) for other in self.kinds if other != name)

    def _only_others_under(self, section: Section, name: str) -> bool:
        """Whether a section's text all lies under sub-headings naming other parts than `name`."""
        children = section.children
        if not children or not all(any(self.matches(c, other) for other in self.kinds if other != name)
                                   and not self.matches(c, name) for c in children):
            return False
        lines = self.doc.norm_lines
        return not any(lines[n - 1].strip() for n in range(section.line + 1, children[0].line))

    def _descendant_matches(self, section: Section, name: str) -> bool:
        return any(self.matches(d, name) for d in section.walk() if d is not section)

    def _free_lines(self, name: str) -> Iterator[int]:
        """The body's lines outside the next year's plans and the shortcomings (a paragraph there is a plan or a
        problem, not the part `name`)."""
        doc = self.doc
        elsewhere = [part.lines for other in ("next-year", "shortcomings")
                     if other != name and other in self.kinds and (part := self._titled(other))]
        for number in range(doc.body_start, len(doc.lines) + 1):
            if not any(a <= number <= b for lines in elsewhere for a, b in lines):
                yield number

    def _titled(self, name: str) -> Part | None:
        """The part `name` under a heading of its own: one naming it, or a slogan over a body that opens as it does."""
        if name not in self._opened:
            self._opened[name] = self._by_heading(name) or self._by_opening(name)
        return self._opened[name]

    def _by_opening(self, name: str) -> Part | None:
        """A top-level section headed by a slogan that names no part (四、新起点　新作为), its body opening the way
        the part's does (2024年，我镇将…): the part, under that heading."""
        patterns = self._opens[name]
        if not patterns:
            return None
        doc = self.doc
        for section in self.doc.sections:
            if any(self.matches(section, kind) for kind in self.kinds):
                continue
            first = next((n for n in range(section.line + 1, section.end_line + 1) if doc.norm_lines[n - 1].strip()), None)
            if first is None or any(s.line == first for s in section.children):
                continue  # (a sub-heading first: the body does not open the part)
            opening = _opening(doc.norm_lines[first - 1])
            if any(p.search(opening) for p in patterns):
                return Part(name, "heading", ((section.line, section.end_line),), (_label(doc, section),))
        return None

    def _by_paragraph(self, name: str) -> Part | None:
        patterns = self._paras[name]
        if not patterns:
            return None
        doc = self.doc
        for number in self._free_lines(name):
            line = doc.norm_lines[number - 1]
            openings = [_untitled(_opening(line))]
            if heading_style(line) is not None and _SENTENCE.search(line):
                # （四）述法与履职。镇党委书记、镇长全年主持召开…: a sub-heading naming no part, its paragraph glued on
                # (not a promise: （一）加强学习。镇党委书记作为第一责任人，将每季度…)
                glued = _opening(_SENTENCE.split(line.strip(), maxsplit=1)[1])
                if not _PROMISE.search(glued):
                    openings.append(_untitled(glued))
            if any(opening and any(p.search(opening) for p in patterns) for opening in openings):
                end = self._enclosing_end(number)
                return Part(name, "paragraph", ((number, end),), (doc.lines[number - 1].strip()[:30] + "…",))
        return None

    def _by_sentence(self, name: str) -> Part | None:
        """A sentence inside a paragraph that reports the part in itself (…。镇党委书记、镇长认真履行推进法治建设第一
        责任人职责，全年主持召开专题会议3次): the part is that paragraph, without a heading of its own."""
        patterns = self._sents[name]
        if not patterns:
            return None
        doc = self.doc
        for number in self._free_lines(name):
            text = _untitled(doc.norm_lines[number - 1])
            if any(not _DEMANDED.search(text, _sentence_start(text, m.start()), m.start())
                   for p in patterns for m in p.finditer(text)):
                return Part(name, "paragraph", ((number, number),), (doc.lines[number - 1].strip()[:30] + "…",))
        return None

    def _enclosing_end(self, line: int) -> int:
        """Last line of the innermost section holding `line` (the paragraph's part runs to there)."""
        end = len(self.doc.lines)
        for section in self._sections:
            if section.line <= line <= section.end_line:
                end = section.end_line
        return end

    def _implicit(self, name: str) -> Part | None:
        """Untitled parts: top-level sections before the first of `implicit_before` that name no other part."""
        before = self.kinds[name].implicit_before
        if not before:
            return None
        marks = [p.lines[0][0] for other in before if (p := self._titled(other))]
        limit = min(marks) if marks else None
        untitled = [s for s in self.doc.sections if not any(self.matches(s, k) for k in self.kinds)]
        chosen = [s for s in untitled if limit is None or s.line < limit]
        if not chosen and limit is not None:
            # (一、存在的问题和不足 first, 二、加强领导，全面推进依法行政 after it: the untitled parts wherever they stand)
            chosen = untitled
        if not chosen or limit is None:
            return None
        return Part(name, "implicit", tuple((s.line, s.end_line) for s in chosen),
                    tuple(_label(self.doc, s) for s in chosen))


def _outermost(found: list[Section]) -> list[Section]:
    """The sections not inside another of them (no other o with o.line < s.line <= o.end_line), in their order:
    one sweep in line order keeping the furthest end line reached, instead of comparing every pair."""
    order = sorted(range(len(found)), key=lambda i: found[i].line)
    inner: set[int] = set()
    reach = -1  # the furthest end line among the sections on earlier lines
    at = 0
    while at < len(order):
        line = found[order[at]].line
        group = at
        while group < len(order) and found[order[group]].line == line:
            group += 1
        if reach >= line:
            inner.update(order[at:group])
        reach = max([reach] + [found[i].end_line for i in order[at:group]])
        at = group
    return [s for i, s in enumerate(found) if i not in inner]


def _label(doc: Document, section: Section) -> str:
    """A top-level heading as the report shows it (一、… / 1、… / 第一部分 …); unnumbered headings have no number."""
    if not section.number:
        return section.heading
    line = doc.lines[section.line - 1].strip()
    style = heading_style(normalize(line))
    prefix = squeeze(line[: style[2]]) if style else f"{section.number}、"
    return f"{prefix}{section.heading}"
