"""Step 5 of the pipeline (render): GitHub Actions workflow commands (::error …), one annotation per gap."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Iterable, TextIO

from auditor.model import SEVERITY_RANK, Audit, AuditRun, RuleResult
from auditor.render.common import Spool, gap_line, gap_text, plain, readable, sort_gaps
from auditor.schema import Rule, RuleSet

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it (% first); control characters, which
    would reach the log viewer as terminal sequences, are removed."""
    return plain(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


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
    """Write unreadable reports first, then every gap, most severe first, one workflow command per line.

    The order is severity, then rule weight, then report and gap order: each (severity, weight) pair gets a
    temporary file (Spool) that gaps join as the audits arrive, so no audit is kept and the files, read back
    from the most severe, give that order exactly."""
    with ExitStack() as stack:
        _render(run, out, stack)


def _render(run: AuditRun, out: TextIO, stack: ExitStack) -> None:
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    unreadable = stack.enter_context(Spool())
    scores = stack.enter_context(Spool())
    buckets: dict[tuple[int, float], Spool] = {}
    for audit in run.audits:
        if not readable(audit):
            unreadable.write(command("error", f"无法审核：{audit.error or '未知原因'}", file=repo_path(audit.path),
                                     title="无法读取报告") + "\n")
            continue
        for result, rule in sort_gaps(audit.results, ruleset):
            key = (-SEVERITY_RANK[result.severity], -rule.weight)
            if key not in buckets:
                buckets[key] = stack.enter_context(Spool())
            buckets[key].write(annotation(audit, result, rule) + "\n")
        card = audit.scorecard
        if card is not None:  # each report's score: the gate's reason when --fail-under fails it
            scores.write(command("notice", f"得分 {card.score:g}（{card.grade}）：错误 {card.errors} · 警告 {card.warnings}"
                                 f" · 提示 {card.infos}", file=repo_path(audit.path), title="审核得分") + "\n")
    unreadable.copy_to(out)
    for key in sorted(buckets):
        buckets[key].copy_to(out)
    scores.copy_to(out)
