"""The allocation across debts — an exact multiple-choice knapsack, solved with HiGHS.

Each debt offers candidate options (monthly payment, total payable, months). Pick exactly one per debt:

- feasible (some combination's monthly sum ≤ disposable income): the least total payable; ties: the
  fewest months in total; then the lowest option index per debt (deterministic).
- infeasible: the least monthly sum; ties: the least total payable — marked `feasible = False`.

Exactness: amounts are converted to integer fen, the MILP is solved with zero optimality gap in two
lexicographic phases (total, then months), the solution is rounded to 0/1 and re-checked with Decimal
arithmetic; a numerically doubtful answer is re-solved with a tightened bound. The infeasible case is
separable (the least monthly sum is each debt's least monthly payment) and needs no solver.
`allocate_brute_force` is the test oracle.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

import highspy
import numpy as np

from xieshang.core.errors import InputError

FEN = Decimal("0.01")


@dataclass(frozen=True)
class Candidate:
    """One option of one debt, as the allocation sees it."""

    monthly: Decimal  # the monthly payment counted against the budget (the largest monthly of the plan)
    total: Decimal  # total payable
    months: int  # months to debt-free


@dataclass(frozen=True)
class Allocation:
    feasible: bool
    disposable: Decimal
    choice: tuple[int, ...]  # the chosen candidate index, per debt
    monthly_total: Decimal
    total_payable: Decimal
    months_total: int


def _fen(value: Decimal) -> int:
    cents = value / FEN
    if cents != cents.to_integral_value():
        raise InputError(f"金额不是整分：{value}", f"amount is not a whole number of fen: {value}")
    return int(cents)


def _summary(
    options: Sequence[Sequence[Candidate]], choice: Sequence[int], disposable: Decimal, feasible: bool
) -> Allocation:
    picked = [options[i][j] for i, j in enumerate(choice)]
    return Allocation(
        feasible=feasible,
        disposable=disposable,
        choice=tuple(choice),
        monthly_total=sum((c.monthly for c in picked), Decimal("0")),
        total_payable=sum((c.total for c in picked), Decimal("0")),
        months_total=sum(c.months for c in picked),
    )


def _check(options: Sequence[Sequence[Candidate]]) -> None:
    if not options:
        raise InputError("没有可分配的债务", "no debts to allocate")
    for i, row in enumerate(options):
        if not row:
            raise InputError(f"第 {i + 1} 笔债务没有可选方案", f"debt {i + 1} has no options")


def _infeasible(options: Sequence[Sequence[Candidate]], disposable: Decimal) -> Allocation:
    choice = [min(range(len(row)), key=lambda j: (row[j].monthly, row[j].total, j)) for row in options]
    return _summary(options, choice, disposable, feasible=False)


def _pareto(row: Sequence[Candidate]) -> list[int]:
    """Indices of the options not dominated in (monthly, total, months); among equals the first is kept."""
    keep: list[int] = []
    for j, c in enumerate(row):
        dominated = False
        for k, d in enumerate(row):
            if k == j:
                continue
            no_worse = d.monthly <= c.monthly and d.total <= c.total and d.months <= c.months
            better = d.monthly < c.monthly or d.total < c.total or d.months < c.months
            if no_worse and (better or k < j):
                dominated = True
                break
        if not dominated:
            keep.append(j)
    return keep


_banner_lock = threading.Lock()
_banner_done = False


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance. HiGHS prints a banner on fd 1 once per process when the first instance is
    made; it is sent to /dev/null so that `--json` output stays one JSON document."""
    global _banner_done
    with _banner_lock:
        if not _banner_done:
            sys.stdout.flush()
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                solver = highspy.Highs()  # type: ignore[no-untyped-call]
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(devnull)
            _banner_done = True
        else:
            solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("mip_abs_gap", 0.0)
    solver.setOptionValue("threads", 1)
    return solver


Figures = tuple[int, int, int]  # (monthly_fen, total_fen, months)


def _solve_milp(rows: Sequence[Sequence[Figures]], budget: int, total_cap: int | None) -> list[int] | None:
    """Min Σ total (total_cap None) or min Σ months s.t. Σ total ≤ total_cap; always Σ monthly ≤ budget.

    Returns the chosen index per row, or None if the solver does not report an optimum.
    """
    solver = _new_highs()
    inf = highspy.kHighsInf
    cols = [(i, j) for i, row in enumerate(rows) for j in range(len(row))]
    n = len(cols)
    costs = [float(rows[i][j][1] if total_cap is None else rows[i][j][2]) for i, j in cols]
    solver.addCols(n, costs, [0.0] * n, [1.0] * n, 0, [], [], [])
    integer = np.full(n, int(highspy.HighsVarType.kInteger), dtype=np.uint8)
    solver.changeColsIntegrality(n, np.arange(n, dtype=np.int32), integer)
    start = 0
    for row in rows:
        solver.addRow(1.0, 1.0, len(row), list(range(start, start + len(row))), [1.0] * len(row))
        start += len(row)
    everything = list(range(n))
    solver.addRow(-inf, float(budget), n, everything, [float(rows[i][j][0]) for i, j in cols])
    if total_cap is not None:
        solver.addRow(-inf, float(total_cap), n, everything, [float(rows[i][j][1]) for i, j in cols])
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = list(solver.getSolution().col_value)
    choice: list[int] = []
    start = 0
    for row in rows:
        segment = values[start : start + len(row)]
        choice.append(max(range(len(row)), key=lambda j: (segment[j], -j)))
        start += len(row)
    return choice


def _exact(rows: Sequence[Sequence[Figures]], choice: Sequence[int]) -> Figures:
    picked = [rows[i][j] for i, j in enumerate(choice)]
    return sum(p[0] for p in picked), sum(p[1] for p in picked), sum(p[2] for p in picked)


def _solve_checked(rows: Sequence[Sequence[Figures]], budget: int, total_cap: int | None) -> list[int]:
    """`_solve_milp`, then an exact integer re-check; a floating-point artefact is re-solved tighter."""
    tight_budget, tight_cap = budget, total_cap
    for _ in range(8):
        choice = _solve_milp(rows, tight_budget, tight_cap)
        if choice is None:
            break
        monthly, total, _months = _exact(rows, choice)
        over_budget = monthly - budget
        over_cap = 0 if total_cap is None else total - total_cap
        if over_budget <= 0 and over_cap <= 0:
            return choice
        tight_budget -= max(over_budget, 0)
        if tight_cap is not None:
            tight_cap -= max(over_cap, 0)
    raise RuntimeError("HiGHS did not return an exactly feasible allocation")  # pragma: no cover


def allocate(options: Sequence[Sequence[Candidate]], disposable: Decimal) -> Allocation:
    """The exact allocation (see the module docstring)."""
    _check(options)
    least_monthly = sum((min(c.monthly for c in row) for row in options), Decimal("0"))
    if least_monthly > disposable:
        return _infeasible(options, disposable)
    kept = [_pareto(row) for row in options]
    rows = [
        [(_fen(row[j].monthly), _fen(row[j].total), row[j].months) for j in keep]
        for row, keep in zip(options, kept, strict=True)
    ]
    budget = _fen(disposable.quantize(FEN, rounding=ROUND_FLOOR))
    # Phase 1: the least total. Phase 2: the fewest months among the least totals.
    choice = _solve_checked(rows, budget, None)
    choice = _solve_checked(rows, budget, _exact(rows, choice)[1])
    # Deterministic among exact ties: per debt, the lowest original index with the same figures.
    original = []
    for i, j in enumerate(choice):
        first = next(k for k in range(len(kept[i])) if rows[i][k] == rows[i][j])
        original.append(kept[i][first])
    return _summary(options, original, disposable, feasible=True)


def allocate_brute_force(options: Sequence[Sequence[Candidate]], disposable: Decimal) -> Allocation:
    """Every combination, exactly as the spec words it: the test oracle (exponential; small cases only)."""
    _check(options)
    best: tuple[tuple[Decimal, int], tuple[int, ...]] | None = None
    fallback: tuple[tuple[Decimal, Decimal], tuple[int, ...]] | None = None
    for combo in itertools.product(*(range(len(row)) for row in options)):
        picked = [options[i][j] for i, j in enumerate(combo)]
        monthly = sum((c.monthly for c in picked), Decimal("0"))
        total = sum((c.total for c in picked), Decimal("0"))
        months = sum(c.months for c in picked)
        if monthly <= disposable:
            key = (total, months)
            if best is None or key < best[0]:
                best = (key, combo)
        else:
            key2 = (monthly, total)
            if fallback is None or key2 < fallback[0]:
                fallback = (key2, combo)
    if best is not None:
        return _summary(options, best[1], disposable, feasible=True)
    assert fallback is not None
    return _summary(options, fallback[1], disposable, feasible=False)
