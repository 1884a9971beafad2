#!/usr/bin/env python3
"""Benchmark: rendering cost per report at 250 and 2,000 synthetic audits, for every output format.

Run from the repository root:  python bench/render_scale.py [--formats xlsx,html] [--sizes 250,2000]

Each format renders the five seed audits repeated under new file names. Streaming formats (render.STREAMING)
get the audits as a one-pass generator, as the CLI gives them, so their peak memory should not grow with the
batch; the terminal scorecard gets a tuple. Time per report should stay flat from 250 to 2,000 (linear cost).
Peak memory is what tracemalloc sees during the render (Python objects; it slows the run, so the time is
measured in a separate pass without it).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.batch import slim  # noqa: E402
from auditor.model import Audit, AuditRun  # noqa: E402
from auditor.pack import load_rules  # noqa: E402
from auditor.pipeline import audit_path  # noqa: E402
from auditor.render import RENDERERS, STREAMING  # noqa: E402


def synthetic(seeds: list[Audit], count: int) -> Iterator[Audit]:
    """`count` audits: the seeds in turn, each under a file name of its own."""
    for number in range(count):
        yield dataclasses.replace(seeds[number % len(seeds)], path=f"reports/r{number:05d}.txt")


class Sink(io.RawIOBase):
    """An output that keeps nothing (so the measured memory is the renderer's own), not seekable like a pipe."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001
        return len(data)


def render_once(fmt: str, ruleset, seeds: list[Audit], count: int) -> None:  # noqa: ANN001
    audits = synthetic(seeds, count)
    run = AuditRun(audits if fmt in STREAMING else tuple(audits), ruleset, "bench")
    out = io.TextIOWrapper(io.BufferedWriter(Sink()), encoding="utf-8")  # has .buffer, as a file does (xlsx)
    RENDERERS[fmt](run, out)
    out.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--formats", default=",".join(RENDERERS))
    parser.add_argument("--sizes", default="250,2000")
    args = parser.parse_args()
    ruleset = load_rules()
    seeds = [slim(audit_path(str(p), ruleset)) for p in sorted((ROOT / "reports").glob("*.txt"))]
    sizes = [int(n) for n in args.sizes.split(",")]
    print(f"{'format':<10}" + "".join(f"{n:>8} reports: ms/report  peak MB" for n in sizes))
    for fmt in args.formats.split(","):
        cells = []
        for count in sizes:
            started = time.perf_counter()
            render_once(fmt, ruleset, seeds, count)
            per_report = (time.perf_counter() - started) / count * 1000
            tracemalloc.start()
            render_once(fmt, ruleset, seeds, count)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            cells.append(f"{'':>17}{per_report:>9.2f}  {peak:>7.1f}")
        print(f"{fmt:<10}" + "".join(cells), flush=True)


if __name__ == "__main__":
    main()
