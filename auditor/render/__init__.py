"""Step 5 of the pipeline (render): one module per output format, all fed the same AuditRun."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Callable, TextIO

from auditor.model import Audit, AuditRun
from auditor.render.prerender import prerendered

if TYPE_CHECKING:
    from auditor.schema import RuleSet

Renderer = Callable[[AuditRun, TextIO], None]

# Formats read by programs: never mixed with a progress bar or colour.
MACHINE_FORMATS = frozenset({"json", "sarif", "junit", "github", "csv", "xlsx"})
# Formats whose renderer reads run.audits once, in order, so audits are streamed and not kept (a format whose
# opening needs the whole batch, such as a cover page or totals, holds the rest in temporary files meanwhile).
STREAMING = frozenset({"json", "csv", "xlsx", "html", "markdown", "junit", "sarif", "github", "docx"})
# Formats written as bytes to the output's .buffer: a file, or stdout when it is not a terminal.
BINARY_FORMATS = frozenset({"xlsx"})


def _lazy(module: str) -> Renderer:
    """A renderer that imports auditor.render.<module> (and its libraries) only when called."""

    def render(run: AuditRun, out: TextIO) -> None:
        import_module(f"auditor.render.{module}").render(run, out)

    render.__name__ = f"render_{module}"
    return render


def _json_prerendered(audit: Audit, ruleset: RuleSet) -> Audit:
    from auditor.render.json import fragment

    return prerendered(audit, fragment(audit, ruleset))


# Formats whose renderer can write a report rendered beforehand, in the worker process that audited it:
# format name → the function a worker applies to each audit (module level, so spawned workers can receive it).
# The format's renderer writes a Prerendered audit's text as it came.
PRERENDER: dict[str, Callable[[Audit, "RuleSet"], Audit]] = {"json": _json_prerendered}

# format name → renderer; each imports its module (and libraries) only when used.
RENDERERS: dict[str, Renderer] = {
    "rich": _lazy("terminal"),
    "json": _lazy("json"),
    "sarif": _lazy("sarif"),
    "junit": _lazy("junit"),
    "github": _lazy("github"),
    "markdown": _lazy("markdown"),
    "html": _lazy("html"),
    "csv": _lazy("csv"),
    "xlsx": _lazy("xlsx"),
    "docx": _lazy("docx"),
}

# One line per format for --help and the README.
FORMAT_HELP = {
    "rich": "终端评分卡（默认）",
    "json": "JSON（固定结构，供程序读取）",
    "sarif": "SARIF 2.1.0（GitHub 代码扫描等）",
    "junit": "JUnit XML（GitLab 等 CI 的测试报告）",
    "github": "GitHub Actions 注释命令（::error …）",
    "markdown": "Markdown 评分卡（贴到 issue 或合并请求）",
    "html": "可打印的 HTML 缺项报告（汇总页 + 每份报告一页）",
    "csv": "CSV 表格（UTF-8 BOM，每份报告一行）",
    "xlsx": "Excel 表格（每份报告一行，另附问题清单）",
    "docx": "每份报告一个 Word 文件，每个问题一条批注（须用 -o 指定输出文件夹）",
}
