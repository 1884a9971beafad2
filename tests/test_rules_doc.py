"""docs/rules.md is the rule pack's reference for people: it must match what `auditor rules doc` generates."""

from __future__ import annotations

import io

from auditor.cli import main
from tests.conftest import ROOT


def test_rules_doc_is_up_to_date():
    out = io.StringIO()
    assert main(["rules", "doc", "--no-config"], stdout=out) == 0
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert out.getvalue() == committed, "docs/rules.md is stale: run `auditor rules doc --no-config > docs/rules.md`"


def test_rules_doc_lists_every_rule_with_basis(ruleset):
    out = io.StringIO()
    main(["rules", "doc", "--no-config"], stdout=out)
    text = out.getvalue()
    for rule in ruleset.rules:
        assert f"`{rule.id}`" in text and rule.basis in text
