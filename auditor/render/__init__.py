"""Step 5 of the pipeline (render): one module per output format, all fed the same AuditRun."""

from __future__ import annotations

from typing import Callable, TextIO

from auditor.model import AuditRun

Renderer = Callable[[AuditRun, TextIO], None]

# Formats read by programs: never mixed with a progress bar or colour.
MACHINE_FORMATS = frozenset({"json", "sarif", "junit", "github", "csv", "xlsx"})
# Formats whose renderer reads run.audits once, in order, so audits are streamed and not kept.
STREAMING = frozenset({"json"})


def _json(run: AuditRun, out: TextIO) -> None:
    from auditor.render.json import render

    render(run, out)


def _rich(run: AuditRun, out: TextIO) -> None:
    from auditor.render.terminal import render

    render(run, out)


# format name → renderer; each imports its module (and libraries) only when used.
RENDERERS: dict[str, Renderer] = {
    "rich": _rich,
    "json": _json,
}
