"""Finding 7: `verify` notices an edited ledger `created_at` (or case) and an edited evidence file row
(`original_name`, size, times, an attachment's name), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.fixtures.formats import write_sms_backup
from tests.fixtures.formats_email import EmailSpec, email_bytes
from xieshang.evidence.models import EvidenceFile, LedgerEntry
from xieshang.evidence.services import evidence_import, evidence_verify

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def imported(e1_case, owner, tmp_path: Path):  # type: ignore[no-untyped-def]
    evidence_import(case=e1_case, paths=[write_sms_backup(tmp_path / "sms-1.xml")], user=owner)
    assert evidence_verify().ok
    return e1_case


def _details() -> list[tuple[str, str]]:
    return [(p.item, p.detail) for p in evidence_verify().problems]


def test_an_edited_ledger_time_is_found(imported) -> None:  # type: ignore[no-untyped-def]
    entry = LedgerEntry.objects.get(seq=1)
    LedgerEntry.objects.filter(pk=entry.pk).update(created_at=entry.created_at - timedelta(days=30))
    assert ("ledger #1", "time (created_at) differs from the signed payload") in _details()


def test_an_edited_ledger_case_is_found(imported) -> None:  # type: ignore[no-untyped-def]
    LedgerEntry.objects.filter(seq=1).update(case_name="other")
    assert ("ledger #1", "case differs from the signed payload") in _details()


@pytest.mark.parametrize(
    ("field", "value"),
    [("original_name", "renamed.xml"), ("size", 1), ("importer_version", "0")],
)
def test_an_edited_file_row_is_found(imported, field: str, value: object) -> None:  # type: ignore[no-untyped-def]
    EvidenceFile.objects.filter(parent=None).update(**{field: value})
    details = [d for _, d in _details()]
    assert f"the file's {field} differs from its import entry in the ledger" in details


def test_an_edited_import_time_is_found(imported) -> None:  # type: ignore[no-untyped-def]
    file = EvidenceFile.objects.get(parent=None)
    EvidenceFile.objects.filter(pk=file.pk).update(imported_at=file.imported_at + timedelta(hours=1))
    assert "the file's imported_at differs from its import entry in the ledger" in [d for _, d in _details()]


def test_an_edited_attachment_name_is_found(e1_case, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mail = tmp_path / "notice.eml"
    mail.write_bytes(email_bytes(EmailSpec(attachments=(("合同.pdf", "application/pdf", b"%PDF-1.4 x"),))))
    evidence_import(case=e1_case, paths=[mail], user=owner)
    assert evidence_verify().ok
    attachment = EvidenceFile.objects.exclude(parent=None).get()
    EvidenceFile.objects.filter(pk=attachment.pk).update(original_name="收据.pdf")
    assert any("row (or an attachment's row)" in d for _, d in _details())
