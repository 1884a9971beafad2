"""After score, over the whole run: the auditor's round (copying, last year, publication, the 通报's figures).

Watches the audits stream past (as the gate does) and compares them once the last has gone by: copying
across the batch, last year beside this year, publication on time. Renderers read the findings from
AuditRun.options["round"].
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from auditor.errors import InputError, UsageError
from auditor.model import Audit
from auditor.overlap import BatchIndex, BatchOverlap, Profile
from auditor.previous import Entry, PairReport, body_key, compare_pair, pair
from auditor.publication import Timeliness, deadlines_of, judge
from auditor.schema import RuleSet


@dataclass(frozen=True)
class Row:
    """What the round keeps of one report: its facts, score, gaps (without evidence) and publication."""

    index: int
    path: str
    error: str | None
    title: str = ""
    issuer: str | None = None
    year: int | None = None
    level: str | None = None
    score: float | None = None
    grade: str = ""
    audit: Audit | None = None  # the gaps and scorecard only
    timeliness: Timeliness | None = None

    @property
    def name(self) -> str:
        """The report for a reader: its issuer, else its file."""
        return self.issuer or Path(self.path).name


@dataclass(frozen=True)
class PreviousFindings:
    """Last year's reports beside this year's: the pairs compared, and what could not be paired."""

    rows: tuple[Row, ...]  # last year's reports
    pairs: tuple[PairReport, ...]
    unpaired: tuple[tuple[int, str], ...]  # (this year's report, reason)
    unused: tuple[int, ...]  # last year's reports paired with none of this year's


@dataclass(frozen=True)
class Publication:
    """Publication on time across the run."""

    dated: int  # reports whose publication date was read
    on_time: int
    late: int
    unknown: int  # dated, but the report year is unknown

    @property
    def share(self) -> float | None:
        """On-time share of the reports whose timeliness could be judged."""
        judged = self.on_time + self.late
        return round(self.on_time / judged, 4) if judged else None


@dataclass(frozen=True)
class RoundFindings:
    """Everything the round found, for the renderers and the 通报."""

    rows: tuple[Row, ...]
    overlap: BatchOverlap | None  # None for a single report
    previous: PreviousFindings | None  # None without --previous
    publication: Publication
    threshold: float

    @property
    def readable(self) -> tuple[Row, ...]:
        """Rows of the reports that could be audited."""
        return tuple(r for r in self.rows if r.error is None and r.score is not None)

    @property
    def empty(self) -> bool:
        """Nothing to show beyond the scorecards: one report, no previous year, no publication date."""
        return self.overlap is None and self.previous is None and self.publication.dated == 0


class Round:
    """Collects each audit's profile as it passes and compares the run once it is over."""

    def __init__(self, ruleset: RuleSet, previous: Sequence[Audit] = (), year: int | None = None,
                 level: str | None = None, threshold: float | None = None, with_previous: bool = False) -> None:
        self.ruleset = ruleset
        self.previous_audits = tuple(previous)
        self.with_previous = with_previous or bool(previous)
        self.year, self.level = year, level
        self.threshold = threshold if threshold is not None else pass_mark(ruleset)
        self.deadlines = deadlines_of(ruleset)
        self.rows: list[Row] = []
        self.index = BatchIndex()

    def watch(self, audits: Iterable[Audit]) -> Iterator[Audit]:
        """Yield each audit after noting what the round needs of it."""
        for audit in audits:
            self.note(audit)
            yield audit

    def note(self, audit: Audit) -> None:
        """Keep one audit's row; index its sentences for the batch comparison."""
        number = len(self.rows)
        self.rows.append(self._row(number, audit))
        prof = audit.profile
        if isinstance(prof, Profile) and audit.error is None:
            self.index.add(number, body_key(prof.issuer, "#" + audit.path), prof)

    def _row(self, number: int, audit: Audit) -> Row:
        prof = audit.profile
        if audit.error is not None or audit.scorecard is None or not isinstance(prof, Profile):
            return Row(number, audit.path, audit.error or "未能审核")
        light = Audit(audit.path, results=tuple(replace(r, evidence=()) for r in audit.results if r.is_gap),
                      scorecard=audit.scorecard)
        timeliness = None
        if prof.published is not None and self.deadlines is not None:
            timeliness = judge(prof.published, prof.year, prof.level, self.deadlines)  # type: ignore[arg-type]
        return Row(number, audit.path, None, prof.title, prof.issuer, prof.year, prof.level, audit.scorecard.score,
                   audit.scorecard.grade, light, timeliness)

    @cached_property
    def result(self) -> RoundFindings:
        """The comparisons, made once, after the last audit has gone by."""
        rows = tuple(self.rows)
        readable = sum(1 for r in rows if r.error is None)
        overlap = self.index.result() if readable > 1 else None
        previous = self._previous(rows) if self.with_previous else None
        return RoundFindings(rows, overlap, previous, _publication(rows), self.threshold)

    def _previous(self, rows: tuple[Row, ...]) -> PreviousFindings:
        before = tuple(self._row(i, a) for i, a in enumerate(self.previous_audits))
        current = [Entry(r.index, r.path, r.issuer, r.title, r.year) for r in rows if r.error is None]
        older = [Entry(r.index, r.path, r.issuer, r.title, r.year) for r in before if r.error is None]
        pairing = pair(current, older)
        reports, unpaired = [], list(pairing.unpaired)
        for now, then in pairing.pairs:
            try:
                docs = (_document(rows[now].path, self.year, self.level), _document(before[then].path, None, self.level))
            except InputError as exc:
                unpaired.append((now, f"重新读取时出错：{exc}"))
                continue
            reports.append(compare_pair(now, then, *docs, rows[now].audit, before[then].audit, self.ruleset))  # type: ignore[arg-type]
        unpaired.sort()
        return PreviousFindings(before, tuple(reports), tuple(unpaired), pairing.unused)


def _document(path: str, year: int | None, level: str | None):  # -> Document
    """A report read and parsed again (the run keeps no report's text)."""
    from auditor.loading import load
    from auditor.parsing import parse_document

    return parse_document(load(path), year=year, level=level)


def _publication(rows: tuple[Row, ...]) -> Publication:
    judged = [r.timeliness for r in rows if r.timeliness is not None]
    return Publication(len(judged), sum(1 for t in judged if t.on_time is True),
                       sum(1 for t in judged if t.on_time is False), sum(1 for t in judged if t.on_time is None))


def pass_mark(ruleset: RuleSet) -> float:
    """The lowest score of a passing grade: the minimum of the second-lowest grade (合格 60 by default)."""
    mins = sorted({g.min for g in ruleset.settings.grades})
    return mins[1] if len(mins) > 1 else 60.0


def findings(options: dict) -> RoundFindings | None:
    """The round's findings of a run (AuditRun.options), once every audit has gone by; None without a round."""
    collector = options.get("round")
    return collector.result if isinstance(collector, Round) else None


def prepare(previous: Sequence[str] | None, inputs: Sequence[str], ruleset: RuleSet, year: int | None,
            level: str | None, threshold: float | None, jobs: int) -> Round:
    """The round of a `check` run: last year's reports (--previous) found and audited first."""
    from auditor import batch
    from auditor.loading import discover

    audits: tuple[Audit, ...] = ()
    if previous:
        paths = discover(previous)
        missing = [p for p in previous if not Path(p).exists()]
        if missing:
            raise UsageError(f"--previous 指定的路径不存在：{missing[0]}")
        if not paths:
            raise UsageError("--previous 中没有找到可审核的报告文件")
        given = {Path(p).resolve() for p in inputs}
        clash = [p for p in paths if Path(p).resolve() in given]
        if clash:
            raise UsageError(f"--previous 中的文件也是本次审核的报告：{clash[0]}")
        audits = tuple(batch.run(paths, ruleset, None, level, jobs=jobs))
    return Round(ruleset, audits, year, level, threshold, with_previous=bool(previous))
