"""Number association in the database (`lender_tags_propagate`): the same tags as `associate_by_number`
over the whole case, with the records loaded a bounded slice at a time, and the stored number key
(`EvidenceRecord.counterpart_key`) written on every way a record is stored."""

from __future__ import annotations

import importlib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from xieshang.cases.models import Case
from xieshang.core.lender_tags import TagRow, associate_by_number, association_key
from xieshang.evidence import lender_tags
from xieshang.evidence.lender_tags import lender_tags_propagate
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.evidence.services import evidence_import

from .conftest import make_case
from .fakes import FakeImporter, fake_file, line

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
LENDERS = ("360借条", "某某消费金融", "某某小额贷款")
# One party written several ways, a second mobile, a landline, a carrier (never associated) and an
# e-mail address (no number).
NUMBERS = (
    ("13800138000", "+86 138-0013-8000", "008613800138000"),
    ("17100001234",),
    ("02161234567", "021-6123-4567"),
    ("10086",),
    ("cs@lender.example",),
)


def _file(case: Case, name: str) -> EvidenceFile:
    return EvidenceFile.objects.create(
        case=case, sha256=name.ljust(64, "0")[:64], size=1, original_name=name, imported_at=timezone.now()
    )


def _build(case: Case, rows: list[dict[str, Any]], source: EvidenceFile) -> None:
    now = timezone.now()
    EvidenceRecord.objects.bulk_create(
        [
            EvidenceRecord(
                case=case,
                source_file=source,
                fingerprint=f"fp-{n}",
                importer_name="test",
                importer_version="1",
                imported_at=now,
                counterpart_key=association_key(row["counterpart"]) or "",
                **row,
            )
            for n, row in enumerate(rows)
        ],
        batch_size=500,
    )


def _random_rows(rng: random.Random, n: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        spellings = rng.choice(NUMBERS)
        # Clustered times: many records share an instant (windows must not split one).
        when = T0 + timedelta(minutes=rng.choice((0, 0, 1, 5, 30)) + (i // 7) * rng.choice((0, 1, 60)))
        roll = rng.random()
        rows.append(
            {
                "kind": "attachment" if roll < 0.05 else rng.choice(("sms", "call")),
                "timestamp": when,
                "direction": rng.choice(("incoming", "incoming", "outgoing", "missed")),
                "counterpart": rng.choice(spellings),
                "lender": rng.choice(LENDERS) if roll > 0.7 else "",
            }
        )
    return rows


def _expected(case: Case) -> dict[int, str]:
    """Whole-case association, as before: every record of the case in memory at once."""
    records = EvidenceRecord.objects.filter(case=case).exclude(kind="attachment")
    rows = [
        TagRow(pk, counterpart, when, lender, None, direction == "outgoing")
        for pk, counterpart, when, lender, direction in records.values_list(
            "pk", "counterpart", "timestamp", "lender", "direction"
        )
    ]
    found = associate_by_number(rows)
    before = dict(EvidenceRecord.objects.filter(case=case).values_list("pk", "lender"))
    return {pk: found[pk].lender if pk in found else lender for pk, lender in before.items()}


@pytest.mark.parametrize(("budget", "page"), [(10_000, 500), (23, 2), (5, 1)])
def test_same_tags_as_whole_case_association(monkeypatch: Any, budget: int, page: int) -> None:
    case = make_case()
    _build(case, _random_rows(random.Random(budget), 700), _file(case, "a"))
    expected = _expected(case)
    assert sum(1 for v in expected.values() if v) > sum(
        1 for v in EvidenceRecord.objects.filter(case=case).values_list("lender", flat=True) if v
    )  # there is something to propagate
    monkeypatch.setattr(lender_tags, "ROW_BUDGET", budget)
    monkeypatch.setattr(lender_tags, "KEY_PAGE", page)

    tagged = lender_tags_propagate(case)

    got = dict(EvidenceRecord.objects.filter(case=case).values_list("pk", "lender"))
    assert got == expected
    assert tagged == sum(1 for pk, lender in got.items() if lender) - sum(
        1 for v in _random_rows(random.Random(budget), 700) if v["lender"]
    )
    assert lender_tags_propagate(case) == 0  # nothing left to do


def test_records_loaded_at_once_are_bounded(monkeypatch: Any) -> None:
    """A fake large case: one number with 3,000 records, 400 numbers with 5 each. With a budget of 200,
    no call of the association sees more than the budget (+ the two edge sources of a window)."""
    case = make_case()
    rng = random.Random(7)
    rows = []
    for i in range(3000):
        rows.append(
            {
                "kind": "sms",
                "timestamp": T0 + timedelta(seconds=37 * i),
                "direction": "incoming",
                "counterpart": "17100001234",
                "lender": "360借条" if rng.random() < 0.02 else "",
            }
        )
    for n in range(400):
        for j in range(5):
            rows.append(
                {
                    "kind": "call",
                    "timestamp": T0 + timedelta(hours=n, minutes=j),
                    "direction": "incoming",
                    "counterpart": f"139{n:08d}",
                    "lender": "某某消费金融" if j == 2 else "",
                }
            )
    _build(case, rows, _file(case, "big"))
    expected = _expected(case)
    seen: list[int] = []

    def counting(rows_in: Any) -> Any:
        rows_in = list(rows_in)
        seen.append(len(rows_in))
        return associate_by_number(rows_in)

    monkeypatch.setattr(lender_tags, "ROW_BUDGET", 200)
    monkeypatch.setattr(lender_tags, "associate_by_number", counting)

    assert lender_tags_propagate(case) == 3000 - sum(1 for r in rows[:3000] if r["lender"]) + 400 * 4
    assert max(seen) <= 200 + 2
    assert sum(seen) <= 5000 + 2 * len(seen)  # each record loaded once (plus a window's edge sources)
    assert dict(EvidenceRecord.objects.filter(case=case).values_list("pk", "lender")) == expected


def test_new_file_tags_older_files_and_leaves_other_numbers(monkeypatch: Any) -> None:
    case = make_case()
    old = _file(case, "old")
    _build(
        case,
        [
            {
                "kind": "call",
                "timestamp": T0,
                "direction": "incoming",
                "counterpart": "17100001234",
                "lender": "",
            },
            {
                "kind": "call",
                "timestamp": T0,
                "direction": "incoming",
                "counterpart": "13900000001",
                "lender": "",
            },
        ],
        old,
    )
    new = _file(case, "new")
    EvidenceRecord.objects.create(
        case=case,
        source_file=new,
        kind="sms",
        timestamp=T0 + timedelta(hours=1),
        direction="incoming",
        counterpart="+86 171 0000 1234",
        lender="360借条",
        fingerprint="new-1",
        importer_name="test",
        importer_version="1",
        imported_at=timezone.now(),
    )
    # A number of the old file only, tagged by hand in the old file: not the new file's business.
    EvidenceRecord.objects.create(
        case=case,
        source_file=old,
        kind="sms",
        timestamp=T0 + timedelta(hours=2),
        direction="incoming",
        counterpart="13900000001",
        lender="某某消费金融",
        fingerprint="old-3",
        importer_name="test",
        importer_version="1",
        imported_at=timezone.now(),
    )

    assert lender_tags_propagate(case, source=new) == 1
    lenders = dict(EvidenceRecord.objects.filter(case=case, kind="call").values_list("counterpart", "lender"))
    assert lenders == {"17100001234": "360借条", "13900000001": ""}
    assert lender_tags_propagate(case) == 1  # the whole case
    assert EvidenceRecord.objects.get(kind="call", counterpart="13900000001").lender == "某某消费金融"


def test_import_writes_the_number_key(tmp_path: Path) -> None:
    case = make_case(lenders=("360借条",))
    calls = fake_file(
        tmp_path / "calls.txt",
        [
            line("2024-03-01T08:00:00+08:00", "+86 171-0000-1234", "", kind="call"),
            line("2024-03-01T09:00:00+08:00", "10086", "话费余额", kind="sms"),
            line("2024-03-01T09:30:00+08:00", "friend@example.com", "hi", kind="email"),
        ],
    )
    sms = fake_file(
        tmp_path / "sms.txt",
        [
            line(
                "2024-03-02T08:00:00+08:00",
                "17100001234",
                "【360借条】您的借款已逾期，请尽快还款。|a.png:89504e47",
            )
        ],
    )
    evidence_import(case=case, paths=[calls], importers=[FakeImporter()])
    evidence_import(case=case, paths=[sms], importers=[FakeImporter()])

    keys = {
        (kind, counterpart): (key, lender)
        for kind, counterpart, key, lender in EvidenceRecord.objects.filter(case=case).values_list(
            "kind", "counterpart", "counterpart_key", "lender"
        )
    }
    assert keys == {
        ("call", "+86 171-0000-1234"): ("17100001234", "360借条"),  # tagged from the later file
        ("sms", "10086"): ("", ""),
        ("email", "friend@example.com"): ("", ""),
        ("sms", "17100001234"): ("17100001234", "360借条"),
        ("attachment", "17100001234"): ("17100001234", ""),
    }


def test_save_and_migration_fill_the_number_key() -> None:
    case = make_case()
    record = EvidenceRecord.objects.create(
        case=case,
        source_file=_file(case, "x"),
        kind="call",
        timestamp=T0,
        direction="incoming",
        counterpart="0086 138 0013 8000",
        fingerprint="x-1",
        importer_name="test",
        importer_version="1",
        imported_at=timezone.now(),
    )
    assert record.counterpart_key == "13800138000"
    record.counterpart = "021-6123-4567"
    record.save(update_fields=["counterpart"])
    record.refresh_from_db()
    assert record.counterpart_key == "02161234567"

    module = __import__(
        "xieshang.evidence.migrations.0005_record_counterpart_key", fromlist=["fill_counterpart_keys"]
    )
    EvidenceRecord.objects.filter(pk=record.pk).update(counterpart_key="")
    module.fill_counterpart_keys(apps, SimpleNamespace(connection=connection))
    record.refresh_from_db()
    assert record.counterpart_key == "02161234567"


def test_migration_recomputes_the_stored_number_keys() -> None:
    """Migration 0008: stored keys made by the old number functions are rewritten with the one phone key
    (a +86 landline meets its 010 form; a bare 86 before a short number stays)."""
    recompute = importlib.import_module(
        "xieshang.evidence.migrations.0008_counterpart_key_phone_key"
    ).recompute_counterpart_keys
    case = make_case("keys")
    source = _file(case, "keys")
    _build(
        case,
        [
            {"kind": "call", "timestamp": T0, "counterpart": "+86 10 1234 5678"},
            {"kind": "call", "timestamp": T0, "counterpart": "010-1234-5678"},
            {"kind": "sms", "timestamp": T0, "counterpart": "8695188"},
            {"kind": "sms", "timestamp": T0, "counterpart": "13800138000"},
        ],
        source,
    )
    stale = {"+86 10 1234 5678": "", "8695188": "95188"}  # what the old digits_of made of them
    for counterpart, key in stale.items():
        EvidenceRecord.objects.filter(case=case, counterpart=counterpart).update(counterpart_key=key)

    recompute(apps, SimpleNamespace(connection=connection))

    keys = dict(EvidenceRecord.objects.filter(case=case).values_list("counterpart", "counterpart_key"))
    assert keys == {
        "+86 10 1234 5678": "01012345678",
        "010-1234-5678": "01012345678",
        "8695188": "8695188",
        "13800138000": "13800138000",
    }
