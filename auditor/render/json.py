"""Step 5 of the pipeline (render): the JSON contract of design.md; the reference for every machine format."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any, NamedTuple, TextIO

from auditor.model import Audit, AuditRun, Evidence, RuleResult
from auditor.render.prerender import Prerendered
from auditor.render import round as round_view
from auditor.render.common import SURROGATE
from auditor.schema import Rule, RuleSet

_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(value, ensure_ascii=False), made once


class _Fixed(NamedTuple):
    """A rule's fields that every report's result repeats."""

    id: str
    title: str
    weight: float
    category: str
    message: str
    suggestion: str
    basis: str


def _fixed(rule: Rule) -> _Fixed:
    return _Fixed(rule.id, rule.title, rule.weight, rule.category, rule.message, rule.suggestion, rule.basis)


def result_dict(result: RuleResult, rule: Rule) -> dict[str, Any]:
    """One rule's result on one report."""
    return _result_fields(_fixed(rule), result.is_gap, result.status, result.severity, result.credit, result.message,
                          result.section, result.looked_for, [_evidence_dict(ev) for ev in result.evidence])


def _result_fields(rule: _Fixed, gap: bool, status: object, severity: object, credit: object, detail: object,
                   section: object, looked_for: object, evidence: object) -> dict[str, Any]:
    """The result's fields in contract order: the one definition both encodings use (see _template)."""
    return {
        "rule": rule.id,
        "title": rule.title,
        "status": status,
        "severity": severity,
        "weight": rule.weight,
        "credit": credit,
        "category": rule.category,
        "message": rule.message if gap else "",  # the problem, when there is one
        "detail": detail,
        "suggestion": rule.suggestion,
        "basis": rule.basis,
        "section": section,
        "looked_for": looked_for,
        "evidence": evidence,
    }


def _evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {"line": ev.line, "text": ev.text, **({"where": ev.where} if ev.where else {})}


def _evidence_json(evidence: tuple[Evidence, ...]) -> str:
    """_encode([_evidence_dict(ev) for ev in evidence]), written out for the usual types (an int line, text)."""
    text = encode_basestring
    items = []
    for ev in evidence:
        line, said, where = ev.line, ev.text, ev.where
        if type(line) is not int or type(said) is not str or (where and type(where) is not str):
            return _encode([_evidence_dict(ev) for ev in evidence])
        items.append(f'{{"line": {line}, "text": {text(said)}, "where": {text(where)}}}' if where
                     else f'{{"line": {line}, "text": {text(said)}}}')
    return "[" + ", ".join(items) + "]"


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
    process has already rendered (a `Prerendered` audit, see `fragment`) is written as it came.
    """
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    head = json.dumps({**to_dict(AuditRun((), ruleset, run.version, run.options)), "reports": []}, ensure_ascii=False,
                      indent=2)
    opening, _, closing = head.rpartition('"reports": []')
    out.write(_displayable(opening) + '"reports": [')
    first = True
    for audit in run.audits:
        out.write(("\n" if first else ",\n") + _displayable(audit.text if isinstance(audit, Prerendered) else fragment(audit, ruleset)))
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
    (title, message, basis …) are encoded once (`_template`), as they repeat in every report."""
    head = _head_dict(audit, ruleset)
    fields = []
    for key, value in head.items():
        if key == "results" and head["error"] is None and audit.results:
            text = "[\n" + ",\n".join(_rows(audit.results, ruleset)) + "\n      ]"
        else:
            text = _encode(value)
        fields.append(f"      {_encode(key)}: {text}")
    return "    {\n" + ",\n".join(fields) + "\n    }"


_SLOTS = 7  # the per-report values of a result, in _result_fields' argument order (status … evidence)
_SLOT = re.compile(r'"\\u0000(\d)\\u0000"')  # a slot's marker as json encodes it


@lru_cache(maxsize=4096)
def _template(rule: _Fixed, gap: bool) -> tuple[str, tuple[tuple[int, str], ...]] | None:
    """A rule's result encoded once with a marker in each per-report slot, cut at the markers: the text before
    the first slot, then (slot, text after it) pairs. None if the rule's own text holds a marker (NUL)."""
    text = _encode(_result_fields(rule, gap, *(f"\x00{slot}\x00" for slot in range(_SLOTS))))
    pieces = _SLOT.split(text)
    if len(pieces) != 2 * _SLOTS + 1:
        return None
    return pieces[0], tuple((int(pieces[i]), pieces[i + 1]) for i in range(1, len(pieces), 2))


_Template = tuple[str, tuple[tuple[int, str], ...]] | None
_NO_TEMPLATE = object()


def _templates(ruleset: RuleSet) -> dict[str, tuple[str | None, str | None]]:
    """Each rule's templates (passing, gap) as str.format strings (slot n is {n}), made once per pack."""
    return ruleset.derived(("render.json.formats",),  # type: ignore[return-value]
                           lambda: {r.id: (_format(_template(_fixed(r), False)), _format(_template(_fixed(r), True)))
                                    for r in ruleset.rules})


def _format(template: _Template) -> str | None:
    """A template as one format string: its text with braces doubled, each slot {n} (filled by one C call)."""
    if template is None:
        return None
    head, rest = template

    def text(piece: str) -> str:
        return piece.replace("{", "{{").replace("}", "}}")

    return "        " + text(head) + "".join(f"{{{slot}}}" + text(after) for slot, after in rest)


def _number(value: object) -> str:
    """json's encoding of a number: repr of a finite float or of an int (what json itself writes), else json."""
    kind = type(value)
    if (kind is float and value - value == 0) or kind is int:  # finite (inf - inf and nan - nan are nan)
        return repr(value)
    return _encode(value)


def _rows(results: tuple[RuleResult, ...], ruleset: RuleSet) -> list[str]:
    """Each result's line: _result_json with the rule's template, written out inline (a report has 60 of them)."""
    rules, templates, rows = ruleset.rule_map, _templates(ruleset), []
    text = encode_basestring
    for result in results:
        status = result.status
        template = templates[result.rule_id][status in _GAP]
        if template is None:
            rows.append("        " + _encode(result_dict(result, rules[result.rule_id])))
            continue
        evidence = _evidence_json(result.evidence) if result.evidence else "[]"
        rows.append(template.format(text(status), text(result.severity), _number(result.credit),
                                    text(result.message), text(result.section), text(result.looked_for), evidence))
    return rows


_GAP = frozenset(("fail", "partial"))  # RuleResult.is_gap


def _result_json(result: RuleResult, rule: Rule, template: object = _NO_TEMPLATE) -> str:
    """json.dumps(result_dict(result, rule), ensure_ascii=False), by filling the rule's encoded template."""
    if template is _NO_TEMPLATE:
        template = _template(_fixed(rule), result.is_gap)
    if template is None:
        return _encode(result_dict(result, rule))
    evidence = _encode([_evidence_dict(ev) for ev in result.evidence]) if result.evidence else "[]"
    values = (encode_basestring(result.status), encode_basestring(result.severity), _number(result.credit),
              encode_basestring(result.message), encode_basestring(result.section),
              encode_basestring(result.looked_for), evidence)
    head, rest = template  # type: ignore[misc]
    return head + "".join(values[slot] + after for slot, after in rest)
