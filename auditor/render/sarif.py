"""Step 5 of the pipeline (render): SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning and others)."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from auditor.model import Audit, AuditRun, RuleResult
from auditor.render.common import Spool, gap_line, gap_message, gap_where, plain, readable
from auditor.schema import Rule, RuleSet

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


def _clean(value: Any) -> Any:
    """Every string of a SARIF object with control characters removed (plain)."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


_HOLES = ("toolExecutionNotifications", "artifacts", "results")


def render(run: AuditRun, out: TextIO) -> None:
    """Write the run as indented UTF-8 SARIF JSON (deterministic: no timestamps), the same text as dumping
    to_sarif(run) whole. The per-report lists (notifications, artifacts, results) are written to temporary files
    (Spool) as the audits arrive, so none is kept; the log's skeleton is dumped around them."""
    with ExitStack() as stack:
        _render(run, out, {name: stack.enter_context(Spool()) for name in _HOLES})


def _render(run: AuditRun, out: TextIO, spools: dict[str, Spool]) -> None:
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    index = {rule.id: i for i, rule in enumerate(ruleset.rules)}
    skeleton = _clean(to_sarif(AuditRun((), ruleset, run.version)))
    layout = json.dumps(skeleton, ensure_ascii=False, indent=2)
    indent = {name: _indent_of(layout, name) for name in _HOLES}

    def put(name: str, item: dict[str, Any]) -> None:
        pad = " " * (indent[name] + 2)
        text = json.dumps(_clean(item), ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
        spools[name].write(("" if spools[name].empty else ",\n") + pad + text)

    for audit in run.audits:
        put("artifacts", {"location": {"uri": artifact_uri(audit.path)}})
        if not readable(audit):
            put("toolExecutionNotifications", _notification(audit))
            continue
        for result in audit.results:
            if result.is_gap and result.rule_id in index:
                rule = ruleset.rules[index[result.rule_id]]
                put("results", result_object(audit, result, rule, index[rule.id]))
    if not spools["toolExecutionNotifications"].empty:
        layout = layout.replace('"executionSuccessful": true', '"executionSuccessful": false', 1)
    for name in _HOLES:  # the skeleton's empty lists, in the order they appear
        before, after = layout.split(f'"{name}": []', 1)
        out.write(before + f'"{name}": [')
        if not spools[name].empty:
            out.write("\n")
            spools[name].copy_to(out)
            out.write("\n" + " " * indent[name])
        out.write("]")
        layout = after
    out.write(layout + "\n")


def _indent_of(layout: str, name: str) -> int:
    """The indentation of the line that holds the key `name` in the dumped skeleton."""
    at = layout.index(f'"{name}": []')
    line_start = layout.rindex("\n", 0, at) + 1
    return at - line_start
