"""Step 5 of the pipeline (render): the JSON contract of design.md; the reference for every machine format."""

from __future__ import annotations

import json
from typing import Any, TextIO

from auditor.model import Audit, AuditRun, RuleResult
from auditor.ruleset import Rule, RuleSet


def result_dict(result: RuleResult, rule: Rule) -> dict[str, Any]:
    """One rule's result on one report."""
    return {
        "rule": result.rule_id,
        "title": rule.title,
        "status": result.status,
        "severity": result.severity,
        "weight": rule.weight,
        "credit": result.credit,
        "category": rule.category,
        "message": rule.message,
        "detail": result.message,
        "suggestion": rule.suggestion,
        "basis": rule.basis,
        "section": result.section,
        "looked_for": result.looked_for,
        "evidence": [
            {"line": ev.line, "text": ev.text, **({"where": ev.where} if ev.where else {})}
            for ev in result.evidence
        ],
    }


def audit_dict(audit: Audit, ruleset: RuleSet) -> dict[str, Any]:
    """One report: metadata, score, grade and every rule's result in pack order (or the error)."""
    if audit.error is not None or audit.document is None or audit.scorecard is None:
        return {"path": audit.path, "error": audit.error or "未能审核", "title": None, "issuer": None,
                "level": None, "year": None, "score": None, "grade": None, "results": []}
    doc, card, meta = audit.document, audit.scorecard, audit.document.meta
    rules = {rule.id: rule for rule in ruleset.rules}
    return {
        "path": audit.path,
        "error": None,
        "title": doc.title,
        "issuer": meta.issuer,
        "level": meta.level,
        "year": meta.year,
        "date": meta.date,
        "doc_number": meta.doc_number,
        "score": card.score,
        "grade": card.grade,
        "counts": {"errors": card.errors, "warnings": card.warnings, "infos": card.infos, **dict(card.counts)},
        "categories": [
            {"category": cat, "name": ruleset.category_name(cat), "earned": earned, "possible": possible,
             "score": round(100 * earned / possible, 1) if possible else None}
            for cat, earned, possible in card.by_category
        ],
        "results": [result_dict(result, rules[result.rule_id]) for result in audit.results],
    }


def to_dict(run: AuditRun) -> dict[str, Any]:
    """The whole run as the JSON contract's dict."""
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    return {
        "tool": {"name": "auditor", "version": run.version},
        "ruleset": {"name": ruleset.settings.name, "version": ruleset.settings.version, "rules": len(ruleset.rules)},
        "reports": [audit_dict(audit, ruleset) for audit in run.audits],
    }


def render(run: AuditRun, out: TextIO) -> None:
    """Write the run as deterministic UTF-8 JSON, one report at a time (none is kept).

    The layout is indented down to each report's fields, one field a line, every rule result on a line of
    its own. That keeps the file readable and diffable while the bytes go through json's C encoder
    (indentation forces the pure-Python encoder, which cost a third of a batch's time).
    """
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    head = json.dumps({**to_dict(AuditRun((), ruleset, run.version)), "reports": []}, ensure_ascii=False, indent=2)
    opening, _, closing = head.rpartition('"reports": []')
    out.write(opening + '"reports": [')
    first = True
    for audit in run.audits:
        out.write(("\n" if first else ",\n") + _report(audit_dict(audit, ruleset)))
        first = False
    out.write(("]" if first else "\n  ]") + closing + "\n")


def _report(data: dict[str, Any]) -> str:
    """One report, indented by four spaces: a field a line, each rule result on a line of its own."""
    fields = []
    for key, value in data.items():
        if key == "results" and value:
            rows = ",\n".join("        " + json.dumps(result, ensure_ascii=False) for result in value)
            text = "[\n" + rows + "\n      ]"
        else:
            text = json.dumps(value, ensure_ascii=False)
        fields.append(f"      {json.dumps(key)}: {text}")
    return "    {\n" + ",\n".join(fields) + "\n    }"
