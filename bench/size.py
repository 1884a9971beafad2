#!/usr/bin/env python3
"""Benchmark (issue #15): time and memory against the size of one report, and a cold single report.

Run from the repository root after `pip install .`:  python bench/size.py [--runs 3] [--big]

CPU seconds (user + sys of the child process, from the kernel), medians, so a busy machine skews little:

- cold: one report (seed 002 to JSON), whole process, against a process that only imports and initialises
  jieba; peak RSS of the one report.
- size: one file of the five seeds joined 20 times, and 200 times (10× the text), whole process; the ratio of
  the two with the cold single report's time taken out of both (the audit work alone), and peak RSS.
- --big: a file of 50 MB (the largest accepted) of the seeds joined, as many lines and as one line: CPU and
  peak RSS (bound: 10 × the input + 200 MB). About a minute each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "reports").glob("*.txt"))
INIT = "import logging,jieba\njieba.setLogLevel(logging.WARNING)\njieba.initialize()\n"
PROBE = ("import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:],capture_output=True)\n"
         "u=resource.getrusage(resource.RUSAGE_CHILDREN)\nprint(r.returncode,u.ru_utime+u.ru_stime,u.ru_maxrss)")
LIMIT = 50 * 1024 * 1024


def measure(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median CPU seconds and the largest peak RSS (MB) of a command over `runs` runs after a warm-up."""
    times, rss = [], 0.0
    for run in range(runs + 1):
        out = subprocess.run([sys.executable, "-c", PROBE, *cmd], capture_output=True, text=True).stdout.split()
        code, seconds, peak = int(out[0]), float(out[1]), int(out[2]) / 1024
        if code not in (0, 1):
            raise SystemExit(f"failed ({code}): {' '.join(cmd)[:200]}")
        if run:
            times.append(seconds)
            rss = max(rss, peak)
    return statistics.median(times), rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--big", action="store_true", help="also the 50 MB files (many lines, one line)")
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "auditor"
    if not exe.exists():
        raise SystemExit("auditor is not installed beside this Python: run `pip install .` first")
    tmp = Path(tempfile.mkdtemp(prefix="auditor-size-"))
    rows: list[tuple[str, str, str]] = []
    try:
        joined = "\n".join(seed.read_text(encoding="utf-8") for seed in SEEDS)
        (tmp / "x20.txt").write_text(joined * 20, encoding="utf-8")
        (tmp / "x200.txt").write_text(joined * 200, encoding="utf-8")

        def audit(path: Path) -> list[str]:
            return [str(exe), "check", str(path), "--format", "json", "-o", str(tmp / "out.json"), "--fail-on", "never"]

        t_cold, rss_one = measure(audit(SEEDS[2]), max(5, args.runs))
        t_init, rss_init = measure([sys.executable, "-c", INIT], max(5, args.runs))
        t20, rss20 = measure(audit(tmp / "x20.txt"), args.runs)
        t200, rss200 = measure(audit(tmp / "x200.txt"), max(1, args.runs // 3))
        ratio = (t200 - t_cold) / max(t20 - t_cold, 1e-3)
        mb = (tmp / "x200.txt").stat().st_size / 1e6
        rows += [
            ("cold one report / jieba init", f"{t_cold / t_init:.2f}  ({t_cold:.2f} s / {t_init:.2f} s CPU)", "≤ 0.3"),
            ("peak RSS, one report / jieba init", f"{rss_one:.0f} MB / {rss_init:.0f} MB", "≤ 100 MB"),
            ("one file, 10× the text (×20 → ×200)", f"{ratio:.1f}×  ({t20:.2f} → {t200:.2f} s CPU)", "≤ 11×"),
            (f"peak RSS, ×20 → ×200 ({mb:.1f} MB)", f"{rss20:.0f} → {rss200:.0f} MB", "≤ 500 MB"),
        ]
        if args.big:
            repeat = LIMIT // (len(joined.encode("utf-8")) + 1)
            (tmp / "lines50.txt").write_text("\n".join([joined] * repeat), encoding="utf-8")
            flat = joined.replace("\n", "")
            (tmp / "line50.txt").write_text(flat * (LIMIT // len(flat.encode("utf-8"))), encoding="utf-8")
            for name, label in (("lines50.txt", "many lines"), ("line50.txt", "one line")):
                size = (tmp / name).stat().st_size / 1e6
                seconds, rss = measure(audit(tmp / name), 1)
                rows.append((f"50 MB file, {label} ({size:.0f} MB)", f"{seconds:.0f} s CPU, peak RSS {rss:.0f} MB",
                             f"≤ {10 * size + 200:.0f} MB"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in rows) + 2
    print(f"auditor size benchmark: {os.cpu_count()} cores, CPU seconds, median of {args.runs}\n")
    print(f"{'measure':<{width}}{'result':<44}target")
    for name, value, target in rows:
        print(f"{name:<{width}}{value:<44}{target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
