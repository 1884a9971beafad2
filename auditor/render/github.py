"""Step 5 of the pipeline (render): GitHub Actions workflow commands (::error …), one annotation per gap."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, TextIO

from auditor.model import SEVERITY_RANK, Audit, AuditRun, RuleResult
from auditor.render.common import gap_line, gap_text, readable, sort_gaps
from auditor.ruleset import Rule, RuleSet

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it (% first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title): also ':' and ',' which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: object) -> str:
    """One workflow-command line: ::kind key=value,…::message."""
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items() if value is not None)
    return f"::{kind} {fields}::{escape_data(message)}" if fields else f"::{kind}::{escape_data(message)}"


def repo_path(path: str) -> str:
    """GitHub places annotations by repository-relative path: an absolute path under the workspace is made relative."""
    pure = Path(path)
    if not pure.is_absolute():
        return pure.as_posix()
    try:
        return pure.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def annotation(audit: Audit, result: RuleResult, rule: Rule) -> str:
    """A gap as an annotation on the report's line: what is wrong, where, why and how to fix it."""
    problem = ("部分通过：" if result.status == "partial" else "") + gap_text(result, rule)
    message = "\n".join([problem, f"依据：{rule.basis}", f"建议：{rule.suggestion}"])
    return command(COMMANDS[result.severity], message, file=repo_path(audit.path), line=gap_line(result),
                   title=f"{rule.title} [{rule.id}]")


def _ordered(audits: Iterable[Audit], ruleset: RuleSet) -> list[tuple[Audit, RuleResult, Rule]]:
    """Every gap of the run, most severe first across reports (GitHub shows only about ten per kind and step)."""
    gaps = []
    for number, audit in enumerate(audits):
        for order, (result, rule) in enumerate(sort_gaps(audit.results, ruleset)):
            gaps.append((-SEVERITY_RANK[result.severity], -rule.weight, number, order, audit, result, rule))
    gaps.sort(key=lambda item: item[:4])
    return [(audit, result, rule) for *_, audit, result, rule in gaps]


def render(run: AuditRun, out: TextIO) -> None:
    """Write unreadable reports first, then every gap, one workflow command per line and nothing else."""
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    audits = list(run.audits)
    for audit in audits:
        if not readable(audit):
            out.write(command("error", f"无法审核：{audit.error or '未知原因'}", file=repo_path(audit.path),
                              title="无法读取报告") + "\n")
    for audit, result, rule in _ordered((a for a in audits if readable(a)), ruleset):
        out.write(annotation(audit, result, rule) + "\n")
    for audit in audits:  # each report's score: the gate's reason when --fail-under fails it
        card = audit.scorecard
        if readable(audit) and card is not None:
            out.write(command("notice", f"得分 {card.score:g}（{card.grade}）：错误 {card.errors} · 警告 {card.warnings}"
                              f" · 提示 {card.infos}", file=repo_path(audit.path), title="审核得分") + "\n")
