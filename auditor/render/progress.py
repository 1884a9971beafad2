"""Step 5 of the pipeline (render): a progress bar on stderr while a large batch is audited."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

from auditor.model import Audit

SHOW_FROM = 20  # reports; smaller batches finish before a bar is worth drawing


@contextmanager
def progress(total: int, stream: TextIO, enabled: bool) -> Iterator[Callable[[Audit], None]]:
    """Yield a callback to advance a transient rich progress bar (a no-op when disabled or not a terminal)."""
    if not enabled or total < SHOW_FROM or not (hasattr(stream, "isatty") and stream.isatty()):
        yield lambda audit: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("审核中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(file=stream), transient=True)
    with bar:
        task = bar.add_task("audit", total=total)
        yield lambda audit: bar.advance(task)
