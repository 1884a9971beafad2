"""Step 5 of the pipeline (render): JUnit XML, so CI systems (GitLab, Jenkins …) show each report as a checklist."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from auditor.model import Audit, AuditRun, RuleResult
from auditor.render.common import SEVERITY_NAMES, Spool, gap_message, gap_where, plain, readable, where
from auditor.schema import Rule, RuleSet


def _failure_text(result: RuleResult, rule: Rule) -> str:
    lines = [f"问题：{gap_message(result, rule)}", f"位置：{gap_where(result)}"]
    lines += [f"  {where(ev)}：{ev.text}" for ev in result.evidence[:4]]
    if result.looked_for:
        lines.append(f"查找：{result.looked_for}")
    lines += [f"依据：{rule.basis}", f"建议：{rule.suggestion}"]
    return "\n".join(lines)


def testcase(result: RuleResult, rule: Rule, category: str) -> ET.Element:
    """One rule on one report: passed, a failure (fail or partial), or skipped (not applicable)."""
    case = ET.Element("testcase", name=f"{rule.id} {rule.title}", classname=category)
    if result.is_gap:
        status = "部分通过" if result.status == "partial" else "未通过"
        failure = ET.SubElement(case, "failure", type=result.severity,
                                message=f"{SEVERITY_NAMES[result.severity]}（{status}）：{gap_message(result, rule)}")
        failure.text = _failure_text(result, rule)
    elif result.status == "not_applicable":
        ET.SubElement(case, "skipped", message=result.message or "不适用")
    return case


def testsuite(audit: Audit, ruleset: RuleSet) -> ET.Element:
    """One report: a testcase per rule, or one errored testcase when the report could not be read."""
    suite = ET.Element("testsuite", name=audit.path)
    if not readable(audit):
        case = ET.SubElement(suite, "testcase", name="读取报告", classname=audit.path)
        ET.SubElement(case, "error", type="unreadable", message=f"无法审核：{audit.error or '未知原因'}")
        suite.attrib.update(tests="1", failures="0", errors="1", skipped="0")
        return suite
    doc, card = audit.document, audit.scorecard
    assert doc is not None and card is not None
    props = ET.SubElement(suite, "properties")
    for name, value in (("title", doc.title), ("issuer", doc.meta.issuer), ("level", doc.meta.level),
                        ("year", doc.meta.year), ("score", card.score), ("grade", card.grade)):
        ET.SubElement(props, "property", name=name, value="" if value is None else str(value))
    rules = {rule.id: rule for rule in ruleset.rules}
    cases = [testcase(r, rules[r.rule_id], ruleset.category_name(rules[r.rule_id].category))
             for r in audit.results if r.rule_id in rules]
    suite.extend(cases)
    suite.attrib.update(tests=str(len(cases)), failures=str(sum(1 for r in audit.results if r.is_gap)),
                        errors="0", skipped=str(sum(1 for r in audit.results if r.status == "not_applicable")))
    return suite


TOTALS = ("tests", "failures", "errors", "skipped")


def to_xml(run: AuditRun) -> ET.Element:
    """The whole run as <testsuites>, one <testsuite> per report, totals on the root."""
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    root = ET.Element("testsuites", name="auditor")
    suites = [testsuite(audit, ruleset) for audit in run.audits]
    root.extend(suites)
    for key in TOTALS:
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    return root


def render(run: AuditRun, out: TextIO) -> None:
    """Write the run as indented UTF-8 JUnit XML (deterministic: no timestamps or durations).

    Each report's <testsuite> is written to a temporary file (Spool) as it arrives, so none is kept; the totals
    the root carries are written first, once known. Text XML cannot hold (control characters) is removed."""
    with Spool() as suites:
        _render(run, out, suites)


def _render(run: AuditRun, out: TextIO, suites: Spool) -> None:
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    totals = dict.fromkeys(TOTALS, 0)
    for audit in run.audits:
        suite = testsuite(audit, ruleset)
        for key in TOTALS:
            totals[key] += int(suite.get(key, "0"))
        ET.indent(suite, level=1)
        suites.write("  " + plain(ET.tostring(suite, encoding="unicode")) + "\n")
    root = ET.Element("testsuites", name="auditor", **{key: str(value) for key, value in totals.items()})
    opening = ET.tostring(root, encoding="unicode")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if suites.empty:
        out.write(opening + "\n")
        return
    out.write(opening[: -len(" />")] + ">\n")
    suites.copy_to(out)
    out.write("</testsuites>\n")
