#!/usr/bin/env python3
"""Benchmark: the round's comparisons — copying across a batch of 1,000 reports, and one body's two years.

Run from the repository root after `pip install .`:  python bench/overlap.py [--copies 200]

The batch is the worst case for the index: each of the 5 seed reports is handed in by `copies` different
bodies, so every sentence is shared by `copies` bodies. Measured in this process (median of 3): the
profile a worker makes of each report, the index over the batch and its result, at a quarter of the
batch and the whole (time and memory should grow linearly), and the comparison of one pair of years.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median(run, repeat: int = 3) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    from auditor.loading import load
    from auditor.overlap import BatchIndex, profile, sentences, year_copy
    from auditor.parsing import parse_document

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=200, help="bodies handing in each seed (5 seeds)")
    args = parser.parse_args()
    seeds = sorted((ROOT / "reports").glob("*.txt"))
    docs = [parse_document(load(str(p))) for p in seeds]
    profiles = [profile(d) for d in docs]
    per_report = _median(lambda: [profile(d) for d in docs * 20]) / (len(docs) * 20)

    def index(n: int) -> tuple[float, float, int]:
        def build():
            idx = BatchIndex()
            for i in range(n):
                idx.add(i, f"body{i}", profiles[i % len(profiles)])
            return idx.result()

        seconds = _median(build)
        tracemalloc.start()
        found = build()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        return seconds, peak, len(found.groups)

    total = len(seeds) * args.copies
    quarter, full = index(total // 4), index(total)
    pair = _median(lambda: year_copy(sentences(docs[2]), sentences(docs[4])), 5)
    rows = [
        ("profile of one report (in the worker)", f"{per_report * 1000:.2f} ms", ""),
        (f"index + result, {total // 4} → {total} reports", f"{quarter[0]:.2f} → {full[0]:.2f} s",
         f"×{full[0] / quarter[0]:.1f} for ×4 reports (linear)"),
        (f"index memory, {total // 4} → {total} reports", f"{quarter[1]:.0f} → {full[1]:.0f} MB", "tracemalloc peak"),
        ("shared-paragraph groups found", f"{full[2]}", f"every sentence shared by {args.copies} bodies"),
        ("two years of one body (sentence copy)", f"{pair * 1000:.1f} ms", "per pair"),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print(f"round benchmark: {len(seeds)} seeds × {args.copies} bodies = {total} reports, median of 3\n")
    print(f"{'measure':<{width}}{'result':<22}note")
    for name, value, note in rows:
        print(f"{name:<{width}}{value:<22}{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
