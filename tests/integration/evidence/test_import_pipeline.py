"""A big file is parsed and prepared by a child process while the import writes (evidence.pipeline): the
result must be exactly what the import of the same file in one process gives — records, attachments,
duplicates, the search index and its counts — and a file that fails in the child keeps nothing."""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.formats import Mms, MmsPart, Sms, write_sms_backup
from xieshang.core.errors import InputError
from xieshang.evidence import pipeline, prepare
from xieshang.evidence.digests import records_digest
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry, SearchTokenCount
from xieshang.evidence.services import evidence_import, evidence_search, evidence_verify

from .conftest import make_case, objects_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

REALWORLD = Path(__file__).resolve().parents[2] / "fixtures" / "realworld" / "sms_backup_xml"
TEXTS = [
    "【360借条】您的借款已逾期3天，请尽快还款，客服4000123456",
    "我是法务部工号A1024，三日内不处理将起诉立案，并通知你的紧急联系人",
    "您好，我这个月失业了，想申请个性化分期，每月能还一千元",
    "【招商银行】您尾号1234的信用卡本期账单已出，应还款5,230.00元",
    "下午三点上门走访，请在家等候",
]
PICTURE = bytes.fromhex("89504e470d0a1a0a") + b"\x00" * 40


def messages(n: int, start: datetime, *, picture_every: int = 7) -> list[Sms | Mms]:
    """n messages, each with its own time; every `picture_every`-th an MMS with a picture."""
    out: list[Sms | Mms] = []
    for i in range(n):
        when = start + timedelta(minutes=13 * i)
        number = f"1380013{i % 9:04d}"
        if i % picture_every == picture_every - 1:
            parts = (
                MmsPart(ct="text/plain", text=f"彩信 {i}"),
                MmsPart(ct="image/png", data=PICTURE, name=f"p{i % 3}.png"),
            )
            out.append(Mms(address=number, when=when, parts=parts, subject="账单" if i % 2 else None))
        else:
            out.append(Sms(address=number, when=when, body=f"{TEXTS[i % len(TEXTS)]}（{i}）"))
    return out


def stored(case: Any) -> list[tuple[Any, ...]]:
    """What a case holds, without the ids and the file rows' keys (they differ between two imports)."""
    rows = EvidenceRecord.objects.filter(case=case).values_list(
        "kind", "timestamp", "direction", "counterpart", "counterpart_key", "counterpart_name", "text",
        "position", "external_id", "fingerprint", "meta", "lender", "importer_name", "source_file__sha256",
        "linked_record__fingerprint",
    )  # fmt: skip
    return sorted(rows, key=repr)


def counts(case: Any) -> Counter[str]:
    return Counter(
        {t: n for t, n in SearchTokenCount.objects.filter(case=case).values_list("token", "records") if n}
    )


def import_both(settings: Any, paths: list[Path], name: str) -> tuple[Any, Any]:
    """The same files imported into two cases: through the child process, and in this process."""
    child_case = make_case(f"{name}-child", lenders=("360借条",))
    inline_case = make_case(f"{name}-inline", lenders=("360借条",))
    settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES = 0  # every file through the child
    for path in paths:
        evidence_import(case=child_case, paths=[path])
    settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES = -1  # never
    for path in paths:
        evidence_import(case=inline_case, paths=[path])
    return child_case, inline_case


def test_the_child_imports_exactly_what_one_process_imports(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(prepare, "BATCH_RECORDS", 9)  # many batches, sent one by one
    monkeypatch.setattr(prepare, "COUNT_RECORDS", 20)  # counts handed over midway too
    start = datetime(2024, 3, 1, 22, 30, tzinfo=UTC)
    first = write_sms_backup(tmp_path / "first.xml", messages(60, start))
    # The next day's backup: the same 60 messages again and 25 new ones (daily backups overlap).
    second = write_sms_backup(tmp_path / "second.xml", messages(85, start))
    real = [REALWORLD / name for name in ("shruggietech_edge_cases.xml", "shruggietech_minimal_mms.xml")]
    child_case, inline_case = import_both(settings, [first, second, *real], "same")

    assert stored(child_case) == stored(inline_case)
    assert len(stored(child_case)) > 85  # the records, and the attachment records of the pictures
    assert counts(child_case) == counts(inline_case)
    overdue = sum(1 for m in messages(85, start) if isinstance(m, Sms) and "逾期" in m.body)
    assert counts(child_case)["逾期"] == overdue  # records, each once: not once per file that holds it
    for query in ("逾期", "紧急联系人", "上门走访", "p1.png", "A1024"):
        a = evidence_search(query=query, case=child_case, limit=100)
        b = evidence_search(query=query, case=inline_case, limit=100)
        assert a.total == b.total > 0, query
        assert sorted(h.record.fingerprint for h in a.hits) == sorted(h.record.fingerprint for h in b.hits)
    ledger = {
        case.pk: [
            json.loads(e.payload)["data"]["duplicates"]
            for e in LedgerEntry.objects.filter(kind="import", case_name=case.name)
        ]
        for case in (child_case, inline_case)
    }
    assert ledger[child_case.pk] == ledger[inline_case.pk]
    # The digest built batch by batch is the one recomputed from the database (what verify compares).
    for entry in LedgerEntry.objects.filter(kind="import"):
        data = json.loads(entry.payload)["data"]
        file = EvidenceFile.objects.get(sha256=data["file"], case__name=entry.case_name)
        assert data["records_digest"] == records_digest(file.pk)
    assert evidence_verify().ok
    assert ledger[child_case.pk][1] >= 60  # the second file's old messages were found again, not added


def test_a_file_that_breaks_in_the_child_keeps_nothing(settings, tmp_path, vault):
    settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES = 0
    case = make_case("broken", lenders=("360借条",))
    good = write_sms_backup(tmp_path / "good.xml", messages(30, datetime(2024, 3, 1, tzinfo=UTC)))
    text = good.read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(
        text[: text.rindex("<sms ")] + '<sms date="not-a-time" body="x" />\n</smses>\n', encoding="utf-8"
    )
    before = objects_in(vault)
    with pytest.raises(InputError) as failed:
        evidence_import(case=case, paths=[good, broken])  # the good file first: it is undone with it
    assert "broken.xml" in failed.value.message_en and "timestamp" in failed.value.message_en
    assert "broken.xml" in failed.value.message_zh
    assert EvidenceRecord.objects.filter(case=case).count() == 0
    assert EvidenceFile.objects.filter(case=case).count() == 0
    assert LedgerEntry.objects.filter(case_name=case.name).count() == 0
    assert SearchTokenCount.objects.filter(case=case).count() == 0
    assert objects_in(vault) == before
    assert broken.read_text(encoding="utf-8").endswith("</smses>\n")  # the source is never touched


def test_a_child_that_dies_fails_the_import_in_plain_words_and_keeps_nothing(
    settings, tmp_path, vault, monkeypatch
):
    settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES = 0
    case = make_case("killed")
    path = write_sms_backup(tmp_path / "sms.xml", messages(20, datetime(2024, 3, 1, tzinfo=UTC)))
    # A child that ends at once, as one killed by the system (out of memory) would.
    monkeypatch.setattr(pipeline, "child_command", lambda: [sys.executable, "-c", "import sys; sys.exit(9)"])
    with pytest.raises(pipeline.PreparingProcessDied, match="exit code 9"):
        evidence_import(case=case, paths=[path])
    assert EvidenceRecord.objects.filter(case=case).count() == 0
    assert EvidenceFile.objects.filter(case=case).count() == 0
    assert objects_in(vault) == []


def test_a_writer_that_fails_midway_stops_the_child_and_its_reader_and_keeps_nothing(
    settings, tmp_path, vault, monkeypatch
):
    import threading

    from xieshang.evidence.writer import RecordWriter

    settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES = 0
    case = make_case("writer-fails")
    path = write_sms_backup(tmp_path / "sms.xml", messages(200, datetime(2024, 3, 1, tzinfo=UTC)))
    write, seen = RecordWriter.write, []

    def failing(self: RecordWriter, batch: prepare.PreparedBatch) -> None:
        seen.append(batch)
        if len(seen) == 1:  # the child's last batch is read (ahead) or on its way
            raise OSError("disk full")
        write(self, batch)

    monkeypatch.setattr(RecordWriter, "write", failing)
    with pytest.raises(OSError, match="disk full"):
        evidence_import(case=case, paths=[path])
    assert EvidenceRecord.objects.filter(case=case).count() == 0
    assert EvidenceFile.objects.filter(case=case).count() == 0
    assert objects_in(vault) == []
    assert not [t for t in threading.enumerate() if t.name == "xieshang-batches"]


def test_small_files_and_given_importers_stay_in_this_process(settings, tmp_path, monkeypatch):
    settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES = 1 << 20
    started: list[int] = []
    real = pipeline.batches_in_child

    def counting(**kwargs: Any) -> Any:
        started.append(1)
        return real(**kwargs)

    monkeypatch.setattr(pipeline, "batches_in_child", counting)
    case = make_case("small")
    small = shutil.copy(REALWORLD / "shruggietech_minimal_sms.xml", tmp_path / "small.xml")
    evidence_import(case=case, paths=[small])
    assert started == []
    settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES = 0
    big = write_sms_backup(tmp_path / "big.xml", messages(5, datetime(2024, 3, 1, tzinfo=UTC)))
    evidence_import(case=case, paths=[big])
    assert started == [1]


def test_where_no_child_can_start_the_file_is_prepared_here(settings, tmp_path, monkeypatch):
    settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES = 0
    monkeypatch.setattr(pipeline, "child_command", lambda: [str(tmp_path / "no-such-python")])
    case = make_case("no-child")
    sent = messages(12, datetime(2024, 3, 1, tzinfo=UTC))
    report = evidence_import(case=case, paths=[write_sms_backup(tmp_path / "sms.xml", sent)])
    mms = sum(isinstance(m, Mms) for m in sent)
    assert mms and report.imported["mms"] == mms and report.imported["sms"] == len(sent) - mms
