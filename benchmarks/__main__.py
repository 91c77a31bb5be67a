"""`make bench`: run every `benchmarks/bench_*.py`, print a table, write benchmarks/results.json.

Each module exposes `run(quick: bool) -> list[BenchResult]`. `--quick` uses data about 10x smaller.
`--only NAME` runs the modules whose name contains NAME.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sqlite3
import sys
from pathlib import Path

from benchmarks.framework import BenchResult

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="data about 10x smaller")
    parser.add_argument("--only", default="", help="run only modules whose name contains this")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xieshang.web.settings_test")

    results: list[BenchResult] = []
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only and args.only not in path.stem:
            continue
        module = importlib.import_module(f"benchmarks.{path.stem}")
        print(f"… {path.stem}", file=sys.stderr, flush=True)
        results.extend(module.run(args.quick))

    header = f"{'name':38} {'value':>12} {'unit':5} {'baseline':>12} {'ratio':>9}  {'goal':14} met"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:38} {r.value:12.4f} {r.unit:5} {r.baseline_value:12.4f} {r.ratio:9.3f}  "
            f"{r.goal:14} {'yes' if r.met else 'NO'}"
        )
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
        },
        "quick": args.quick,
        "results": [r.as_json() for r in results],
    }
    (HERE / "results.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\nwritten: {HERE / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
