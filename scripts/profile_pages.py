"""Profile the two pages of the load benchmark (web.load_20_users) in one process, without a server.

    .venv/bin/python scripts/profile_pages.py [--rounds 200] [--profile] [--top 40]

The data are the benchmark's (a counselor with one case: E1's debt and payments, the demo SMS backup
imported) in a fresh XIESHANG_HOME under a temporary folder, the production settings (`xieshang.web.settings`).
Prints, for the dashboard and the case page: the queries of one view (counted with CaptureQueriesContext) and
the mean time of a request through Django's test client; `--profile` adds a cProfile of the loop, by
cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-long-password-1"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--queries", action="store_true", help="print each query of one view")
    parser.add_argument("--page", choices=("both", "dashboard", "case", "contacts", "write"), default="both")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="xs-profile-")
    for key in [k for k in os.environ if k.startswith(("DJANGO_", "XIESHANG_", "DATABASE_URL"))]:
        del os.environ[key]
    os.environ.update(XIESHANG_HOME=str(Path(tmp) / "home"), XIESHANG_JOBS="database")
    sys.path.insert(0, str(ROOT))

    from xieshang.web.runtime import prepare_database, setup_django

    setup_django()
    prepare_database()
    from datetime import date
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from tests.fixtures.formats import write_sms_backup

    from xieshang.cases.services import case_create, debt_add
    from xieshang.evidence.services import evidence_import
    from xieshang.workbench import demo

    user = get_user_model().objects.create_user("user0", password=PASSWORD)
    case = case_create(
        owner=user,
        name="case-0",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        hardships=["unemployment"],
        as_of=date(2026, 11, 28),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    evidence_import(case=case, paths=[write_sms_backup(Path(tmp) / "sms-0.xml")])

    client = Client()
    assert client.login(username="user0", password=PASSWORD)
    pages = {
        "both": ("/", "/cases/case-0/"),
        "dashboard": ("/",),
        "case": ("/cases/case-0/",),
        "contacts": ("/cases/case-0/contacts/",),
        "write": (),
    }[args.page]
    if args.page == "write":
        return _profile_writes(client, args.rounds, args.profile, args.top)
    for page in pages:  # warm: templates, caches
        assert client.get(page).status_code == 200
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        print(f"{page:18} {len(queries.captured_queries):3} queries")
        if args.queries:
            for q in queries.captured_queries:
                print("    ", q["sql"][:160])
    for page in pages:
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.rounds):
            client.get(page)
        mean = (time.perf_counter() - start) / args.rounds
        mean_cpu = (time.process_time() - cpu) / args.rounds
        print(
            f"{page:18} {1000 * mean:6.1f} ms a request, {1000 * mean_cpu:6.1f} ms CPU (mean of {args.rounds})"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.rounds):
            for page in pages:
                client.get(page)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    return 0


def _profile_writes(client: object, rounds: int, profile: bool, top: int) -> int:
    """A writer's loop of web.load_20_users_10_writers: the contact log, a contact sent, the log again."""
    from django.test import Client

    assert isinstance(client, Client)
    url = "/cases/case-0/contacts/"

    def loop(k: int) -> None:
        client.get(url)
        data = {
            "channel": "phone",
            "direction": "outgoing",
            "occurred_at": f"2026-11-20T10:{k % 60:02d}",
            "said": f"call {k}",
            "lender": "某银行",
        }
        answer = client.post(url, data, follow=True)
        assert b"msg msg-success" in answer.content, answer.content[-2000:]

    loop(0)
    profiler = cProfile.Profile()
    start, cpu = time.perf_counter(), time.process_time()
    if profile:
        profiler.enable()
    for k in range(1, rounds + 1):
        loop(k)
    profiler.disable()
    mean, mean_cpu = (time.perf_counter() - start) / rounds, (time.process_time() - cpu) / rounds
    print(f"writer's loop (1 to {rounds + 1} contacts): {1000 * mean:6.1f} ms, {1000 * mean_cpu:6.1f} ms CPU")
    if profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
