"""Rules step, its data: the rule pack's schema as pydantic models (rules, checks, settings, claims settings) and
the validated RuleSet; a leaf module (the check kinds and the loader import it, it imports none of them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Annotated, Any, Callable, Literal, TypeVar, Union

from auditor.patterns import for_year, valid_regex
from auditor.plain import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

if TYPE_CHECKING:
    from pydantic import ValidationError, ValidationInfo

SeverityName = Literal["error", "warning", "info"]
LevelName = Literal["township", "county", "city", "province", "department"]
T = TypeVar("T")


class _Strict(BaseModel):
    # defer_build: validators are built on first validation, so a run that loads the pack from the
    # cache (see _cached) never pays for them.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class YearRange(_Strict):
    """Report years a rule applies to, both ends inclusive."""

    from_: int | None = Field(default=None, alias="from", ge=1990, le=2100)
    to: int | None = Field(default=None, ge=1990, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> "YearRange":
        if self.from_ is not None and self.to is not None and self.from_ > self.to:
            raise ValueError(f"from ({self.from_}) is after to ({self.to})")
        return self

    def covers(self, year: int | None) -> bool:
        """Whether `year` is inside the range; an unknown year is inside every range."""
        if year is None:
            return True
        return (self.from_ is None or year >= self.from_) and (self.to is None or year <= self.to)

    def describe(self) -> str:
        """Chinese description: 2021—2025年度报告, 2021年度起."""
        if self.from_ and self.to:
            return f"{self.from_}—{self.to}年度报告"
        if self.from_:
            return f"{self.from_}年度起的报告"
        if self.to:
            return f"{self.to}年度及以前的报告"
        return "所有年度"


class Applies(_Strict):
    """When a rule applies: report years and levels."""

    years: YearRange = YearRange.model_construct()
    levels: tuple[LevelName, ...] | None = None


class SectionCheck(_Strict):
    """The report has a part of the named kind (a heading; optionally a devoted paragraph)."""

    kind: Literal["section"]
    section: str
    implicit_credit: float = Field(default=0.5, ge=0, le=1)
    heading_only: bool = False  # true: judge only whether the part has its own heading (n/a when absent)
    optional: bool = False  # true: a part the report may leave out (其他需要报告的情况): absent is not a gap


class TermSet(_Strict):
    """Terms of a require group that count only in the named clauses (e.g. 行政复议 only in 全年无…案件), or
    regular expressions that describe the element in the drafter's own words (执法结果…在…网站公开)."""

    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    claims: "ClaimsField | None" = None  # None: the rule's own

    @model_validator(mode="after")
    def _something(self) -> "TermSet":
        if not (self.terms or self.patterns):
            raise ValueError("需要 terms 或 patterns")
        for pattern in self.patterns:
            valid_regex(pattern)
        return self


class RequireCheck(_Strict):
    """Terms that must occur: any one of `any`, else each group (partial credit by share)."""

    kind: Literal["require"]
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    groups: dict[str, tuple[Union[str, TermSet], ...]] = {}
    min: int | None = Field(default=None, ge=1)
    # Groups without which the others earn nothing (a decision's steps named with no decision reported): when one
    # is missing the rule fails, whatever else is found.
    core: tuple[str, ...] = ()
    whole_word: bool = True
    # Regular expressions of contexts where a term does not count (述法工作推进会: a meeting about 述法).
    except_: tuple[str, ...] = Field(default=(), alias="except")

    @field_validator("except_")
    @classmethod
    def _valid_except(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            valid_regex(pattern)
        return value

    @model_validator(mode="after")
    def _something(self) -> "RequireCheck":
        if not (self.any or self.all or self.groups):
            raise ValueError("require needs any, all or groups")
        unknown = [name for name in self.core if name not in self.groups]
        if unknown:
            raise ValueError(f"core names a group that is not in groups: {unknown[0]}")
        return self

    def group_map(self) -> dict[str, tuple[str, ...]]:
        """Groups to satisfy when no `any` term is found (every term of each): `all` terms become one group each."""
        out = {term: (term,) for term in self.all}
        for name, items in self.groups.items():
            out[name] = tuple(t for item in items for t in ((item,) if isinstance(item, str) else item.terms))
        return out

    def group_sets(self, name: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...], "ClaimsField | None"], ...]:
        """A group as (terms, patterns, claims) sets: plain terms with the rule's claims (None), then each TermSet."""
        items = self.groups.get(name, (name,))
        plain = tuple(item for item in items if isinstance(item, str))
        sets = tuple((item.terms, item.patterns, item.claims) for item in items if not isinstance(item, str))
        return (((plain, (), None),) if plain else ()) + sets


class ForbidCheck(_Strict):
    """Terms that must not occur; a mapping gives each its replacement."""

    kind: Literal["forbid"]
    terms: tuple[str, ...] | dict[str, str]
    except_: tuple[str, ...] = Field(default=(), alias="except")
    whole_word: bool = False

    def replacements(self) -> dict[str, str]:
        """term → suggested replacement ('' when none)."""
        return dict(self.terms) if isinstance(self.terms, dict) else {t: "" for t in self.terms}


class PatternCheck(_Strict):
    """A regular expression that must (mode require) or must not (mode forbid) match."""

    kind: Literal["pattern"]
    regex: str
    mode: Literal["require", "forbid"] = "forbid"
    ignore: str | None = None
    min: int = Field(default=1, ge=1)
    describe: str = ""  # what the pattern looks for, in words for the user (else the pattern is shown)

    @field_validator("regex", "ignore")
    @classmethod
    def _valid(cls, value: str | None) -> str | None:
        return value if value is None else valid_regex(value)


class MetaCheck(_Strict):
    """A metadata field (title, date, doc number …) is present and matches named patterns."""

    kind: Literal["meta"]
    field: Literal["title", "issuer", "date", "doc_number", "addressee", "signature", "year", "level"]
    require: dict[str, str] = {}
    forbid: dict[str, str] = {}
    absent: Literal["fail", "not_applicable"] = "fail"
    partial: bool = True  # false: any missing or forbidden pattern fails the rule outright

    @field_validator("require", "forbid")
    @classmethod
    def _patterns(cls, value: dict[str, str]) -> dict[str, str]:
        for pattern in value.values():
            valid_regex(for_year(pattern, 2000))
        return value


class BuiltinCheck(_Strict):
    """A named check written in Python for what YAML cannot say, with its parameters.

    The check's own parameter model validates `params` here, once, as the pack is read: the loader hands the
    table of built-in checks to validation (`context={"builtins": {name: ParamsModel}}`), so this module needs
    none of the checks, and the check receives typed parameters. A rule made without that table is refused.
    """

    kind: Literal["builtin"]
    name: str
    params: Any = Field(default=None, validate_default=True)  # the builtin's parameter model

    @field_validator("name")
    @classmethod
    def _known(cls, value: str, info: ValidationInfo) -> str:
        known = _builtins(info)
        if value not in known:
            raise ValueError(f"未知的内置检查“{value}”（可用：{', '.join(sorted(known))}）")
        return value

    @field_validator("params", mode="before")
    @classmethod
    def _typed(cls, value: Any, info: ValidationInfo) -> Any:
        model = _builtins(info).get(info.data.get("name", ""))
        if model is None or isinstance(value, model):
            return value
        return model.model_validate({} if value is None else value)


def _builtins(info: ValidationInfo) -> dict[str, type[BaseModel]]:
    """The parameter model of each built-in check, handed to validation by the loader."""
    table = (info.context or {}).get("builtins")
    if table is None:
        raise ValueError("内置检查须由规则包加载器校验（auditor.pack.parse_rule）")
    return table


Check = Annotated[
    Union[SectionCheck, RequireCheck, ForbidCheck, PatternCheck, MetaCheck, BuiltinCheck],
    Field(discriminator="kind"),
]


@cache
def _check_adapter() -> Any:
    """pydantic's validator of a check (a variant's merged fields), built on first use."""
    from pydantic import TypeAdapter

    from auditor.plain import _translate

    return TypeAdapter(_translate(Check))


class ExampleDoc(_Strict):
    """An example with the context it needs: report year and level."""

    text: str
    year: int | None = None
    level: LevelName | None = None


Example = Union[str, ExampleDoc]


class Examples(_Strict):
    """Texts on which the rule must pass and must fail (run by `auditor rules test` and pytest)."""

    pass_: tuple[Example, ...] = Field(alias="pass", min_length=1)
    fail: tuple[Example, ...] = Field(min_length=1)


class Scope(_Strict):
    """Where a rule looks: the whole document, the title, or a named part; minus the parts in `exclude`.

    `exclude` keeps a rule about what was done in the reported year from being satisfied by the
    next year's plans (述法 promised for next year is not 述法 reported).
    """

    section: str = "document"
    missing: Literal["not_applicable", "document", "fail"] = "not_applicable"
    exclude: tuple[str, ...] = ()


ModalityName = Literal["done", "past", "later", "nil", "planned", "negated", "problem", "demand", "others", "elsewhere", "quoted", "heading", "header"]
ClaimsField = Union[Literal["all"], tuple[ModalityName, ...]]


class Variant(_Strict):
    """A rule's check for some reports only: fields of `check` replaced where `applies` matches."""

    applies: Applies
    check: dict[str, Any]
    why: str = ""  # one line for the rule keeper (shown by `auditor rules show`)


class Rule(_Strict):
    """One checklist item, with its legal basis, messages, applicability and examples."""

    id: str = Field(pattern=r"^[a-z][a-z0-9]*\.[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    category: str = ""
    severity: SeverityName
    severity_by_level: dict[LevelName, SeverityName] = {}
    weight: float = Field(ge=0, le=100)
    basis: str = Field(min_length=1)
    message: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    applies: Applies = Applies.model_construct()
    scope: Scope = Scope.model_construct()
    check: Check
    variants: tuple[Variant, ...] = ()
    claims: ClaimsField | None = None  # which clauses count (see ClaimSettings); None: the pack's default
    examples: Examples
    enabled: bool = True
    note: str = ""
    _variant_checks: tuple = PrivateAttr(default=())

    @field_validator("scope", mode="before")
    @classmethod
    def _scope_shorthand(cls, value: Any) -> Any:
        return {"section": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _category(self, info: ValidationInfo) -> "Rule":
        if not self.category:
            object.__setattr__(self, "category", self.id.split(".", 1)[0])
        from pydantic import ValidationError

        checks = []
        for index, variant in enumerate(self.variants):
            merged = {**self.check.model_dump(by_alias=True, exclude_defaults=True), **variant.check}
            if merged.get("kind") != self.check.kind:
                raise ValueError(f"variants.{index}.check: 不能改变检查类型（kind）")
            try:
                checks.append((variant.applies, _check_adapter().validate_python(merged, context=info.context)))
            except ValidationError as exc:
                raise ValueError(f"variants.{index}.check.{first_error(exc)}") from None
        self._variant_checks = tuple(checks)
        return self

    def check_for(self, year: int | None, level: str | None) -> "Check":
        """The check for a report of this year and level: the first matching variant's, else `check`."""
        for applies, check in self._variant_checks:
            if applies.years.covers(year) and (applies.levels is None or (level is not None and level in applies.levels)):
                return check
        return self.check

    def severity_for(self, level: str | None) -> str:
        """Severity for a report of `level` (e.g. 述法 is 参照 for townships: a warning)."""
        return self.severity_by_level.get(level, self.severity) if level else self.severity  # type: ignore[call-overload]

    def applies_to(self, year: int | None, level: str | None) -> bool:
        """Whether the rule applies to a report of this year and level."""
        if not self.applies.years.covers(year):
            return False
        return self.applies.levels is None or level is None or level in self.applies.levels


class SectionKind(_Strict):
    """How a part of the report is recognised: heading patterns, optional paragraph openings."""

    name: str
    short: str = ""  # a short name for labels (下一年度安排); defaults to `name`
    headings: tuple[str, ...] = Field(min_length=1)
    paragraphs: tuple[str, ...] = ()
    # How the body of a top-level part opens when its heading is a slogan naming no part (四、乘势而上　再启新程 /
    # 2023年，我镇将…): the part is that whole section, heading and all.
    openings: tuple[str, ...] = ()
    # A sentence inside a paragraph that reports the part in itself (when no heading or paragraph opening does).
    sentences: tuple[str, ...] = ()
    implicit_before: tuple[str, ...] = ()
    # Words the part's text must hold to count as written (不足: a problem named, not only 各项工作总体推进顺利).
    content: str = ""
    # Sentences of the part that do not count as its text when `content` is looked for (the plans part: a look back
    # or a lesson drawn, a superior's demand relayed); each pattern is searched in one sentence at a time.
    aside: tuple[str, ...] = ()

    @field_validator("headings", "paragraphs", "openings", "sentences")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            valid_regex(for_year(pattern, 2000))
        return value

    @field_validator("content")
    @classmethod
    def _content(cls, value: str) -> str:
        if value:
            valid_regex(value)
        return value

    @field_validator("aside")
    @classmethod
    def _aside(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:  # (no {year}: the part's text is judged without the report year)
            valid_regex(pattern)
        return value


class ClaimDefaults(_Strict):
    """Which clauses count for a rule that does not say (`claims:` on the rule), by check kind."""

    require: ClaimsField = ("done", "past")  # require, pattern (mode require): met only by work reported as done
    forbid: ClaimsField = "all"  # forbid, pattern (mode forbid): a forbidden form is wrong wherever it is


class ClaimSettings(_Strict):
    """The cue words (regular expressions) that set a clause's modality, and the defaults (pack.yaml `claims:`).

    A clause with a `nil` cue reports that nothing happened (全年无行政诉讼案件); `negated` that the work was
    not done (尚未开展); `planned` a plan (计划于、拟、力争、下一步), `talked_of` one only talked of (说是要搞, a plan
    that the sentence's closing 'not done' denies: 说是要…，到年底也没见动静); `demand` a demand of one body on another
    (县司法局要求各乡镇、督促各村); `problem` a shortcoming (不足、短板、有待) unless a `remedy` cue says it was
    dealt with (针对、整改、补齐). {year} and {next_year} are the report year and the year after; {later_year} any of the five years after it.
    """

    nil: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    talked_of: tuple[str, ...] = ()  # a plan only talked of (说是要…): not done where its sentence ends 'not done'
    demand: tuple[str, ...] = ()
    problem: tuple[str, ...] = ()
    remedy: tuple[str, ...] = ()
    done: tuple[str, ...] = ()  # words that say the work happened (本年度、已、共计、…了): stop a carried plan
    draft: tuple[str, ...] = ()  # a draft on its way (方案已起草, 已报县委): pending if the sentence says it waits
    comply: tuple[str, ...] = ()  # acting on a demand (按照…要求): the clause is not itself a demand
    others: tuple[str, ...] = ()  # another body's or person's work the report only witnessed (听取…述法)
    elsewhere: tuple[str, ...] = ()  # another body's work on a third (县人大常委会对县交通局开展检查, 邻镇的述法)
    titles: tuple[str, ...] = ()  # documents named without 《》 (县委关于……的通知): their words are `quoted`
    own_document: str = ""  # words before a 《title》 that make it the body's own document (制定、印发)
    # A sub-heading counts as the work its paragraph reports only when the paragraph speaks of the heading's topic:
    # they share two characters of a word that is not one of the `heading_slogan` words (全面落实, 深入推进, 工作…),
    # or both match one `heading_topics` pattern (a topic named in other words: 年终述法 / 报告了履职情况).
    heading_slogan: str = ""
    heading_topics: tuple[str, ...] = ()
    actor_self: str = ""
    actor_superior: str = ""
    actor_subordinate: str = ""
    defaults: ClaimDefaults = ClaimDefaults.model_construct()

    @field_validator("nil", "negated", "planned", "talked_of", "demand", "problem", "remedy", "done", "draft", "comply", "others", "elsewhere", "titles",
                     "heading_topics")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            valid_regex(for_year(pattern, 2000))
        return value

    @field_validator("own_document", "actor_self", "actor_superior", "actor_subordinate", "heading_slogan")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return valid_regex(value) if value else value


class Grade(_Strict):
    """A grade and the lowest score that earns it."""

    min: float = Field(ge=0, le=100)
    name: str


class Settings(_Strict):
    """The pack's settings file (pack.yaml)."""

    name: str = "rule pack"
    version: str = "0"
    mode: Literal["extend", "replace"] = "replace"
    grades: tuple[Grade, ...] = (
        Grade.model_construct(min=90, name="优秀"), Grade.model_construct(min=75, name="良好"),
        Grade.model_construct(min=60, name="合格"), Grade.model_construct(min=0, name="不合格"),
    )
    categories: dict[str, str] = {}
    sections: dict[str, SectionKind] = {}
    claims: ClaimSettings = ClaimSettings.model_construct()
    files: tuple[str, ...] = ()

    def grade(self, score: float) -> str:
        """The grade for a score: the first grade whose minimum it reaches."""
        for grade in sorted(self.grades, key=lambda g: -g.min):
            if score >= grade.min:
                return grade.name
        return self.grades[-1].name if self.grades else ""


@dataclass(frozen=True)
class RuleSet:
    """A validated rule pack: rules in pack order, settings, reference data, every term for jieba."""

    rules: tuple[Rule, ...]
    settings: Settings
    reference: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # rule id → file it came from
    # What the built-in checks derive from the reference data (validated entries), made once per pack.
    _derived: dict[tuple[str, ...], Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def terms(self) -> frozenset[str]:
        """Every term a require/forbid check looks for (the domain dictionary for jieba)."""
        return _terms(self.rules)

    @cached_property
    def rule_map(self) -> dict[str, Rule]:
        """Rule id → rule."""
        return {rule.id: rule for rule in self.rules}

    def derived(self, key: tuple[str, ...], build: Callable[[], T]) -> T:
        """`build()` made once for this pack under `key` (e.g. a reference list's validated entries), so a check
        reads tables built from the pack's data once per pack, not once per report."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def get(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None."""
        return self.rule_map.get(rule_id)

    def category_name(self, category: str) -> str:
        """Chinese name of a category (settings.categories), else the key."""
        return self.settings.categories.get(category, category)


def _terms(rules: tuple[Rule, ...]) -> frozenset[str]:
    from auditor.textnorm import normalize

    found: set[str] = set()
    for rule in rules:
        for check in (rule.check, *(c for _, c in rule._variant_checks)):
            if isinstance(check, RequireCheck):
                found.update(check.any)
                for group in check.group_map().values():
                    found.update(group)
            elif isinstance(check, ForbidCheck):
                found.update(check.replacements())
    return frozenset(normalize(t) for t in found)


# English phrases of the schema's own validators, in Chinese (pydantic gives them as "Value error, …").
_VALUE_ERRORS = (
    (re.compile(r"from \((\d+)\) is after to \((\d+)\)"), r"起始年度 from（\1）晚于截止年度 to（\2）"),
    (re.compile(r"require needs any, all or groups"), "require 检查需要 any、all 或 groups 中的至少一项"),
)


def first_error(exc: ValidationError) -> str:
    """One line for the first validation error: the field path and the reason, in Chinese."""
    err = exc.errors()[0]
    loc = ".".join(str(part) for part in err["loc"]
                   if not str(part).endswith("Check") and part not in ("function-after", "[key]"))
    extra = f"（共 {exc.error_count()} 处错误）" if exc.error_count() > 1 else ""
    return f"{loc or '（整个文件）'}: {_reason(err)}{extra}"


def _reason(err: Any) -> str:
    """pydantic's error type → a Chinese reason (its English message only for a rare type)."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "union_tag_invalid":
        return f"未知的检查类型 {err.get('input')!r}（可用：section, require, forbid, pattern, meta, builtin）"
    if kind == "union_tag_not_found":
        return "缺少检查类型 kind（可用：section, require, forbid, pattern, meta, builtin）"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"应为 {'、'.join(options)} 之一（实为 {err.get('input')!r}）" if options else "取值不在允许范围内"
    if kind == "value_error":
        text = str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
        for pattern, chinese in _VALUE_ERRORS:
            text = pattern.sub(chinese, text)
        return text
    for key, template in (("ge", "应不小于 {}"), ("gt", "应大于 {}"), ("le", "应不大于 {}"), ("lt", "应小于 {}")):
        if key in ctx and kind.startswith(("greater", "less")):
            return template.format(f"{ctx[key]:g}" if isinstance(ctx[key], float) else ctx[key])
    if kind in ("too_short", "string_too_short"):
        least = ctx.get("min_length", 1)
        return "不能为空" if least == 1 else f"至少需要 {least} {'个字符' if kind.startswith('string') else '项'}"
    if kind in ("too_long", "string_too_long"):
        return f"最多 {ctx.get('max_length')} {'个字符' if kind.startswith('string') else '项'}"
    if kind == "string_pattern_mismatch":
        return f"格式不符（应匹配 {ctx.get('pattern')}，规则 id 形如 duty.shufa：小写字母、数字和连字符）"
    return _TYPE_REASONS.get(kind) or _TYPE_REASONS.get(kind.split("_")[0] + "_type") or err["msg"]


_TYPE_REASONS = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（拼写错误？）",
    "string_type": "应为文字（字符串）",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "model_attributes_type": "应为键值映射",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "set_type": "应为列表",
    "frozen_set_type": "应为列表",
    "none_required": "应为空值",
}
