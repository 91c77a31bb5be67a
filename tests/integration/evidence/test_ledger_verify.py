"""The ledger chain and `evidence_verify`: every kind of tampering or loss is found and named."""

from __future__ import annotations

import json
import os
import stat

import pytest

from xieshang.evidence import ledger, store
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry
from xieshang.evidence.services import (
    evidence_annotate,
    evidence_deletion_request,
    evidence_export_log,
    evidence_verify,
)

from .conftest import fake_import
from .fakes import fake_file, line

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
T = "2024-03-05T09:00:00+08:00"


@pytest.fixture
def imported(case, tmp_path):  # type: ignore[no-untyped-def]
    png = b"\x89PNG-attachment"
    fake_import(case, fake_file(tmp_path / "a.txt", [line(T, "95188", "一"), line(T, "95188", "二")]))
    fake_import(case, fake_file(tmp_path / "b.txt", [f"{T}|incoming|1069|mms|图|p.png:{png.hex()}"]))
    return case


def test_each_entry_hashes_its_canonical_json_and_the_previous_hash(imported):
    entries = list(LedgerEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2]
    assert entries[0].prev_hash == "0" * 64 and entries[1].prev_hash == entries[0].hash
    for e in entries:
        body = json.loads(e.payload)
        assert e.payload == json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        import hashlib

        assert e.hash == hashlib.sha256((e.payload + e.prev_hash).encode()).hexdigest()


def test_a_clean_vault_verifies(imported):
    evidence_annotate(record=EvidenceRecord.objects.first(), note="催收员在晚上 11 点来电")
    evidence_export_log(case=imported, description="dossier", sha256s=["a" * 64])
    report = evidence_verify()
    assert report.ok, report.problems
    assert (report.files_checked, report.ledger_entries) == (3, 4)


def test_an_altered_object_is_named(imported):
    file = EvidenceFile.objects.get(original_name="a.txt")
    path = store.object_path(file.sha256)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(path.read_bytes().replace("一".encode(), "三".encode()))
    [problem] = evidence_verify().problems
    assert (problem.kind, problem.detail) == ("file", "content altered") and file.sha256 in problem.item


def test_a_missing_object_is_named(imported):
    file = EvidenceFile.objects.get(original_name="p.png")
    store.remove_new_object(file.sha256)
    [problem] = evidence_verify().problems
    assert problem.kind == "file" and problem.detail == "missing" and "p.png" in problem.item


@pytest.mark.parametrize("how", ["payload", "hash", "delete", "reorder"])
def test_a_broken_chain_is_named(imported, how):
    first, second = LedgerEntry.objects.order_by("seq")
    if how == "payload":
        LedgerEntry.objects.filter(pk=first.pk).update(
            payload=first.payload.replace('"records":2', '"records":1')
        )
    elif how == "hash":
        LedgerEntry.objects.filter(pk=second.pk).update(hash="f" * 64)
    elif how == "delete":
        LedgerEntry.objects.filter(pk=first.pk).delete()
    else:
        LedgerEntry.objects.filter(pk=first.pk).update(seq=99)
    problems = evidence_verify().problems
    assert problems and all(p.kind in ("ledger", "file") for p in problems)
    assert any(p.kind == "ledger" and p.item.startswith("ledger #") for p in problems)


def test_a_file_row_the_ledger_never_saw_is_named(imported, tmp_path):
    sha, _ = store.put_bytes(b"smuggled")
    EvidenceFile.objects.create(
        case=imported, sha256=sha, size=8, original_name="smuggled.txt", imported_at=imported.created_at
    )
    [problem] = evidence_verify().problems
    assert "smuggled.txt" in problem.item and "ledger" in problem.detail


def test_a_record_pointing_at_a_missing_file_is_named(imported):
    from django.db import connection

    rec = EvidenceRecord.objects.filter(kind="sms").first()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "UPDATE evidence_evidencerecord SET source_file_id = %s WHERE id = %s", [987654, rec.pk]
        )
        problems = evidence_verify().problems
        cursor.execute(
            "UPDATE evidence_evidencerecord SET source_file_id = %s WHERE id = %s",
            [rec.source_file_id, rec.pk],
        )
    assert [p.kind for p in problems] == ["record"] and str(rec.pk) in problems[0].item


def test_deletion_is_a_request_in_the_ledger_and_the_original_stays(imported):
    file = EvidenceFile.objects.get(original_name="a.txt")
    entry = evidence_deletion_request(case=imported, sha256=file.sha256, reason="用户要求")
    file.refresh_from_db()
    assert entry.kind == "deletion_request" and file.deletion_requested_at is not None
    assert store.has_object(file.sha256) and evidence_verify().ok


def test_appending_needs_a_known_kind(db):
    with pytest.raises(ValueError):
        ledger.ledger_append(kind="rewrite", data={})
