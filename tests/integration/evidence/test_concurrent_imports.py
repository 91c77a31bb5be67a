"""Two imports into one case at the same moment (two workers, or the CLI beside the web): both must end
well and keep exactly what the two imports one after the other keep.

What once went wrong (PostgreSQL, CI under load): each import adds its files' token counts to the case's
counts (evidence_searchtokencount, one row per token) in the order the tokens first occur in its file. Two
files whose shared tokens come in different orders locked those rows crosswise and PostgreSQL ended one
import with a deadlock — an internal error for the user. Here the two files hold the same tokens in opposite
orders, and both imports are held until each has reached the counts before either writes them."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.fixtures.formats import Sms, write_sms_backup
from xieshang.evidence import search
from xieshang.evidence.models import EvidenceRecord, SearchTokenCount
from xieshang.evidence.services import evidence_import

from .conftest import make_case

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

WORDS = [chr(0x4E00 + 2 * k) + chr(0x4E01 + 2 * k) for k in range(3000)]  # no token shared by two words
MEET_SECONDS = 10  # how long an import waits for the other at the counts before it writes alone
BATCH = 500  # records per batch here: each import writes its counts six times


def _backup(path: Path, words: list[str], number: str) -> Path:
    start = datetime(2024, 5, 1, tzinfo=UTC)
    messages = [
        Sms(address=number, body=word, when=start + timedelta(minutes=i)) for i, word in enumerate(words)
    ]
    return write_sms_backup(path, messages)


def _counts(case: Any) -> Counter[str]:
    rows = SearchTokenCount.objects.filter(case=case).values_list("token", "records")
    return Counter({token: n for token, n in rows if n})


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite writers take turns by the database's own lock (and the test database is one in memory)",
)
def test_two_imports_into_one_case_at_once_both_end_well(tmp_path: Path, monkeypatch: Any) -> None:
    forward = _backup(tmp_path / "sms-forward.xml", WORDS, "95188")
    backward = _backup(tmp_path / "sms-backward.xml", WORDS[::-1], "95533")
    together = make_case("together")
    apart = make_case("apart")
    for path in (forward, backward):  # the same two files one after the other: what must be kept
        evidence_import(case=apart, paths=[path])

    meet = threading.Barrier(2)
    apply = search.search_counts_apply

    def held_apply(case_id: int, pending: Counter[str]) -> None:
        if case_id == together.pk and pending:
            # Both imports at the counts at once (unless one waits for the other before that).
            with contextlib.suppress(threading.BrokenBarrierError):
                meet.wait(timeout=MEET_SECONDS)
        apply(case_id, pending)

    monkeypatch.setattr("xieshang.evidence.writer.search_counts_apply", held_apply)
    monkeypatch.setattr("xieshang.evidence.prepare.BATCH_RECORDS", BATCH)
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            evidence_import(case=together, paths=[path])
        except BaseException as exc:  # reported below, with its type
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in (forward, backward)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not [t for t in threads if t.is_alive()]
    assert errors == [], [f"{type(e).__name__}: {e}" for e in errors]
    assert EvidenceRecord.objects.filter(case=together).count() == 2 * len(WORDS)
    assert _counts(together) == _counts(apart)
    assert sum(_counts(together).values()) > 2 * len(WORDS)  # the counts are there, not both empty
