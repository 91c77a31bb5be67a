"""The import service: originals kept bit-identical, all-or-nothing per file, duplicates skipped."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from xieshang.core.errors import InputError
from xieshang.evidence import store
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry, SearchEntry
from xieshang.evidence.services import evidence_import

from .conftest import fake_import, make_case, objects_in
from .fakes import fake_file, line

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

T = "2024-03-05T09:00:00+08:00"


def counts() -> tuple[int, int, int, int]:
    return (
        EvidenceFile.objects.count(),
        EvidenceRecord.objects.count(),
        SearchEntry.objects.count(),
        LedgerEntry.objects.count(),
    )


def test_original_is_stored_bit_identical_read_only_and_records_carry_their_origin(case, tmp_path, vault):
    src = fake_file(
        tmp_path / "a.txt", [line(T, "95188", "【360借条】您已逾期"), line(T, "13800138000", "好的")]
    )
    report = evidence_import_fake = fake_import(case, src)
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    assert report.files[0].sha256 == sha and report.files[0].format == "fake_lines"
    assert evidence_import_fake.imported["sms"] == 2
    stored = vault / "objects" / sha[:2] / sha[2:]
    assert stored.read_bytes() == src.read_bytes()
    assert not os.access(stored, os.W_OK) or os.geteuid() == 0
    assert stored.stat().st_mode & 0o222 == 0
    file = EvidenceFile.objects.get(sha256=sha)
    assert (file.size, file.original_name, file.importer_name) == (src.stat().st_size, "a.txt", "fake_lines")
    assert file.source_path == str(src.resolve()) and file.record_count == 2
    rec = EvidenceRecord.objects.get(counterpart="95188")
    assert rec.source_file == file and rec.position == "line 2" and rec.importer_version == "1"
    assert rec.timestamp.isoformat() == "2024-03-05T01:00:00+00:00"
    entry = LedgerEntry.objects.get()
    data = json.loads(entry.payload)["data"]
    assert (entry.kind, data["file"], data["records"], entry.case_name) == ("import", sha, 2, case.name)


def test_the_same_file_and_the_same_message_are_skipped_and_counted(case, tmp_path):
    a = fake_file(tmp_path / "a.txt", [line(T, "95188", "one"), line(T, "95188", "two")])
    b = fake_file(
        tmp_path / "b.txt", [line(T, "95188", "two"), line(T, "95188", "three"), line(T, "95188", "three")]
    )
    fake_import(case, a)
    again = fake_import(case, a)
    assert again.duplicates_skipped == 1 and again.files[0].duplicate_file
    report = fake_import(case, b)
    assert report.imported["sms"] == 1 and report.duplicates_skipped == 2
    assert sorted(EvidenceRecord.objects.values_list("text", flat=True)) == ["one", "three", "two"]
    assert LedgerEntry.objects.count() == 2  # a duplicate file writes nothing


def test_the_same_file_in_two_cases_is_stored_once(case, tmp_path, vault):
    other = make_case("other")
    a = fake_file(tmp_path / "a.txt", [line(T, "95188", "one")])
    fake_import(case, a)
    fake_import(other, a)
    assert EvidenceFile.objects.count() == 2 and len(objects_in(vault)) == 1


def test_a_file_failing_midway_leaves_nothing(case, tmp_path, vault):
    good = fake_file(tmp_path / "good.txt", [line(T, "95188", "kept")])
    fake_import(case, good)
    before, objects_before = counts(), objects_in(vault)
    lines = [line(T, "95188", f"m{i}") for i in range(2500)] + ["BROKEN"]
    bad = fake_file(tmp_path / "bad.txt", lines)
    with pytest.raises(InputError) as err:
        fake_import(case, bad)
    assert "bad.txt" in err.value.message_en and "line 2502" in err.value.message_en
    assert counts() == before and objects_in(vault) == objects_before
    assert not list((vault / "tmp").iterdir())


def test_attachments_are_evidence_of_their_own_and_path_tricks_never_escape(case, tmp_path, vault):
    png = b"\x89PNG\r\n\x1a\n-picture-"
    tricky = "../../../../etc/passwd\\..\\x.png"
    src = fake_file(tmp_path / "m.txt", [f"{T}|incoming|10690000123|mms|请查收|{tricky}:{png.hex()}"])
    report = fake_import(case, src)
    assert report.imported == {**report.imported, "mms": 1, "attachments": 1}
    sha = hashlib.sha256(png).hexdigest()
    att = EvidenceFile.objects.get(sha256=sha)
    assert att.parent.original_name == "m.txt" and att.original_name == "x.png"
    assert (vault / "objects" / sha[:2] / sha[2:]).read_bytes() == png
    every = [p.resolve() for p in tmp_path.rglob("*") if p.is_file()]
    assert all(str(p).startswith(str(tmp_path.resolve())) for p in every)
    mms = EvidenceRecord.objects.get(kind="mms")
    assert list(mms.attachments.all()) == [att]
    att_record = EvidenceRecord.objects.get(kind="attachment")
    assert att_record.linked_record == mms and att_record.source_file == att


def test_empty_missing_and_oversized_files_are_refused_before_anything_is_written(case, tmp_path, settings):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        fake_import(case, empty)
    with pytest.raises(InputError, match="No such file"):
        fake_import(case, tmp_path / "nope.txt")
    settings.XIESHANG_UPLOAD_MAX_BYTES = 100
    good = fake_file(tmp_path / "ok.txt", [line(T, "1", "x")])
    big = fake_file(tmp_path / "big.txt", [line(T, "95188", "很长的短信" * 20)])
    with pytest.raises(InputError, match="too big") as err:
        fake_import(case, good, big)
    assert "big.txt" in err.value.message_en and "XIESHANG_UPLOAD_MAX_BYTES" in err.value.message_en
    assert counts() == (0, 0, 0, 0)


def test_an_unknown_format_is_refused(case, tmp_path):
    other = tmp_path / "x.bin"
    other.write_bytes(b"\x00\x01 not a known format")
    with pytest.raises(InputError, match="not recognised"):
        fake_import(case, other)


def test_folders_are_imported_file_by_file_and_progress_is_reported(case, tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    fake_file(folder / "1.txt", [line(T, "95188", f"a{i}") for i in range(1200)])
    fake_file(folder / "2.txt", [line(T, "95188", "b")])
    (folder / ".hidden").write_text("ignored")
    seen: list[tuple[str, int, int]] = []
    report = fake_import(case, folder, progress=lambda p, done, total: seen.append((p.name, done, total)))
    assert [Path(f.path).name for f in report.files] == ["1.txt", "2.txt"]
    assert report.imported["sms"] == 1201
    assert seen[-1][0] == "2.txt" and seen[-1][1] == seen[-1][2]
    assert any(name == "1.txt" and done > 0 for name, done, _ in seen)


def test_lender_messages_are_tagged_to_the_debt(db, tmp_path):
    case = make_case("tagged", lenders=("360借条", "某银行信用卡"))
    src = fake_file(
        tmp_path / "t.txt",
        [
            line(T, "1069012345", "【360借条】您的借款已逾期"),
            line(T, "95555", "某银行信用卡提醒您还款"),
            line(T, "13800138000", "我在360借条借过钱"),  # a person mentioning a lender: not tagged
        ],
    )
    fake_import(case, src)
    tags = dict(EvidenceRecord.objects.values_list("counterpart", "lender"))
    assert tags == {"1069012345": "360借条", "95555": "某银行信用卡", "13800138000": ""}
    rec = EvidenceRecord.objects.get(counterpart="1069012345")
    assert rec.debt is not None and rec.debt.key == "d0"


def test_store_rejects_names_that_are_not_digests(vault):
    with pytest.raises(ValueError):
        store.object_path("../../etc/passwd")
    with pytest.raises(ValueError):
        store.object_path("A" * 64)


def test_a_file_changed_during_import_is_not_stored(case, tmp_path, vault):
    src = fake_file(tmp_path / "a.txt", [line(T, "95188", "one")])
    with pytest.raises(Exception, match="changed"):
        store.put_file(src, "0" * 64)
    assert objects_in(vault) == []


def test_service_uses_the_real_registry_by_default(case, tmp_path):
    src = tmp_path / "weird.bin"
    src.write_bytes(b"\x00garbage")
    with pytest.raises(InputError):
        evidence_import(case=case, paths=[src])
    assert counts() == (0, 0, 0, 0)
