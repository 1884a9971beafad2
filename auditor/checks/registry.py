"""Rules step: the one table of check kinds — the declarative kinds and every named built-in check, each with
its function, its parameter model and, for those reading reference data, a load-time check and a listing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from auditor.plain import BaseModel, ConfigDict

from auditor.checks import (
    anachronism,
    basic,
    content,
    current_plan,
    dated_references,
    duplicated_word,
    enumeration,
    form,
    instrument_editions,
    instrument_names,
    new_requirements,
    organ_names,
    placeholder,
    plan_periods,
    privacy,
    punctuation,
    reference_scan,
    report_date,
    superseded_instruments,
    wording,
    year_consistency,
)
from auditor.checks.context import Context, Outcome
from auditor.schema import Rule, RuleSet


class NoParams(BaseModel):
    """A built-in check without parameters."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Builtin:
    """A named check: the function, the pydantic model of its parameters (validated once, when the pack is
    read), a load-time check of the reference data they name (a one-line problem in Chinese, or None), and the
    reference entries the rule reads, one line each (`auditor rules show`); `counts`: which statements the check
    itself counts, in words, when it sorts them on its own (the rule's `claims:` then says nothing of it)."""

    run: Callable[[Context, Rule, Any], Outcome]
    params: type[BaseModel] = NoParams
    validate: Callable[[RuleSet, Any], str | None] | None = None
    lists: Callable[[RuleSet, Any], list[str]] | None = None
    counts: str = ""


# check.kind → the function of a declarative kind (a builtin is looked up by name in BUILTINS).
KINDS: dict[str, Callable[[Context, Rule, Any], Outcome]] = {
    "section": basic.check_section,
    "require": basic.check_require,
    "forbid": basic.check_forbid,
    "pattern": basic.check_pattern,
    "meta": basic.check_meta,
}

BUILTINS: dict[str, Builtin] = {
    # the substance of the parts
    "shortcoming-causes": Builtin(content.shortcoming_causes, content.CausesParams),
    "quantified": Builtin(content.quantified, content.QuantifiedParams),
    # the document's form
    "signature": Builtin(form.signature),
    "heading-numbering": Builtin(form.heading_numbering, form.NumberingParams),
    # language
    "duplicated-word": Builtin(duplicated_word.duplicated_word, duplicated_word.DuplicatedParams),
    "punctuation": Builtin(punctuation.punctuation, punctuation.PunctuationParams),
    "enumeration": Builtin(enumeration.enumeration, enumeration.EnumerationParams),
    "placeholder": Builtin(placeholder.placeholder, placeholder.PlaceholderParams),
    "common-typos": Builtin(wording.common_typos, wording.TypoParams, wording.validate_typos, wording.list_typos),
    # privacy and secrecy
    "personal-data": Builtin(privacy.personal_data, privacy.PersonalDataParams),
    "secrecy-marking": Builtin(privacy.secrecy_marking, privacy.SecrecyParams),
    # dates, plans and what was current in the report year
    "current-plan": Builtin(current_plan.current_plan, current_plan.PlanParams, counts=current_plan.COUNTS),
    "dated-references": Builtin(dated_references.dated_references, dated_references.CitationParams,
                                dated_references.validate_citations, dated_references.list_citations),
    "report-date": Builtin(report_date.report_date, report_date.DeadlineParams),
    "year-consistency": Builtin(year_consistency.year_consistency, year_consistency.YearParams),
    "superseded-instruments": Builtin(superseded_instruments.superseded_instruments, reference_scan.CanonParams,
                                      reference_scan.validate_instruments, superseded_instruments.list_superseded),
    "instrument-editions": Builtin(instrument_editions.instrument_editions, reference_scan.CanonParams,
                                   reference_scan.validate_instruments, instrument_editions.list_editions),
    "instrument-names": Builtin(instrument_names.instrument_names, reference_scan.CanonParams,
                                reference_scan.validate_instruments, instrument_names.list_misnames),
    "plan-periods": Builtin(plan_periods.plan_periods, reference_scan.CanonParams,
                            reference_scan.validate_instruments, plan_periods.list_periods),
    "anachronism": Builtin(anachronism.anachronism, anachronism.EventParams,
                           reference_scan.validate_events, anachronism.list_events),
    "organ-names": Builtin(organ_names.organ_names, organ_names.OrganParams,
                           reference_scan.validate_organs, organ_names.list_organs),
    "new-requirements": Builtin(new_requirements.new_requirements, new_requirements.RequirementParams,
                                reference_scan.validate_requirements, new_requirements.list_requirements),
}

# What rule validation needs of the table (auditor.schema.BuiltinCheck): each builtin's parameter model.
PARAMS: dict[str, type[BaseModel]] = {name: entry.params for name, entry in BUILTINS.items()}


def run_check(ctx: Context, rule: Rule, check: Any = None) -> Outcome:
    """Run the rule's check (or the given variant of it) on the context; a builtin gets its typed parameters."""
    check = rule.check if check is None else check
    if check.kind == "builtin":
        return BUILTINS[check.name].run(ctx, rule, check.params)
    return KINDS[check.kind](ctx, rule, check)


def reference_entries(rule: Rule, ruleset: RuleSet) -> list[str]:
    """One line per reference-data entry a rule reads (empty for rules that read none)."""
    check = rule.check
    lists = BUILTINS[check.name].lists if check.kind == "builtin" else None
    return lists(ruleset, check.params) if lists is not None else []
