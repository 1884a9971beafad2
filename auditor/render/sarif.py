"""Step 5 of the pipeline (render): SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning and others)."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from auditor.model import Audit, AuditRun, RuleResult
from auditor.render.common import gap_line, gap_message, gap_where, readable
from auditor.ruleset import Rule, RuleSet

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a report path: relative paths stay relative (to the repository root), with %-escapes."""
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix(), safe="/")


def rule_descriptor(rule: Rule, ruleset: RuleSet) -> dict[str, Any]:
    """tool.driver.rules entry: what the rule requires, why (basis) and how to fix (help)."""
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace(".", "-").split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title}。未通过时：{rule.message}。依据：{rule.basis}"},
        "help": {"text": rule.suggestion, "markdown": f"**修改建议**：{rule.suggestion}\n\n**依据**：{rule.basis}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "rank": rule.weight},
        "properties": {"category": rule.category, "categoryName": ruleset.category_name(rule.category),
                       "weight": rule.weight, "basis": rule.basis, "tags": [rule.category]},
    }


def _location(path: str, line: int | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path)}}
    if line is not None:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def result_object(audit: Audit, result: RuleResult, rule: Rule, index: int) -> dict[str, Any]:
    """One SARIF result for a failing or partial rule on one report, at the line of its evidence (else line 1)."""
    text = f"{rule.title}：{gap_message(result, rule)}（{gap_where(result)}）。建议：{rule.suggestion}"
    return {
        "ruleId": rule.id,
        "ruleIndex": index,
        "level": LEVELS[result.severity],
        "kind": "fail",
        "message": {"text": text},
        "locations": [_location(audit.path, gap_line(result))],
        "properties": {"status": result.status, "credit": result.credit, "section": result.section,
                       "lookedFor": result.looked_for, "basis": rule.basis},
    }


def _notification(audit: Audit) -> dict[str, Any]:
    return {"level": "error", "message": {"text": f"无法审核：{audit.error or '未知原因'}"},
            "locations": [_location(audit.path)], "descriptor": {"id": "input.unreadable"}}


def to_sarif(run: AuditRun) -> dict[str, Any]:
    """The whole run as one SARIF log with a single run: rules from the pack, one result per gap per report."""
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    index = {rule.id: i for i, rule in enumerate(ruleset.rules)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for audit in run.audits:
        artifacts.append({"location": {"uri": artifact_uri(audit.path)}})
        if not readable(audit):
            notifications.append(_notification(audit))
            continue
        for result in audit.results:
            if result.is_gap and result.rule_id in index:
                rule = ruleset.rules[index[result.rule_id]]
                results.append(result_object(audit, result, rule, index[rule.id]))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "auditor", "version": run.version,
                                "properties": {"rulePack": ruleset.settings.name,
                                               "rulePackVersion": ruleset.settings.version},
                                "rules": [rule_descriptor(rule, ruleset) for rule in ruleset.rules]}},
            "invocations": [{"executionSuccessful": not notifications,
                             "toolExecutionNotifications": notifications}],
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def render(run: AuditRun, out: TextIO) -> None:
    """Write the run as indented UTF-8 SARIF JSON (deterministic: no timestamps)."""
    out.write(json.dumps(to_sarif(run), ensure_ascii=False, indent=2) + "\n")
