"""The per-case token counts (exact totals of one-token searches and of Chinese phrases of three or four
characters) stay exact across batches, files, cases and failed imports: compared with a count made here
from the stored records. The migration that counts the phrases of records indexed before gives the same."""

from __future__ import annotations

import importlib
import random
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import connection

from xieshang.core.errors import InputError
from xieshang.evidence import prepare
from xieshang.evidence import tokens as tk
from xieshang.evidence.models import EvidenceRecord, SearchTokenCount
from xieshang.evidence.search import searchable_text
from xieshang.evidence.services import evidence_search

from .conftest import fake_import, make_case
from .fakes import fake_file, line

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PIECES = ["逾期", "还款", "借条", "喆", "珺", "APP", "95188", "，", " ", "请尽快处理", "Loan"]


def texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6))) for _ in range(n)]


def expected_counts() -> Counter[tuple[int, str]]:
    """Per case: in how many records each character, pair of neighbouring characters and run edge occurs."""
    counted: Counter[tuple[int, str]] = Counter()
    for record in EvidenceRecord.objects.all():
        if record.kind == "attachment":
            searchable = record.text
        else:
            searchable = searchable_text(text=record.text, counterpart=record.counterpart)
        runs = tk.runs(searchable)
        if not runs:
            continue
        joined = tk.END.join(runs) + tk.END
        tokens = {ch for ch in joined if ch != tk.END} | {joined[i : i + 2] for i in range(len(joined) - 1)}
        for han in re.findall(r"[\u4e00-\u9fff]+", joined):  # every Han substring of 3 or 4 characters
            tokens |= {han[i : i + n] for n in (3, 4) for i in range(len(han) - n + 1)}
        counted.update((record.case_id, token) for token in tokens)
    return counted


def stored_counts() -> Counter[tuple[int, str]]:
    return Counter(
        {(c, t): n for c, t, n in SearchTokenCount.objects.values_list("case_id", "token", "records") if n}
    )


def test_counts_are_exact_across_batches_files_cases_and_a_failed_file(db, tmp_path, monkeypatch):
    monkeypatch.setattr(prepare, "BATCH_RECORDS", 7)  # many batches per file
    monkeypatch.setattr(prepare, "COUNT_RECORDS", 20)  # counts added from the scratch index midway too
    case_a, case_b = make_case("a"), make_case("b")
    t = "2024-03-05T09:00:00+08:00"
    first = [line(t, f"1380013{i % 5:04d}", text) for i, text in enumerate(texts(1, 40))]
    first.append(line(t, "95188", "彩信") + "|照片.png:89504e47")  # an attachment record too
    fake_import(case_a, fake_file(tmp_path / "1.txt", first + first[:9]))  # duplicates in the file
    broken = [line(t, "95188", text) for text in texts(2, 30)] + ["BROKEN"]
    with pytest.raises(InputError):
        fake_import(case_a, fake_file(tmp_path / "2.txt", broken))
    fake_import(
        case_a, fake_file(tmp_path / "3.txt", [line(t, "95188", x) for x in texts(3, 25)] + first[:5])
    )
    fake_import(case_b, fake_file(tmp_path / "4.txt", first[10:30]))
    expected = expected_counts()
    assert len(expected) > 50
    phrases = {token for _, token in expected if len(token) >= 3}
    assert {"请尽快", "尽快处理", "逾期还款", "借条请"} <= phrases
    assert stored_counts() == expected
    checked = [item for item in expected.items() if tk.END not in item[0][1]]
    checked = checked[:40] + [item for item in checked if len(item[0][1]) >= 3][:40]
    for (case_id, token), n in checked:
        case = case_a if case_id == case_a.pk else case_b
        assert evidence_search(query=token, case=case, limit=1).total == n, token
    assert evidence_search(query="还款逾期", limit=1).total == sum(
        n for (_, token), n in expected.items() if token == "还款逾期"
    )

    migration = importlib.import_module("xieshang.evidence.migrations.0006_phrase_counts")
    editor = SimpleNamespace(connection=connection)
    migration.backward(None, editor)
    assert stored_counts() == Counter({k: n for k, n in expected.items() if len(k[1]) < 3})
    migration.forward(None, editor)
    assert stored_counts() == expected
