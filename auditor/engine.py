"""Step 3 of the pipeline (rules): evaluate every rule of the pack on a Document → RuleResults."""

from __future__ import annotations

from typing import Any, NamedTuple

from auditor.checks.context import Context, Outcome, not_applicable
from auditor.checks.registry import run_check
from auditor.claims import Claims, Policy, build_claims, part_lines, policy_for, prepare
from auditor.limits import Limit, rule_limits
from auditor.model import LEVEL_NAMES, Document, RuleResult
from auditor.parts import PartFinder
from auditor.schema import Rule, RuleSet
from auditor.spans import subtract
from auditor.terms import TermIndex, dictionary


def evaluate(doc: Document, ruleset: RuleSet, terms: frozenset[str] | None = None) -> tuple[RuleResult, ...]:
    """Run each rule in pack order; every rule yields exactly one result."""
    terms = ruleset.terms if terms is None else terms
    # Open (or, after a pack change, build) the word dictionary before any timer starts: building it takes
    # seconds on a loaded machine and is setup, not the work of whichever rule first needs a word break.
    dictionary(terms)
    prepare(doc, ruleset.settings.claims)  # likewise the claims step's patterns for the report's year
    index = TermIndex(doc.norm, terms)
    parts = PartFinder(doc, ruleset.settings.sections)
    plan = _plan(ruleset, doc.meta.year, doc.meta.level)
    scopes: dict[tuple, tuple[tuple[tuple[int, int], ...], str] | Outcome] = {}  # rules sharing a scope share it
    with rule_limits(len(doc.text)) as limit:
        # The claims step (and the part finding it does) runs the pack's cue patterns: under a rule's limit too.
        limit.start()
        try:
            claims: Claims | None = claims_of(doc, ruleset, parts)
        except TimeoutError:
            claims = None
        limit.stop()
        # A rule that does not apply to the report's year or level has the same result in every such report.
        return tuple(step.fixed or _timed(doc, ruleset, index, parts, claims, step, limit, scopes) for step in plan)


class _Step(NamedTuple):
    """What a rule is for reports of one year and level, worked out once per pack (not once per report)."""

    rule: Rule
    applies: bool
    severity: str
    check: Any  # the rule's check or the variant for this year and level
    policy: Policy | None  # the clauses that count (None when the rule does not apply)
    fixed: RuleResult | None  # the not-applicable result when the rule does not apply
    scope: tuple = ()  # the rule's scope settings: rules with the same share one scope a report


def _plan(ruleset: RuleSet, year: int | None, level: str | None) -> tuple[_Step, ...]:
    def build() -> tuple[_Step, ...]:
        steps = []
        for rule in ruleset.rules:
            if not rule.applies_to(year, level):
                severity = rule.severity_for(level)
                steps.append(_Step(rule, False, severity, None, None,
                                   _result(rule, severity, not_applicable(_why_not(rule, year, level)), "")))
                continue
            check = rule.check_for(year, level)
            where = rule.scope
            steps.append(_Step(rule, True, rule.severity_for(level), check,
                               policy_for(rule, check, ruleset.settings.claims), None,
                               (where.section, where.missing, where.exclude)))
        return tuple(steps)
    return ruleset.derived(("engine.plan", year, level), build)  # type: ignore[arg-type]


def claims_of(doc: Document, ruleset: RuleSet, parts: PartFinder | None = None) -> Claims:
    """The report's clauses tagged by the claims step (also shown by `auditor claims`)."""
    parts = parts or PartFinder(doc, ruleset.settings.sections)
    names = {name: kind.short or kind.name for name, kind in ruleset.settings.sections.items()}
    return build_claims(doc, part_lines(doc, parts), ruleset.settings.claims, names)


def _timed(doc: Document, ruleset: RuleSet, index: TermIndex, parts: PartFinder, claims: Claims | None, step: _Step,
           limit: Limit, scopes: dict) -> RuleResult:
    """One rule that applies to the report, under the time limits: the engine runs every such rule, builtin or
    not, through here, and every pack pattern is timed where it matches (auditor.patterns.Timed). A rule that
    does not finish (past its own limit, not started once the report's budget is spent, or its claims not built
    in time) is an error for this report: never a pass or n/a a gate could wave through."""
    rule = step.rule
    if claims is None:
        return _unfinished(rule, f"本报告的分句判定运行超过 {round(limit.seconds, 1):g} 秒，未能完成")
    if limit.spent():
        return _unfinished(rule, f"本报告的规则检查总用时已超过 {round(limit.budget, 1):g} 秒，本规则未能运行")
    limit.start()
    try:
        scope = scopes.get(step.scope)
        if scope is None:
            scope = scopes[step.scope] = _scoped(doc, ruleset, parts, rule)
        if isinstance(scope, Outcome):
            outcome, label = scope, ""
        else:
            ranges, label = scope
            outcome = run_check(Context(doc, index, ruleset, parts, ranges, label, claims, step.policy),  # type: ignore[arg-type]
                                rule, step.check)
    except TimeoutError:  # the alarm, or a regular expression's own timeout
        limit.stop()
        return _unfinished(rule, f"本规则在这份报告上运行超过 {round(limit.seconds, 1):g} 秒，未能完成")
    limit.stop()
    return _result(rule, step.severity, outcome, label)


def _unfinished(rule: Rule, why: str) -> RuleResult:
    """A rule that did not finish: failed at severity error, no credit, saying so."""
    message = (f"未完成检查：{why}，按未通过计（多为规则的正则表达式回溯过多或报告过长，"
               "请规则维护人检查该规则，或拆分报告后重新审核）")
    return RuleResult(rule_id=rule.id, status="fail", severity="error", credit=0.0, message=message)


def _scoped(doc: Document, ruleset: RuleSet, parts: PartFinder,
            rule: Rule) -> tuple[tuple[tuple[int, int], ...], str] | Outcome:
    """The rule's ranges and label (its part, less the parts it excludes), or the outcome of a missing part:
    the same for every rule with the same scope settings."""
    scope = _scope(doc, ruleset, parts, rule)
    if isinstance(scope, Outcome):
        return scope
    ranges, label = scope
    return _exclude(doc, ruleset, parts, rule, ranges, label)


def _result(rule: Rule, severity: str, outcome: Outcome, section: str) -> RuleResult:
    status, credit, message, evidence, looked_for = outcome
    # RuleResult(rule_id, status, severity, credit, message, evidence, looked_for, section)
    return RuleResult(rule.id, status, severity, credit, message, evidence, looked_for, section)  # type: ignore[arg-type]


def _why_not(rule: Rule, year: int | None, level: str | None) -> str:
    if not rule.applies.years.covers(year):
        return f"不适用：本规则适用于{rule.applies.years.describe()}，本报告为{year}年度"
    levels = "、".join(LEVEL_NAMES[lv] for lv in rule.applies.levels or ())
    return f"不适用：本规则适用于{levels}，本报告为{LEVEL_NAMES.get(level or '', level)}"


def _scope(doc: Document, ruleset: RuleSet, parts: PartFinder, rule: Rule) -> tuple[tuple[tuple[int, int], ...], str] | Outcome:
    """Character ranges the rule looks in, with a label; or an outcome when the part is missing."""
    name = rule.scope.section
    if name == "document":
        return ((0, len(doc.text)),), "全文"
    if name == "title":
        if not doc.title_lines:
            return _missing(rule, doc, "标题")
        return (doc.span_of_lines(doc.title_lines[0], doc.title_lines[-1]),), "标题"
    if name == "body":
        return ((doc.line_starts[min(doc.body_start, len(doc.lines)) - 1], len(doc.text)),), "正文"
    part = parts.find(name)
    if part is None:
        return _missing(rule, doc, ruleset.settings.sections[name].name)
    return tuple(doc.span_of_lines(a, b) for a, b in part.lines), part.label(doc)


def _exclude(doc: Document, ruleset: RuleSet, parts: PartFinder, rule: Rule,
             ranges: tuple[tuple[int, int], ...], label: str) -> tuple[tuple[tuple[int, int], ...], str]:
    """Remove the parts named in scope.exclude (e.g. next year's plans) from the rule's ranges."""
    cut: list[tuple[int, int]] = []
    names = []
    for name in rule.scope.exclude:
        part = parts.find(name)
        if part is not None and part.how != "implicit":
            cut.extend(doc.span_of_lines(a, b) for a, b in part.lines)
            kind = ruleset.settings.sections[name]
            names.append(kind.short or kind.name)
    if not cut:
        return ranges, label
    return subtract(ranges, cut), f"{label}，不含“{'”“'.join(names)}”"


def _missing(rule: Rule, doc: Document, what: str) -> tuple[tuple[tuple[int, int], ...], str] | Outcome:
    if rule.scope.missing == "document":
        return ((0, len(doc.text)),), f"全文（未找到“{what}”部分）"
    if rule.scope.missing == "fail":
        return Outcome("fail", 0.0, f"报告没有“{what}”部分，无法核对本项", (), what)
    return not_applicable(f"报告没有“{what}”部分（见相应结构规则），本项无从核对")
