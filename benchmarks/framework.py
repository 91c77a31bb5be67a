"""What every benchmark returns, and how `met` is computed from the goal (never typed in)."""

from __future__ import annotations

import operator
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_GOAL = re.compile(r"^\s*(ratio|value)\s*(<=|>=|<|>)\s*([0-9.]+)\s*$")
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}


@dataclass(frozen=True)
class BenchResult:
    """One figure of `make bench`: `value` measured beside `baseline_value` in the same run.

    `goal` reads like "ratio <= 3" or "ratio >= 20" (ratio = value / baseline_value), or "value <= 50".
    """

    name: str
    value: float
    unit: str
    baseline: str
    baseline_value: float
    goal: str
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline_value if self.baseline_value else float("inf")

    @property
    def met(self) -> bool:
        match = _GOAL.match(self.goal)
        if not match:
            raise ValueError(f"goal not understood: {self.goal!r}")
        subject, op, bound = match.groups()
        measured = self.ratio if subject == "ratio" else self.value
        return _OPS[op](measured, float(bound))

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "value": round(self.value, 6),
            "unit": self.unit,
            "baseline": self.baseline,
            "baseline_value": round(self.baseline_value, 6),
            "ratio": round(self.ratio, 4),
            "goal": self.goal,
            "met": self.met,
        }
        if self.note:
            out["note"] = self.note
        return out


def best_of(repeats: int, func: Callable[[], Any]) -> float:
    """The fastest of `repeats` timed calls, in seconds (the least disturbed by a noisy machine)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def peak_rss_kib() -> float:
    """This process's peak resident memory in KiB since it started its program.

    Linux's `getrusage().ru_maxrss` is not that: it keeps the high-water mark across fork and exec, so a
    subprocess started by a big parent (the benchmark runner after the big parses) reports the parent's
    peak. `VmHWM` of /proc/self/status belongs to the process's own memory; getrusage is the fallback."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    import resource

    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
