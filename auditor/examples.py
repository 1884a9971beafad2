"""Rule examples as tests: audit each example text with its rule and compare with the expected status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from auditor.engine import evaluate
from auditor.loading.text import clean_lines
from auditor.model import Source
from auditor.parsing import parse_document
from auditor.schema import ExampleDoc, Rule, RuleSet


@dataclass(frozen=True)
class ExampleCase:
    """One example of one rule: `expect` is pass or fail (fail accepts partial)."""

    rule: Rule
    expect: str
    number: int
    text: str
    year: int | None
    level: str | None

    @property
    def name(self) -> str:
        """pytest-style id: duty.shufa[fail-2]."""
        return f"{self.rule.id}[{self.expect}-{self.number}]"


@dataclass(frozen=True)
class ExampleOutcome:
    """What the rule said on the example."""

    case: ExampleCase
    status: str
    message: str

    @property
    def ok(self) -> bool:
        """pass examples must pass; fail examples must fail or be partial."""
        if self.case.expect == "pass":
            return self.status == "pass"
        return self.status in ("fail", "partial")


def cases(ruleset: RuleSet) -> Iterator[ExampleCase]:
    """Every example of every rule, in pack order."""
    for rule in ruleset.rules:
        for expect, items in (("pass", rule.examples.pass_), ("fail", rule.examples.fail)):
            for number, item in enumerate(items, 1):
                doc = item if isinstance(item, ExampleDoc) else ExampleDoc(text=item)
                yield ExampleCase(rule, expect, number, doc.text, doc.year, doc.level)


def run_case(case: ExampleCase, ruleset: RuleSet) -> ExampleOutcome:
    """Audit the example text with the whole pack's settings and report the rule's status."""
    doc = parse_document(Source(path=case.name, text=clean_lines(case.text)), year=case.year, level=case.level)
    only = RuleSet((case.rule,), ruleset.settings, ruleset.reference, ruleset.sources)
    result = evaluate(doc, only, terms=ruleset.terms)[0]
    return ExampleOutcome(case, result.status, result.message)
