"""Web benchmarks: a counselor's dashboard over many cases.

- web.dashboard_<n>_cases: the dashboard (`dashboard_for`) of a counselor with n cases of 5 debts each,
  reloaded after one case changed (a payment recorded), against the first load with nothing computed yet.
  The figures of a case are cached under a digest of its data (cases.figures): a reload assesses only the
  case that changed; each case's agreements and checklist are read once per page. Self-set goal: a
  counselor's dashboard of 100 cases reloads in under a second on this 2-core machine.

- web.login_p95 / web.dashboard_p95: the 95th percentile of a login (POST, Argon2) and of the dashboard
  page (GET, 5 cases) through the whole middleware chain, beside the same requests without what issue 14
  added in front of every request (the trusted-proxy middleware and the Content-Security-Policy header),
  the two interleaved in one process. Goal: unchanged (ratio <= 1.1, the noise of this machine).
- web.proxy_csp_cost: what those two middlewares cost per request on their own, beside a median dashboard
  request (goal: under 1 %): the p95 pair above is noisy on a shared machine, this figure is not.

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


_LOGIN_PAGE = """
from datetime import date
from django.conf import settings
from django.test import Client, override_settings
from xieshang.cases.services import case_create, debt_add
from xieshang.workbench import demo

n = int(sys.argv[1])
user = get_user_model().objects.create_user("bench-user", password="a-long-password-1")
for i in range(5):
    c = case_create(owner=user, name=f"p95-{i}", borrower_name="bench", monthly_income=Decimal(5200),
                    monthly_essential_expenses=Decimal(3600), as_of=date(2026, 11, 28))
    debt_add(case=c, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
added = {"xieshang.web.proxy.TrustedProxyMiddleware", "csp.middleware.CSPMiddleware"}
assert added <= set(settings.MIDDLEWARE)
without = [m for m in settings.MIDDLEWARE if m not in added]
times = {"new": {"login": [], "page": []}, "base": {"login": [], "page": []}}

def timed(mode, call):
    if mode == "base":
        with override_settings(MIDDLEWARE=without):
            start = time.perf_counter(); answer = call(); took = time.perf_counter() - start
    else:
        start = time.perf_counter(); answer = call(); took = time.perf_counter() - start
    assert ("Content-Security-Policy" in answer) == (mode == "new")
    return answer, took

# Logins: a fresh client each time (Argon2 dominates), the two chains interleaved.
for i in range(n // 2 + 3):
    for mode in (("new", "base") if i % 2 else ("base", "new")):
        login = lambda: Client().post("/accounts/login/", {"username": "bench-user", "password": "a-long-password-1"})
        answer, took = timed(mode, login)
        assert answer.status_code == 302
        times[mode]["login"].append(took)
# The dashboard of a logged-in user: one client per chain, interleaved.
clients = {"new": Client(), "base": Client()}
for client in clients.values():
    client.force_login(user)
for i in range(n + 3):
    for mode in (("new", "base") if i % 2 else ("base", "new")):
        answer, took = timed(mode, lambda: clients[mode].get("/"))
        assert answer.status_code == 200
        times[mode]["page"].append(took)

def p95(values):
    values = sorted(values[3:])  # the first rounds warm the process
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]

from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.module_loading import import_string
import statistics

def chain_cost(paths):
    # the per-request time of these middlewares alone, around a response that costs nothing
    inner = lambda request: HttpResponse("<html></html>", content_type="text/html")
    handler = inner
    for path in reversed(paths):
        handler = import_string(path)(handler)
    factory, rounds = RequestFactory(), 3000
    start = time.perf_counter()
    for _ in range(rounds):
        handler(factory.get("/"))
    with_them = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        inner(factory.get("/"))
    return max(0.0, (with_them - (time.perf_counter() - start)) / rounds)

out = {m: {k: p95(v) for k, v in t.items()} for m, t in times.items()}
out["added_cost"] = chain_cost(sorted(added))
out["page_median"] = statistics.median(times["new"]["page"][3:])
print(json.dumps(out))
"""


def _login_and_page(quick: bool) -> list[BenchResult]:
    n = 20 if quick else 100
    with tempfile.TemporaryDirectory(prefix="xs-bench-web-") as tmp:
        timed = _subprocess(_LOGIN_PAGE, str(n), home=Path(tmp) / "home")
    new, base = timed["new"], timed["base"]
    note = (
        f"{n // 2} logins, {n} dashboards each, interleaved; baseline without the proxy and CSP middlewares"
    )
    return [
        BenchResult("web.login_p95", new["login"], "s", "the same, without them", base["login"], "ratio <= 1.1", note),  # type: ignore[index]
        BenchResult("web.dashboard_p95", new["page"], "s", "the same, without them", base["page"], "ratio <= 1.1", note),  # type: ignore[index]
        BenchResult(
            "web.proxy_csp_cost", float(timed["added_cost"]) * 1000, "ms", "median dashboard request",  # type: ignore[arg-type]
            float(timed["page_median"]) * 1000, "ratio <= 0.01",  # type: ignore[arg-type]
            "the trusted-proxy and CSP middlewares alone, per request (3,000 requests around an empty response)",
        ),
    ]  # fmt: skip


def run(quick: bool) -> list[BenchResult]:
    n = 20 if quick else 100
    with tempfile.TemporaryDirectory(prefix="xs-bench-web-") as tmp:
        timed = _subprocess(_DASHBOARD, str(n), home=Path(tmp) / "home")
    cold, warm = float(timed["cold"]), float(timed["warm"])  # type: ignore[arg-type]
    return _login_and_page(quick) + [
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
