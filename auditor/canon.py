"""Rules step: the dated canon (rules/reference/*.yaml) — instruments, events, bodies, yearly requirements and
typing slips as validated models, built once per loaded pack, and the entries each rule reads (rules show)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import regex
from auditor.plain import BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.patterns import compiled
from auditor.schema import RuleSet, YearRange

_ID = r"^[a-z0-9][a-z0-9-]*$"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _regex(value: str | None) -> str | None:
    if value is not None:
        try:
            compiled(value)
        except regex.error as exc:
            raise ValueError(f"无效的正则表达式 {value!r}：{exc}") from None
    return value


def _source(value: str) -> str:
    if not value or not value.strip():
        raise ValueError("每条事实都要写明来源（source）")
    return value


def _matches(entry, pattern: str, example: str):  # noqa: ANN001, ANN202
    if not compiled(pattern).search(example):
        raise ValueError(f"示例“{example}”没有匹配 {pattern!r}")
    return entry


# --- instruments -----------------------------------------------------------------------------------------


class Edition(_Entry):
    """A later edition of an instrument: the year it was amended (修正) or revised (修订) and when in force."""

    year: int = Field(ge=1949, le=2100)
    kind: Literal["修正", "修订", "修改"]
    adopted: dt.date | None = None
    in_force: dt.date | None = None
    number: str = ""
    source: str

    _src = field_validator("source")(_source)

    @model_validator(mode="after")
    def _dates(self) -> "Edition":
        if self.adopted and self.adopted.year != self.year:
            raise ValueError(f"修改年份 {self.year} 与通过日期 {self.adopted} 不一致")
        if self.adopted and self.in_force and self.in_force < self.adopted:
            raise ValueError(f"施行日期 {self.in_force} 早于通过日期 {self.adopted}")
        return self


class Superseded(_Entry):
    """The day an instrument stopped being the current one, what replaced it, and where that is stated."""

    date: dt.date
    by: str = Field(min_length=1)
    source: str

    _src = field_validator("source")(_source)


class Instrument(_Entry):
    """A law, regulation, central document or plan that reports cite, with its dated history."""

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=2)
    short: tuple[str, ...] = ()
    misnames: tuple[str, ...] = ()
    kind: Literal["法律", "行政法规", "党内法规", "中央文件", "规划", "部门规章"]
    number: str = ""
    adopted: dt.date | None = None
    in_force: dt.date | None = None
    editions: tuple[Edition, ...] = ()
    superseded: Superseded | None = None
    titles: tuple[str, ...] = ()
    period: tuple[int, int] | None = None
    source: str
    note: str = ""

    _src = field_validator("source")(_source)

    @model_validator(mode="after")
    def _consistent(self) -> "Instrument":
        if self.adopted and self.in_force and self.in_force < self.adopted:
            raise ValueError(f"施行日期 {self.in_force} 早于通过日期 {self.adopted}")
        years = [e.year for e in self.editions]
        if years != sorted(set(years)):
            raise ValueError("editions 应按年份从早到晚排列，且年份不重复")
        if self.adopted and years and years[0] <= self.adopted.year:
            raise ValueError(f"修改年份 {years[0]} 不晚于制定年份 {self.adopted.year}")
        if self.period and self.period[0] > self.period[1]:
            raise ValueError(f"period 起止年份颠倒：{self.period}")
        if self.period and not self.titles:
            raise ValueError("有 period 的规划须写明 titles（报告中期限前面的名称）")
        clash = set(self.misnames) & ({self.bare_name} | set(self.short))
        if clash:
            raise ValueError(f"misnames 与正确名称重复：{'、'.join(sorted(clash))}")
        return self

    @property
    def bare_name(self) -> str:
        """The name without the 中华人民共和国 prefix (reports drop it)."""
        return self.name.removeprefix("中华人民共和国")

    @property
    def names(self) -> tuple[str, ...]:
        """Every right name reports use (bare name first)."""
        return tuple(dict.fromkeys((self.bare_name, *self.short)))

    def edition_in_force(self, day: dt.date) -> Edition | None:
        """The latest later edition in force on `day` (None: the original text, or not known). An edition whose
        in-force date is not on record counts from the second year after its adoption, when it is surely in
        force (an amending decision takes effect within months), never earlier: no date is guessed."""
        def surely(e: Edition) -> bool:
            if e.in_force:
                return e.in_force <= day
            return bool(e.adopted) and e.adopted.year + 2 <= day.year  # type: ignore[union-attr]

        return next((e for e in reversed(self.editions) if surely(e)), None)


# --- dated events and formulations -------------------------------------------------------------------------


class Event(_Entry):
    """A meeting, formulation or document with the day it happened / was first stated."""

    name: str = Field(min_length=1)
    pattern: str
    date: dt.date
    after: dt.date | None = None  # a mention is early only in reports written from this day (新修订 before it: the previous edition)
    example: str = Field(min_length=1)  # a sentence citing it: must match `pattern` (tests cite it)
    source: str

    _src = field_validator("source")(_source)
    _re = field_validator("pattern")(_regex)

    @model_validator(mode="after")
    def _example(self) -> "Event":
        return _matches(self, self.pattern, self.example)


_CITABLE = ("法律", "行政法规", "党内法规", "部门规章")  # plans and central documents: titles and periods, see events
_DRAFT = r"(?!\s*[（(]?\s*(?:修订|修正)?(?:草案|征求意见稿|送审稿))"
_NEWLY = r"(?:(?<![更创重革翻刷焕])新(?:修订|修正|修改)?|修订后|修正后|修改后)的?\s*"


def _book(names: tuple[str, ...]) -> str:
    alternatives = "|".join(regex.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return rf"《(?:中华人民共和国)?(?:{alternatives})》"


def instrument_events(ruleset: RuleSet, reference: str = "instruments", name: str = "instruments") -> tuple[Event, ...]:
    """The dated events the canon of instruments implies (timeliness.anachronism): a law, regulation or party
    regulation cited before it was adopted; an edition cited by its year (《行政处罚法》（2021年修订）) before it
    was adopted; and 新修订的《X》 before the revision was adopted, when the edition before it was by then over two
    years old (so that 新修订 could not mean it). Only instruments with the dates on record (and their sources)."""
    def build() -> tuple[Event, ...]:
        out = []
        for item in entries(ruleset, reference, name, Instrument):
            if item.kind not in _CITABLE:
                continue
            book = _book(item.names)
            example = f"《{item.bare_name}》"
            if item.adopted:
                out.append(Event(name=f"《{item.bare_name}》（{day(item.adopted)}通过）", pattern=book + _DRAFT,
                                 date=item.adopted, example=example, source=item.source))
            before = item.in_force or item.adopted  # 新 can mean an edition for two years after it took effect
            for edition in item.editions:
                if edition.adopted is None:
                    before = None  # the previous edition's date is unknown: 新修订 cannot be dated from here on
                    continue
                label = f"《{item.bare_name}》{edition.year}年{edition.kind}（{day(edition.adopted)}通过）"
                cited = (rf"{book}\s*[（(]\s*{edition.year}\s*年\s*(?:修正|修订|修改)"
                         rf"|{edition.year}\s*年\s*(?:修正|修订|修改)(?:后)?的\s*{book}")
                out.append(Event(name=label, pattern=cited, date=edition.adopted,
                                 example=f"{example}（{edition.year}年{edition.kind}）", source=edition.source))
                if before is not None:
                    after = before.replace(year=before.year + 2, day=min(before.day, 28))
                    out.append(Event(name=f"新{edition.kind}的{label}", pattern=_NEWLY + book + _DRAFT,
                                     date=edition.adopted, after=after, example=f"新{edition.kind}的{example}",
                                     source=edition.source))
                before = edition.in_force or edition.adopted
        return tuple(out)
    return ruleset.derived(("canon", "instrument-events", reference, name), build)


# --- bodies after the institutional reforms ------------------------------------------------------------------


class Organ(_Entry):
    """A body abolished or renamed in a reform: report years from which naming it is wrong, its successor."""

    name: str = Field(min_length=1)
    pattern: str
    abolished: str = Field(min_length=4)  # when, in words (2018年3月起，地方于2019年3月前完成)
    from_: int = Field(alias="from", ge=1990, le=2100)
    successor: str = Field(min_length=1)
    except_: str | None = Field(default=None, alias="except")
    levels: tuple[Literal["township", "county", "city", "province", "department"], ...] | None = None  # whose reports
    example: str = Field(min_length=1)  # a sentence naming the old body: must match `pattern`
    source: str

    _src = field_validator("source")(_source)
    _re = field_validator("pattern", "except_")(_regex)

    @model_validator(mode="after")
    def _example(self) -> "Organ":
        return _matches(self, self.pattern, self.example)


# --- what a report of a given year is expected to mention -------------------------------------------------


class Requirement(_Entry):
    """A new requirement for report years `years`: applies when `when` matches, met when `mention` matches."""

    name: str = Field(min_length=1)
    years: YearRange
    levels: tuple[Literal["township", "county", "city", "province", "department"], ...] | None = None
    when: str | None = None
    mention: str
    basis: str = Field(min_length=1)
    example: str = Field(min_length=1)  # a sentence meeting it: matches `mention` (and `when`)
    topic: str | None = None  # with `when`: a sentence on the topic that does not mention the requirement
    source: str

    _src = field_validator("source")(_source)
    _re = field_validator("when", "mention")(_regex)

    @model_validator(mode="after")
    def _examples(self) -> "Requirement":
        _matches(self, self.mention, self.example)
        if self.when:
            _matches(self, self.when, self.example)
            if not self.topic:
                raise ValueError("有 when 的条目须写 topic（涉及该主题但未提及该要求的一句话）")
            _matches(self, self.when, self.topic)
            if compiled(self.mention).search(self.topic):
                raise ValueError(f"topic“{self.topic}”不应匹配 mention")
        return self


# --- typing slips --------------------------------------------------------------------------------------------


class Typo(_Entry):
    """A word government writing commonly gets wrong: the wrong form (a pattern), the right one, examples."""

    wrong: str
    right: str = Field(min_length=1)
    basis: str = Field(min_length=1)
    source: str
    pass_: str = Field(alias="pass", min_length=1)
    fail: str = Field(min_length=1)

    _src = field_validator("source")(_source)
    _re = field_validator("wrong")(_regex)

    @model_validator(mode="after")
    def _examples(self) -> "Typo":
        if compiled(self.wrong).search(self.pass_):
            raise ValueError(f"通过示例“{self.pass_}”也匹配了 wrong")
        if not compiled(self.wrong).search(self.fail):
            raise ValueError(f"不通过示例“{self.fail}”没有匹配 wrong")
        return self


MODELS: dict[str, type[BaseModel]] = {
    "instruments": Instrument, "events": Event, "organs": Organ, "requirements": Requirement, "typos": Typo,
}


# --- loading ---------------------------------------------------------------------------------------------------


class ListParams(BaseModel):
    """Which list of rules/reference/<reference>.yaml a builtin reads."""

    model_config = ConfigDict(extra="forbid")
    reference: str
    list: str


def entries(ruleset: RuleSet, reference: str, name: str, model: type[BaseModel]) -> tuple:
    """The validated entries of rules/reference/<reference>.yaml's list `name`, built once per loaded pack."""
    items = (ruleset.reference.get(reference) or {}).get(name) or []
    return ruleset.derived(("canon", reference, name, model.__name__),
                           lambda: tuple(model.model_validate(item) for item in items))


def validate_list(ruleset: RuleSet, reference: str, name: str, model: type[BaseModel]) -> str | None:
    """Load-time check of a reference list: it exists, every entry is valid, ids are unique. A one-line
    problem in Chinese naming the file, the entry and the field, or None."""
    from pydantic import ValidationError  # validation only: a compiled pack runs without pydantic

    table = ruleset.reference.get(reference)
    where = f"参考数据 rules/reference/{reference}.yaml 的 {name}"
    if not isinstance(table, dict) or not isinstance(table.get(name), list):
        return f"参考数据 rules/reference/{reference}.yaml 中没有列表“{name}”"
    seen: set[str] = set()
    for index, item in enumerate(table[name], 1):
        label = (item.get("name") or item.get("id") or item.get("wrong")) if isinstance(item, dict) else None
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "条目"
            msg = "缺少必填字段" if err["type"] == "missing" else (
                "未知字段（拼写错误？）" if err["type"] == "extra_forbidden" else str(err["msg"]).removeprefix("Value error, "))
            return f"{where}第{index}条（{label or '?'}）{field}: {msg}"
        key = getattr(entry, "id", None)
        if key is not None:
            if key in seen:
                return f"{where}第{index}条：id“{key}”重复"
            seen.add(key)
    return None


def day(text: str) -> str:
    """A date as 2024年1月1日."""
    value = dt.date.fromisoformat(str(text))
    return f"{value.year}年{value.month}月{value.day}日"
