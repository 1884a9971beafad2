#!/usr/bin/env python3
"""Benchmark of correctness (issue #11): the labelled dev set's figure and its mismatches grouped by rule.

Run from the repository root:  python bench/devset.py [--set claims|holdout|…|holdout10] [--case SUBSTRING] [--file THEME]
[--by case]. The held-out sets (tests/cases/holdout*/) are labelled blind and run once for the figure that estimates
unseen reports; their misses are then fixed and marked known_wrong where not handled yet.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.devset import SETS, load_cases, run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Print the figure, then every mismatch grouped by rule (or by case)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="claims", dest="set_name",
                        help="the labelled set: the dev set (claims, default) or a held-out set (holdout … holdout10)")
    parser.add_argument("--case", help="only cases whose id contains this text")
    parser.add_argument("--file", help="only cases of this theme file (e.g. negation)")
    parser.add_argument("--by", choices=("rule", "case"), default="rule", help="group the mismatches by")
    args = parser.parse_args(argv)
    cases = [c for c in load_cases(args.set_name)
             if (not args.case or args.case in c.id) and (not args.file or c.file == f"{args.file}.yaml")]
    names = {"claims": "dev set", "holdout": "holdout set", "holdout2": "holdout2 set"}
    summary = run(cases=cases, name=names.get(args.set_name, args.set_name))
    print(summary.line())
    groups: dict[str, list] = defaultdict(list)
    for m in summary.mismatches:
        groups[m.rule if args.by == "rule" else m.case].append(m)
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        print(f"\n{key} ({len(groups[key])})")
        for m in groups[key]:
            other = m.case if args.by == "rule" else m.rule
            print(f"  {other}: expected {m.expected}, got {m.got} — {m.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
