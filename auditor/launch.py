"""Start-up, before the run's first step: both pattern engines seeded with what earlier runs compiled before any
module of the flow is imported (the modules' own patterns then compile in microseconds), then the command line."""

from __future__ import annotations

from typing import NoReturn


def run() -> NoReturn:
    """The console script and `python -m auditor`."""
    from auditor import pattern_store

    pattern_store.preload()
    from auditor.cli import run as cli_run

    cli_run()
