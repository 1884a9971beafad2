"""Step 5 of the pipeline (render): the JSON contract of design.md; the reference for every machine format."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any, TextIO

from auditor.model import Audit, AuditRun, Evidence, RuleResult
from auditor.render import round as round_view
from auditor.render.common import SURROGATE
from auditor.schema import Rule, RuleSet

_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(value, ensure_ascii=False), made once


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
        "message": rule.message if result.is_gap else "",  # the problem, when there is one
        "detail": result.message,
        "suggestion": rule.suggestion,
        "basis": rule.basis,
        "section": result.section,
        "looked_for": result.looked_for,
        "evidence": [_evidence_dict(ev) for ev in result.evidence],
    }


def _evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {"line": ev.line, "text": ev.text, **({"where": ev.where} if ev.where else {})}


def audit_dict(audit: Audit, ruleset: RuleSet) -> dict[str, Any]:
    """One report: metadata, score, grade and every rule's result in pack order (or the error)."""
    head = _head_dict(audit, ruleset)
    if head.get("error") is None:
        rules = ruleset.rule_map
        head["results"] = [result_dict(result, rules[result.rule_id]) for result in audit.results]
    return head


def _head_dict(audit: Audit, ruleset: RuleSet) -> dict[str, Any]:
    """A report's fields in contract order; `results` is left empty for the caller to fill."""
    if audit.error is not None or audit.document is None or audit.scorecard is None:
        return {"path": audit.path, "error": audit.error or "未能审核", "title": None, "issuer": None,
                "level": None, "year": None, "score": None, "grade": None, "results": []}
    doc, card, meta = audit.document, audit.scorecard, audit.document.meta
    return {
        "path": audit.path,
        "error": None,
        **({"warnings": list(audit.warnings)} if audit.warnings else {}),  # only when reading met a problem
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
        "results": [],
    }


def to_dict(run: AuditRun) -> dict[str, Any]:
    """The whole run as the JSON contract's dict (the pack folder and config file used, when known)."""
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    source = {key: run.options[key] for key in ("pack", "builtin", "config") if key in run.options}
    return {
        "tool": {"name": "auditor", "version": run.version},
        "ruleset": {"name": ruleset.settings.name, "version": ruleset.settings.version, "rules": len(ruleset.rules),
                    **source},
        "reports": [audit_dict(audit, ruleset) for audit in run.audits],
    }


def render(run: AuditRun, out: TextIO) -> None:
    """Write the run as deterministic UTF-8 JSON, one report at a time (none is kept).

    The layout is indented down to each report's fields, one field a line, every rule result on a line of
    its own. That keeps the file readable and diffable while the bytes go through json's C encoder
    (indentation forces the pure-Python encoder, which cost a third of a batch's time). A report a worker
    process has already rendered (`Audit.rendered`, see `fragment`) is written as it came.
    """
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    head = json.dumps({**to_dict(AuditRun((), ruleset, run.version, run.options)), "reports": []}, ensure_ascii=False,
                      indent=2)
    opening, _, closing = head.rpartition('"reports": []')
    out.write(_displayable(opening) + '"reports": [')
    first = True
    for audit in run.audits:
        out.write(("\n" if first else ",\n") + _displayable(audit.rendered or fragment(audit, ruleset)))
        first = False
    out.write(("]" if first else "\n  ]") + round_view.json_tail(run) + closing + "\n")


# Characters json leaves raw (it escapes only C0 controls): DEL and C1 controls (0x9b starts a terminal sequence
# like ESC [) and the non-characters U+FFFE/U+FFFF are escaped, losing nothing; a lone surrogate (a file name's
# undecodable bytes) cannot be written as UTF-8 and becomes U+FFFD.
_RAW = re.compile("[\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _displayable(text: str) -> str:
    """Encoded JSON with the characters above escaped: still the same JSON, safe to print or write."""
    if not _RAW.search(text):
        return text
    return _RAW.sub(lambda m: "\ufffd" if SURROGATE.match(m.group()) else f"\\u{ord(m.group()):04x}", text)


def fragment(audit: Audit, ruleset: RuleSet) -> str:
    """One report as it stands in the file, indented by four spaces: a field a line, each rule result on a
    line of its own. Each field is exactly json.dumps(audit_dict(...)[field]); a rule's fixed fields
    (title, message, basis …) are encoded once per run (`_rule_parts`), as they repeat in every report."""
    head = _head_dict(audit, ruleset)
    fields = []
    for key, value in head.items():
        if key == "results" and head["error"] is None and audit.results:
            rules = ruleset.rule_map
            rows = ",\n".join("        " + _result_json(result, rules[result.rule_id]) for result in audit.results)
            text = "[\n" + rows + "\n      ]"
        else:
            text = _encode(value)
        fields.append(f"      {_encode(key)}: {text}")
    return "    {\n" + ",\n".join(fields) + "\n    }"


def _rule_parts(rule: Rule) -> tuple[str, str, str, str, str]:
    """The encoded text of a result's fixed fields, in the runs between its per-report values (the category run
    twice: with the rule's message for a gap, with an empty one for a pass or n/a)."""
    return _parts(rule.id, rule.title, rule.weight, rule.category, rule.message, rule.suggestion, rule.basis)


@lru_cache(maxsize=4096)
def _parts(rule_id: str, title: str, weight: float, category: str, message: str, suggestion: str,
           basis: str) -> tuple[str, str, str, str, str]:
    """_rule_parts, made once per distinct rule text."""
    return (
        f'{{"rule": {_encode(rule_id)}, "title": {_encode(title)}, "status": ',
        f', "weight": {_encode(weight)}, "credit": ',
        f', "category": {_encode(category)}, "message": {_encode(message)}, "detail": ',
        f', "suggestion": {_encode(suggestion)}, "basis": {_encode(basis)}, "section": ',
        f', "category": {_encode(category)}, "message": "", "detail": ',
    )


def _result_json(result: RuleResult, rule: Rule) -> str:
    """json.dumps(result_dict(result, rule), ensure_ascii=False), with the rule's fixed fields pre-encoded."""
    start, weight, gap_category, suggestion, ok_category = _rule_parts(rule)
    category = gap_category if result.is_gap else ok_category
    evidence = _encode([_evidence_dict(ev) for ev in result.evidence]) if result.evidence else "[]"
    return (start + encode_basestring(result.status) + ', "severity": ' + encode_basestring(result.severity)
            + weight + _encode(result.credit) + category + encode_basestring(result.message) + suggestion
            + encode_basestring(result.section) + ', "looked_for": ' + encode_basestring(result.looked_for)
            + ', "evidence": ' + evidence + "}")
