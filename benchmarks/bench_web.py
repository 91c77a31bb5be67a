"""Web benchmarks: a counselor's dashboard over many cases.

- web.dashboard_<n>_cases: the dashboard (`dashboard_for`) of a counselor with n cases of 5 debts each,
  reloaded after one case changed (a payment recorded), against the first load with nothing computed yet.
  The figures of a case are cached under a digest of its data (cases.figures): a reload assesses only the
  case that changed; each case's agreements and checklist are read once per page. Self-set goal: a
  counselor's dashboard of 100 cases reloads in under a second on this 2-core machine.

Runs in a fresh subprocess with its own XIESHANG_HOME (SQLite). `--quick`: 20 cases instead of 100.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.bench_evidence import _subprocess
from benchmarks.framework import BenchResult

_DASHBOARD = """
from datetime import date
from django.core.cache import cache
from xieshang.cases.models import Payment
from xieshang.cases.services import case_create, debt_add
from xieshang.workbench import demo
from xieshang.workbench.dashboard import dashboard_for

n = int(sys.argv[1])
user = case.owner
cases = [case]
for i in range(1, n):
    cases.append(case_create(owner=user, name=f"case-{i}", borrower_name="bench", monthly_income=Decimal(5200),
                             monthly_essential_expenses=Decimal(3600), as_of=date(2026, 11, 28)))
for i, c in enumerate(cases):
    for j in range(5):
        fields = dict(demo.E1_DEBT, id=f"d{j}", principal=Decimal(8000 + 1000 * j + i))
        debt_add(case=c, fields=fields, payments=demo.E1_PAYMENTS[: 2 + (i + j) % 5])
cache.clear()
dashboard_for(user)  # imports, templates of the engine, database pages: warm the process, not the figures
cache.clear()
start = time.perf_counter(); first = dashboard_for(user); cold = time.perf_counter() - start
debt = cases[n // 2].debts.first()
Payment.objects.create(debt=debt, date=date(2026, 11, 20), amount=Decimal("300.00"))
start = time.perf_counter(); again = dashboard_for(user); warm = time.perf_counter() - start
assert len(first.cards) == len(again.cards) == n
print(json.dumps({"cold": cold, "warm": warm}))
"""


def run(quick: bool) -> list[BenchResult]:
    n = 20 if quick else 100
    with tempfile.TemporaryDirectory(prefix="xs-bench-web-") as tmp:
        timed = _subprocess(_DASHBOARD, str(n), home=Path(tmp) / "home")
    cold, warm = float(timed["cold"]), float(timed["warm"])  # type: ignore[arg-type]
    return [
        BenchResult(
            f"web.dashboard_{n}_cases",
            warm,
            "s",
            "first load, nothing computed yet",
            cold,
            "value <= 1",
            f"{n} cases × 5 debts; reload after one case changed; {1000 * warm / n:.1f} ms per case (self-set goal)",
        )
    ]
