#!/usr/bin/env python3
"""Benchmark: the auditor against plain jieba in the same run — ratios, reports/s, MB/s, peak RSS, scaling.

Run from the repository root after `pip install .`:  python bench/run.py [--repeat 3] [--copies 200]

Also the CPU time of each step per report (load, parse, claims, rules; issue #11: the claims step under 1 ms).

Targets (issue #6): batch of 1,000 reports ≤ 0.5 × the time one process needs just to segment the same
files with jieba.lcut; one report, whole process, ≤ 1.2 × a process that only imports and initialises
jieba; peak RSS of the batch < 300 MB and flat as the batch grows; time linear in reports and in size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "reports").glob("*.txt"))
SEGMENT = ("import sys,logging,jieba,pathlib\njieba.setLogLevel(logging.WARNING)\njieba.initialize()\nn=0\n"
           "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()): n+=len(jieba.lcut(p.read_text(encoding='utf-8')))\n"
           "print(n)\n")
INIT = "import logging,jieba\njieba.setLogLevel(logging.WARNING)\njieba.initialize()\n"
RSS = ("import resource,subprocess,sys\nsubprocess.run(sys.argv[1:],capture_output=True)\n"
       "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
SIZE_SCALING = (
    "import sys,time\nfrom auditor.pack import load_rules\nfrom auditor.pipeline import audit_text\n"
    "from auditor.terms import tokenizer\nrs=load_rules(); tokenizer(rs.terms)\n"
    "text=open(sys.argv[1],encoding='utf-8').read(); head,_,body=text.partition('\\n')\n"
    "def t(k,n):\n    doc=head+'\\n'+'\\n'.join([body]*k)\n    s=time.perf_counter()\n"
    "    for _ in range(n): audit_text(doc, rs)\n    return (time.perf_counter()-s)/n\n"
    "t(1,3); one=min(t(1,20) for _ in range(3)); ten=min(t(10,3) for _ in range(3)); print(one, ten)\n"
)


def auditor_exe() -> str:
    """The installed console script beside this interpreter."""
    exe = Path(sys.executable).parent / "auditor"
    found = str(exe) if exe.exists() else shutil.which("auditor")
    if not found:
        raise SystemExit("auditor is not installed: run `pip install .` first")
    return found


def wall(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of a command over `repeat` runs (exit 0 or 1 accepted)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-800:]}")
    return statistics.median(times)


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident memory of a command, in MB (getrusage of the child)."""
    out = subprocess.run([sys.executable, "-c", RSS, *cmd], capture_output=True, text=True).stdout.strip()
    return int(out or 0) / 1024


def make_batch(folder: Path, copies: int) -> float:
    """`copies` copies of each seed in one folder; returns its size in MB."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(copies):
        for seed in SEEDS:
            shutil.copy(seed, folder / f"{index:04d}_{seed.name}")
    return sum(p.stat().st_size for p in folder.iterdir()) / 1e6


def audit_cmd(exe: str, target: Path, out: Path) -> list[str]:
    """The measured command: JSON to a file, gate off."""
    return [exe, "check", str(target), "--format", "json", "-o", str(out), "--fail-on", "never"]
# CPU time of each step per report, in one process over the seeds (issue #11: the claims step under 1 ms).
STEPS = (
    "import sys,time,pathlib\nfrom auditor.pack import load_rules\nfrom auditor.loading import load\n"
    "from auditor.parsing import parse_document\nfrom auditor.parts import PartFinder\n"
    "from auditor.engine import claims_of, evaluate\nfrom auditor.claims import part_lines\n"
    "from auditor.limits import rule_limits\nfrom auditor.terms import tokenizer\n"
    "rs=load_rules(); tokenizer(rs.terms)\npaths=[str(p) for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]\n"
    "t={'load':0.,'parse':0.,'parts':0.,'claims':0.,'rules':0.}; n=0\n"
    "for rnd in range(21):\n    for p in paths:\n        c=time.process_time(); src=load(p); a=time.process_time()\n"
    "        doc=parse_document(src); b=time.process_time()\n"
    "        pf=PartFinder(doc, rs.settings.sections); part_lines(doc, pf); f=time.process_time()\n"
    # as the engine runs it: under a rule's time limit (the alarm, not a timeout on every match)
    "        with rule_limits(len(doc.text)) as limit:\n            limit.start(); g=time.process_time()\n"
    "            claims_of(doc, rs, pf); d=time.process_time(); limit.stop()\n"
    "        d2=time.process_time(); evaluate(doc, rs); e=time.process_time()\n"
    "        if rnd:\n            n+=1; t['load']+=a-c; t['parse']+=b-a; t['parts']+=f-b; t['claims']+=d-g; t['rules']+=e-d2\n"
    "print(' '.join(f'{k}={v/n*1000:.2f}' for k,v in t.items()))\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--copies", type=int, default=200, help="copies of each seed in the batch (5 seeds)")
    args = parser.parse_args()
    exe, py = auditor_exe(), sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="auditor-bench-"))
    rows: list[tuple[str, str, str]] = []
    try:
        full, quarter = tmp / "full", tmp / "quarter"
        mb = make_batch(full, args.copies)
        make_batch(quarter, max(1, args.copies // 4))
        reports = len(SEEDS) * args.copies
        out = tmp / "out.json"
        subprocess.run([py, "-c", INIT], capture_output=True)  # jieba's own cache file
        fresh = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp / "fresh-cache")}
        t_first = wall(audit_cmd(exe, SEEDS[2], tmp / "one.json"), 1, env=fresh)  # nothing cached yet
        wall(audit_cmd(exe, full, out), 1)  # warm-up (fills the cache)
        t_seg = wall([py, "-c", SEGMENT, str(full)], args.repeat)
        t_batch = wall(audit_cmd(exe, full, out), args.repeat)
        t_batch1 = wall(audit_cmd(exe, full, out) + ["--jobs", "1"], args.repeat)
        t_quarter = wall(audit_cmd(exe, quarter, out), args.repeat)
        t_init = wall([py, "-c", INIT], max(5, args.repeat))
        t_cold = wall(audit_cmd(exe, SEEDS[2], tmp / "one.json"), max(5, args.repeat))
        rss_full = peak_rss_mb(audit_cmd(exe, full, out))
        rss_quarter = peak_rss_mb(audit_cmd(exe, quarter, out))
        steps = dict(item.split("=") for item in subprocess.run(
            [py, "-c", STEPS, str(ROOT / "reports")], capture_output=True, text=True).stdout.split())
        one, ten = map(float, subprocess.run([py, "-c", SIZE_SCALING, str(SEEDS[2])], capture_output=True,
                                             text=True).stdout.split())
        rows += [
            ("batch / jieba segmentation", f"{t_batch / t_seg:.2f}", "≤ 0.50"),
            ("cold one report / jieba init", f"{t_cold / t_init:.2f}", "≤ 1.20"),
            ("peak RSS, batch", f"{rss_full:.0f} MB", "< 300 MB"),
            (f"peak RSS, {reports // 4} → {reports} reports", f"{rss_quarter:.0f} → {rss_full:.0f} MB", "flat"),
            (f"time, {reports // 4} → {reports} reports", f"{t_quarter:.2f} → {t_batch:.2f} s", "linear"),
            ("10× longer report / 1× (in-process)", f"{ten / one:.1f}×", "≈ 10×"),
            ("batch throughput (all cores)", f"{reports / t_batch:.0f} reports/s, {mb / t_batch:.1f} MB/s", ""),
            ("batch throughput (--jobs 1)", f"{reports / t_batch1:.0f} reports/s, {mb / t_batch1:.1f} MB/s", ""),
            ("plain jieba segmentation", f"{reports / t_seg:.0f} reports/s, {mb / t_seg:.1f} MB/s", "baseline"),
            ("cold one report / jieba init alone", f"{t_cold:.2f} s / {t_init:.2f} s", ""),
            ("very first run (empty cache)", f"{t_first:.2f} s", "once per rule pack"),
            ("claims step, CPU per report", f"{steps['claims']} ms (parts already found)", "< 1 ms"),
            ("load / parse / parts / rules, CPU per report",
             f"{steps['load']} / {steps['parse']} / {steps['parts']} / {steps['rules']} ms", "rules: the whole rule step"),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in rows) + 2
    print(f"auditor benchmark: {len(SEEDS)} seeds × {args.copies} = {len(SEEDS) * args.copies} reports, "
          f"{os.cpu_count()} cores, median of {args.repeat}\n")
    print(f"{'measure':<{width}}{'result':<34}target")
    for name, value, target in rows:
        print(f"{name:<{width}}{value:<34}{target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
