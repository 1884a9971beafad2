"""Hostile single files (issue #14): every file is read, or refused with a Chinese reason, within bounded time
and memory; damaged text is decoded with warnings, never audited as mojibake. The hostile files are built here."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from auditor.errors import InputError
from auditor.loading import load
from tests.conftest import ROOT, seed

TEXT = seed("002").read_text(encoding="utf-8")


def _run(code: str, timeout: float = 60, limit_mb: int | None = None) -> subprocess.CompletedProcess:
    """Run Python code in a subprocess of this worktree (a hang or a runaway allocation ends it, not the suite)."""
    prelude = ""
    if limit_mb:
        prelude = ("import resource\n"
                   f"resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} << 20, {limit_mb} << 20))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env)


# ---- opening the file ---------------------------------------------------------------------------------------

def test_a_path_swapped_for_a_pipe_after_its_check_is_refused_not_waited_on(tmp_path):
    """A report that becomes a FIFO between a stat() and the open(): the opened file itself is checked, and
    it is opened without blocking. (The swap is simulated by a stat() that still sees the regular file.)"""
    regular, fifo = tmp_path / "r.txt", tmp_path / "pipe.txt"
    regular.write_text(TEXT, encoding="utf-8")
    os.mkfifo(fifo)
    done = _run(f"""
        import os, pathlib
        real = os.stat({str(regular)!r})
        pathlib.Path.stat = lambda self, *a, **k: real  # the check sees the file as it was
        from auditor.errors import InputError
        from auditor.loading import load
        try:
            load({str(fifo)!r})
        except InputError as exc:
            print("refused:", exc)
    """, timeout=30)
    assert "refused: 不是普通文件" in done.stdout, done.stderr
