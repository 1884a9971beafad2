"""Plain immutable records that flow through the pipeline: Source → Document → RuleResult → Audit."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Iterator, Literal

Status = Literal["pass", "fail", "partial", "not_applicable"]
Severity = Literal["error", "warning", "info"]
Level = Literal["township", "county", "city", "province", "department"]

LEVELS: tuple[str, ...] = ("township", "county", "city", "province", "department")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
LEVEL_NAMES = {
    "township": "乡镇（街道）",
    "county": "县（区）",
    "city": "市（州）",
    "province": "省（区、市）",
    "department": "政府部门",
}


@dataclass(frozen=True)
class Source:
    """A report decoded to clean text: one entry of `lines` per line the user sees in an editor."""

    path: str
    text: str
    format: str = "txt"
    encoding: str = "utf-8"
    # Where each line came from when the file is not plain text (e.g. "第3段", "第2页第5行").
    locations: tuple[str, ...] | None = None
    title_hint: str | None = None
    # Lines the source format marks as headings without numbering text (Word "Heading 2"): (line, level).
    headings: tuple[tuple[int, int], ...] = ()
    # Problems met while reading that did not stop the audit (bytes that could not be decoded), for the user.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A numbered part of the report and everything under it, down to the next part of its level."""

    number: str
    heading: str
    level: int
    line: int  # 1-based line of the heading
    end_line: int  # last line that belongs to the section (inclusive)
    children: tuple["Section", ...] = ()

    def walk(self) -> Iterator["Section"]:
        """Yield this section and every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Meta:
    """What the report says about itself: year reported on, issuer, level, dates."""

    year: int | None = None
    year_source: str | None = None  # title | body | date | override
    issuer: str | None = None
    level: str | None = None
    level_source: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd, or yyyy-mm when the day is not given
    date_line: int | None = None
    date_text: str | None = None
    date_invalid: str | None = None  # a 成文日期 written as a day that does not exist (2023年4月31日)
    doc_number: str | None = None
    doc_number_line: int | None = None
    addressee: str | None = None
    signature: str | None = None  # issuing body named in the 落款
    signature_line: int | None = None
    signed_under_title: bool = False  # an issuing body named on its own line(s) under the title (尚屯镇人民政府)


@dataclass(frozen=True)
class Document:
    """A parsed report: the text, its lines, the title block, the section tree and metadata."""

    path: str
    text: str  # display text, lines joined by "\n"
    norm: str  # same length as text: the form used for matching (simplified, full-width marks)
    lines: tuple[str, ...]
    title: str
    title_lines: tuple[int, ...]
    body_start: int  # first line after the header block (1-based)
    sections: tuple[Section, ...]
    meta: Meta
    line_starts: tuple[int, ...]  # offset in text of each line (index 0 → line 1)
    locations: tuple[str, ...] | None = None

    @cached_property
    def norm_lines(self) -> tuple[str, ...]:
        """The matching text's lines (index 0 → line 1), split once per document."""
        return tuple(self.norm.split("\n"))

    def walk(self) -> Iterator[Section]:
        """Yield every section in document order."""
        for section in self.sections:
            yield from section.walk()

    def line_of(self, offset: int) -> int:
        """Return the 1-based line number that holds character `offset`."""
        return max(1, bisect_right(self.line_starts, offset))

    def span_of_lines(self, first: int, last: int) -> tuple[int, int]:
        """Return the character range [start, end) covering lines first..last (1-based, inclusive)."""
        start = self.line_starts[first - 1]
        end = self.line_starts[last] - 1 if last < len(self.line_starts) else len(self.text)
        return start, end

    def where(self, line: int) -> str:
        """Describe a line for a user: the file's own location label when there is one."""
        label = self.location(line)
        return label or f"第{line}行"

    def location(self, line: int) -> str:
        """The source format's own label for a line (第3段, 第2页第5行), or "" for plain text."""
        if self.locations and 0 < line <= len(self.locations):
            return self.locations[line - 1]
        return ""


@dataclass(frozen=True)
class Evidence:
    """A line of the report that supports a result, with the text shown to the user."""

    line: int
    text: str
    where: str = ""


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule on one report."""

    rule_id: str
    status: Status
    severity: str
    credit: float  # 1 pass, 0 fail, fraction for partial; 0 for not_applicable (not counted)
    message: str  # what was found or missed, specific to this report
    evidence: tuple[Evidence, ...] = ()
    looked_for: str = ""  # for a missing element: what the rule searched for
    section: str = ""  # the part of the report the rule looked in

    @property
    def is_gap(self) -> bool:
        """A failing or partial result: something for the drafter to fix."""
        return self.status in ("fail", "partial")


@dataclass(frozen=True)
class Scorecard:
    """Score arithmetic of one audit: weighted share of applicable rules passed."""

    score: float
    grade: str
    earned: float
    possible: float
    by_category: tuple[tuple[str, float, float], ...]  # (category, earned, possible)
    counts: tuple[tuple[str, int], ...]  # status → count
    errors: int  # gaps at severity error
    warnings: int  # gaps at severity warning
    infos: int = 0


@dataclass(frozen=True)
class Audit:
    """One report's audit: the parsed document, results and scorecard, or an error."""

    path: str
    document: Document | None = None
    results: tuple[RuleResult, ...] = ()
    scorecard: Scorecard | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()  # the Source's reading warnings, shown with the report
    # What the cross-report steps keep of the report once its text is dropped (auditor.overlap.Profile).
    profile: object | None = None


@dataclass(frozen=True)
class AuditRun:
    """Everything a renderer needs: every audit of the run, the rule pack and the tool version."""

    audits: Iterable[Audit]  # a tuple, or a one-pass iterator for streaming formats (render.STREAMING)
    ruleset: object  # auditor.schema.RuleSet (kept untyped here: model imports nothing from the package)
    version: str
    options: dict = field(default_factory=dict)
