"""Import integrity: a record edited directly in the database is found by verify, naming its file."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from xieshang.evidence.digests import records_digest
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry
from xieshang.evidence.services import evidence_verify

from .conftest import fake_import
from .fakes import fake_file, line

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

T = "2024-03-05T09:00:00+08:00"


@pytest.fixture
def two_files(case, tmp_path):
    a = fake_file(tmp_path / "a.txt", [line(T, "95188", "您已逾期"), line(T, "13800138000", "好的")])
    b = fake_file(
        tmp_path / "b.txt",
        [line(T, "95511", "请还款", kind="mms") + "|pic.png:89504e47", line(T, "95511", "第二条")],
    )
    fake_import(case, a, b)
    assert evidence_verify().ok
    return case


def _sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _entry_digest(name: str) -> str:
    for entry in LedgerEntry.objects.filter(kind="import"):
        data = json.loads(entry.payload)["data"]
        if data["name"] == name:
            return str(data["records_digest"])
    raise AssertionError(name)


def test_each_import_entry_carries_the_digest_of_its_records(two_files):
    for name in ("a.txt", "b.txt"):
        file = EvidenceFile.objects.get(original_name=name, parent=None)
        assert _entry_digest(name) == records_digest(file.pk)
        assert _entry_digest(name).startswith("sha256:")
    assert _entry_digest("a.txt") != _entry_digest("b.txt")


@pytest.mark.parametrize(
    ("column", "value"),
    [("text", "您已还清"), ("counterpart", "10086"), ("timestamp", "2020-01-01 00:00:00+00:00")],
)
def test_an_edited_record_is_named_by_its_file(two_files, column, value):
    rec = EvidenceRecord.objects.get(text="您已逾期")
    _sql(f"UPDATE evidence_evidencerecord SET {column} = %s WHERE id = %s", [value, rec.pk])
    [problem] = evidence_verify().problems
    assert problem.kind == "record" and problem.item.startswith(f"{two_files.name}/a.txt (")
    assert "changed in the database" in problem.detail and "被改动" in problem.detail_zh


def test_an_edited_attachment_record_names_the_message_file_it_came_in(two_files):
    att = EvidenceRecord.objects.get(kind="attachment")
    _sql("UPDATE evidence_evidencerecord SET text = %s WHERE id = %s", ["换掉的.png", att.pk])
    [problem] = evidence_verify().problems
    assert "/b.txt (" in problem.item


def test_two_records_swapping_their_texts_are_found(two_files):
    first, second = EvidenceRecord.objects.filter(source_file__original_name="a.txt").order_by("id")
    _sql("UPDATE evidence_evidencerecord SET text = %s WHERE id = %s", [second.text, first.pk])
    _sql("UPDATE evidence_evidencerecord SET text = %s WHERE id = %s", [first.text, second.pk])
    assert [p.item.split(" (")[0] for p in evidence_verify().problems] == [f"{two_files.name}/a.txt"]


def test_what_changes_after_an_import_is_not_a_problem(two_files):
    """Lender tags and call links are set after an import (later files, profile changes): not in the digest."""
    rec = EvidenceRecord.objects.get(text="请还款")
    _sql("UPDATE evidence_evidencerecord SET lender = %s WHERE id = %s", ["招商银行", rec.pk])
    other = EvidenceRecord.objects.get(text="第二条")
    _sql("UPDATE evidence_evidencerecord SET linked_record_id = %s WHERE id = %s", [rec.pk, other.pk])
    assert evidence_verify().ok


class _TrickyImporter:
    """Records whose values could read back differently from how they were written."""

    name = "tricky_records"
    version = "1"

    def sniff(self, head: bytes, context: object) -> bool:
        return True

    def parse(self, stream: object, context: object):  # type: ignore[no-untyped-def]
        from datetime import UTC, datetime, timedelta, timezone

        from xieshang.importers.base import Attachment, Direction, Record, RecordKind

        zone = timezone(timedelta(hours=8))
        texts = ["", "😀 逾期𠀀", "line\nbreak\ttab \\ \" '", "x" * 3000, "您已逾期"]
        if connection.vendor == "sqlite":
            texts.append("nul\x00inside")
        for n in range(40):
            yield Record(
                kind=RecordKind.MMS if n % 7 == 3 else RecordKind.SMS,
                timestamp=datetime(2024, 3, 5, 9, 0, n % 60, (n * 123457) % 1_000_000 if n % 2 else 0, zone)
                if n % 3
                else datetime(2023, 12, 31, 23, 59, 59, tzinfo=UTC),
                direction=Direction.INCOMING if n % 2 else Direction.OUTGOING,
                counterpart=["95188", "+86 138 0013 8000", "", "a@b.cn"][n % 4],
                counterpart_name="某某" if n % 5 else "",
                text=texts[n % len(texts)],
                position=f"item {n}",
                external_id=f"id-{n}" if n % 6 == 0 else "",
                meta={"big": 2**70, "float": 0.1, "nested": {"b": [1, "二"], "a": None}, "n": n}
                if n % 4 == 1
                else {"subject": "催收函"}
                if n % 4 == 2
                else {},
                attachments=(Attachment(f"p{n}.png", "image/png", bytes([n % 5]) * 10),)
                if n % 7 == 3
                else (),
                status="received" if n % 2 else "",
            )


def test_the_digest_built_while_importing_equals_the_records_read_back(case, tmp_path, monkeypatch):
    from xieshang.evidence import prepare
    from xieshang.evidence.services import evidence_import

    monkeypatch.setattr(prepare, "BATCH_RECORDS", 7)  # several batches, attachments in some
    path = tmp_path / "tricky.bin"
    path.write_bytes(b"tricky")
    evidence_import(case=case, paths=[path], importers=[_TrickyImporter()])
    file = EvidenceFile.objects.get(original_name="tricky.bin", parent=None)
    assert EvidenceRecord.objects.filter(kind="attachment").exists()
    assert _entry_digest("tricky.bin") == records_digest(file.pk)
    assert evidence_verify().ok
