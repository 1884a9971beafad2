"""Rule pack schema and loader (rules step): YAML files → validated, immutable RuleSet."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import regex
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from auditor.errors import AuditorError, RuleFileError

SeverityName = Literal["error", "warning", "info"]
LevelName = Literal["township", "county", "city", "province", "department"]
SETTINGS_FILE = "pack.yaml"


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

    years: YearRange = YearRange()
    levels: tuple[LevelName, ...] | None = None


def for_year(pattern: str, year: int | None) -> str | None:
    """A pack pattern with {year} and {next_year} filled in for the report year; None when the pattern
    needs a year and the report's is not known."""
    if "{year}" not in pattern and "{next_year}" not in pattern:
        return pattern
    if year is None:
        return None
    return pattern.replace("{next_year}", str(year + 1)).replace("{year}", str(year))


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> regex.Pattern[str]:
    """Compile a pack's regular expression once (the `regex` engine: it supports timeouts)."""
    return regex.compile(pattern)


MAX_PATTERN_CHARS = 20_000
# Units a compiled pattern may expand to. The engine writes a counted repeat out in full (a{1000} is a
# thousand copies of a), so nested counts multiply: (?:(?:a{1000}){1000}){1000} would take gigabytes.
# Each unit costs some 300 bytes: the bound keeps a pattern under about 30 MB.
MAX_PATTERN_SIZE = 100_000
_COUNT = re.compile(r"\{(\d*)(?:,(\d*))?\}[?+]?")


def pattern_size(pattern: str) -> int:
    """An upper estimate of the units `pattern` compiles to: atoms and alternatives add up, a counted repeat
    {m}, {m,} or {m,n} multiplies what it repeats by its minimum m (the engine unrolls that part)."""
    stack = [[0, 0]]  # per open group: [size of its finished alternatives, size of the current one]
    last, at, end = 0, 0, len(pattern)
    while at < end:
        char = pattern[at]
        if char == "(" and pattern.startswith("(?#", at):
            at = pattern.find(")", at) + 1 or end
            continue
        if char == "(":
            stack.append([0, 0])
        elif char == ")" and len(stack) > 1:
            done, current = stack.pop()
            last = done + current
            stack[-1][1] += last
        elif char == "|":
            stack[-1][0] += stack[-1][1]
            stack[-1][1] = 0
        elif char == "{" and (count := _COUNT.match(pattern, at)) and (count.group(1) or count.group(2)):
            times = max(int(count.group(1) or 0), 1)
            stack[-1][1] += last * (times - 1)
            last *= times
            if stack[-1][1] > MAX_PATTERN_SIZE:
                break
            at = count.end()
            continue
        elif char not in "*+?":
            at, last = _atom_end(pattern, at), 1
            stack[-1][1] += 1
            continue
        at += 1
    return sum(done + current for done, current in stack)


def _atom_end(pattern: str, at: int) -> int:
    """Where the atom starting at `at` ends: an escape (\\d, \\p{Han}, \\x{4e00}), a set [...], or a character."""
    char = pattern[at]
    if char == "\\":
        if pattern[at + 1:at + 2] in ("p", "P", "N", "x", "u", "U") and pattern[at + 2:at + 3] == "{":
            return (pattern.find("}", at) + 1) or len(pattern)
        return at + 2
    if char == "[":
        at += 1
        at += pattern[at:at + 1] == "^"
        at += pattern[at:at + 1] == "]"  # a ] first in a set is a literal
        depth = 1
        while at < len(pattern) and depth:
            if pattern[at] == "\\":
                at += 1
            elif pattern[at] == "[" and pattern[at + 1:at + 2] == ":":
                at = (pattern.find(":]", at + 2) + 1) or len(pattern)
            elif pattern[at] == "]":
                depth -= 1
            at += 1
        return at
    return at + 1


def valid_regex(value: str) -> str:
    """Return `value` if it compiles as a regular expression of bounded size, else raise ValueError saying why."""
    if len(value) > MAX_PATTERN_CHARS:
        raise ValueError(f"正则表达式过长（{len(value)} 个字符，上限 {MAX_PATTERN_CHARS}）")
    size = pattern_size(value)
    if size > MAX_PATTERN_SIZE:
        raise ValueError(f"正则表达式 {_short(value)} 展开后过于庞大（超过 {MAX_PATTERN_SIZE} 个单元）："
                         "嵌套的计数重复（如 (?:a{1000}){1000}）会逐份展开，请改用 + 或 * 或减少重复次数")
    try:
        compiled(value)
    except regex.error as exc:
        raise ValueError(f"无效的正则表达式 {_short(value)}：{exc}") from None
    except (RecursionError, MemoryError, OverflowError):
        raise ValueError(f"正则表达式 {_short(value)} 过于复杂，无法编译") from None
    return value


def _short(value: str, most: int = 60) -> str:
    return repr(value if len(value) <= most else value[:most] + "…")


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
    """A named check written in Python for what YAML cannot say, with its parameters."""

    kind: Literal["builtin"]
    name: str
    params: dict[str, Any] = {}


Check = Annotated[
    Union[SectionCheck, RequireCheck, ForbidCheck, PatternCheck, MetaCheck, BuiltinCheck],
    Field(discriminator="kind"),
]


_CHECK: TypeAdapter = TypeAdapter(Check)


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


ModalityName = Literal["done", "past", "nil", "planned", "negated", "problem", "demand", "others", "quoted", "header"]
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
    applies: Applies = Applies()
    scope: Scope = Scope()
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
    def _category(self) -> "Rule":
        if not self.category:
            object.__setattr__(self, "category", self.id.split(".", 1)[0])
        checks = []
        for index, variant in enumerate(self.variants):
            merged = {**self.check.model_dump(by_alias=True, exclude_defaults=True), **variant.check}
            if merged.get("kind") != self.check.kind:
                raise ValueError(f"variants.{index}.check: 不能改变检查类型（kind）")
            try:
                checks.append((variant.applies, _CHECK.validate_python(merged)))
            except ValidationError as exc:
                raise ValueError(f"variants.{index}.check.{_first_error(exc)}") from None
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
    implicit_before: tuple[str, ...] = ()

    @field_validator("headings", "paragraphs")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            valid_regex(for_year(pattern, 2000))
        return value


class ClaimDefaults(_Strict):
    """Which clauses count for a rule that does not say (`claims:` on the rule), by check kind."""

    require: ClaimsField = ("done", "past")  # require, pattern (mode require): met only by work reported as done
    forbid: ClaimsField = "all"  # forbid, pattern (mode forbid): a forbidden form is wrong wherever it is


class ClaimSettings(_Strict):
    """The cue words (regular expressions) that set a clause's modality, and the defaults (pack.yaml `claims:`).

    A clause with a `nil` cue reports that nothing happened (全年无行政诉讼案件); `negated` that the work was
    not done (尚未开展); `planned` a plan (计划于、拟、力争、下一步); `demand` a demand of one body on another
    (县司法局要求各乡镇、督促各村); `problem` a shortcoming (不足、短板、有待) unless a `remedy` cue says it was
    dealt with (针对、整改、补齐). {year} and {next_year} are the report year and the year after.
    """

    nil: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    demand: tuple[str, ...] = ()
    problem: tuple[str, ...] = ()
    remedy: tuple[str, ...] = ()
    done: tuple[str, ...] = ()  # words that say the work happened (本年度、已、共计、…了): stop a carried plan
    draft: tuple[str, ...] = ()  # a draft on its way (方案已起草, 已报县委): pending if the sentence says it waits
    comply: tuple[str, ...] = ()  # acting on a demand (按照…要求): the clause is not itself a demand
    others: tuple[str, ...] = ()  # another body's or person's work the report only witnessed (听取…述法)
    titles: tuple[str, ...] = ()  # documents named without 《》 (县委关于……的通知): their words are `quoted`
    own_document: str = ""  # words before a 《title》 that make it the body's own document (制定、印发)
    actor_self: str = ""
    actor_superior: str = ""
    actor_subordinate: str = ""
    defaults: ClaimDefaults = ClaimDefaults()

    @field_validator("nil", "negated", "planned", "demand", "problem", "remedy", "done", "draft", "comply", "others", "titles")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            valid_regex(for_year(pattern, 2000))
        return value

    @field_validator("own_document", "actor_self", "actor_superior", "actor_subordinate")
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
        Grade(min=90, name="优秀"), Grade(min=75, name="良好"), Grade(min=60, name="合格"), Grade(min=0, name="不合格")
    )
    categories: dict[str, str] = {}
    sections: dict[str, SectionKind] = {}
    claims: ClaimSettings = ClaimSettings()
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

    @cached_property
    def terms(self) -> frozenset[str]:
        """Every term a require/forbid check looks for (the domain dictionary for jieba)."""
        return _terms(self.rules)

    @cached_property
    def rule_map(self) -> dict[str, Rule]:
        """Rule id → rule."""
        return {rule.id: rule for rule in self.rules}

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


# --- loading ------------------------------------------------------------------------------------


def bundled_rules_dir() -> Path:
    """The rule pack shipped inside the wheel (auditor/rules), or rules/ in a source checkout."""
    from importlib.resources import files

    inside = Path(str(files("auditor"))) / "rules"
    if (inside / SETTINGS_FILE).is_file():
        return inside
    return Path(__file__).resolve().parent.parent / "rules"


def load_rules(extra: str | Path | None = None) -> RuleSet:
    """Load the bundled pack, then a custom pack that extends or replaces it (its pack.yaml says)."""
    bundled = _cached(bundled_rules_dir())
    if extra is None:
        return bundled
    folder = Path(extra)
    if not folder.is_dir():
        raise RuleFileError(str(folder), None, "规则目录不存在或不是文件夹")
    custom = _load_pack(folder, default_mode="extend")
    if custom.settings.mode == "replace":
        return custom if custom.settings.sections else _with_settings(custom, bundled)
    merged = _merge(bundled, custom)
    if custom.reference:
        _validate_links(merged)  # the pack's reference data now feeds the bundled rules too
    return merged


def _cached(folder: Path) -> RuleSet:
    """Load a pack through a per-user cache keyed by the bytes of every pack file (and the tool version)."""
    from auditor import cache

    key = cache.digest(folder, "*.yaml")
    ruleset = cache.read("rules", key)
    if isinstance(ruleset, RuleSet):
        return ruleset
    ruleset = _load_pack(folder)
    cache.write("rules", key, ruleset)
    return ruleset


def _with_settings(custom: RuleSet, bundled: RuleSet) -> RuleSet:
    settings = bundled.settings.model_copy(update={"mode": "replace"})
    return RuleSet(custom.rules, settings, {**bundled.reference, **custom.reference}, custom.sources)


def _merge(base: RuleSet, custom: RuleSet) -> RuleSet:
    """Custom rules replace bundled rules with the same id and are appended otherwise."""
    replaced = {rule.id: rule for rule in custom.rules}
    rules = [replaced.pop(rule.id, rule) for rule in base.rules] + list(replaced.values())
    sections = {**base.settings.sections, **custom.settings.sections}
    settings = base.settings.model_copy(update={"sections": sections})
    return RuleSet(tuple(rules), settings, {**base.reference, **custom.reference}, {**base.sources, **custom.sources})


MAX_FILE_BYTES = 10 * 1024 * 1024  # one YAML file of the pack (rules or reference data)
MAX_DEPTH = 64  # nesting of mappings and lists in one file; a rule needs fewer than ten
MAX_NODES = 1_000_000  # values in one file, counting each use of a YAML alias (&a … *a) again


def _read_text(path: Path, most: int = MAX_FILE_BYTES) -> str:
    """A pack file's text, read with bounds: regular files only (a FIFO or a device such as /dev/zero behind a
    symlink is refused, never waited on or read without end), at most `most` bytes, UTF-8."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise RuleFileError(str(path), None, f"无法读取：{exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RuleFileError(str(path), None, "不是普通文件（文件夹、管道或设备），规则包只读取普通文件")
        data = handle.read(most + 1) if info.st_size <= most else b""
    if info.st_size > most or len(data) > most:
        raise RuleFileError(str(path), None, f"文件过大（上限 {most // (1024 * 1024)} MB）")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleFileError(str(path), None, f"不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节处）") from None


def _line(text: str, index: int) -> int:
    """The editor's line number (1-based) of character `index`: only \\n ends a line, as in an editor (YAML also
    counts \\r, NEL and U+2028, which would point past the place)."""
    return text.count("\n", 0, index) + 1


def _column(text: str, index: int) -> int:
    return index - text.rfind("\n", 0, index)


def _read_yaml(path: Path) -> Any:
    """Parse one pack file; every problem is a RuleFileError naming the file and the line."""
    import yaml  # only when the pack is not in the cache

    text = _read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        raise RuleFileError(str(path), None, _yaml_problem(text, exc)) from None
    except yaml.reader.ReaderError as exc:
        where = f"第{_line(text, exc.position)}行：" if isinstance(exc.position, int) else ""
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise RuleFileError(str(path), None, f"{where}含 YAML 不允许的控制字符 U+{code:04X}") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(str(path), None, f"YAML 语法错误：{str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise RuleFileError(str(path), None, f"YAML 嵌套层数过多（上限 {MAX_DEPTH} 层）") from None
    except ValueError as exc:  # a value YAML itself rejects, e.g. the date 2024-02-30
        raise RuleFileError(str(path), None, f"YAML 中的值无效：{exc}") from None
    _check_shape(path, data)
    return data


def _yaml_problem(text: str, exc: Any) -> str:
    """第3行第5列：YAML 语法错误：… (始于第2行), with lines counted as an editor counts them."""
    mark, context = exc.problem_mark, exc.context_mark
    where = f"第{_line(text, mark.index)}行第{_column(text, mark.index)}列：" if mark is not None else ""
    problem = exc.problem or str(exc).splitlines()[0]
    if context is not None and mark is not None and _line(text, context.index) != _line(text, mark.index):
        problem += f"（{exc.context or '所在结构'}始于第{_line(text, context.index)}行）"
    return f"{where}YAML 语法错误：{problem}"


def _check_shape(path: Path, data: Any) -> None:
    """Refuse data nested deeper than MAX_DEPTH or holding more than MAX_NODES values (an alias used over and
    over, the "billion laughs"), before validation walks it."""
    stack, nodes = [(data, 1)], 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            raise RuleFileError(str(path), None, f"YAML 嵌套层数过多（上限 {MAX_DEPTH} 层）")
        if nodes > MAX_NODES:
            raise RuleFileError(str(path), None, f"YAML 内容过多（超过 {MAX_NODES} 个值，可能是反复引用的别名）")
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _field_line(path: Path, keys: tuple[Any, ...]) -> int | None:
    """The line of the value at `keys` (list indexes and mapping keys; other parts skipped) in a pack file, or
    of the deepest part found: a validation error points at the rule's own line, or its field's."""
    import yaml

    try:
        text = _read_text(path)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (AuditorError, yaml.YAMLError, RecursionError):
        return None
    found = node
    for key in keys:
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
        elif isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in reversed(node.value) if getattr(k, "value", None) == str(key)), None)
            if pair is None:
                continue
            found = pair[0]
            node = pair[1]
            continue
        else:
            continue
        found = node
    return _line(text, found.start_mark.index) if found is not None else None


def _load_pack(folder: Path, default_mode: str = "replace") -> RuleSet:
    settings_path = folder / SETTINGS_FILE
    raw_settings = _read_yaml(settings_path) if settings_path.is_file() else {}
    if not isinstance(raw_settings, dict):
        raise RuleFileError(str(settings_path), None, "设置文件应为键值映射")
    raw_settings.setdefault("mode", default_mode)
    try:
        settings = Settings.model_validate(raw_settings)
    except ValidationError as exc:
        raise RuleFileError(str(settings_path), None, _first_error(exc)) from None
    names = settings.files or tuple(sorted(p.name for p in folder.glob("*.yaml") if p.name != SETTINGS_FILE))
    rules: list[Rule] = []
    sources: dict[str, str] = {}
    for name in names:
        path = folder / name
        if not path.is_file():
            raise RuleFileError(str(settings_path), None, f"files 中列出的 {name} 不存在")
        for rule in _load_file(path):
            if rule.id in sources:
                raise RuleFileError(str(path), rule.id, f"规则 id 重复（已在 {sources[rule.id]} 中定义）")
            sources[rule.id] = str(path)
            if rule.enabled:
                rules.append(rule)
    reference = _load_reference(folder / "reference")
    ruleset = RuleSet(tuple(rules), settings, reference, sources)
    _validate_links(ruleset)
    return ruleset


def _load_file(path: Path) -> list[Rule]:
    data = _read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise RuleFileError(str(path), None, "规则文件应为规则列表（每条以“- id:”开头）")
    rules = []
    for index, item in enumerate(data):
        rule_id = item.get("id") if isinstance(item, dict) else None
        label = str(rule_id) if isinstance(rule_id, (str, int)) and rule_id != "" else f"第{index + 1}条规则"
        if not isinstance(item, dict):
            raise RuleFileError(str(path), label, _at(path, (index,)) + "每条规则应为键值映射")
        try:
            rules.append(Rule.model_validate(item))
        except ValidationError as exc:
            keys = (index, *exc.errors()[0]["loc"])
            raise RuleFileError(str(path), label, _at(path, keys) + _first_error(exc)) from None
        except RecursionError:
            raise RuleFileError(str(path), label, _at(path, (index,)) + "嵌套层数过多") from None
    return rules


def _at(path: Path, keys: tuple[Any, ...]) -> str:
    line = _field_line(path, keys)
    return f"第{line}行：" if line else ""


def _load_reference(folder: Path) -> dict[str, Any]:
    if not folder.is_dir():
        return {}
    return {path.stem: _read_yaml(path) for path in sorted(folder.glob("*.yaml"))}


def _validate_links(ruleset: RuleSet) -> None:
    """Names a rule refers to must exist: section kinds, builtin checks and their parameters."""
    from auditor.checks import BUILTINS

    known = set(ruleset.settings.sections) | {"document", "body", "title"}
    for rule in ruleset.rules:
        path = ruleset.sources.get(rule.id, "?")
        if rule.scope.section not in known:
            raise RuleFileError(path, rule.id, f"scope.section: 未定义的报告部分“{rule.scope.section}”")
        for name in rule.scope.exclude:
            if name not in ruleset.settings.sections:
                raise RuleFileError(path, rule.id, f"scope.exclude: 未定义的报告部分“{name}”")
        check = rule.check
        if isinstance(check, SectionCheck) and check.section not in ruleset.settings.sections:
            raise RuleFileError(path, rule.id, f"check.section: 未定义的报告部分“{check.section}”")
        if isinstance(check, BuiltinCheck):
            if check.name not in BUILTINS:
                raise RuleFileError(path, rule.id, f"check.name: 未知的内置检查“{check.name}”（可用：{', '.join(sorted(BUILTINS))}）")
            params_model = BUILTINS[check.name].params
            try:
                params = params_model.model_validate(check.params)
            except ValidationError as exc:
                raise RuleFileError(path, rule.id, "check.params." + _first_error(exc)) from None
            problem = BUILTINS[check.name].validate(ruleset, params) if BUILTINS[check.name].validate else None
            if problem:
                raise RuleFileError(path, rule.id, f"check.params: {problem}")


# English phrases of the schema's own validators, in Chinese (pydantic gives them as "Value error, …").
_VALUE_ERRORS = (
    (re.compile(r"from \((\d+)\) is after to \((\d+)\)"), r"起始年度 from（\1）晚于截止年度 to（\2）"),
    (re.compile(r"require needs any, all or groups"), "require 检查需要 any、all 或 groups 中的至少一项"),
)


def _first_error(exc: ValidationError) -> str:
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
